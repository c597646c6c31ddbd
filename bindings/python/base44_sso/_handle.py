"""Ownership of one native b44_client: lending it to calls, freeing it once.

The C client is safe to call from many threads at once, but b44_client_free
must not run while any call is inside it. ClientHandle counts the calls in
flight; close() refuses new calls, waits for those in flight, then frees.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Iterator

from ._ffi import lib
from .errors import ClientClosedError


class ClientHandle:
    """Owns a non-NULL b44_client pointer until close() or garbage collection."""

    def __init__(self, pointer: Any) -> None:
        # Held on the instance so __del__ still has it at interpreter shutdown,
        # when module globals may already be gone.
        self._free = lib.b44_client_free
        self._pointer = pointer
        self._calls_in_flight = 0
        self._closing = False
        self._state = threading.Condition(threading.Lock())

    @property
    def closed(self) -> bool:
        """True once close() has begun: no new call is accepted."""
        return self._closing

    @contextmanager
    def borrow(self) -> Iterator[Any]:
        """Lends the pointer for one call; raises ClientClosedError after close()."""
        with self._state:
            if self._closing:
                raise ClientClosedError("this base44_sso.Client is closed")
            self._calls_in_flight += 1
            pointer = self._pointer
        try:
            yield pointer
        finally:
            with self._state:
                self._calls_in_flight -= 1
                if self._calls_in_flight == 0:
                    self._state.notify_all()

    def close(self) -> None:
        """Frees the client after the calls in flight end. Idempotent; when
        several threads close at once, each returns only after the free."""
        with self._state:
            self._closing = True
            self._state.wait_for(lambda: self._calls_in_flight == 0)
            pointer, self._pointer = self._pointer, None
            if pointer:
                self._free(pointer)  # under the lock: a concurrent close() waits for it

    def __del__(self) -> None:
        # Reached only when nothing refers to the handle, so no call is in
        # flight. getattr: __init__ may not have finished.
        pointer = getattr(self, "_pointer", None)
        if pointer:
            self._pointer = None
            self._free(pointer)
