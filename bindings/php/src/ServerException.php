<?php

declare(strict_types=1);

namespace B44SSO;

/** Base44 answered HTTP 5xx (B44_ERR_SERVER). */
final class ServerException extends Base44Exception
{
    protected const CODE = ErrorCode::SERVER;
}
