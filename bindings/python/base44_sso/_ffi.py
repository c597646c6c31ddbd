"""Every ctypes declaration of the C interface (include/b44sso.h), in one place.

tests/test_ffi_header.py parses the header and holds SIGNATURES and Code
against it, so this module and the header cannot drift apart.

Conventions taken from the header:
  - strings the caller must free (``char **`` out-parameters) are declared as
    c_void_p, so ctypes does not copy them away and lose the pointer; they are
    copied with ctypes.string_at and then given back to b44_string_free;
  - borrowed strings (static, or alive until b44_error_free) are c_char_p,
    which ctypes copies to bytes at once;
  - opaque handles get distinct pointer types, so one cannot be passed where
    another is expected;
  - the one struct with a public layout, b44_stats, is a ctypes.Structure
    whose fields the test holds against the header, field for field.
"""

from __future__ import annotations

import ctypes
import enum
from ctypes import CFUNCTYPE, POINTER, c_char_p, c_int, c_size_t, c_uint64, c_void_p
from typing import Any, Dict, Tuple

from ._loader import load_library


class Code(enum.IntEnum):
    """The b44_code enum, value for value."""

    B44_OK = 0
    B44_ERR_INVALID_ARGUMENT = 1
    B44_ERR_CONFIG = 2
    B44_ERR_UNAUTHORIZED = 3
    B44_ERR_FORBIDDEN = 4
    B44_ERR_NOT_FOUND = 5
    B44_ERR_RATE_LIMITED = 6
    B44_ERR_SERVER = 7
    B44_ERR_HTTP = 8
    B44_ERR_NETWORK = 9
    B44_ERR_TIMEOUT = 10
    B44_ERR_TLS = 11
    B44_ERR_PROTOCOL = 12
    B44_ERR_NOMEM = 13
    B44_ERR_INTERNAL = 14


class LogLevel(enum.IntEnum):
    """The b44_log_level enum, value for value."""

    B44_LOG_ERROR = 1
    B44_LOG_WARN = 2
    B44_LOG_INFO = 3
    B44_LOG_DEBUG = 4


# Every enum of the header, by its C name.
class LogThreads(enum.IntEnum):
    """b44_log_threads: the threads log lines are delivered on."""

    B44_LOG_ALL_THREADS = 0
    B44_LOG_CALLER_THREADS = 1


ENUMS = {"b44_code": Code, "b44_log_level": LogLevel, "b44_log_threads": LogThreads}


class OptionsStruct(ctypes.Structure):
    """Opaque struct b44_options."""


class ClientStruct(ctypes.Structure):
    """Opaque struct b44_client."""


class ErrorStruct(ctypes.Structure):
    """Opaque struct b44_error."""


class Stats(ctypes.Structure):
    """struct b44_stats: one client's counters. Fields are only ever appended."""

    _fields_ = [
        ("requests", c_uint64),
        ("cache_hits", c_uint64),
        ("cache_misses", c_uint64),
        ("coalesced_waits", c_uint64),
        ("retries", c_uint64),
        ("errors", c_uint64),
    ]


# Every struct of the header with a visible layout, by its C name.
STRUCTS = {"b44_stats": Stats}

OptionsPtr = POINTER(OptionsStruct)
ClientPtr = POINTER(ClientStruct)
ErrorPtr = POINTER(ErrorStruct)

# C enums travel as int on every supported ABI.
c_code = c_int
c_log_level = c_int
c_log_threads = c_int

# typedef void (*b44_log_handler)(b44_log_level level, const char *message, void *userdata);
LogHandler = CFUNCTYPE(None, c_log_level, c_char_p, c_void_p)

# typedef void (*b44_token_callback)(b44_code code, const char *token, const b44_error *err,
#                                    void *userdata);
# `token` is c_char_p: ctypes copies it to bytes before the Python function runs,
# which is exactly what "valid only during the call" asks for. `err` stays a
# pointer, read (never freed) during the call.
TokenCallback = CFUNCTYPE(None, c_code, c_char_p, ErrorPtr, c_void_p)

# Every function-pointer type of the header, by its C name.
CALLBACKS = {"b44_log_handler": LogHandler, "b44_token_callback": TokenCallback}

