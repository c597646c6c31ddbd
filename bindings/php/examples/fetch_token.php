<?php

declare(strict_types=1);

// php -d ffi.enable=1 examples/fetch_token.php USER_ID
// Prints the SSO access token of USER_ID, using BASE44_APP_ID, BASE44_SERVICE_TOKEN and
// (optionally) BASE44_API_URL from the environment.

require __DIR__ . '/../src/autoload.php'; // or Composer's vendor/autoload.php

use B44SSO\Base44Exception;
use B44SSO\Client;

$client = Client::fromEnv();
try {
    echo $client->getAccessToken($argv[1] ?? 'user-123'), "\n";
} catch (Base44Exception $e) {
    fprintf(STDERR, "%s (HTTP %s): %s\n", $e->kind, $e->status ?? '-', $e->getMessage());
    exit(1);
} finally {
    $client->close();
}
