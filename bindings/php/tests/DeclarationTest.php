<?php

declare(strict_types=1);

// b44sso_ffi.h, ErrorCode and LogLevel held against include/b44sso.h, so a header change
// breaks this test rather than the binding's users.

namespace B44SSO\Tests;

use B44SSO\Base44Exception;
use B44SSO\ErrorCode;
use B44SSO\Library;
use B44SSO\LogLevel;
use B44SSO\Stats;

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
    assertSame(6, count(header()->records['b44_stats'] ?? []), 'b44_stats fields');
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

test('the binding declares every function of the header but the deliberately unbound ones', function (): void {
    $missing = array_diff(array_keys(header()->functions), array_keys(binding()->functions));
    $unbound = array_keys(array_intersect_key(Library::UNBOUND, header()->functions));
    assertSame($unbound, array_values($missing), 'header functions missing from b44sso_ffi.h');
});

test('every deliberately unbound name is in the header, has a reason, and is not declared', function (): void {
    $header = header()->functions + header()->callbacks;
    $binding = binding()->functions + binding()->callbacks;
    foreach (Library::UNBOUND as $name => $reason) {
        assertTrue(isset($header[$name]), "$name (listed in Library::UNBOUND) is in include/b44sso.h");
        assertTrue(!isset($binding[$name]), "$name is not declared in b44sso_ffi.h");
        assertTrue(strlen($reason) > 20, "$name has a reason");
    }
});

test('the callback types, enums, structs and opaque types of b44sso_ffi.h equal the header', function (): void {
    $callbacks = array_diff_key(header()->callbacks, Library::UNBOUND);
    assertSame($callbacks, binding()->callbacks, 'function-pointer typedefs');
    assertSame(header()->enums, binding()->enums, 'enums');
    assertSame(header()->structs, binding()->structs, 'opaque struct typedefs');
    assertSame(header()->records, binding()->records, 'structs with fields');
});

test('Stats reads every field of b44_stats, in order', function (): void {
    $fields = array_column(header()->records['b44_stats'] ?? [], 1);
    assertSame(6, count($fields), 'fields in the header');
    $native = Library::ffi()->new('b44_stats');
    foreach ($fields as $i => $field) {
        $native->$field = $i + 1;
    }
    $expected = array_combine($fields, range(1, count($fields)));
    assertSame($expected, Stats::fromNative($native)->toArray(), 'Stats::fromNative()->toArray()');
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
