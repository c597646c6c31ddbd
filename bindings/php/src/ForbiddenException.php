<?php

declare(strict_types=1);

namespace B44SSO;

/** Base44 answered HTTP 403 (B44_ERR_FORBIDDEN). */
final class ForbiddenException extends Base44Exception
{
    protected const CODE = ErrorCode::FORBIDDEN;
}
