<?php

declare(strict_types=1);

namespace B44SSO;

/** Certificate or TLS handshake failure (B44_ERR_TLS). */
final class TlsException extends Base44Exception
{
    protected const CODE = ErrorCode::TLS;
}
