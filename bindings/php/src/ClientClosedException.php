<?php

declare(strict_types=1);

namespace B44SSO;

/**
 * A client was used after close().
 *
 * A LogicException, deliberately not a Base44Exception: it is a programming error, and
 * handlers that retry Base44 failures should not catch it.
 */
final class ClientClosedException extends \LogicException
{
}
