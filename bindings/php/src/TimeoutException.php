<?php

declare(strict_types=1);

namespace B44SSO;

/** The total deadline (timeout_ms, retries included) passed (B44_ERR_TIMEOUT). */
final class TimeoutException extends Base44Exception
{
    protected const CODE = ErrorCode::TIMEOUT;
}
