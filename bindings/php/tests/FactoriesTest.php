<?php

declare(strict_types=1);

// Client::fromEnv() and Client::fromRequestHeaders().

namespace B44SSO\Tests;

use B44SSO\Client;
use B44SSO\ConfigException;
use B44SSO\InvalidArgumentException;

const BASE44_ENV = ['BASE44_APP_ID', 'BASE44_SERVICE_TOKEN', 'BASE44_USER_TOKEN', 'BASE44_API_URL', 'BASE44_CA_FILE'];

/** Runs $body with exactly the BASE44_* variables in $vars set (putenv), then restores them. */
function with_env(array $vars, \Closure $body): mixed
{
    $saved = [];
    foreach (BASE44_ENV as $name) {
        $saved[$name] = getenv($name);
        putenv(isset($vars[$name]) ? "$name={$vars[$name]}" : $name);
    }
    try {
        return $body();
    } finally {
        foreach ($saved as $name => $value) {
            putenv($value === false ? $name : "$name=$value");
        }
    }
}

function platform_headers(array $extra = []): array
{
    return $extra + [
        'Base44-App-Id' => StandIn::appId(),
        'Base44-Service-Authorization' => 'Bearer ' . StandIn::serviceToken(),
        'Base44-Api-Url' => StandIn::url(),
    ];
}

test('fromEnv reads the app id, service token and server from the environment', function (): void {
    $client = with_env(
        ['BASE44_APP_ID' => StandIn::appId(), 'BASE44_SERVICE_TOKEN' => StandIn::serviceToken(), 'BASE44_API_URL' => StandIn::url()],
        fn () => Client::fromEnv(),
    );
    assertSame('at-env-user', $client->getAccessToken('env-user'), 'token');
});

test('fromEnv reads the user token', function (): void {
    $client = with_env(
        ['BASE44_APP_ID' => StandIn::appId(), 'BASE44_USER_TOKEN' => 'ut-dana', 'BASE44_API_URL' => StandIn::url()],
        fn () => Client::fromEnv(),
    );
    assertSame('dana', $client->me()['id'], 'me');
});

test('fromEnv without BASE44_APP_ID is a ConfigException', function (): void {
    with_env(['BASE44_SERVICE_TOKEN' => 's'], fn () => assertThrows(ConfigException::class, fn () => Client::fromEnv()));
});

test('fromEnv with an unreadable BASE44_CA_FILE is a ConfigException', function (): void {
    with_env(
        ['BASE44_APP_ID' => 'a', 'BASE44_SERVICE_TOKEN' => 's', 'BASE44_CA_FILE' => '/nonexistent/ca.pem'],
        fn () => assertThrows(ConfigException::class, fn () => Client::fromEnv()),
    );
});

test('fromRequestHeaders builds a working client', function (): void {
    assertSame('at-hdr', Client::fromRequestHeaders(platform_headers())->getAccessToken('hdr'), 'token');
});

test('header names are case-insensitive; PSR-7 style list values work', function (): void {
    $headers = [
        'BASE44-APP-ID' => [StandIn::appId()],
        'base44-service-authorization' => ['Bearer ' . StandIn::serviceToken()],
        'bAsE44-aPi-UrL' => [StandIn::url()],
    ];
    assertSame('at-case', Client::fromRequestHeaders($headers)->getAccessToken('case'), 'token');
});

test('Authorization gives the user token; Base44-State and X-Data-Env are forwarded', function (): void {
    $client = Client::fromRequestHeaders(platform_headers([
        'Authorization' => 'Bearer ut-erin',
        'Base44-State' => 'state-42',
        'X-Data-Env' => 'prod',
        'X-Unrelated' => 'ignored',
    ]));
    assertSame('erin', $client->me()['id'], 'me');
    $client->getAccessToken('erin');
    $headers = StandIn::lastRequest('/accesstoken/erin')['headers'];
    assertSame('state-42', $headers['base44-state'] ?? null, 'Base44-State');
    assertSame('prod', $headers['x-data-env'] ?? null, 'X-Data-Env');
    assertSame('Bearer ut-erin', $headers['on-behalf-of'] ?? null, 'on-behalf-of');
});

test('an X-Data-Env other than dev or prod is dropped', function (): void {
    Client::fromRequestHeaders(platform_headers(['X-Data-Env' => 'staging']))->getAccessToken('env-drop');
    assertSame(null, StandIn::lastRequest('/accesstoken/env-drop')['headers']['x-data-env'] ?? null, 'X-Data-Env');
});

test('a missing Base44-App-Id, or no token at all, is a ConfigException', function (): void {
    $headers = platform_headers();
    unset($headers['Base44-App-Id']);
    assertThrows(ConfigException::class, fn () => Client::fromRequestHeaders($headers));
    assertThrows(ConfigException::class, fn () => Client::fromRequestHeaders([]));
    assertThrows(ConfigException::class, fn () => Client::fromRequestHeaders(['Base44-App-Id' => 'a']));
});

test('malformed Bearer headers are an InvalidArgumentException that hides the token', function (): void {
    foreach (['Bearer', 'Bearer ', 'bearer tok-secret-1', 'Bearer  tok-secret-1', 'Basic tok-secret-1', 'Bearer tok-secret-1 x'] as $value) {
        foreach (['Authorization', 'Base44-Service-Authorization'] as $name) {
            $e = assertThrows(InvalidArgumentException::class, fn () => Client::fromRequestHeaders(platform_headers([$name => $value])));
            assertNotContains('tok-secret-1', $e->getMessage(), "message for $name: $value");
        }
    }
});

test('NUL characters and non-string values in headers are refused without showing the value', function (): void {
    $e = assertThrows(InvalidArgumentException::class, fn () => Client::fromRequestHeaders(platform_headers(['Authorization' => "Bearer ut-x\0secret"])));
    assertContains('Authorization', $e->getMessage(), 'message names the header');
    assertNotContains('secret', $e->getMessage(), 'message');
    assertThrows(InvalidArgumentException::class, fn () => Client::fromRequestHeaders(platform_headers(["Bad\0Name" => 'x'])));
    assertThrows(InvalidArgumentException::class, fn () => Client::fromRequestHeaders(platform_headers(['X-Number' => 5])));
});
