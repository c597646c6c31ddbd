<?php

declare(strict_types=1);

namespace B44SSO\Tests;

/**
 * A small test runner (PHPUnit is not available offline): test('name', fn) registers a
 * test; run() runs them in order, prints "ok"/"FAIL" lines and "N passed, N failed".
 */
final class Harness
{
    /** @var array<string, \Closure> */
    private static array $tests = [];

    public static function add(string $name, \Closure $test): void
    {
        if (isset(self::$tests[$name])) {
            throw new \LogicException("two tests are named '$name'");
        }
        self::$tests[$name] = $test;
    }

    /** Runs every test whose name contains $filter; returns the process exit status. */
    public static function run(string $filter = ''): int
    {
        [$passed, $failed, $number] = [0, 0, 0];
        foreach (self::$tests as $name => $test) {
            if ($filter !== '' && !str_contains($name, $filter)) {
                continue;
            }
            $number++;
            $started = microtime(true);
            try {
                $test();
                $passed++;
                printf("ok %d - %s (%d ms)\n", $number, $name, (microtime(true) - $started) * 1000);
            } catch (\Throwable $e) {
                $failed++;
                printf("FAIL %d - %s\n", $number, $name);
                $where = self::testFrame($e);
                printf("    %s: %s\n    at %s\n", get_class($e), $e->getMessage(), $where);
            }
        }
        printf("%d passed, %d failed\n", $passed, $failed);
        return $failed === 0 && $passed > 0 ? 0 : 1;
    }

    /** The first frame of the stack inside a test file, where the failed check was made. */
    private static function testFrame(\Throwable $e): string
    {
        foreach (array_merge([['file' => $e->getFile(), 'line' => $e->getLine()]], $e->getTrace()) as $frame) {
            if (isset($frame['file']) && str_ends_with($frame['file'], 'Test.php')) {
                return basename($frame['file']) . ':' . $frame['line'];
            }
        }
        return basename($e->getFile()) . ':' . $e->getLine();
    }
}

final class AssertionFailed extends \Exception
{
}

function test(string $name, \Closure $test): void
{
    Harness::add($name, $test);
}

function fail(string $message): never
{
    throw new AssertionFailed($message);
}

function assertSame(mixed $expected, mixed $actual, string $what = 'value'): void
{
    if ($expected !== $actual) {
        fail(sprintf('%s: expected %s, got %s', $what, var_export($expected, true), var_export($actual, true)));
    }
}

function assertTrue(bool $condition, string $what): void
{
    if (!$condition) {
        fail($what);
    }
}

function assertContains(string $needle, ?string $haystack, string $what = 'text'): void
{
    if ($haystack === null || !str_contains($haystack, $needle)) {
        fail(sprintf('%s: %s does not contain %s', $what, var_export($haystack, true), var_export($needle, true)));
    }
}

function assertNotContains(string $needle, ?string $haystack, string $what = 'text'): void
{
    if ($haystack !== null && str_contains($haystack, $needle)) {
        fail(sprintf('%s must not contain %s', $what, var_export($needle, true)));
    }
}

/**
 * Runs $call, which must throw $class; returns what it threw.
 *
 * @template T of \Throwable
 * @param class-string<T> $class
 * @return T
 */
function assertThrows(string $class, \Closure $call): \Throwable
{
    try {
        $call();
    } catch (\Throwable $e) {
        if ($e instanceof $class) {
            return $e;
        }
        fail(sprintf('expected %s, got %s: %s', $class, get_class($e), $e->getMessage()));
    }
    fail("expected $class, nothing was thrown");
}
