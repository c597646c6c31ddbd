<?php

declare(strict_types=1);

namespace B44SSO;

/** Missing or unusable configuration (B44_ERR_CONFIG): no app id, no token the call needs, plain http to a non-loopback host, an unreadable ca_file. */
final class ConfigException extends Base44Exception
{
    protected const CODE = ErrorCode::CONFIG;
}
