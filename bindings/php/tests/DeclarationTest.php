<?php

declare(strict_types=1);

// b44sso_ffi.h, ErrorCode and LogLevel held against include/b44sso.h, so a header change
// breaks this test rather than the binding's users.

namespace B44SSO\Tests;

use B44SSO\Base44Exception;
use B44SSO\ErrorCode;
use B44SSO\Library;
use B44SSO\LogLevel;

function header_path(): string
{
    $path = getenv('B44SSO_HEADER') ?: __DIR__ . '/../../../include/b44sso.h';
    assertTrue(is_file($path), "the header is at $path");
    return $path;
}

function header(): CDeclarations
{
    static $parsed = null;
    return $parsed ??= CDeclarations::fromFile(header_path());
}

function binding(): CDeclarations
{
    static $parsed = null;
    return $parsed ??= CDeclarations::fromFile(Library::DECLARATIONS);
}

test('the header parses into its functions, callbacks, enums and structs', function (): void {
    assertTrue(count(header()->functions) >= 20, 'at least 20 functions found in the header');
    assertSame(0, header()->enums['b44_code']['B44_OK'] ?? null, 'B44_OK');
    assertSame(['b44_options', 'b44_client', 'b44_error'], header()->structs, 'opaque types');
});

test('every function the binding declares is in the header with the same signature', function (): void {
    $header = header()->functions;
    assertTrue(binding()->functions !== [], 'b44sso_ffi.h declares functions');
    foreach (binding()->functions as $name => [$returns, $parameters]) {
        assertTrue(isset($header[$name]), "$name is declared in include/b44sso.h");
        [$headerReturns, $headerParameters] = $header[$name];
        assertSame(count($headerParameters), count($parameters), "parameter count of $name");
        assertSame($headerReturns, $returns, "return type of $name");
        assertSame($headerParameters, $parameters, "parameter types of $name");
    }
});

test('the binding declares every function of the header', function (): void {
    $missing = array_diff(array_keys(header()->functions), array_keys(binding()->functions));
    assertSame([], array_values($missing), 'header functions missing from b44sso_ffi.h');
});

test('the callback types, enums and opaque types of b44sso_ffi.h equal the header', function (): void {
    assertSame(header()->callbacks, binding()->callbacks, 'function-pointer typedefs');
    assertSame(header()->enums, binding()->enums, 'enums');
    assertSame(header()->structs, binding()->structs, 'opaque struct typedefs');
});

test('ErrorCode equals the header b44_code enum, name for name and value for value', function (): void {
    $binding = [];
    foreach (ErrorCode::cases() as $case) {
        $binding[$case->cName()] = $case->value;
    }
    assertSame(header()->enums['b44_code'], $binding, 'ErrorCode');
});

test('LogLevel equals the header b44_log_level enum', function (): void {
    $binding = [];
    foreach (LogLevel::cases() as $case) {
        $binding['B44_LOG_' . $case->name] = $case->value;
    }
    assertSame(header()->enums['b44_log_level'], $binding, 'LogLevel');
});

test('every error code has its exception class with matching code and kind', function (): void {
    foreach (ErrorCode::cases() as $case) {
        if ($case === ErrorCode::OK) {
            continue;
        }
        $class = $case->exceptionClass();
        assertTrue(is_subclass_of($class, Base44Exception::class), "$class is a Base44Exception");
        $e = new $class('m');
        assertSame($case->value, $e->getCode(), "$class code");
        assertSame($case->cName(), $e->kind, "$class kind");
    }
});

test('the library names every code as the header does', function (): void {
    $ffi = Library::ffi();
    foreach (header()->enums['b44_code'] as $name => $value) {
        assertSame($name, $ffi->b44_code_name($value), "b44_code_name($value)");
    }
});

test('the binding was written for the header version', function (): void {
    assertSame(CDeclarations::versionString(header_path()), Library::HEADER_VERSION, 'HEADER_VERSION');
});

test('the FFI_SCOPE and FFI_LIB lines open b44sso_ffi.h, where ffi.preload reads them', function (): void {
    $lines = array_slice(file(Library::DECLARATIONS, FILE_IGNORE_NEW_LINES), 0, 2);
    assertSame(['#define FFI_SCOPE "B44SSO"', '#define FFI_LIB "libb44sso.so.0"'], $lines, 'first lines');
});
