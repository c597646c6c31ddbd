<?php

declare(strict_types=1);

// Runs every tests/*Test.php file: php -d ffi.enable=1 tests/run.php [NAME-FILTER]
// run_tests.sh sets B44SSO_LIBRARY and the stand-in variables.

error_reporting(E_ALL);
set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
    throw new \ErrorException($message, 0, $severity, $file, $line); // warnings fail tests
});

require __DIR__ . '/../src/autoload.php';
require __DIR__ . '/support/Harness.php';
require __DIR__ . '/support/StandIn.php';
require __DIR__ . '/support/CDeclarations.php';
require __DIR__ . '/support/TlsStandIn.php';

$files = glob(__DIR__ . '/*Test.php');
sort($files);
foreach ($files as $file) {
    require $file;
}
exit(B44SSO\Tests\Harness::run($argv[1] ?? ''));
