"""base44_sso: a Python client for the Base44 SSO API.

A thin layer over the native libb44sso library::

    import base44_sso

    with base44_sso.Client(app_id="...", service_token="...") as client:
        token = client.sso.get_access_token(user_id)

See Client for construction (also Client.from_env and
Client.from_request_headers) and base44_sso.errors for the exceptions.
"""

from ._version import __version__, check_library_version
from . import _ffi

check_library_version(_ffi.lib.b44_version().decode("ascii", "replace"), _ffi.library_path)

from .client import AuthApi, Client, ClientStats, SsoApi  # noqa: E402  (after the version check)
from .errors import (  # noqa: E402
    Base44Error,
    ClientClosedError,
    ConfigError,
    ForbiddenError,
    HTTPError,
    InternalError,
    InvalidArgumentError,
    NetworkError,
    NoMemoryError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
    TimeoutError,
    TLSError,
    UnauthorizedError,
)


def library_version() -> str:
    """The version of the loaded native library, "MAJOR.MINOR.PATCH"."""
    return str(_ffi.lib.b44_version().decode("ascii", "replace"))


def library_path() -> str:
    """Where the native library was loaded from (a path, or a name the system
    dynamic loader resolved)."""
    return _ffi.library_path


__all__ = [
    "AuthApi",
    "Base44Error",
    "Client",
    "ClientClosedError",
    "ClientStats",
    "ConfigError",
    "ForbiddenError",
    "HTTPError",
    "InternalError",
    "InvalidArgumentError",
    "NetworkError",
    "NoMemoryError",
    "NotFoundError",
    "ProtocolError",
    "RateLimitedError",
    "ServerError",
    "SsoApi",
    "TLSError",
    "TimeoutError",
    "UnauthorizedError",
    "__version__",
    "library_path",
    "library_version",
]
