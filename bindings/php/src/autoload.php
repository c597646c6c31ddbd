<?php

declare(strict_types=1);

// A PSR-4 autoloader for B44SSO\ when Composer is not used: require this file once.
spl_autoload_register(static function (string $class): void {
    $prefix = 'B44SSO\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
