"""The Base44 SSO client: Client, its ``sso`` and ``auth`` APIs, ClientStats."""

from __future__ import annotations

import asyncio
import ctypes
import dataclasses
import functools
import json
import os
from types import TracebackType
from typing import (Any, Callable, Dict, Iterable, List, Literal, Optional, Type, TypeVar,
                    Union, overload)

from . import _async, errors
from ._ffi import ClientPtr, Code, ErrorPtr, Stats, lib
from ._fetch import token_fetcher
from ._handle import ClientHandle
from ._headers import Headers, find_header, header_pairs
from ._marshal import (call, call_for_string, error_from_borrowed, error_from_c, text_array,
                       to_c_text)
from ._options import OptionValue, native_options

_T = TypeVar("_T")
_ClientT = TypeVar("_ClientT", bound="Client")


# What a batch entry turns into: the token, or the error of that user.
TokenOrError = Union[str, errors.Base44Error]

# The hot path of SsoApi.get_access_token and get_id_token (see _fetch.py).
_fetch_access_token = token_fetcher("b44_sso_get_access_token")
_fetch_id_token = token_fetcher("b44_sso_get_id_token")


async def _in_thread(function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    # For the calls without a native async form: the blocking call runs in the
    # loop's default executor, so the event loop keeps running; ctypes releases
    # the GIL while the call waits. Cancelling the awaiting task does not stop
    # the request: it ends within timeout_ms.
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args, **kwargs))


@dataclasses.dataclass(frozen=True)
class ClientStats:
    """What one client has done since it was created (``client.stats()``).

    The counters are read one by one, not as one atomic snapshot.

    Attributes:
        requests: HTTP requests sent, retries included.
        cache_hits: calls answered from the token cache.
        cache_misses: calls the cache could not answer, which then fetched.
        coalesced_waits: calls that waited for another call's fetch of the
            same token instead of sending their own request.
        retries: retried requests.
        errors: calls that failed.
    """

    requests: int
    cache_hits: int
    cache_misses: int
    coalesced_waits: int
    retries: int
    errors: int


def _user_id_list(user_ids: Iterable[str]) -> List[str]:
    if isinstance(user_ids, (str, bytes, bytearray)):
        raise TypeError("user_ids must be an iterable of str, not a single %s"
                        % type(user_ids).__name__)
    return list(user_ids)


def _batch_entry(token: Optional[int], err: Any) -> TokenOrError:
    """One entry of b44_sso_get_access_tokens' results; frees what it holds."""
    try:
        if err:
            return error_from_borrowed(Code.B44_ERR_INTERNAL, err)
        if token:
            return ctypes.string_at(token).decode("utf-8")
        return errors.InternalError("the library returned neither a token nor an error")
    finally:
        lib.b44_error_free(err)
        lib.b44_string_free(token)


def _fetch_batch(pointer: Any, encoded: List[bytes]) -> List[TokenOrError]:
    count = len(encoded)
    ids = text_array(encoded)
    tokens = (ctypes.c_void_p * count)()
    errs = (ErrorPtr * count)()
    # The return code only repeats the first failed entry's: the entries say it all.
    lib.b44_sso_get_access_tokens(pointer, ids, count, tokens, errs)
    results: List[TokenOrError] = []
    failure: Optional[BaseException] = None
    for index in range(count):  # every entry is freed, even after a failure
        try:
            results.append(_batch_entry(tokens[index], errs[index]))
        except BaseException as exc:  # noqa: BLE001 - re-raised once all are freed
            failure = failure or exc
    if failure is not None:
        raise failure
    return results


