<?php

declare(strict_types=1);

namespace B44SSO;

/**
 * The native library could not be used: the FFI extension is missing or disabled, the
 * library was not found, or its major version is not the one this binding supports.
 */
final class LibraryException extends \RuntimeException
{
}
