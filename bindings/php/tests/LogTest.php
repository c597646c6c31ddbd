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
