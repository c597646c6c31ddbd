"""Native asynchronous access-token calls, delivered to asyncio.

b44_sso_get_access_token_async starts the call and returns at once; the
library later calls one C callback on one of its own threads (not a Python
thread). Here that callback copies the outcome, ends the call's count on the
ClientHandle, and hands the outcome to the awaiting event loop with
loop.call_soon_threadsafe: no Python thread and no executor per call.

Bookkeeping:
  - one ctypes callback object (_CALLBACK) serves every call and lives as long
    as the module, so it can never be garbage-collected while a call is
    pending; each call is told apart by an integer id passed as userdata;
  - _pending maps that id to the call's loop, future and handle. The entry
    keeps them alive until the callback has run, and is removed as the very
    last thing the callback does;
  - at interpreter exit, an atexit hook waits (bounded) for pending calls, so
    that no library thread calls into an interpreter being torn down;
  - in a child after fork() the parent's pending calls never call back there:
    the child forgets them, and its clients stop counting them.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import os
import threading
from typing import Any, Dict, NamedTuple, Optional

from . import errors
from ._ffi import Code, TokenCallback, lib
from ._handle import ClientHandle
from ._marshal import error_from_borrowed, to_c_text

# The library's default timeout_ms, for clients whose own is unknown here.
DEFAULT_TIMEOUT_S = 15.0
# How much longer than a client's timeout the exit hook waits for one callback.
EXIT_GRACE_S = 5.0

# Why the library refuses to start a call (it returns a bare code, no b44_error).
_START_FAILURES: Dict[int, str] = {
    Code.B44_ERR_INVALID_ARGUMENT:
        "user id refused: it must be non-empty UTF-8 text of at most 1024 bytes "
        "without control characters",
    Code.B44_ERR_NOMEM: "no thread could be started for the call",
}


class _Pending(NamedTuple):
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[str]"
    handle: ClientHandle


_registry = threading.Condition(threading.Lock())
_pending: Dict[int, _Pending] = {}
_ids = itertools.count(1)  # userdata 0 would arrive as None: start at 1


def pending_count() -> int:
    """How many native async calls have not called back yet (for tests)."""
    with _registry:
        return len(_pending)


def _settle(future: "asyncio.Future[str]", outcome: Any, failed: bool) -> None:
    # On the event loop's thread. A cancelled await leaves a done future.
    if future.done():
        return
    if failed:
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def _on_token(code: int, token: Optional[bytes], err: Any, userdata: Optional[int]) -> None:
    """The b44_token_callback, on a library thread. Must never raise: an
    exception here could only be printed, and the await would hang."""
    try:
        _deliver(code, token, err, userdata)
    except BaseException:  # noqa: BLE001 - nothing above us could handle it
        pass


def _deliver(code: int, token: Optional[bytes], err: Any, userdata: Optional[int]) -> None:
    with _registry:
        entry = _pending.get(userdata or 0)
    if entry is None:  # not a call of this process (a child after fork())
        return
    try:
        # token and err are valid only now: copy everything out of them here.
        failed = True
        try:
            if code == Code.B44_OK and token is not None:
                outcome: Any = token.decode("utf-8")
                failed = False
            elif code == Code.B44_OK:
                outcome = errors.InternalError(
                    "the library reported success but returned no token")
            else:
                outcome = error_from_borrowed(code, err)
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            outcome = exc
        finally:
            entry.handle.release()
        try:
            entry.loop.call_soon_threadsafe(_settle, entry.future, outcome, failed)
        except RuntimeError:
            pass  # the event loop is closed: nobody is left to await the result
    finally:
        # Last: once the entry is gone, the exit hook may let the interpreter go.
        with _registry:
            _pending.pop(userdata or 0, None)
            _registry.notify_all()


_CALLBACK = TokenCallback(_on_token)


async def access_token(handle: ClientHandle, user_id: str) -> str:
    """Fetches ``user_id``'s access token with the library's native async call."""
    encoded = to_c_text(user_id, "user_id")
    loop = asyncio.get_running_loop()
    future: "asyncio.Future[str]" = loop.create_future()
    pointer = handle.acquire()  # ClientClosedError after close()
    call_id = next(_ids)
    with _registry:
        # Registered before the start: the callback may run before it returns.
        _pending[call_id] = _Pending(loop, future, handle)
    started = False
    try:
        code = lib.b44_sso_get_access_token_async(pointer, encoded, _CALLBACK, call_id)
        started = code == Code.B44_OK
    finally:
        if not started:  # it will never call back
            with _registry:
                _pending.pop(call_id, None)
                _registry.notify_all()
            handle.release()
    if not started:
        raise _start_failure(code)
    return await future


def _start_failure(code: int) -> errors.Base44Error:
    # The library reports a refused start by its code alone (no b44_error).
    kind = lib.b44_code_name(code).decode("ascii", "replace")
    message = _START_FAILURES.get(code, "the call could not be started")
    return errors.error_class_for(kind)(message, kind=kind)


def _wait_for_pending_calls() -> None:
    """At interpreter exit: lets pending calls call back while Python can still
    take them. Gives up when no callback arrived for longer than the longest
    deadline of a pending call (plus a grace)."""
    with _registry:
        while _pending:
            patience = max(entry.handle.timeout_s or DEFAULT_TIMEOUT_S
                           for entry in _pending.values()) + EXIT_GRACE_S
            if not _registry.wait(patience):
                return


def _forget_after_fork() -> None:
    global _registry, _pending
    # The parent's calls never call back here, and another thread may have
    # held the lock at the moment of fork: start over, and let the child's
    # copies of the clients stop counting those calls (or close() would wait
    # for them forever).
    abandoned, _pending = _pending, {}
    _registry = threading.Condition(threading.Lock())
    for entry in abandoned.values():
        entry.handle.abandon_call_after_fork()


atexit.register(_wait_for_pending_calls)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)
