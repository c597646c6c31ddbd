<?php

declare(strict_types=1);

namespace B44SSO;

use FFI;

/**
 * Finds and opens libb44sso once per request (or once per process with ffi.preload).
 *
 * Order:
 *  1. the FFI scope "B44SSO", when php.ini preloaded b44sso_ffi.h (ffi.preload, PHP-FPM);
 *  2. FFI::cdef() of b44sso_ffi.h with the library named by the B44SSO_LIBRARY
 *     environment variable, else "libb44sso.so.0" (the SONAME: the loader's search).
 * Then the library's major version must equal the one this binding was written for.
 *
 * @internal Use Client; this class is public only so Client and the tests can reach it.
 */
final class Library
{
    /** The header version this binding was written against (B44SSO_VERSION_STRING). */
    public const HEADER_VERSION = '0.1.0';
    public const ENV_VAR = 'B44SSO_LIBRARY';
    public const SYSTEM_NAME = 'libb44sso.so.0';
    public const SCOPE = 'B44SSO';
    public const DECLARATIONS = __DIR__ . '/../b44sso_ffi.h';

    /**
     * Names of include/b44sso.h that b44sso_ffi.h leaves out on purpose, with the reason.
     * tests/DeclarationTest.php accepts exactly these as missing.
     */
    public const UNBOUND = [
        'b44_sso_get_access_token_async' => 'calls back on a library thread; PHP runs code only on'
            . ' its own thread (an FFI callback entered from another thread corrupts the engine)',
        'b44_token_callback' => 'the callback type of b44_sso_get_access_token_async only',
    ];

    private static ?FFI $ffi = null;
    private static string $source = '';

    /** The FFI object bound to libb44sso, loading it on first use. */
    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            [$ffi, $source] = self::open();
            self::checkVersion(self::versionOf($ffi), $source);
            [self::$ffi, self::$source] = [$ffi, $source];
        }
        return self::$ffi;
    }

    /** The native library's version, e.g. "0.1.0". */
    public static function version(): string
    {
        return self::versionOf(self::ffi());
    }

    /** Where the library came from: "ffi scope B44SSO" or the name given to dlopen. */
    public static function source(): string
    {
        self::ffi();
        return self::$source;
    }

    /** Refuses a library whose major version differs from HEADER_VERSION's. */
    public static function checkVersion(string $libraryVersion, string $source): void
    {
        $wanted = (int) explode('.', self::HEADER_VERSION)[0];
        if (!preg_match('/^(\d+)\.\d+\.\d+/', $libraryVersion, $m) || (int) $m[1] !== $wanted) {
            throw new LibraryException(sprintf(
                'libb44sso %s (from %s) is not supported: this binding needs version %d.x (written for %s)',
                $libraryVersion,
                $source,
                $wanted,
                self::HEADER_VERSION,
            ));
        }
    }

    /** The declarations FFI::cdef() parses: b44sso_ffi.h without its FFI_SCOPE/FFI_LIB lines. */
    public static function declarations(): string
    {
        $text = @file_get_contents(self::DECLARATIONS);
        if ($text === false) {
            throw new LibraryException('cannot read ' . self::DECLARATIONS);
        }
        return (string) preg_replace('/^#define FFI_(SCOPE|LIB)\b.*$/m', '', $text);
    }

    /** @return array{FFI, string} */
    private static function open(): array
    {
        if (!extension_loaded('ffi')) {
            throw new LibraryException('b44sso needs the PHP FFI extension (ext-ffi), which is not loaded');
        }
        try {
            return [FFI::scope(self::SCOPE), 'ffi scope ' . self::SCOPE];
        } catch (FFI\Exception) {
            // Not preloaded: parse the declarations now.
        }
        $env = getenv(self::ENV_VAR);
        $name = is_string($env) && $env !== '' ? $env : self::SYSTEM_NAME;
        try {
            return [FFI::cdef(self::declarations(), $name), $name];
        } catch (FFI\Exception $e) {
            throw new LibraryException(sprintf(
                'cannot load libb44sso from %s: %s. Set %s to the path of libb44sso.so; '
                . 'FFI must be allowed (ffi.enable=1, or ffi.enable=preload with ffi.preload, see README)',
                $name,
                $e->getMessage(),
                self::ENV_VAR,
            ), 0, $e);
        }
    }

    private static function versionOf(FFI $ffi): string
    {
        return (string) $ffi->b44_version();
    }
}
