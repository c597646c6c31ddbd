<?php

declare(strict_types=1);

namespace B44SSO;

use FFI;
use FFI\CData;

/**
 * The calling conventions of b44sso.h in one place: an error out-parameter on every call,
 * turned into an exception; strings the caller owns copied, then given back to
 * b44_string_free. Plain functions, not closures: a closure that held a token would show
 * it in stack traces.
 *
 * @internal
 */
final class Native
{
    /** A b44_error* to pass by FFI::addr() as a call's `err`. */
    public static function errorSlot(): CData
    {
        return Library::ffi()->new('b44_error*');
    }

    /** A char* to pass by FFI::addr() as a call's string out-parameter. */
    public static function stringSlot(): CData
    {
        return Library::ffi()->new('char*');
    }

    /** Throws the exception for a failed call's $code; frees the error in $slot. */
    public static function check(int $code, CData $slot): void
    {
        if ($code !== ErrorCode::OK->value) {
            throw self::takeException($code, $slot);
        }
    }

    /** Throws the exception for a failed call's $code, for calls without an error object. */
    public static function checkCode(int $code): void
    {
        if ($code !== ErrorCode::OK->value) {
            throw self::takeException($code, null);
        }
    }

    /** Copies the string in $slot, then frees (and so zeroes) the library's copy. */
    public static function takeString(CData $slot): string
    {
        try {
            return FFI::string($slot);
        } finally {
            Library::ffi()->b44_string_free($slot);
        }
    }

    /** A copy of $text in C memory, NUL-terminated, freed when the CData is dropped. */
    public static function cString(#[\SensitiveParameter] string $text): CData
    {
        $length = strlen($text);
        $buffer = Library::ffi()->new('char[' . ($length + 1) . ']');
        if ($length > 0) {
            FFI::memcpy($buffer, $text, $length);
        }
        $buffer[$length] = "\0";
        return $buffer;
    }

    /** Refuses text C would cut short at a NUL byte; $what names it, never shows it. */
    public static function requireNoNul(#[\SensitiveParameter] string $text, string $what): void
    {
        if (str_contains($text, "\0")) {
            throw new InvalidArgumentException($what . ' contains a NUL character');
        }
    }

    /** Control characters escaped, for names (not values) shown in messages. */
    public static function shown(string $name): string
    {
        return addcslashes($name, "\0..\37\177");
    }

    /**
     * The exception for a failed call; frees the native error. $error is a b44_error*, or
     * null (a NULL pointer read from a C array).
     */
    public static function takeException(int $code, ?CData $error): Base44Exception
    {
        $ffi = Library::ffi();
        $kind = (string) $ffi->b44_code_name($code);
        $class = ErrorCode::tryFrom($code)?->exceptionClass() ?? Base44Exception::class;
        if ($error === null || FFI::isNull($error)) {
            // No error object: the call has none, or the library could not allocate one.
            return new $class('b44sso call failed with ' . $kind, $kind, null, null, null, $code);
        }
        try {
            $status = $ffi->b44_error_http_status($error);
            return new $class(
                (string) $ffi->b44_error_message($error),
                $kind,
                $status > 0 ? $status : null,
                $ffi->b44_error_api_code($error),
                $ffi->b44_error_body($error),
                $code,
            );
        } finally {
            $ffi->b44_error_free($error);
        }
    }
}
