<?php

declare(strict_types=1);

namespace B44SSO;

/** No answer: connection refused, reset or closed, DNS failure (B44_ERR_NETWORK). */
final class NetworkException extends Base44Exception
{
    protected const CODE = ErrorCode::NETWORK;
}
