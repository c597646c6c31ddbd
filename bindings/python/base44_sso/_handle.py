"""Ownership of one native b44_client: lending it to calls, freeing it once.

The C client is safe to call from many threads at once, but b44_client_free
must not run while any call is inside it. ClientHandle counts the calls in
flight; close() refuses new calls, waits for those in flight, then frees.

A native asynchronous call counts as in flight from its start until its
callback has run: the C library would keep the client alive for it anyway,
but counting it means close() returning still means "freed, secrets zeroed".

Counting without the lock (the token hot path, _fetch.py)
---------------------------------------------------------
acquire()/release() count under a lock. The token calls, made hundreds of
thousands of times a second, count without it, by this protocol:

    call:   (a) in_flight.append(None)   (b) if closing: stop
            ... the C call ...
            (d) in_flight.pop()          (e) if closing: wake_closer()
    close:  under the lock: (1) closing = True
                            (2) wait until in_flight is empty

The count is a list, not an int: ``n += 1`` is a load, an add and a store,
and a thread switch in between loses an update; list.append and list.pop
each run as one C call that holds the GIL throughout (appending or popping
None runs no Python code, no finaliser). Under the GIL every step above is
atomic and all threads see the steps in one order (handing the GIL over is
a full memory barrier). Then:
  - no free under a call: if (b) saw False, (b) came before (1), so (a)
    came before (2), and close waits for that entry to be popped;
  - no lost wake-up: when close waits, its check (2) came before the pop
    (d), so (e) comes after (1) and sees closing. wake_closer takes the
    lock, and close holds it from its check until it is waiting, so the
    notify either comes before the check (which then sees the pop) or
    finds close waiting.
An exception between (a) and the try around the C call (only a signal
handler's, at that exact instant) leaves one entry behind: close() would
then wait forever, as with the locked count before; it never under-counts.

This needs the GIL. Without it (a free-threaded build, python3.13t), the
loads and stores of (b) and (1) could be reordered; there the token calls
take the locked path instead (see LOCK_FREE).
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Any, Iterator, List, Optional

from ._ffi import lib
from .errors import ClientClosedError

# True when the GIL orders everything, as the lock-free count needs (above).
# A free-threaded build can turn the GIL on (an extension that needs it) but
# not off again once running: deciding once, at import, is safe.
LOCK_FREE: bool = getattr(sys, "_is_gil_enabled", lambda: True)()

CLOSED_MESSAGE = "this base44_sso.Client is closed"


class ClientHandle:
    """Owns a non-NULL b44_client pointer until close() or garbage collection.

    pointer, in_flight and closing are read by the token hot path (_fetch.py),
    which counts itself by the protocol above; anything else uses acquire()
    and release(), or borrow().
    """

    def __init__(self, pointer: Any, timeout_s: Optional[float] = None) -> None:
        # Held on the instance so __del__ still has it at interpreter shutdown,
        # when module globals may already be gone.
        self._free = lib.b44_client_free
        self.pointer = pointer
        self.in_flight: List[None] = []  # one entry per call in flight
        self.closing = False             # set once, by close(), under _state
        self._state = threading.Condition(threading.Lock())
        # The client's timeout_ms in seconds when known (None: the default),
        # so waits for its native async calls can be bounded.
        self.timeout_s = timeout_s

    @property
    def closed(self) -> bool:
        """True once close() has begun: no new call is accepted."""
        return self.closing

    def acquire(self) -> Any:
        """Counts one more call in flight and returns the pointer; raises
        ClientClosedError after close(). Pair with exactly one release()."""
        with self._state:
            if self.closing:
                raise ClientClosedError(CLOSED_MESSAGE)
            self.in_flight.append(None)
            return self.pointer

    def release(self) -> None:
        """Ends one call counted by acquire(); may run on any thread, a
        native library thread included."""
        with self._state:
            self.in_flight.pop()
            if self.closing and not self.in_flight:
                self._state.notify_all()

    def wake_closer(self) -> None:
        """Wakes a close() waiting for the calls in flight; for the lock-free
        count, after its pop saw closing set."""
        with self._state:
            self._state.notify_all()

    def abandon_call_after_fork(self) -> None:
        """In a child process after fork(): one call counted here belongs to
        the parent and never ends in the child, so it stops counting. The
        child runs one thread then, and a parent thread may have held the
        lock at the moment of fork: the lock is made anew."""
        self._state = threading.Condition(threading.Lock())
        self.in_flight.pop()

    @contextmanager
    def borrow(self) -> Iterator[Any]:
        """Lends the pointer for one call; raises ClientClosedError after close()."""
        pointer = self.acquire()
        try:
            yield pointer
        finally:
            self.release()

    def close(self) -> None:
        """Frees the client after the calls in flight end. Idempotent; when
        several threads close at once, each returns only after the free."""
        with self._state:
            self.closing = True
            self._state.wait_for(lambda: not self.in_flight)
            pointer, self.pointer = self.pointer, None
            if pointer:
                self._free(pointer)  # under the lock: a concurrent close() waits for it

    def __del__(self) -> None:
        # Reached only when nothing refers to the handle, so no call is in
        # flight. getattr: __init__ may not have finished.
        pointer = getattr(self, "pointer", None)
        if pointer:
            self.pointer = None
            self._free(pointer)
