<?php

declare(strict_types=1);

// The process-wide token cache through one client: hits, invalidate(), stats(), option keys.

namespace B44SSO\Tests;

use B44SSO\ClientClosedException;
use B44SSO\InvalidArgumentException;
use B44SSO\NotFoundException;
use B44SSO\Stats;

test('a JWT is served from the cache the second time', function (): void {
    $client = StandIn::serviceClient();
    $user = StandIn::jwtUser();
    $first = $client->getAccessToken($user);
    assertSame(3, count(explode('.', $first)), 'a JWT');
    assertSame($first, $client->getAccessToken($user), 'a second fetch would be numbered differently');
    $stats = $client->stats();
    assertSame([1, 1, 1], [$stats->requests, $stats->cacheMisses, $stats->cacheHits], 'requests, misses, hits');
    assertSame(1, StandIn::requestsFor($user), 'requests the stand-in saw');
});

test('with cache off every call fetches', function (): void {
    $client = StandIn::serviceClient(['cache' => 'off']);
    $user = StandIn::jwtUser();
    assertTrue($client->getAccessToken($user) !== $client->getAccessToken($user), 'two different tokens');
    assertSame([2, 0], [$client->stats()->requests, $client->stats()->cacheHits], 'requests, hits');
});

test('invalidate() drops the cached token', function (): void {
    $client = StandIn::serviceClient();
    $user = StandIn::jwtUser();
    $first = $client->getAccessToken($user);
    $client->invalidate($user);
    $second = $client->getAccessToken($user);
    assertTrue($first !== $second, 'fetched again');
    assertSame($second, $client->getAccessToken($user), 'and cached again');
    $stats = $client->stats();
    assertSame([2, 2, 1], [$stats->requests, $stats->cacheMisses, $stats->cacheHits], 'requests, misses, hits');
});

test('the cache and invalidate() span every client of the process', function (): void {
    [$first, $second] = [StandIn::serviceClient(), StandIn::serviceClient()];
    $user = StandIn::jwtUser();
    $token = $first->getAccessToken($user);
    assertSame($token, $second->getAccessToken($user), 'the other client hits');
    assertSame([0, 1], [$second->stats()->requests, $second->stats()->cacheHits], 'its requests, hits');
    $second->invalidate($user);
    assertTrue($token !== $first->getAccessToken($user), 'gone for the first client too');
});

test('invalidate() refuses a NUL byte, and a closed client', function (): void {
    $client = StandIn::serviceClient();
    $e = assertThrows(InvalidArgumentException::class, fn () => $client->invalidate("a\0b"));
    assertContains('user_id', $e->getMessage());
    $client->close();
    assertThrows(ClientClosedException::class, fn () => $client->invalidate('alice'));
    assertThrows(ClientClosedException::class, fn () => $client->stats());
});

test('stats() start at zero and count requests, retries and errors, per client', function (): void {
    $client = StandIn::serviceClient(['max_retries' => 2]);
    assertSame(
        ['requests' => 0, 'cache_hits' => 0, 'cache_misses' => 0, 'coalesced_waits' => 0, 'retries' => 0, 'errors' => 0],
        $client->stats()->toArray(),
        'a new client',
    );
    $client->getAccessToken(StandIn::scenario('status=503&times=1'));
    assertThrows(NotFoundException::class, fn () => $client->getAccessToken(StandIn::scenario('status=404')));
    $stats = $client->stats();
    assertTrue($stats instanceof Stats, 'a Stats');
    assertSame([3, 1, 1], [$stats->requests, $stats->retries, $stats->errors], 'requests, retries, errors');
    assertSame(0, StandIn::serviceClient()->stats()->requests, 'another client');
    assertThrows(\Error::class, function () use ($stats): void {
        $stats->requests = 9; // readonly
    });
});

test('cache_skew_s decides whether a short-lived JWT is cached', function (): void {
    $client = StandIn::serviceClient();
    $user = StandIn::jwtUser(30); // expires within the default 60 s skew: never served
    assertTrue($client->getAccessToken($user) !== $client->getAccessToken($user), 'not cached');
    $skewless = StandIn::serviceClient(['cache_skew_s' => 0]);
    $other = StandIn::jwtUser(30);
    assertSame($skewless->getAccessToken($other), $skewless->getAccessToken($other), 'cached');
});

test('cache_ttl_s caches opaque tokens', function (): void {
    $user = StandIn::scenario('shape=object');
    $client = StandIn::serviceClient(['cache_ttl_s' => 60]);
    assertSame($client->getAccessToken($user), $client->getAccessToken($user), 'same token');
    assertSame([1, 1], [$client->stats()->requests, $client->stats()->cacheHits], 'requests, hits');
    $uncached = StandIn::serviceClient();
    $uncached->getAccessToken(StandIn::scenario('shape=object'));
    $uncached->getAccessToken(StandIn::scenario('shape=object'));
    assertSame([2, 0], [$uncached->stats()->requests, $uncached->stats()->cacheHits], 'without it');
});

test('the cache and connection option keys are accepted, bad values refused by name', function (): void {
    $client = StandIn::serviceClient(['cache_ttl_s' => 60, 'cache_skew_s' => 0, 'cache_refresh_s' => '0',
        'cache_max_entries' => 100, 'max_connections' => 2]);
    assertSame('at-opal', $client->getAccessToken('opal'), 'token');
    $bad = ['cache_ttl_s' => 86401, 'cache_skew_s' => -1, 'cache_refresh_s' => 'soon', 'cache_max_entries' => 0,
        'max_connections' => 65];
    foreach ($bad as $key => $value) {
        $e = assertThrows(InvalidArgumentException::class, fn () => StandIn::serviceClient([$key => $value]));
        assertContains($key, $e->getMessage(), "message for $key");
    }
});
