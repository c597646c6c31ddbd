<?php

declare(strict_types=1);

// A separate PHP process for ConcurrencyTest: makes its own client, fetches tokens for
// the scenario ids given as arguments, prints one token per line.

require __DIR__ . '/../../src/autoload.php';

$client = B44SSO\Client::fromOptions([
    'app_id' => getenv('B44SSO_TEST_APP_ID'),
    'service_token' => getenv('B44SSO_TEST_SERVICE_TOKEN'),
    'server_url' => getenv('B44SSO_TEST_URL'),
    'timeout_ms' => 10000,
]);
foreach (array_slice($argv, 1) as $userId) {
    echo $client->getAccessToken($userId), "\n";
}