class SsoApi:
    """SSO token calls; reach it as ``client.sso``. Needs a service token."""

    def __init__(self, handle: ClientHandle) -> None:
        self._handle = handle

    def get_access_token(self, user_id: str) -> str:
        """Returns the SSO access token Base44 holds for ``user_id``.

        Blocks until Base44 answers or timeout_ms passes; releases the GIL
        meanwhile. ``user_id`` must be non-empty text of at most 1024 UTF-8
        bytes without control characters (InvalidArgumentError otherwise).
        Raises a Base44Error subclass on failure.
        """
        return _fetch_access_token(self._handle, user_id)

    def get_id_token(self, user_id: str) -> str:
        """Returns the OIDC ID token Base44 holds for ``user_id``.

        Same rules as get_access_token.
        """
        return _fetch_id_token(self._handle, user_id)

    @overload
    def get_access_tokens(self, user_ids: Iterable[str]) -> List[str]: ...

    @overload
    def get_access_tokens(
        self, user_ids: Iterable[str], *, return_exceptions: Literal[False]
    ) -> List[str]: ...

    @overload
    def get_access_tokens(
        self, user_ids: Iterable[str], *, return_exceptions: bool
    ) -> List[TokenOrError]: ...

    def get_access_tokens(
        self, user_ids: Iterable[str], *, return_exceptions: bool = False
    ) -> Union[List[str], List[TokenOrError]]:
        """Returns the SSO access tokens of many users, in the order of ``user_ids``.

        The tokens are fetched concurrently, over at most ``max_connections``
        connections of this client; a user id given more than once is fetched
        once; the token cache is consulted first. Blocks until every user is
        done, releasing the GIL meanwhile; each fetch has its own timeout_ms,
        counted from when it starts, so a batch of more users than
        max_connections may take longer than timeout_ms in all.

        Like ``asyncio.gather``: by default the first failed entry (in the
        order of ``user_ids``) is raised, once every entry is done; with
        ``return_exceptions=True`` nothing is raised for a user, and the list
        holds each user's token or Base44Error instead.

        ``user_ids`` is any iterable of str (a single str is a TypeError, as
        is an entry that is not a str). An entry the library refuses (empty,
        too long, control characters, a NUL) is that entry's
        InvalidArgumentError; the other users are still fetched.
        """
        ids = _user_id_list(user_ids)
        results: List[Optional[TokenOrError]] = [None] * len(ids)
        positions: List[int] = []
        encoded: List[bytes] = []
        for index, user_id in enumerate(ids):
            try:
                encoded.append(to_c_text(user_id, "user_ids[%d]" % index))
                positions.append(index)
            except errors.InvalidArgumentError as exc:
                results[index] = exc
        with self._handle.borrow() as pointer:
            if encoded:
                for index, fetched in zip(positions, _fetch_batch(pointer, encoded)):
                    results[index] = fetched
        if not return_exceptions:
            for result in results:
                if isinstance(result, errors.Base44Error):
                    raise result
        return results  # type: ignore[return-value]  # every entry is filled

    async def aget_access_token(self, user_id: str) -> str:
        """Coroutine form of get_access_token; does not block the event loop.

        Uses the library's native asynchronous call: no Python thread or
        executor is taken per call; the library runs up to
        ``max_connections`` of a client's async calls at once and queues the
        others (timeout_ms counts from when a call leaves the queue).
        Cancelling the awaiting task does not stop the request; its result is
        then dropped. close() waits for these calls; use aclose() in async
        code. Raises what get_access_token raises.
        """
        return await _async.access_token(self._handle, user_id)

    async def aget_id_token(self, user_id: str) -> str:
        """Coroutine form of get_id_token; does not block the event loop
        (runs in the loop's default executor)."""
        return await _in_thread(self.get_id_token, user_id)

    @overload
    async def aget_access_tokens(self, user_ids: Iterable[str]) -> List[str]: ...

    @overload
    async def aget_access_tokens(
        self, user_ids: Iterable[str], *, return_exceptions: Literal[False]
    ) -> List[str]: ...

    @overload
    async def aget_access_tokens(
        self, user_ids: Iterable[str], *, return_exceptions: bool
    ) -> List[TokenOrError]: ...

    async def aget_access_tokens(
        self, user_ids: Iterable[str], *, return_exceptions: bool = False
    ) -> Union[List[str], List[TokenOrError]]:
        """Coroutine form of get_access_tokens; does not block the event loop
        (the batch runs in the loop's default executor)."""
        ids = _user_id_list(user_ids)  # consumed here, not on another thread
        return await _in_thread(self.get_access_tokens, ids,
                                return_exceptions=return_exceptions)


