<?php

declare(strict_types=1);

namespace B44SSO;

/** A bug in b44sso (B44_ERR_INTERNAL); please report it. */
final class InternalException extends Base44Exception
{
    protected const CODE = ErrorCode::INTERNAL;
}
