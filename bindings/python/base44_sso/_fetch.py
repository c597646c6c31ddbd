"""The hot path: SsoApi.get_access_token and get_id_token.

With the token cache on, the C call answers in well under a microsecond, so
the Python around it is most of what a call costs. The general path
(to_c_text, ClientHandle.borrow, _marshal.call_for_string) spent 4 to 5 us
around a 1 us call; this one about 0.6 us. It keeps every guarantee of the
general path, more cheaply:

  - counting the call in flight, so close() never frees the client under
    it: lock-free (a list append and pop, plus two reads of `closing`; the
    reasoning is in _handle.py), not a Condition taken twice with a
    notify_all each time;
  - the out-parameters (char *, b44_error *) and their byref() objects come
    from a pool of preallocated sets, not made per call. A pool, not a
    threading.local: a second call on the same thread while the first still
    uses its set (from a signal handler, a finaliser the garbage collector
    runs, a log handler called inside the C call) takes another set, so it
    can never overwrite the first one's token pointer. list.pop and
    list.append are atomic under the GIL, so no set is ever lent twice;
  - the C function is called through its argtype-free twin
    (_ffi.UNCHECKED), which saves ctypes' from_param conversions (about
    0.6 us); the arguments are always of exactly the declared types;
  - the token is copied through a c_char_p view of the out-parameter: its
    .value is a plain attribute read (strlen and copy), where
    ctypes.string_at is another foreign call (about 0.4 us);
  - the user id: one type check, one NUL check and isascii() (O(1) in
    CPython) inline, then str.encode(), which cannot fail on ASCII text.
    Anything else (not a str, a NUL, non-ASCII text) goes to to_c_text,
    which encodes it or raises exactly what it always raised;
  - the return code is compared as an int (B44_OK is 0), not as an IntEnum.

A set is reused only after a successful call; the library writes both of
its slots on every call (the token, or NULL and the error), and only the
one written for this outcome is read, so a stale (freed) address left in a
slot from an earlier call is never used. A failed call's set is dropped:
the error path is slow anyway.

Without the GIL (a free-threaded build) the lock-free count is not sound;
there the token calls take the general path (see _handle.LOCK_FREE).
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable, List, Tuple

from . import errors
from ._ffi import UNCHECKED, ErrorPtr, lib
from ._handle import CLOSED_MESSAGE, LOCK_FREE, ClientHandle
from ._marshal import call_for_string, error_from_c, to_c_text

# (out, text, byref(out), err, byref(err)): `out` is the char * the library
# hands the token through; `text` is a c_char_p over the same 8 bytes.
_Scratch = Tuple[ctypes.c_void_p, ctypes.c_char_p, Any, Any, Any]

# Sets not in use. Grows to the most calls ever running at once; never shrinks.
_idle: List[_Scratch] = []


def _new_scratch() -> _Scratch:
    out = ctypes.c_void_p()
    err = ErrorPtr()
    return out, ctypes.c_char_p.from_buffer(out), ctypes.byref(out), err, ctypes.byref(err)


def token_fetcher(name: str) -> Callable[[ClientHandle, str], str]:
    """The function that fetches a token with the C call `name`
    (b44_sso_get_access_token or b44_sso_get_id_token), as
    ``fetch(handle, user_id) -> str``."""
    if not LOCK_FREE:
        declared = getattr(lib, name)

        def fetch_general(handle: ClientHandle, user_id: str) -> str:
            encoded = to_c_text(user_id, "user_id")
            with handle.borrow() as pointer:
                return call_for_string(declared, pointer, encoded)

        return fetch_general

    function = UNCHECKED[name]
    free = lib.b44_string_free
    idle = _idle

    def fetch(handle: ClientHandle, user_id: str) -> str:
        if type(user_id) is str and "\0" not in user_id and user_id.isascii():
            encoded = user_id.encode()
        else:
            encoded = to_c_text(user_id, "user_id")  # raises, or encodes what is left

        try:
            scratch = idle.pop()
        except IndexError:
            scratch = _new_scratch()
        out, text, out_ref, err, err_ref = scratch

        # The lock-free count: (a) and (b), then (d) and (e), of _handle.py.
        in_flight = handle.in_flight
        in_flight.append(None)
        try:
            if handle.closing:
                raise errors.ClientClosedError(CLOSED_MESSAGE)
            code = function(handle.pointer, encoded, out_ref, err_ref)  # GIL released
        finally:
            in_flight.pop()
            if handle.closing:
                handle.wake_closer()

        if code:  # not B44_OK
            free(out)  # NULL on failure, by the header; harmless then
            raise error_from_c(code, err)
        token = text.value  # a copy; the library's string is zeroed and freed next
        free(out)
        idle.append(scratch)
        if token is None:
            raise errors.InternalError("the library reported success but returned no string")
        return token.decode("utf-8")

    return fetch
