<?php

declare(strict_types=1);

namespace B44SSO;

use FFI\CData;

/**
 * The library's log lines (requests, retries, failures; never a secret), sent to a PHP
 * callable:
 *
 *     Log::setHandler(fn (LogLevel $level, string $line) => $logger->log($level->psrLevel(), $line),
 *                     LogLevel::INFO);
 *
 * The handler runs inside the call that logs, on the calling thread. It must not call back
 * into b44sso. An exception it throws is dropped: PHP cannot let one cross C frames.
 *
 * The library also logs from its own threads (batch requests, background cache refreshes),
 * and PHP cannot run code on another thread. So the library is told to deliver lines only on
 * its callers' threads (B44_LOG_CALLER_THREADS), and the handler is attached to the library
 * only while a call of this binding that logs on the calling thread runs (getAccessToken,
 * getIdToken, me), and detached again before it returns: lines of getAccessTokens() and of
 * background refreshes are not delivered.
 */
final class Log
{
    /** The handler as a C function pointer (b44_log_handler[1]), made once per setHandler(). */
    private static ?CData $callback = null;
    /** The PHP closure behind $callback, kept referenced so PHP keeps it alive. */
    private static ?\Closure $closure = null;
    private static LogLevel $level = LogLevel::WARN;

    /**
     * Sends lines at $level and more severe to $handler(LogLevel $level, string $line);
     * null turns logging off (the default).
     */
    public static function setHandler(?callable $handler, LogLevel $level = LogLevel::WARN): void
    {
        $ffi = Library::ffi();
        if ($handler === null) {
            [self::$callback, self::$closure] = [null, null];
            return;
        }
        $user = \Closure::fromCallable($handler);
        $closure = static function (int $level, ?string $line, mixed $userdata) use ($user): void {
            try {
                $user(LogLevel::tryFrom($level) ?? LogLevel::DEBUG, (string) $line);
            } catch (\Throwable) {
                // Throwing from an FFI callback is a fatal error in PHP: drop it.
            }
        };
        // Converted here, once: PHP makes a new C callback (kept until the request ends)
        // every time a closure is passed where C wants a function pointer.
        $callback = $ffi->new('b44_log_handler[1]');
        $callback[0] = $closure;
        $ffi->b44_set_log_threads($ffi->B44_LOG_CALLER_THREADS);
        [self::$callback, self::$closure, self::$level] = [$callback, $closure, $level];
    }

    /**
     * Attaches the handler to the library for one call on this thread; true when there is
     * one, and then detach() must follow (in a finally block).
     *
     * @internal
     */
    public static function attach(): bool
    {
        if (self::$callback === null) {
            return false;
        }
        Library::ffi()->b44_set_log_handler(self::$callback[0], null, self::$level->value);
        return true;
    }

    /** @internal */
    public static function detach(): void
    {
        Library::ffi()->b44_set_log_handler(null, null, LogLevel::ERROR->value);
    }
}
