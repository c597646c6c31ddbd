<?php

declare(strict_types=1);

// Bad input: refused with InvalidArgumentException before anything is sent, with
// messages that name what was wrong and never show a secret.

namespace B44SSO\Tests;

use B44SSO\Client;
use B44SSO\InvalidArgumentException;

/** The stack frames of $e inside the binding (the tests' own frames hold the secret). */
function binding_frames(\Throwable $e): array
{
    return array_values(array_filter(
        $e->getTrace(),
        fn (array $frame): bool => str_starts_with($frame['class'] ?? '', 'B44SSO\\')
            && !str_starts_with($frame['class'], 'B44SSO\\Tests\\'),
    ));
}

function assertRefusedUserId(string $userId, string $why): void
{
    $client = StandIn::serviceClient();
    $before = StandIn::stats()['requests'];
    foreach (['getAccessToken', 'getIdToken'] as $method) {
        $e = assertThrows(InvalidArgumentException::class, fn () => $client->$method($userId));
        assertSame('B44_ERR_INVALID_ARGUMENT', $e->kind, "$why: kind");
        assertSame(null, $e->status, "$why: status");
    }
    assertSame($before, StandIn::stats()['requests'], "$why: nothing was sent");
}

test('user ids that are refused: empty, NUL, control characters, too long, not UTF-8', function (): void {
    assertRefusedUserId('', 'empty');
    assertRefusedUserId("alice\0admin", 'NUL inside');
    assertRefusedUserId("\0", 'only NUL');
    assertRefusedUserId("a\nb", 'newline');
    assertRefusedUserId("a\x7fb", 'DEL');
    assertRefusedUserId(str_repeat('u', 1025), '1025 bytes');
    assertRefusedUserId("\xff\xfe", 'invalid UTF-8');
});

test('a NUL in a user id is named in the message', function (): void {
    $e = assertThrows(InvalidArgumentException::class, fn () => StandIn::serviceClient()->getAccessToken("alice\0admin"));
    assertContains('NUL', $e->getMessage(), 'message');
});

test('a user id of exactly 1024 bytes is accepted', function (): void {
    $id = str_repeat('u', 1024);
    assertSame('at-' . $id, StandIn::serviceClient()->getAccessToken($id), 'token');
});

test('an unknown option key is refused with its name in the message', function (): void {
    $e = assertThrows(InvalidArgumentException::class, fn () => Client::fromOptions(['app_id' => 'a', 'service_token' => 's', 'colour' => 'blue']));
    assertContains('colour', $e->getMessage(), 'message');
});

test('bad option values are refused, naming the key', function (): void {
    $bad = [
        'timeout_ms' => 0, 'connect_timeout_ms' => 'soon', 'max_retries' => 11,
        'data_env' => 'staging', 'cache' => 'maybe', 'server_url' => 'ftp://example.com',
        'state' => "two\nlines",
    ];
    foreach ($bad as $key => $value) {
        $e = assertThrows(InvalidArgumentException::class, fn () => Client::fromOptions(['app_id' => 'a', 'service_token' => 's', $key => $value]));
        assertContains($key, $e->getMessage(), "message for $key");
    }
});

test('option values of the wrong PHP type, integer keys and NULs are refused', function (): void {
    $base = ['app_id' => 'a', 'service_token' => 's'];
    foreach ([['timeout_ms' => 1.5], ['timeout_ms' => true], ['proxy' => []], [7 => 'x'], ["app\0id" => 'a'], ['state' => "a\0b"]] as $extra) {
        assertThrows(InvalidArgumentException::class, fn () => Client::fromOptions($extra + $base));
    }
});

test('null option values keep the defaults; integers and Stringables are accepted', function (): void {
    $client = StandIn::serviceClient(['proxy' => null, 'timeout_ms' => 4000, 'user_agent' => new class () {
        public function __toString(): string
        {
            return 'stringable/1';
        }
    }]);
    assertSame('at-nulls', $client->getAccessToken('nulls'), 'token');
    assertContains('stringable/1', StandIn::lastRequest('/accesstoken/nulls')['headers']['user-agent'], 'User-Agent');
});

test('a refused option never shows the tokens, not even in the stack trace', function (): void {
    $secret = 'svc-very-secret-token';
    $e = assertThrows(InvalidArgumentException::class, fn () => Client::fromOptions(['app_id' => 'a', 'service_token' => $secret, 'user_token' => $secret, 'bogus' => 'x']));
    assertNotContains($secret, $e->getMessage(), 'message');
    assertNotContains($secret, (string) $e, '(string) $e');
    assertNotContains($secret, print_r(binding_frames($e), true), 'the arguments in the binding\'s stack frames');
    $e = assertThrows(InvalidArgumentException::class, fn () => Client::fromOptions(['app_id' => 'a', 'service_token' => "$secret\0"]));
    assertNotContains($secret, $e->getMessage(), 'message about a NUL');
    assertNotContains($secret, print_r(binding_frames($e), true), 'the binding\'s frames, NUL case');
    assertTrue(count(binding_frames($e)) >= 2, 'the binding\'s frames are in the trace');
    assertContains('service_token', $e->getMessage(), 'message names the key');
});
