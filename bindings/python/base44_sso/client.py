"""The Base44 SSO client: Client and its ``sso`` and ``auth`` APIs."""

from __future__ import annotations

import asyncio
import ctypes
import functools
import json
import os
from types import TracebackType
from typing import Any, Callable, Dict, Optional, Type, TypeVar

from . import errors
from ._ffi import ClientPtr, lib
from ._handle import ClientHandle
from ._headers import Headers, find_header, header_pairs
from ._marshal import call, call_for_string, text_array, to_c_text
from ._options import OptionValue, native_options

_T = TypeVar("_T")
_ClientT = TypeVar("_ClientT", bound="Client")


async def _in_thread(function: Callable[..., _T], *args: Any) -> _T:
    # The blocking call runs in the loop's default executor, so the event loop
    # keeps running; ctypes releases the GIL while the call waits. Cancelling
    # the awaiting task does not stop the request: it ends within timeout_ms.
    # The one place to change when the C library gains a native async call.
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args))


class SsoApi:
    """SSO token calls; reach it as ``client.sso``. Needs a service token."""

    def __init__(self, handle: ClientHandle) -> None:
        self._handle = handle

    def _fetch(self, function: Callable[..., int], user_id: str) -> str:
        encoded = to_c_text(user_id, "user_id")
        with self._handle.borrow() as pointer:
            return call_for_string(function, pointer, encoded)

    def get_access_token(self, user_id: str) -> str:
        """Returns the SSO access token Base44 holds for ``user_id``.

        Blocks until Base44 answers or timeout_ms passes; releases the GIL
        meanwhile. ``user_id`` must be non-empty text of at most 1024 UTF-8
        bytes without control characters (InvalidArgumentError otherwise).
        Raises a Base44Error subclass on failure.
        """
        return self._fetch(lib.b44_sso_get_access_token, user_id)

    def get_id_token(self, user_id: str) -> str:
        """Returns the OIDC ID token Base44 holds for ``user_id``.

        Same rules as get_access_token.
        """
        return self._fetch(lib.b44_sso_get_id_token, user_id)

    async def aget_access_token(self, user_id: str) -> str:
        """Coroutine form of get_access_token; does not block the event loop."""
        return await _in_thread(self.get_access_token, user_id)

    async def aget_id_token(self, user_id: str) -> str:
        """Coroutine form of get_id_token; does not block the event loop."""
        return await _in_thread(self.get_id_token, user_id)


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
                "off"). None leaves a default.
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
        self._attach(ClientHandle(pointer), app_id)

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
        """SSO token calls: get_access_token, get_id_token and their coroutines."""
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

    def close(self) -> None:
        """Releases the native client, zeroing the secrets it held.

        Waits for calls still running on other threads to finish. Calling it
        again does nothing.
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
