<?php

declare(strict_types=1);

namespace B44SSO;

/** Base44 answered HTTP 429 and retries did not help (B44_ERR_RATE_LIMITED). */
final class RateLimitedException extends Base44Exception
{
    protected const CODE = ErrorCode::RATE_LIMITED;
}
