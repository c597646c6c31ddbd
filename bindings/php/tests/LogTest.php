<?php

declare(strict_types=1);

// B44SSO\Log: the library's log lines in a PHP callable.

namespace B44SSO\Tests;

use B44SSO\Base44Exception;
use B44SSO\Log;
use B44SSO\LogLevel;

/**
 * Runs $body with a handler that collects [LogLevel, line] pairs at $level; returns them.
 *
 * @return list<array{LogLevel, string}>
 */
function collect_log(LogLevel $level, \Closure $body): array
{
    $lines = [];
    Log::setHandler(function (LogLevel $level, string $line) use (&$lines): void {
        $lines[] = [$level, $line];
    }, $level);
    try {
        $body();
    } finally {
        Log::setHandler(null);
    }
    return $lines;
}

test('at DEBUG every request is logged with its outcome', function (): void {
    $lines = collect_log(LogLevel::DEBUG, fn () => StandIn::serviceClient()->getAccessToken('log-user'));
    assertTrue($lines !== [], 'some lines');
    $requests = array_filter($lines, fn (array $l): bool => str_contains($l[1], '/accesstoken/log-user'));
    assertTrue($requests !== [], 'a line about the request: ' . print_r($lines, true));
    assertSame(LogLevel::DEBUG, array_values($requests)[0][0], 'its level');
});

test('at INFO retries are logged, at WARN only the failure', function (): void {
    $id = StandIn::scenario('status=503');
    $call = fn () => assertThrows(Base44Exception::class, fn () => StandIn::serviceClient(['max_retries' => 1])->getAccessToken($id));
    $info = collect_log(LogLevel::INFO, $call);
    assertTrue(count(array_filter($info, fn (array $l): bool => $l[0] === LogLevel::INFO)) >= 1, 'a retry line');
    $warn = collect_log(LogLevel::WARN, $call);
    assertTrue($warn !== [], 'a failure line');
    foreach ($warn as [$level]) {
        assertTrue($level === LogLevel::WARN || $level === LogLevel::ERROR, 'only WARN or worse at WARN');
    }
});

test('log lines hold no token', function (): void {
    $client = StandIn::serviceClient(['user_token' => 'ut-logged']);
    $lines = collect_log(LogLevel::DEBUG, function () use ($client): void {
        $client->getAccessToken('logged');
        assertThrows(Base44Exception::class, fn () => $client->getAccessToken(StandIn::scenario('status=400&body=echo')));
    });
    $text = implode("\n", array_column($lines, 1));
    foreach ([StandIn::serviceToken(), 'ut-logged', 'at-logged'] as $secret) {
        assertNotContains($secret, $text, 'log lines');
    }
});

test('a handler that throws does not break the call', function (): void {
    $calls = 0;
    Log::setHandler(function () use (&$calls): void {
        $calls++;
        throw new \RuntimeException('handler failure');
    }, LogLevel::DEBUG);
    try {
        assertSame('at-throwing', StandIn::serviceClient()->getAccessToken('throwing'), 'token');
    } finally {
        Log::setHandler(null);
    }
    assertTrue($calls > 0, 'the handler ran');
});

test('setHandler(null) stops the lines', function (): void {
    $calls = 0;
    Log::setHandler(function () use (&$calls): void {
        $calls++;
    }, LogLevel::DEBUG);
    Log::setHandler(null);
    StandIn::serviceClient()->getAccessToken('quiet');
    assertSame(0, $calls, 'lines after setHandler(null)');
});

test('LogLevel maps to PSR-3 level names', function (): void {
    assertSame(['error', 'warning', 'info', 'debug'], array_map(fn (LogLevel $l): string => $l->psrLevel(), LogLevel::cases()), 'names');
});

