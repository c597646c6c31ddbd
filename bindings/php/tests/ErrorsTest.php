<?php

declare(strict_types=1);

// Every error kind reachable through the stand-in, with all its fields.

namespace B44SSO\Tests;

use B44SSO\Base44Exception;
use B44SSO\Client;
use B44SSO\ConfigException;
use B44SSO\ErrorCode;
use B44SSO\ForbiddenException;
use B44SSO\HttpException;
use B44SSO\InvalidArgumentException;
use B44SSO\NetworkException;
use B44SSO\NotFoundException;
use B44SSO\ProtocolException;
use B44SSO\RateLimitedException;
use B44SSO\ServerException;
use B44SSO\TimeoutException;
use B44SSO\TlsException;
use B44SSO\UnauthorizedException;

/** Fetches an access token for $userId and returns the exception it must throw. */
function token_error(string $class, string $userId, array $options = []): Base44Exception
{
    $client = StandIn::serviceClient($options);
    return assertThrows($class, fn () => $client->getAccessToken($userId));
}

function assertFields(Base44Exception $e, ErrorCode $code, ?int $status, ?string $apiCode): void
{
    assertSame($code->cName(), $e->kind, 'kind');
    assertSame($code->value, $e->getCode(), 'getCode()');
    assertSame($status, $e->status, 'status');
    assertSame($apiCode, $e->apiCode, 'apiCode');
    assertTrue($e->getMessage() !== '', 'a message');
    assertSame([$e->kind, $e->status, $e->apiCode, $e->body], [$e->getKind(), $e->getStatus(), $e->getApiCode(), $e->getBody()], 'getters');
}

test('INVALID_ARGUMENT: an empty user id, nothing sent', function (): void {
    $before = StandIn::stats()['requests'];
    $e = token_error(InvalidArgumentException::class, '');
    assertFields($e, ErrorCode::INVALID_ARGUMENT, null, null);
    assertSame(null, $e->body, 'body');
    assertSame($before, StandIn::stats()['requests'], 'requests sent');
});

test('CONFIG: no app id', function (): void {
    $e = assertThrows(ConfigException::class, fn () => Client::fromOptions(['service_token' => 's', 'server_url' => StandIn::url()]));
    assertFields($e, ErrorCode::CONFIG, null, null);
    assertContains('app_id', $e->getMessage(), 'message');
});

test('CONFIG: no token, plain http to a non-loopback host, unreadable ca_file', function (): void {
    $base = ['app_id' => 'a', 'server_url' => StandIn::url()];
    assertThrows(ConfigException::class, fn () => Client::fromOptions($base));
    assertThrows(ConfigException::class, fn () => Client::fromOptions(['server_url' => 'http://example.com', 'service_token' => 's'] + $base));
    assertThrows(ConfigException::class, fn () => Client::fromOptions(['ca_file' => '/nonexistent/ca.pem', 'service_token' => 's'] + $base));
});

test('CONFIG: me() without a user token, SSO without a service token', function (): void {
    assertThrows(ConfigException::class, fn () => StandIn::serviceClient()->me());
    assertThrows(ConfigException::class, fn () => StandIn::userClient('alice')->getAccessToken('alice'));
});

test('UNAUTHORIZED: a wrong service token', function (): void {
    $e = token_error(UnauthorizedException::class, 'alice', ['service_token' => 'wrong-token']);
    assertFields($e, ErrorCode::UNAUTHORIZED, 401, null);
    assertContains('Unauthorized', $e->getMessage(), 'message');
});

test('FORBIDDEN: a token for another user on behalf of a user', function (): void {
    $e = token_error(ForbiddenException::class, 'bob', ['user_token' => 'ut-alice']);
    assertFields($e, ErrorCode::FORBIDDEN, 403, 'FORBIDDEN');
    assertContains('requesting user', $e->getMessage(), 'message');
});

test('NOT_FOUND: detail and code from the body', function (): void {
    $e = token_error(NotFoundException::class, StandIn::scenario('status=404&body=detail_code'));
    assertFields($e, ErrorCode::NOT_FOUND, 404, 'SCENARIO_CODE');
    assertContains('scenario detail', $e->getMessage(), 'message');
    assertContains('"SCENARIO_CODE"', $e->body, 'body');
});

