<?php

declare(strict_types=1);

namespace B44SSO;

/**
 * The b44_code enum of include/b44sso.h, value for value. Case names are the C names
 * without their B44_ERR_ / B44_ prefix (tests/DeclarationTest.php holds the two together).
 */
enum ErrorCode: int
{
    case OK = 0;
    case INVALID_ARGUMENT = 1;
    case CONFIG = 2;
    case UNAUTHORIZED = 3;
    case FORBIDDEN = 4;
    case NOT_FOUND = 5;
    case RATE_LIMITED = 6;
    case SERVER = 7;
    case HTTP = 8;
    case NETWORK = 9;
    case TIMEOUT = 10;
    case TLS = 11;
    case PROTOCOL = 12;
    case NOMEM = 13;
    case INTERNAL = 14;

    /** The C name, e.g. "B44_ERR_NOT_FOUND" (what b44_code_name() returns). */
    public function cName(): string
    {
        return $this === self::OK ? 'B44_OK' : 'B44_ERR_' . $this->name;
    }

    /**
     * The exception class thrown for this code.
     *
     * @return class-string<Base44Exception>
     */
    public function exceptionClass(): string
    {
        return match ($this) {
            self::INVALID_ARGUMENT => InvalidArgumentException::class,
            self::CONFIG => ConfigException::class,
            self::UNAUTHORIZED => UnauthorizedException::class,
            self::FORBIDDEN => ForbiddenException::class,
            self::NOT_FOUND => NotFoundException::class,
            self::RATE_LIMITED => RateLimitedException::class,
            self::SERVER => ServerException::class,
            self::HTTP => HttpException::class,
            self::NETWORK => NetworkException::class,
            self::TIMEOUT => TimeoutException::class,
            self::TLS => TlsException::class,
            self::PROTOCOL => ProtocolException::class,
            self::NOMEM => OutOfMemoryException::class,
            self::INTERNAL => InternalException::class,
            // OK is never thrown; the base class keeps match exhaustive.
            self::OK => Base44Exception::class,
        };
    }
}