test('a script that leaves a handler installed ends cleanly', function (): void {
    $code = 'B44SSO\Log::setHandler(function ($level, $line) { echo "."; }, B44SSO\LogLevel::DEBUG);'
        . ' B44SSO\Client::fromOptions(["app_id" => getenv("B44SSO_TEST_APP_ID"), "service_token" => getenv("B44SSO_TEST_SERVICE_TOKEN"),'
        . ' "server_url" => getenv("B44SSO_TEST_URL")])->getAccessToken("left-installed"); echo "done";';
    [$status, $out, $err] = run_php($code);
    assertSame(0, $status, "exit status ($err)");
    assertTrue((bool) preg_match('/^\.+done$/', $out), "output: $out");
});

test('a batch runs with the handler detached, and the handler is back afterwards', function (): void {
    $client = StandIn::serviceClient(['max_connections' => 4]);
    $lines = collect_log(LogLevel::DEBUG, function () use ($client): void {
        $client->getAccessTokens(['batch-quiet-1', 'batch-quiet-2', 'batch-quiet-3', 'batch-quiet-4']);
        $client->getAccessToken('after-batch');
    });
    $text = implode("\n", array_column($lines, 1));
    assertNotContains('batch-quiet', $text, 'lines of the batch (from library threads)');
    assertContains('/accesstoken/after-batch', $text, 'lines of the next call');
});

// PHP runs code on one thread: an FFI callback entered from a library thread corrupts the
// engine (it crashed here before the binding detached its handler). In fresh processes,
// since a crash would end them.
// Counts every line but the cache hits that calls report on the calling thread: what is left
// could only come from a library thread (a batch worker or a background refresh).
const LOGGING_SCRIPT_CLIENT = '$lines = 0; B44SSO\Log::setHandler(function ($level, $line) use (&$lines) {'
    . ' if (strncmp($line, "cache hit", 9) !== 0) { $lines++; }'
    . ' $keep[] = str_repeat($line, 3) . json_encode(range(1, 20)); }, B44SSO\LogLevel::DEBUG);'
    . ' $client = B44SSO\Client::fromOptions(["app_id" => getenv("B44SSO_TEST_APP_ID"),'
    . ' "service_token" => getenv("B44SSO_TEST_SERVICE_TOKEN"), "server_url" => getenv("B44SSO_TEST_URL"),'
    . ' "max_retries" => 0, "cache_skew_s" => 0, "max_connections" => 8]);';

test('with a handler installed, batches over many connections do not crash PHP', function (): void {
    $code = LOGGING_SCRIPT_CLIENT . ' $tag = getmypid();'
        . ' for ($round = 0; $round < 15; $round++) { $ids = [];'
        . ' for ($i = 0; $i < 16; $i++) { $ids[] = "!delay_ms=5&tag=$tag-$round-$i"; }'
        . ' $client->getAccessTokens($ids); }'
        . ' echo "batches done, lines=$lines";';
    [$status, $out, $err] = run_php($code);
    assertSame(0, $status, "exit status ($err)");
    assertSame('batches done, lines=0', $out, 'output');
});

test('with a handler installed, a background cache refresh does not call into PHP', function (): void {
    // A JWT expiring in 6 s with cache_skew_s 0 enters its refresh window (at least 1 s
    // long) after 3-5 s: a hit then starts a refresh on a library thread, whose request
    // logs when it ends, and later hits return the refreshed token.
    $code = LOGGING_SCRIPT_CLIENT . ' $id = "!jwt_exp=6&delay_ms=50&tag=refresh-" . getmypid();'
        . ' $first = $client->getAccessToken($id); $after_fetch = $lines; $token = $first;'
        . ' $end = microtime(true) + 8; while ($token === $first && microtime(true) < $end) {'
        . ' $x = 0; $busy = microtime(true) + 0.1; while (microtime(true) < $busy) { $x += strlen(str_repeat("a", 100)); }'
        . ' $token = $client->getAccessToken($id); }'
        . ' $stats = $client->stats();'
        . ' echo $token !== $first ? "refreshed" : "not refreshed", " hits=", $stats->cacheHits > 0 ? "some" : "none",'
        . ' " lines=", $lines - $after_fetch;';
    [$status, $out, $err] = run_php($code);
    assertSame(0, $status, "exit status ($err)");
    assertSame('refreshed hits=some lines=0', $out, 'output');
});
