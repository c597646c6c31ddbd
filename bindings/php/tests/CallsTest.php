<?php

declare(strict_types=1);

// Successful calls against the stand-in, and what arrives there.

namespace B44SSO\Tests;

use B44SSO\Client;

test('getAccessToken returns the access token', function (): void {
    $client = StandIn::serviceClient();
    assertSame('at-alice', $client->getAccessToken('alice'), 'token');
});

test('getIdToken returns the ID token (a bare JSON string on the wire)', function (): void {
    assertSame('idt-alice', StandIn::serviceClient()->getIdToken('alice'), 'token');
});

test('a user id is sent as one percent-encoded path segment', function (): void {
    $client = StandIn::serviceClient();
    assertSame('at-a/b?c#d é', $client->getAccessToken('a/b?c#d é'), 'token');
    assertContains('/accesstoken/a%2Fb%3Fc%23d%20%C3%A9', StandIn::lastRequest('/accesstoken/a%2F')['path'], 'path');
});

test('a non-ASCII token comes back as UTF-8', function (): void {
    $id = StandIn::scenario('shape=unicode');
    assertSame("at-\u{e9}\u{4e2d}", StandIn::serviceClient()->getAccessToken($id), 'token');
});

test('me returns the user as an array, meJson as JSON text', function (): void {
    $client = StandIn::userClient('alice');
    $user = $client->me();
    assertSame('alice', $user['id'], 'id');
    assertSame('alice@example.com', $user['email'], 'email');
    assertSame(null, $user['full_name'], 'full_name');
    assertSame(false, $user['disabled'], 'disabled');
    $json = $client->meJson();
    assertSame($user, json_decode($json, true), 'meJson decodes to the same user');
});

test('requests carry the app id, the service token and the appended user agent', function (): void {
    $client = StandIn::serviceClient(['user_agent' => 'php-test/1']);
    $client->getAccessToken('ua-check');
    $headers = StandIn::lastRequest('/accesstoken/ua-check')['headers'];
    assertSame(StandIn::appId(), $headers['x-app-id'], 'X-App-Id');
    assertSame('Bearer ' . StandIn::serviceToken(), $headers['authorization'], 'Authorization');
    assertSame('b44sso/' . Client::libraryVersion() . ' php-test/1', $headers['user-agent'], 'User-Agent');
    assertSame('application/json', $headers['accept'], 'Accept');
});

test('state and data_env options become Base44-State and X-Data-Env', function (): void {
    StandIn::serviceClient(['state' => 'st-1', 'data_env' => 'dev'])->getAccessToken('state-check');
    $headers = StandIn::lastRequest('/accesstoken/state-check')['headers'];
    assertSame('st-1', $headers['base44-state'] ?? null, 'Base44-State');
    assertSame('dev', $headers['x-data-env'] ?? null, 'X-Data-Env');
});

test('with both tokens an SSO call is made on behalf of the user', function (): void {
    $client = StandIn::serviceClient(['user_token' => 'ut-carol']);
    assertSame('at-carol', $client->getAccessToken('carol'), 'own token');
    assertSame('Bearer ut-carol', StandIn::lastRequest('/accesstoken/carol')['headers']['on-behalf-of'] ?? null, 'on-behalf-of');
});

test('sequential calls on one client reuse one connection', function (): void {
    StandIn::reset(); // the stand-in leaves its admin connections out of the count
    $client = StandIn::serviceClient();
    foreach (['r1', 'r2', 'r3'] as $id) {
        $client->getAccessToken($id);
    }
    $stats = StandIn::stats();
    assertSame(3, $stats['requests'], 'requests');
    assertSame(1, $stats['connections'], 'connections');
});

test('a 503 answered once is retried and then succeeds', function (): void {
    $id = StandIn::scenario('status=503&times=1');
    $client = StandIn::serviceClient(['max_retries' => 2]);
    assertSame('at-' . $id, $client->getAccessToken($id), 'token after a retry');
});