# name -> (restype, argtypes), in header order.
SIGNATURES: Dict[str, Tuple[Any, Tuple[Any, ...]]] = {
    "b44_version": (c_char_p, ()),
    "b44_code_name": (c_char_p, (c_code,)),
    # Declared with the rest of the header; the package installs no handler yet.
    "b44_set_log_handler": (None, (LogHandler, c_void_p, c_log_level)),
    "b44_set_log_threads": (c_code, (c_log_threads,)),
    "b44_options_new": (OptionsPtr, ()),
    "b44_options_set": (c_code, (OptionsPtr, c_char_p, c_char_p, POINTER(ErrorPtr))),
    "b44_options_free": (None, (OptionsPtr,)),
    "b44_client_new": (c_code, (OptionsPtr, POINTER(ClientPtr), POINTER(ErrorPtr))),
    "b44_client_new_from_env": (c_code, (POINTER(ClientPtr), POINTER(ErrorPtr))),
    "b44_client_new_from_request_headers": (
        c_code,
        (POINTER(c_char_p), POINTER(c_char_p), c_size_t, POINTER(ClientPtr), POINTER(ErrorPtr)),
    ),
    "b44_client_free": (None, (ClientPtr,)),
    "b44_sso_get_access_token": (
        c_code, (ClientPtr, c_char_p, POINTER(c_void_p), POINTER(ErrorPtr))),
    "b44_sso_get_id_token": (
        c_code, (ClientPtr, c_char_p, POINTER(c_void_p), POINTER(ErrorPtr))),
    "b44_auth_me": (c_code, (ClientPtr, POINTER(c_void_p), POINTER(ErrorPtr))),
    "b44_sso_get_access_tokens": (
        c_code,
        (ClientPtr, POINTER(c_char_p), c_size_t, POINTER(c_void_p), POINTER(ErrorPtr)),
    ),
    "b44_sso_get_access_token_async": (
        c_code, (ClientPtr, c_char_p, TokenCallback, c_void_p)),
    "b44_string_free": (None, (c_void_p,)),
    "b44_client_invalidate": (c_code, (ClientPtr, c_char_p)),
    "b44_client_stats": (c_code, (ClientPtr, POINTER(Stats), c_size_t)),
    "b44_error_code": (c_code, (ErrorPtr,)),
    "b44_error_http_status": (c_int, (ErrorPtr,)),
    "b44_error_message": (c_char_p, (ErrorPtr,)),
    "b44_error_api_code": (c_char_p, (ErrorPtr,)),
    "b44_error_body": (c_char_p, (ErrorPtr,)),
    "b44_error_free": (None, (ErrorPtr,)),
}


def _declare(cdll: ctypes.CDLL, path: str) -> ctypes.CDLL:
    """Sets restype and argtypes of every function; a missing symbol is an ImportError."""
    for name, (restype, argtypes) in SIGNATURES.items():
        try:
            function = getattr(cdll, name)
        except AttributeError:
            raise ImportError(
                "the library at %s has no function %s: it is not a libb44sso this "
                "package can use (too old, or another library)" % (path, name)
            ) from None
        function.restype = restype
        function.argtypes = argtypes
    return cdll


def _unchecked(cdll: ctypes.CDLL, name: str) -> Any:
    """A second function object for `name`, with its return type and no argtypes.

    With argtypes set, ctypes calls each argument type's from_param on every
    call: for the four pointers of a token call that is about 0.6 us, more
    than the cached C call itself. Without argtypes, ctypes passes ctypes
    instances, byref() objects and bytes as pointers directly. That is only
    safe when every argument already has exactly the right type, so these
    twins serve one caller, the token hot path (_fetch.py), which passes
    (ClientPtr, bytes, byref(c_void_p), byref(ErrorPtr)) and nothing else.
    `lib`'s own function objects keep their declarations.
    """
    function = cdll[name]  # indexing makes a new object; attribute access caches one
    function.restype = SIGNATURES[name][0]
    return function


_cdll, library_path = load_library()
lib: Any = _declare(_cdll, library_path)

# name -> argtype-free twin of that token call (see _unchecked).
UNCHECKED: Dict[str, Any] = {
    name: _unchecked(_cdll, name)
    for name in ("b44_sso_get_access_token", "b44_sso_get_id_token")
}
