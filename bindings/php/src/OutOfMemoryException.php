<?php

declare(strict_types=1);

namespace B44SSO;

/** The native library ran out of memory (B44_ERR_NOMEM). */
final class OutOfMemoryException extends Base44Exception
{
    protected const CODE = ErrorCode::NOMEM;
}
