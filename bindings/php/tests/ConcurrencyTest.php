<?php

declare(strict_types=1);

// PHP (NTS) has no threads: concurrency means processes.

namespace B44SSO\Tests;

test('four processes, each with its own client, call at the same time', function (): void {
    // Separate PHP processes (proc_open), as a worker pool runs them.
    $started = microtime(true);
    $workers = [];
    for ($p = 0; $p < 4; $p++) {
        $ids = array_map(fn (int $i): string => StandIn::scenario("delay_ms=300&n=$p-$i"), [0, 1, 2]);
        $command = array_merge([PHP_BINARY, '-d', 'ffi.enable=1', __DIR__ . '/support/worker.php'], $ids);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $workers[] = [$process, $pipes, $ids];
    }
    foreach ($workers as $n => [$process, $pipes, $ids]) {
        $output = stream_get_contents($pipes[1]);
        $errors = stream_get_contents($pipes[2]);
        assertSame(0, proc_close($process), "worker $n exit status ($errors)");
        $expected = implode('', array_map(fn (string $id): string => "at-$id\n", $ids));
        assertSame($expected, $output, "worker $n tokens");
    }
    // 12 calls of 300 ms each: one after another they would take 3.6 s.
    assertTrue(microtime(true) - $started < 3.0, 'the processes ran at the same time');
});

test('a forked child can use the client it inherited, without disturbing the parent', function (): void {
    if (!function_exists('pcntl_fork')) {
        fail('the pcntl extension is needed for this test');
    }
    StandIn::reset();
    $client = StandIn::serviceClient();
    assertSame('at-before-fork', $client->getAccessToken('before-fork'), 'parent before the fork');
    $pid = pcntl_fork();
    if ($pid === 0) {
        $ok = false;
        try {
            $ok = $client->getAccessToken('in-child') === 'at-in-child';
            $client->close(); // must not shut down the parent's connection
        } catch (\Throwable $e) {
            fwrite(STDERR, 'child: ' . $e->getMessage() . "\n");
        }
        exit($ok ? 0 : 1); // the destructors run too
    }
    pcntl_waitpid($pid, $status);
    assertSame(0, pcntl_wexitstatus($status), 'the child fetched a token with the inherited client');
    assertSame('at-after-fork', $client->getAccessToken('after-fork'), 'parent after the fork');
    // The parent kept its one connection; the child opened its own.
    assertSame(2, StandIn::stats()['connections'], 'connections');
});

test('a forked child that drops an inherited client leaves the parent\'s TLS connection alone', function (): void {
    // Freeing the client in the child would shut down (TLS close_notify) the connection the
    // parent keeps; the binding frees a client only in the process that made it.
    $server = new TlsStandIn();
    try {
        $client = StandIn::serviceClient(['server_url' => $server->url, 'ca_file' => $server->caFile]);
        assertSame('at-tls-1', $client->getAccessToken('tls-1'), 'parent before the fork');
        $pid = pcntl_fork();
        if ($pid === 0) {
            $client->close();
            exit(0);
        }
        pcntl_waitpid($pid, $status);
        assertSame('at-tls-2', $client->getAccessToken('tls-2'), 'parent after the fork');
        assertSame(1, $server->stats()['connections'], 'the parent kept its one connection');
    } finally {
        $server->stop();
    }
});
