<?php

declare(strict_types=1);

namespace B44SSO;

/** Base44 answered another non-2xx status, redirects included: they are never followed (B44_ERR_HTTP). */
final class HttpException extends Base44Exception
{
    protected const CODE = ErrorCode::HTTP;
}
