<?php

declare(strict_types=1);

// An opcache.preload script for PHP-FPM: compiles every class of the binding once at
// startup. Under ffi.enable=preload PHP allows FFI calls only from preloaded code, so this
// pairs with ffi.preload=/path/to/b44sso_ffi.h (see README). It does not call FFI::load():
// PHP refuses that together with opcache.preload_user.

require __DIR__ . '/src/autoload.php';

foreach (glob(__DIR__ . '/src/*.php') as $file) {
    $class = 'B44SSO\\' . basename($file, '.php');
    if ($class !== 'B44SSO\\autoload') {
        class_exists($class) || interface_exists($class) || enum_exists($class);
    }
}
