"""Closing, use after close, context managers, garbage collection and shutdown."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import base44_sso
from support import APP_ID, PACKAGE_ROOT, SERVICE_TOKEN, make_client


def test_close_twice_is_harmless(standin):
    client = make_client(standin)
    client.close()
    client.close()
    assert client.closed


@pytest.mark.parametrize("use", [
    lambda c: c.sso.get_access_token("nina"),
    lambda c: c.sso.get_id_token("nina"),
    lambda c: c.auth.me(),
    lambda c: c.sso.get_access_tokens(["nina"]),
    lambda c: c.invalidate("nina"),
    lambda c: c.stats(),
    lambda c: asyncio.run(c.sso.aget_access_token("nina")),
    lambda c: asyncio.run(c.sso.aget_access_tokens(["nina"])),
])
def test_use_after_close_raises_client_closed(standin, use):
    client = make_client(standin)
    client.close()
    with pytest.raises(base44_sso.ClientClosedError, match="closed") as caught:
        use(client)
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, base44_sso.Base44Error)


def test_api_kept_after_close_is_closed_too(standin):
    client = make_client(standin)
    sso = client.sso
    client.close()
    with pytest.raises(base44_sso.ClientClosedError):
        sso.get_access_token("nina")


def test_with_block_closes(standin):
    with make_client(standin) as client:
        assert not client.closed
        assert "open" in repr(client)
    assert client.closed
    assert "closed" in repr(client)


def test_with_block_closes_on_error(standin):
    with pytest.raises(KeyError):
        with make_client(standin) as client:
            raise KeyError("boom")
    assert client.closed


def test_close_waits_for_a_call_in_flight(standin):
    client = make_client(standin)
    results = []
    worker = threading.Thread(
        target=lambda: results.append(client.sso.get_access_token("!delay_ms=400")))
    worker.start()
    time.sleep(0.15)  # the call is now waiting on the stand-in
    client.close()    # must not free the native client under it
    worker.join(10)
    assert results == ["at-!delay_ms=400"]
    with pytest.raises(base44_sso.ClientClosedError):
        client.sso.get_access_token("nina")


def test_closing_from_many_threads_at_once(standin):
    for _ in range(20):
        client = make_client(standin)
        closers = [threading.Thread(target=client.close) for _ in range(4)]
        for closer in closers:
            closer.start()
        for closer in closers:
            closer.join(10)
        assert client.closed


def test_dropped_clients_are_freed_by_the_garbage_collector(standin):
    for _ in range(50):
        client = make_client(standin)
        client.sso.get_access_token("olga")
        del client
    gc.collect()


def test_failed_construction_leaves_nothing_to_free():
    with pytest.raises(base44_sso.ConfigError):
        base44_sso.Client(app_id=APP_ID)
    gc.collect()


def test_unclosed_clients_at_interpreter_exit(standin):
    # Clients left open in globals, in a reference cycle, and half-built: the
    # interpreter must exit cleanly, without "Exception ignored in __del__".
    script = textwrap.dedent("""
        import base44_sso
        kw = dict(app_id=%(app)r, service_token=%(svc)r, server_url=%(url)r)
        kept = base44_sso.Client(**kw)
        kept.sso.get_access_token("pat")

        class Holder:
            pass
        cycle = Holder()
        cycle.me = cycle
        cycle.client = base44_sso.Client(**kw)
        sso_only = base44_sso.Client(**kw).sso
        try:
            base44_sso.Client(app_id=%(app)r)
        except base44_sso.ConfigError:
            pass
        print("done")
    """) % {"app": APP_ID, "svc": SERVICE_TOKEN, "url": standin.url}
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT))
    finished = subprocess.run([sys.executable, "-c", script], env=env,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "done"
    assert finished.stderr == ""
