"""Moving values across the C boundary: text in, owned strings and errors out."""

from __future__ import annotations

import ctypes
from typing import Any, Callable, List, Optional

from . import errors
from ._ffi import Code, ErrorPtr, lib


def to_c_text(value: object, what: str) -> bytes:
    """Encodes a str argument as NUL-terminated UTF-8 for C.

    A non-str is a TypeError. An embedded NUL (C would silently cut the text
    there) or text that is not encodable as UTF-8 (a lone surrogate) is an
    InvalidArgumentError, raised before anything reaches C.
    """
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    if "\0" in value:
        raise errors.InvalidArgumentError("%s contains a NUL character" % what)
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise errors.InvalidArgumentError("%s is not valid Unicode text" % what) from None


def text_array(texts: List[bytes]) -> Any:
    """A ``const char *const *`` array of the encoded texts (kept alive by the caller)."""
    return (ctypes.c_char_p * len(texts))(*texts)


def _text(raw: Optional[bytes]) -> Optional[str]:
    # Error texts may be cut at a byte limit, mid-character: never fail on them.
    return None if raw is None else raw.decode("utf-8", "replace")


def error_from_borrowed(code: int, err: Any) -> errors.Base44Error:
    """Builds the exception for a failed call from a b44_error it does not own
    (the one a b44_token_callback receives): reads it, never frees it."""
    if err:
        code = lib.b44_error_code(err) or code
        status = lib.b44_error_http_status(err) or None
        message = _text(lib.b44_error_message(err)) or ""
        api_code = _text(lib.b44_error_api_code(err))
        body = _text(lib.b44_error_body(err))
    else:  # no details (e.g. out of memory while making them)
        status, message, api_code, body = None, "", None, None
    kind = lib.b44_code_name(code).decode("ascii", "replace")
    cls = errors.error_class_for(kind)
    return cls(message or kind, kind=kind, status=status, code=api_code, body=body)


def error_from_c(code: int, err: Any) -> errors.Base44Error:
    """Builds the exception for a failed call from its b44_error, then frees it."""
    try:
        return error_from_borrowed(code, err)
    finally:
        lib.b44_error_free(err)


def take_string(pointer: int) -> str:
    """Copies a ``char *`` the library handed over (as an int address, non-NULL)
    and gives it back to b44_string_free, even when decoding fails."""
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        lib.b44_string_free(pointer)


def call(function: Callable[..., int], *args: Any) -> None:
    """Calls a b44 function whose last parameter is ``b44_error **err``;
    raises the matching Base44Error when it does not return B44_OK."""
    err = ErrorPtr()
    code = function(*args, ctypes.byref(err))
    if code != Code.B44_OK:
        raise error_from_c(code, err)


def call_for_string(function: Callable[..., int], *args: Any) -> str:
    """Calls a b44 function ending in ``char **out, b44_error **err`` and
    returns the string it hands back, freed with b44_string_free after copying."""
    out = ctypes.c_void_p()
    try:
        call(function, *args, ctypes.byref(out))
    except BaseException:
        lib.b44_string_free(out)  # NULL on failure, by the header; harmless then
        raise
    if not out.value:
        raise errors.InternalError("the library reported success but returned no string")
    return take_string(out.value)
