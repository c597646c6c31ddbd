<?php

declare(strict_types=1);

namespace B44SSO;

/** A 2xx answer that is not what the API promises (B44_ERR_PROTOCOL). */
final class ProtocolException extends Base44Exception
{
    protected const CODE = ErrorCode::PROTOCOL;
}
