<?php

declare(strict_types=1);

namespace B44SSO;

use FFI;
use FFI\CData;

/**
 * Builds a b44_options from a PHP array. The caller frees it with b44_options_free (which
 * zeroes the secrets the library copied).
 *
 * @internal
 */
final class NativeOptions
{
    /**
     * @param array<string, string|int|\Stringable|null> $options null keeps a default
     * @return CData b44_options*
     */
    public static function build(#[\SensitiveParameter] array $options): CData
    {
        $ffi = Library::ffi();
        $native = $ffi->b44_options_new();
        if ($native === null || FFI::isNull($native)) {
            throw new OutOfMemoryException('b44_options_new returned NULL');
        }
        try {
            foreach ($options as $key => $value) {
                if ($value !== null) {
                    self::set($native, $key, $value);
                }
            }
        } catch (\Throwable $e) {
            $ffi->b44_options_free($native);
            throw $e;
        }
        return $native;
    }

    private static function set(CData $native, int|string $key, #[\SensitiveParameter] mixed $value): void
    {
        if (!is_string($key)) {
            throw new InvalidArgumentException("option keys must be strings, got the integer key $key");
        }
        $shownKey = Native::shown($key);
        Native::requireNoNul($key, "option key \"$shownKey\"");
        $text = match (true) {
            is_string($value) => $value,
            is_int($value) => (string) $value,
            $value instanceof \Stringable => (string) $value,
            default => throw new InvalidArgumentException(sprintf(
                'option %s must be a string or an integer, got %s',
                $shownKey,
                get_debug_type($value),
            )),
        };
        Native::requireNoNul($text, "option $shownKey");
        $error = Native::errorSlot();
        Native::check(Library::ffi()->b44_options_set($native, $key, $text, FFI::addr($error)), $error);
    }
}
