"""The token hot path (base44_sso/_fetch.py): its shortcuts keep every guarantee."""

from __future__ import annotations

import ctypes
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import base44_sso
from base44_sso import _fetch, _ffi
from support import make_client

THREADS = 8
CALLS_PER_THREAD = 2000


@pytest.fixture
def cached_client(standin):
    with make_client(standin, cache_ttl_s=3600) as client:
        yield client


@pytest.mark.parametrize("name", sorted(_ffi.UNCHECKED))
def test_unchecked_twins_are_the_same_functions(name):
    twin, declared = _ffi.UNCHECKED[name], getattr(_ffi.lib, name)
    assert twin is not declared
    assert ctypes.cast(twin, ctypes.c_void_p).value == ctypes.cast(declared, ctypes.c_void_p).value
    assert twin.restype is declared.restype
    assert twin.argtypes is None
    assert tuple(declared.argtypes) == _ffi.SIGNATURES[name][1]  # the twin changed nothing


def test_str_subclass_user_id_is_accepted(client):
    class UserId(str):
        pass

    assert client.sso.get_access_token(UserId("alice")) == "at-alice"
    assert client.sso.get_id_token(UserId("caf\u00e9")) == "idt-caf\u00e9"


def test_cached_calls_from_many_threads_each_get_their_own_token(cached_client):
    # Every thread asks for its own users: a shared out-parameter would hand
    # one thread another's token (or a freed one).
    sso = cached_client.sso

    def work(thread):
        users = ["t%d-u%d" % (thread, n) for n in range(4)]
        wrong = []
        for n in range(CALLS_PER_THREAD):
            user = users[n % len(users)]
            fetch, prefix = ((sso.get_access_token, "at-") if n % 2 == 0
                             else (sso.get_id_token, "idt-"))
            token = fetch(user)
            if token != prefix + user:
                wrong.append((user, token))
        return wrong

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        assert list(pool.map(work, range(THREADS))) == [[]] * THREADS
    assert cached_client.stats().cache_hits > THREADS * CALLS_PER_THREAD // 2
    assert not cached_client._handle.in_flight
    # Sets are reused, not made per call: at most one per call ever running at once.
    assert len(_fetch._idle) <= THREADS + 4


def test_close_while_threads_hammer_the_cache(standin):
    # close() must wait for the calls inside C, then every later call must be
    # refused; nothing may crash, hang or return a wrong token.
    for _ in range(5):
        client = make_client(standin, cache_ttl_s=3600)
        client.sso.get_access_token("hammer")
        outcomes = []
        started = threading.Barrier(THREADS + 1)

        def hammer():
            started.wait()
            calls = 0
            try:
                while True:
                    assert client.sso.get_access_token("hammer") == "at-hammer"
                    calls += 1
            except base44_sso.ClientClosedError as exc:
                outcomes.append((calls, str(exc)))

        threads = [threading.Thread(target=hammer) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        started.wait()
        time.sleep(0.05)
        client.close()
        for thread in threads:
            thread.join(10)
        assert not any(thread.is_alive() for thread in threads)
        assert len(outcomes) == THREADS
        assert all("closed" in message for _, message in outcomes)
        assert client.closed and client._handle.pointer is None
        assert not client._handle.in_flight


def test_a_call_made_inside_another_on_the_same_thread(standin):
    # A log handler runs on the calling thread while the C call is under way;
    # a token call from it must not touch the outer call's out-parameters.
    with make_client(standin) as client:
        inner = []

        def on_log(level, message, userdata):
            if not inner:  # once: the inner call logs too
                inner.append(None)
                inner[0] = client.sso.get_id_token("inner")

        handler = _ffi.LogHandler(on_log)
        _ffi.lib.b44_set_log_handler(handler, None, _ffi.LogLevel.B44_LOG_DEBUG)
        try:
            outer = client.sso.get_access_token("outer")
        finally:
            _ffi.lib.b44_set_log_handler(_ffi.LogHandler(), None, _ffi.LogLevel.B44_LOG_ERROR)
    assert (outer, inner) == ("at-outer", ["idt-inner"])


def test_errors_keep_every_field(standin):
    with make_client(standin, cache_ttl_s=3600, max_retries=0) as client:
        for _ in range(3):  # and the path stays usable after each failure
            with pytest.raises(base44_sso.NotFoundError) as caught:
                client.sso.get_access_token("!status=404")
            assert caught.value.kind == "B44_ERR_NOT_FOUND"
            assert caught.value.status == 404
            assert caught.value.message
            assert client.sso.get_access_token("after-error") == "at-after-error"
        assert not client._handle.in_flight


def test_the_locked_path_for_builds_without_a_gil(standin, monkeypatch):
    # A free-threaded build cannot count calls lock-free; it gets the general path.
    monkeypatch.setattr(_fetch, "LOCK_FREE", False)
    fetch = _fetch.token_fetcher("b44_sso_get_id_token")
    client = make_client(standin)
    assert fetch(client._handle, "frida") == "idt-frida"
    with pytest.raises(base44_sso.InvalidArgumentError, match="NUL"):
        fetch(client._handle, "fri\0da")
    with pytest.raises(base44_sso.NotFoundError):
        fetch(client._handle, "!status=404")
    client.close()
    with pytest.raises(base44_sso.ClientClosedError):
        fetch(client._handle, "frida")