test('RATE_LIMITED: 429 with retries off', function (): void {
    $e = token_error(RateLimitedException::class, StandIn::scenario('status=429&body=message'));
    assertFields($e, ErrorCode::RATE_LIMITED, 429, 'MSG_CODE');
    assertContains('scenario message', $e->getMessage(), 'message');
});

test('SERVER: 500 with a nested error object', function (): void {
    $e = token_error(ServerException::class, StandIn::scenario('status=500&body=error'));
    assertFields($e, ErrorCode::SERVER, 500, 'NESTED_CODE');
    assertContains('nested message', $e->getMessage(), 'message');
});

test('SERVER: 502 with a plain-text body and the connector header', function (): void {
    $e = token_error(ServerException::class, StandIn::scenario('status=502&body=text'));
    assertFields($e, ErrorCode::SERVER, 502, null);
    assertSame('upstream exploded', $e->body, 'body');
    $e = token_error(ServerException::class, StandIn::scenario('status=500&body=connector'));
    assertSame('CONNECTOR_X', $e->apiCode, 'apiCode from X-Base44-Connector-Error');
});

test('HTTP: a redirect is reported, not followed', function (): void {
    $before = StandIn::stats()['redirect_target_hits'];
    $e = token_error(HttpException::class, StandIn::scenario('redirect=1'));
    assertFields($e, ErrorCode::HTTP, 302, null);
    assertSame($before, StandIn::stats()['redirect_target_hits'], 'redirect target hits');
});

test('HTTP: an unusual status with an empty body', function (): void {
    $e = token_error(HttpException::class, StandIn::scenario('status=418&body=empty'));
    assertFields($e, ErrorCode::HTTP, 418, null);
    assertSame(null, $e->body, 'body');
});

test('NETWORK: a closed connection without an answer', function (): void {
    $e = token_error(NetworkException::class, StandIn::scenario('drop=before'));
    assertFields($e, ErrorCode::NETWORK, null, null);
});

test('NETWORK: connection refused', function (): void {
    $e = token_error(NetworkException::class, 'alice', ['server_url' => 'http://127.0.0.1:1']);
    assertFields($e, ErrorCode::NETWORK, null, null);
});

test('TIMEOUT: a server that never answers', function (): void {
    $started = microtime(true);
    $e = token_error(TimeoutException::class, StandIn::scenario('hang=1'), ['timeout_ms' => 300]);
    assertFields($e, ErrorCode::TIMEOUT, null, null);
    assertTrue(microtime(true) - $started < 3.0, 'the deadline was kept');
});

test('PROTOCOL: invalid JSON on a 200', function (): void {
    $e = token_error(ProtocolException::class, StandIn::scenario('shape=invalid_json'));
    assertFields($e, ErrorCode::PROTOCOL, 200, null);
});

test('PROTOCOL: a token of the wrong type, an empty token', function (): void {
    token_error(ProtocolException::class, StandIn::scenario('shape=wrong_type'));
    token_error(ProtocolException::class, StandIn::scenario('shape=empty_token'));
});

test('TLS: https to a plain-http server', function (): void {
    $url = str_replace('http://', 'https://', StandIn::url());
    $e = token_error(TlsException::class, 'alice', ['server_url' => $url]);
    assertFields($e, ErrorCode::TLS, null, null);
});

test('secrets are redacted from bodies and never in messages or (string) $e', function (): void {
    $client = StandIn::serviceClient(['user_token' => 'ut-' . 'echo-user']);
    $e = assertThrows(Base44Exception::class, fn () => $client->getAccessToken(StandIn::scenario('status=400&body=echo')));
    assertContains('[REDACTED]', $e->body, 'body');
    foreach ([StandIn::serviceToken(), 'ut-echo-user'] as $secret) {
        assertNotContains($secret, $e->body, 'body');
        assertNotContains($secret, $e->getMessage(), 'message');
        assertNotContains($secret, (string) $e, '(string) $e');
        assertNotContains($secret, print_r($e, true), 'print_r($e)');
    }
});