class AuthApi:
    """Calls about the user who owns the client's user token; reach it as ``client.auth``."""

    def __init__(self, handle: ClientHandle) -> None:
        self._handle = handle

    def me(self) -> Dict[str, Any]:
        """Returns the user who owns the user token, as a dict (id, email, role, ...).

        Needs a user token (ConfigError otherwise). Raises a Base44Error
        subclass on failure.
        """
        with self._handle.borrow() as pointer:
            text = call_for_string(lib.b44_auth_me, pointer)
        user = json.loads(text)
        if not isinstance(user, dict):
            raise errors.ProtocolError("the user is not a JSON object")
        return user

    async def ame(self) -> Dict[str, Any]:
        """Coroutine form of me(); does not block the event loop."""
        return await _in_thread(self.me)


class Client:
    """A client of the Base44 SSO API.

    Safe to share between threads (calls on one client run concurrently and
    reuse connections); release it with close() or a ``with`` block::

        with base44_sso.Client(app_id="...", service_token="...") as client:
            token = client.sso.get_access_token(user_id)

    No network traffic happens at construction. Creation failures raise
    ConfigError (no app id, no token, plain http to a non-loopback host,
    unreadable ca_file) or InvalidArgumentError (unknown option, bad value).
    Any method of a closed client raises ClientClosedError (a ValueError).
    """

    def __init__(
        self,
        *,
        app_id: str,
        service_token: Optional[str] = None,
        user_token: Optional[str] = None,
        server_url: Optional[str] = None,
        **options: OptionValue,
    ) -> None:
        """Creates a client.

        Args:
            app_id: the Base44 app id.
            service_token: the app's service token (needed by ``sso``).
            user_token: a user's token (needed by ``auth``; on SSO calls it is
                sent as on-behalf-of).
            server_url: the API server, default https://base44.app; plain http
                is allowed to loopback hosts only.
            **options: any other b44 option, as str or int: state, data_env
                ("dev" or "prod"), timeout_ms (total deadline, default 15000),
                connect_timeout_ms, max_retries, ca_file (str or path), proxy,
                user_agent (sent after "b44sso/VERSION"), cache ("auto" or
                "off"), cache_ttl_s, cache_skew_s, cache_refresh_s,
                cache_max_entries, max_connections (see the README's "Token
                cache" and "Many users at once"). None leaves a default.
        """
        settings: Dict[str, OptionValue] = {
            "app_id": app_id,
            "service_token": service_token,
            "user_token": user_token,
            "server_url": server_url,
        }
        settings.update(options)
        with native_options(settings) as native:
            pointer = ClientPtr()
            call(lib.b44_client_new, native, ctypes.byref(pointer))
        self._attach(ClientHandle(pointer, _timeout_s(settings.get("timeout_ms"))), app_id)

    def _attach(self, handle: ClientHandle, app_id: Optional[str]) -> None:
        self._handle = handle
        self._app_id = app_id
        # The APIs hold the handle, not the client: no reference cycle, so an
        # unclosed client is freed as soon as it is dropped.
        self._sso = SsoApi(handle)
        self._auth = AuthApi(handle)

    @classmethod
    def _from_pointer(cls: Type[_ClientT], pointer: Any, app_id: Optional[str]) -> _ClientT:
        client = cls.__new__(cls)
        client._attach(ClientHandle(pointer), app_id)
        return client

    @classmethod
    def from_env(cls: Type[_ClientT]) -> _ClientT:
        """Creates a client from BASE44_APP_ID, BASE44_SERVICE_TOKEN,
        BASE44_USER_TOKEN, BASE44_API_URL and BASE44_CA_FILE.

        The library reads the process environment (os.environ changes are
        seen); do not change the environment from another thread meanwhile.
        """
        pointer = ClientPtr()
        call(lib.b44_client_new_from_env, ctypes.byref(pointer))
        return cls._from_pointer(pointer, os.environ.get("BASE44_APP_ID"))

    @classmethod
    def from_request_headers(cls: Type[_ClientT], headers: Headers) -> _ClientT:
        """Creates a client from the headers of an incoming Base44 platform
        request, as the JavaScript SDK's createClientFromRequest does.

        ``headers`` is any mapping with .items() (Flask's and Django's
        ``request.headers``, a dict) or an iterable of (name, value) pairs;
        names are case-insensitive. Base44-App-Id is required (ConfigError);
        Base44-Service-Authorization and Authorization, when present, must be
        exactly "Bearer <token>" (InvalidArgumentError); Base44-Api-Url sets
        the server; Base44-State and X-Data-Env are forwarded.
        """
        pairs = header_pairs(headers)
        names = text_array([to_c_text(n, "header name") for n, _ in pairs])
        values = text_array([to_c_text(v, "header %s" % n) for n, v in pairs])
        pointer = ClientPtr()
        call(lib.b44_client_new_from_request_headers, names, values, len(pairs),
             ctypes.byref(pointer))
        return cls._from_pointer(pointer, find_header(pairs, "Base44-App-Id"))

    @property
    def sso(self) -> SsoApi:
        """SSO token calls: get_access_token, get_access_tokens, get_id_token
        and their coroutines."""
        return self._sso

    @property
    def auth(self) -> AuthApi:
        """User calls: me() and its coroutine ame()."""
        return self._auth

    @property
    def app_id(self) -> Optional[str]:
        """The Base44 app id this client was made for (None if unknown)."""
        return self._app_id

    @property
    def closed(self) -> bool:
        """True once close() has been called."""
        return self._handle.closed

    def invalidate(self, user_id: str) -> None:
        """Drops the cached tokens of ``user_id``, so its next call fetches afresh.

        The token cache is shared by every client of the process, and so is
        this: the user's entries are dropped for all of them.
        """
        encoded = to_c_text(user_id, "user_id")
        with self._handle.borrow() as pointer:
            code = lib.b44_client_invalidate(pointer, encoded)
        if code != Code.B44_OK:
            raise error_from_c(code, None)

    def stats(self) -> ClientStats:
        """Returns this client's counters since it was created (a ClientStats)."""
        out = Stats()
        with self._handle.borrow() as pointer:
            code = lib.b44_client_stats(pointer, ctypes.byref(out), ctypes.sizeof(out))
        if code != Code.B44_OK:
            raise error_from_c(code, None)
        # ClientStats has the fields of b44_stats, in order (a test holds them so).
        return ClientStats(**{field.name: int(getattr(out, field.name))
                              for field in dataclasses.fields(ClientStats)})

    def close(self) -> None:
        """Releases the native client, zeroing the secrets it held.

        Waits for calls still running to finish: calls on other threads, and
        pending ``aget_access_token`` coroutines (their results still reach
        the awaiting tasks). Calling it again does nothing. In async code
        prefer ``await client.aclose()``, which waits without blocking the
        event loop.
        """
        self._handle.close()

    async def aclose(self) -> None:
        """Coroutine form of close(): waits for calls in flight without
        blocking the event loop."""
        await _in_thread(self.close)

    def __enter__(self: _ClientT) -> _ClientT:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    async def __aenter__(self: _ClientT) -> _ClientT:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        # Only the app id: tokens never appear here.
        state = "closed" if self.closed else "open"
        return "<base44_sso.Client app_id=%r %s>" % (self._app_id, state)


def _timeout_s(value: OptionValue) -> Optional[float]:
    """timeout_ms as given to Client(), in seconds; None when not given or not
    a number (the library then refuses it, or uses its default)."""
    try:
        return int(str(value)) / 1000.0 if value is not None else None
    except ValueError:
        return None
