<?php

declare(strict_types=1);

namespace B44SSO;

/** Bad input refused before anything was sent (B44_ERR_INVALID_ARGUMENT): an empty, over-long or NUL-containing user id, an unknown option or bad value, a malformed Bearer header. */
final class InvalidArgumentException extends Base44Exception
{
    protected const CODE = ErrorCode::INVALID_ARGUMENT;
}
