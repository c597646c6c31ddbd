<?php

declare(strict_types=1);

namespace B44SSO;

/**
 * The library's log lines (requests, retries, failures; never a secret), sent to a PHP
 * callable:
 *
 *     Log::setHandler(fn (LogLevel $level, string $line) => $logger->log($level->psrLevel(), $line),
 *                     LogLevel::INFO);
 *
 * The handler runs inside the call that logs, on the calling thread. It must not call back
 * into b44sso. An exception it throws is dropped: PHP cannot let one cross C frames.
 * The setting is process-wide; each request that sets it has it reset at its end, because
 * PHP frees FFI callbacks then (an FPM worker keeps no handler from request to request).
 */
final class Log
{
    /** The callback the library holds, kept referenced so PHP keeps it alive. */
    private static ?\Closure $installed = null;
    private static bool $resetAtShutdown = false;

    /**
     * Sends lines at $level and more severe to $handler(LogLevel $level, string $line);
     * null turns logging off (the default).
     */
    public static function setHandler(?callable $handler, LogLevel $level = LogLevel::WARN): void
    {
        $ffi = Library::ffi();
        if ($handler === null) {
            $ffi->b44_set_log_handler(null, null, $level->value);
            self::$installed = null;
            return;
        }
        $user = \Closure::fromCallable($handler);
        $callback = static function (int $level, ?string $line, mixed $userdata) use ($user): void {
            try {
                $user(LogLevel::tryFrom($level) ?? LogLevel::DEBUG, (string) $line);
            } catch (\Throwable) {
                // Throwing from an FFI callback is a fatal error in PHP: drop it.
            }
        };
        $ffi->b44_set_log_handler($callback, null, $level->value);
        self::$installed = $callback;
        if (!self::$resetAtShutdown) {
            self::$resetAtShutdown = true;
            register_shutdown_function(static function (): void {
                if (self::$installed !== null) {
                    self::setHandler(null);
                }
                self::$resetAtShutdown = false;
            });
        }
    }
}
