<?php

declare(strict_types=1);

namespace B44SSO;

/** The b44_log_level enum of include/b44sso.h (B44_LOG_<name>), value for value. */
enum LogLevel: int
{
    case ERROR = 1;
    case WARN = 2;  // failed calls
    case INFO = 3;  // retries
    case DEBUG = 4; // every request and its outcome

    /** The PSR-3 level name, for $logger->log($level->psrLevel(), $message). */
    public function psrLevel(): string
    {
        return match ($this) {
            self::ERROR => 'error',
            self::WARN => 'warning',
            self::INFO => 'info',
            self::DEBUG => 'debug',
        };
    }
}
