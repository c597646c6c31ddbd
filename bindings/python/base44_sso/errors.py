"""Exceptions raised by base44_sso.

Every failure reported by the native library is a Base44Error; its subclass
tells the kind of failure, so callers can catch exactly what they handle:

    try:
        token = client.sso.get_access_token(user_id)
    except base44_sso.NotFoundError:
        ...
    except base44_sso.Base44Error as exc:
        log.warning("Base44 failed: %s (HTTP %s)", exc, exc.status)

This module is pure Python: it does not touch the native library.
"""

from __future__ import annotations

import builtins
from typing import Any, Dict, Optional, Tuple, Type


class Base44Error(Exception):
    """A call to Base44 (or its preparation) failed.

    Attributes:
        kind: the b44 status code name, e.g. ``"B44_ERR_NOT_FOUND"``.
        status: the HTTP status of the answer that caused the failure, or None
            when there was no answer (network failure, timeout, bad argument).
        code: Base44's own error code (e.g. ``"NOT_FOUND"``), or None.
        message: a one-line human-readable message; never holds a secret.
        body: the error answer's body (at most 4096 bytes, secrets redacted),
            or None when there was none.

    ``str()`` gives the message; ``repr()`` adds kind, status and code. Neither
    shows the body.
    """

    kind: str = "B44_ERR_UNKNOWN"

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        status: Optional[int] = None,
        code: Optional[str] = None,
        body: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind
        self.status = status
        self.code = code
        self.body = body

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return "%s(%r, kind=%r, status=%r, code=%r)" % (
            type(self).__name__, self.message, self.kind, self.status, self.code)

    def __reduce__(self) -> Tuple[Any, ...]:
        # The keyword-only fields are not in self.args: restore them from __dict__
        # so errors survive pickling (e.g. across a ProcessPoolExecutor).
        return (type(self), (self.message,), self.__dict__)


class InvalidArgumentError(Base44Error, ValueError):
    """An argument was refused before anything was sent (B44_ERR_INVALID_ARGUMENT)."""

    kind = "B44_ERR_INVALID_ARGUMENT"


class ConfigError(Base44Error):
    """Configuration is missing or unusable (B44_ERR_CONFIG): no app id, no
    token the call needs, a plain-http server that is not loopback, an
    unreadable CA file."""

    kind = "B44_ERR_CONFIG"


class UnauthorizedError(Base44Error):
    """Base44 answered HTTP 401 (B44_ERR_UNAUTHORIZED)."""

    kind = "B44_ERR_UNAUTHORIZED"


class ForbiddenError(Base44Error):
    """Base44 answered HTTP 403 (B44_ERR_FORBIDDEN)."""

    kind = "B44_ERR_FORBIDDEN"


class NotFoundError(Base44Error):
    """Base44 answered HTTP 404 (B44_ERR_NOT_FOUND)."""

    kind = "B44_ERR_NOT_FOUND"


class RateLimitedError(Base44Error):
    """Base44 answered HTTP 429 and retries did not help (B44_ERR_RATE_LIMITED)."""

    kind = "B44_ERR_RATE_LIMITED"


class ServerError(Base44Error):
    """Base44 answered HTTP 5xx (B44_ERR_SERVER)."""

    kind = "B44_ERR_SERVER"


class HTTPError(Base44Error):
    """Base44 answered another non-2xx status, redirects included (B44_ERR_HTTP)."""

    kind = "B44_ERR_HTTP"


class NetworkError(Base44Error):
    """No answer: connection refused or reset, DNS failure (B44_ERR_NETWORK)."""

    kind = "B44_ERR_NETWORK"


class TimeoutError(Base44Error, builtins.TimeoutError):
    """The total deadline (timeout_ms, retries included) passed (B44_ERR_TIMEOUT).

    Also a built-in TimeoutError, so ``except TimeoutError`` catches it.
    """

    kind = "B44_ERR_TIMEOUT"


class TLSError(Base44Error):
    """Certificate or TLS handshake failure (B44_ERR_TLS)."""

    kind = "B44_ERR_TLS"


class ProtocolError(Base44Error):
    """A 2xx answer that is not what the API promises (B44_ERR_PROTOCOL)."""

    kind = "B44_ERR_PROTOCOL"


class NoMemoryError(Base44Error):
    """The native library ran out of memory (B44_ERR_NOMEM)."""

    kind = "B44_ERR_NOMEM"


class InternalError(Base44Error):
    """A bug in b44sso (B44_ERR_INTERNAL); please report it."""

    kind = "B44_ERR_INTERNAL"


class ClientClosedError(ValueError):
    """The client was used after close().

    A ValueError (like I/O on a closed file), not a Base44Error: it is a
    programming error, and handlers that retry Base44 failures should not
    catch it.
    """


_CLASS_BY_KIND: Dict[str, Type[Base44Error]] = {
    cls.kind: cls
    for cls in (
        InvalidArgumentError, ConfigError, UnauthorizedError, ForbiddenError,
        NotFoundError, RateLimitedError, ServerError, HTTPError, NetworkError,
        TimeoutError, TLSError, ProtocolError, NoMemoryError, InternalError,
    )
}


def error_class_for(kind: str) -> Type[Base44Error]:
    """The exception class for a b44 code name; Base44Error for one this
    version does not know (codes are only ever appended)."""
    return _CLASS_BY_KIND.get(kind, Base44Error)
