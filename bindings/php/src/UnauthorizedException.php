<?php

declare(strict_types=1);

namespace B44SSO;

/** Base44 answered HTTP 401 (B44_ERR_UNAUTHORIZED). */
final class UnauthorizedException extends Base44Exception
{
    protected const CODE = ErrorCode::UNAUTHORIZED;
}
