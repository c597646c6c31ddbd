<?php

declare(strict_types=1);

// close(), the destructor, use after close, and what a client shows of itself.

namespace B44SSO\Tests;

use B44SSO\Base44Exception;
use B44SSO\Client;
use B44SSO\ClientClosedException;

test('every call on a closed client throws ClientClosedException', function (): void {
    $client = StandIn::serviceClient(['user_token' => 'ut-alice']);
    $client->close();
    assertTrue($client->isClosed(), 'isClosed()');
    foreach ([fn () => $client->getAccessToken('alice'), fn () => $client->getIdToken('alice'), fn () => $client->me(), fn () => $client->meJson()] as $call) {
        $e = assertThrows(ClientClosedException::class, $call);
        assertContains('closed', $e->getMessage(), 'message');
        assertTrue(!$e instanceof Base44Exception, 'not a Base44Exception (a programming error)');
    }
});

test('close() twice, then the destructor, is harmless', function (): void {
    $client = StandIn::serviceClient();
    $client->getAccessToken('twice');
    $client->close();
    $client->close();
    unset($client);
    gc_collect_cycles();
    assertTrue(true, 'no crash');
});

test('dropping a client frees it: its connection is closed', function (): void {
    $client = StandIn::serviceClient();
    $client->getAccessToken('dropped');
    StandIn::reset();
    unset($client); // the destructor frees the native client, closing its connection
    StandIn::serviceClient()->getAccessToken('after-drop');
    assertSame(1, StandIn::stats()['connections'], 'a new client opens its own connection');
});

test('many clients created and dropped without close()', function (): void {
    for ($i = 0; $i < 200; $i++) {
        $client = StandIn::serviceClient();
    }
    assertSame('at-last', $client->getAccessToken('last'), 'the last one still works');
});

test('var_dump, print_r, var_export and json_encode of a client show no token', function (): void {
    $secret = 'svc-never-shown';
    $client = Client::fromOptions(['app_id' => 'a', 'service_token' => $secret, 'user_token' => 'ut-hidden', 'server_url' => StandIn::url()]);
    ob_start();
    var_dump($client);
    $shown = ob_get_clean() . print_r($client, true) . var_export($client, true) . json_encode($client);
    assertContains('closed', $shown, 'the dump shows the state');
    assertNotContains($secret, $shown, 'dumps');
    assertNotContains('ut-hidden', $shown, 'dumps');
});

test('a client cannot be cloned or serialized', function (): void {
    $client = StandIn::serviceClient();
    assertThrows(\Error::class, fn () => clone $client);
    assertThrows(\LogicException::class, fn () => serialize($client));
    assertThrows(\LogicException::class, fn () => unserialize('O:13:"B44SSO\\Client":0:{}'));
    gc_collect_cycles();
    assertSame('at-still', $client->getAccessToken('still'), 'the client still works');
});

test('one client serves many calls in a row', function (): void {
    $client = StandIn::serviceClient();
    for ($i = 0; $i < 50; $i++) {
        assertSame("at-seq$i", $client->getAccessToken("seq$i"), "call $i");
    }
});
