<?php

declare(strict_types=1);

// Client::getAccessTokens(): many users in one call.

namespace B44SSO\Tests;

use B44SSO\ClientClosedException;
use B44SSO\InvalidArgumentException;
use B44SSO\NotFoundException;
use B44SSO\ServerException;

test('getAccessTokens returns the tokens under the keys and in the order given', function (): void {
    $client = StandIn::serviceClient();
    assertSame(['at-b1', 'at-b2', 'at-b3'], $client->getAccessTokens(['b1', 'b2', 'b3']), 'a list');
    $keyed = $client->getAccessTokens(['z' => 'b4', 7 => 'b5', 'a' => 'b6']);
    assertSame(['z' => 'at-b4', 7 => 'at-b5', 'a' => 'at-b6'], $keyed, 'keys kept');
    assertSame([], $client->getAccessTokens([]), 'no ids');
});

test('a repeated id is fetched once', function (): void {
    $client = StandIn::serviceClient(['cache' => 'off']);
    [$first, $second] = [StandIn::scenario('shape=object'), StandIn::scenario('shape=object')];
    $tokens = $client->getAccessTokens([$first, $second, $first, $first]);
    assertSame(["at-$first", "at-$second", "at-$first", "at-$first"], $tokens, 'tokens');
    assertSame(1, StandIn::requestsFor($first), 'requests for the repeated id');
    assertSame(2, $client->stats()->requests, 'requests');
});

test('by default the first failure in order is thrown', function (): void {
    $client = StandIn::serviceClient();
    $e = assertThrows(NotFoundException::class, fn () => $client->getAccessTokens(
        ['ok', StandIn::scenario('status=404&body=detail_code'), StandIn::scenario('status=500')],
    ));
    assertSame([404, 'SCENARIO_CODE'], [$e->status, $e->apiCode], 'status, api code');
    assertThrows(ServerException::class, fn () => $client->getAccessTokens(
        [StandIn::scenario('status=500'), StandIn::scenario('status=404'), 'ok'],
    ));
});

test('with throwOnError false each failure stands in its place', function (): void {
    $notFound = StandIn::scenario('status=404&body=detail_code');
    $results = StandIn::serviceClient()->getAccessTokens(
        ['a' => 'ok', 'b' => '', 'c' => $notFound, 'd' => "bad-\xff", 'e' => 'ok'],
        throwOnError: false,
    );
    assertSame(['a', 'b', 'c', 'd', 'e'], array_keys($results), 'keys');
    assertSame(['at-ok', 'at-ok'], [$results['a'], $results['e']], 'tokens');
    assertTrue($results['b'] instanceof InvalidArgumentException, 'an empty id');
    assertSame(null, $results['b']->status, 'no status');
    assertTrue($results['c'] instanceof NotFoundException, 'a 404');
    assertSame([404, 'SCENARIO_CODE'], [$results['c']->status, $results['c']->apiCode], 'its fields');
    assertSame(['detail' => 'scenario detail', 'code' => 'SCENARIO_CODE'], json_decode($results['c']->body, true), 'its body');
    assertTrue($results['d'] instanceof InvalidArgumentException, 'invalid UTF-8');
    assertContains('UTF-8', $results['d']->getMessage());
});

test('a NUL byte or a non-string refuses the whole batch before anything is sent', function (): void {
    $client = StandIn::serviceClient();
    $marker = StandIn::scenario('shape=object');
    $e = assertThrows(InvalidArgumentException::class, fn () => $client->getAccessTokens([$marker, 'x' => "a\0b"]));
    assertContains("'x'", $e->getMessage(), 'names the key');
    assertThrows(InvalidArgumentException::class, fn () => $client->getAccessTokens([$marker, 42]));
    assertSame(0, StandIn::requestsFor($marker), 'requests sent');
});

test('cached tokens come from the cache in a batch', function (): void {
    $client = StandIn::serviceClient();
    $user = StandIn::jwtUser();
    $token = $client->getAccessToken($user);
    assertSame([$token, 'at-other'], $client->getAccessTokens([$user, 'other']), 'tokens');
    assertSame([2, 1], [$client->stats()->requests, $client->stats()->cacheHits], 'requests, hits');
});

test('a batch fetches up to max_connections users at once', function (): void {
    $ids = fn (): array => array_map(fn (): string => StandIn::scenario('delay_ms=300'), range(1, 4));
    $started = microtime(true);
    StandIn::serviceClient(['max_connections' => 4])->getAccessTokens($ids());
    assertTrue(microtime(true) - $started < 1.0, 'four at once');
    $started = microtime(true);
    StandIn::serviceClient(['max_connections' => 1])->getAccessTokens($ids());
    assertTrue(microtime(true) - $started >= 1.1, 'one at a time');
});

test('getAccessTokens on a closed client throws ClientClosedException', function (): void {
    $client = StandIn::serviceClient();
    $client->close();
    assertThrows(ClientClosedException::class, fn () => $client->getAccessTokens(['alice']));
    assertThrows(ClientClosedException::class, fn () => $client->getAccessTokens([]));
});
