<?php

declare(strict_types=1);

namespace B44SSO;

/** Base44 answered HTTP 404 (B44_ERR_NOT_FOUND). */
final class NotFoundException extends Base44Exception
{
    protected const CODE = ErrorCode::NOT_FOUND;
}
