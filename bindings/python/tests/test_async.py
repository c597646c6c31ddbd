"""The coroutine variants: same results, and the event loop keeps running.

aget_access_token uses the library's native async call (a C callback handed
to the loop); the others run in the loop's default executor.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import os
import subprocess
import sys
import textwrap
import threading
import time
import uuid

import pytest

import base44_sso
from base44_sso import _async
from support import APP_ID, PACKAGE_ROOT, SERVICE_TOKEN, StandIn, make_client

DELAY_MS = 300


def run(coroutine):
    return asyncio.run(coroutine)


def test_aget_access_token(client):
    assert run(client.sso.aget_access_token("rosa")) == "at-rosa"


def test_aget_id_token(client):
    assert run(client.sso.aget_id_token("rosa")) == "idt-rosa"


def test_ame(standin):
    with make_client(standin, user_token="ut-sam") as client:
        user = run(client.auth.ame())
    assert user["id"] == "sam"


def test_errors_propagate_to_the_awaiting_task(client):
    with pytest.raises(base44_sso.NotFoundError) as caught:
        run(client.sso.aget_access_token("!status=404&body=detail_code"))
    assert caught.value.code == "SCENARIO_CODE"


def test_the_loop_keeps_running_while_a_call_waits(client):
    async def scenario():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticking = asyncio.ensure_future(ticker())
        token = await client.sso.aget_access_token("!delay_ms=%d" % DELAY_MS)
        ticking.cancel()
        return token, ticks

    token, ticks = run(scenario())
    assert token == "at-!delay_ms=%d" % DELAY_MS
    # A blocked loop would tick about once; a free one about 30 times.
    assert ticks >= 10, "the event loop ticked only %d times" % ticks


def test_gathered_calls_overlap(client):
    user_ids = ["!delay_ms=%d&tag=async-%d" % (DELAY_MS, n) for n in range(4)]

    async def scenario():
        return await asyncio.gather(*(client.sso.aget_access_token(u) for u in user_ids))

    started = time.monotonic()
    tokens = run(scenario())
    elapsed = time.monotonic() - started
    assert tokens == ["at-" + u for u in user_ids]
    assert elapsed < 0.8 * 4 * DELAY_MS / 1000, "calls did not overlap: %.2f s" % elapsed


def test_async_with_closes(standin):
    async def scenario():
        async with make_client(standin) as client:
            token = await client.sso.aget_access_token("tess")
        return client, token

    client, token = run(scenario())
    assert token == "at-tess"
    assert client.closed


def test_aclose_is_idempotent_and_use_after_it_fails(standin):
    client = make_client(standin)

    async def scenario():
        await client.aclose()
        await client.aclose()
        await client.sso.aget_access_token("tess")

    with pytest.raises(base44_sso.ClientClosedError):
        run(scenario())


# ---- the native async call (b44_sso_get_access_token_async) --------------------

def delayed_ids(count, delay_ms=200):
    tag = uuid.uuid4().hex
    return ["!delay_ms=%d&u=%d&tag=%s" % (delay_ms, n, tag) for n in range(count)]


class NoExecutor(concurrent.futures.ThreadPoolExecutor):
    """A default executor that refuses work: proves a coroutine did not use it."""

    def submit(self, *args, **kwargs):
        raise AssertionError("the default executor was used")


def test_many_native_calls_overlap_while_the_loop_ticks(client):
    user_ids = delayed_ids(20)

    async def scenario():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        asyncio.get_running_loop().set_default_executor(NoExecutor(max_workers=1))
        ticking = asyncio.ensure_future(ticker())
        threads_before = threading.active_count()
        started = time.monotonic()
        calls = [asyncio.ensure_future(client.sso.aget_access_token(u)) for u in user_ids]
        await asyncio.sleep(0.1)
        threads_during = threading.active_count()
        tokens = await asyncio.gather(*calls)
        elapsed = time.monotonic() - started
        ticking.cancel()
        return tokens, elapsed, ticks, threads_before, threads_during

    tokens, elapsed, ticks, threads_before, threads_during = run(scenario())
    assert tokens == ["at-" + u for u in user_ids]
    # 20 x 200 ms would be 4 s serially; the library runs max_connections (8) at once.
    assert elapsed < 0.4 * 20 * 0.2, "calls did not overlap: %.2f s" % elapsed
    assert ticks >= 0.3 * elapsed / 0.01, "the loop ticked %d times in %.2f s" % (ticks, elapsed)
    # No Python thread per call: the library's own threads are not Python threads.
    assert threads_during == threads_before
    assert threading.active_count() == threads_before


def test_native_calls_leave_nothing_pending(client):
    async def scenario():
        return await asyncio.gather(*(client.sso.aget_access_token(u) for u in delayed_ids(5, 50)))

    run(scenario())
    _wait_until_no_pending()


@pytest.mark.parametrize("user_id, cls, status", [
    ("!status=401", base44_sso.UnauthorizedError, 401),
    ("!status=403", base44_sso.ForbiddenError, 403),
    ("!status=404", base44_sso.NotFoundError, 404),
    ("!status=502&body=text", base44_sso.ServerError, 502),
    ("!shape=html", base44_sso.ProtocolError, 200),
])
def test_native_errors_have_their_class_and_fields(standin, user_id, cls, status):
    with make_client(standin, max_retries=0) as client:
        with pytest.raises(cls) as caught:
            run(client.sso.aget_access_token(user_id + "&tag=" + uuid.uuid4().hex))
    assert type(caught.value) is cls
    assert caught.value.kind == cls.kind
    assert caught.value.status in (status, None)


def test_native_timeout_is_a_timeout_error(standin):
    with make_client(standin, timeout_ms=300, max_retries=0) as client:
        with pytest.raises(base44_sso.TimeoutError):
            run(client.sso.aget_access_token("!delay_ms=2000&tag=" + uuid.uuid4().hex))


def test_native_network_error(standin):
    dead = StandIn()
    url = dead.url
    dead.stop()
    with make_client(standin, server_url=url, max_retries=0) as client:
        with pytest.raises(base44_sso.NetworkError):
            run(client.sso.aget_access_token("nobody-home"))


@pytest.mark.parametrize("user_id", ["", "a\nb", "x" * 1025])
def test_native_call_refused_at_start(fresh_standin, user_id):
    with make_client(fresh_standin) as client:
        with pytest.raises(base44_sso.InvalidArgumentError) as caught:
            run(client.sso.aget_access_token(user_id))
    assert caught.value.kind == "B44_ERR_INVALID_ARGUMENT"
    assert fresh_standin.stats()["requests"] == 0
    _wait_until_no_pending()


@pytest.mark.parametrize("user_id, error", [
    ("a\0b", base44_sso.InvalidArgumentError), (None, TypeError), (b"x", TypeError),
])
def test_native_call_argument_checks(client, user_id, error):
    with pytest.raises(error):
        run(client.sso.aget_access_token(user_id))


def test_native_call_uses_the_cache(standin):
    user_id = "!jwt_exp=600&tag=" + uuid.uuid4().hex
    with make_client(standin) as client:
        async def scenario():
            first = await client.sso.aget_access_token(user_id)
            return first, await client.sso.aget_access_token(user_id)

        first, second = run(scenario())
        assert first == second
        assert client.stats().cache_hits == 1


def test_aclose_waits_for_pending_native_calls(standin):
    _wait_until_no_pending()
    user_ids = delayed_ids(5, 300)

    async def scenario():
        client = make_client(standin)
        started = time.monotonic()
        calls = [asyncio.ensure_future(client.sso.aget_access_token(u)) for u in user_ids]
        await asyncio.sleep(0.1)  # all started, none answered
        assert _async.pending_count() == len(user_ids)
        await client.aclose()
        # close() returned only once every callback had run.
        assert time.monotonic() - started >= 0.25
        assert client.closed
        with pytest.raises(base44_sso.ClientClosedError):
            await client.sso.aget_access_token("late")
        return await asyncio.gather(*calls)

    assert run(scenario()) == ["at-" + u for u in user_ids]
    _wait_until_no_pending()


def test_close_from_another_thread_while_native_calls_are_pending(standin):
    user_ids = delayed_ids(4, 300)

    async def scenario():
        client = make_client(standin)
        calls = [asyncio.ensure_future(client.sso.aget_access_token(u)) for u in user_ids]
        await asyncio.sleep(0.1)
        closer = threading.Thread(target=client.close)
        closer.start()
        tokens = await asyncio.gather(*calls)
        closer.join(10)
        assert not closer.is_alive() and client.closed
        return tokens

    assert run(scenario()) == ["at-" + u for u in user_ids]


def test_sync_close_in_the_loop_while_native_calls_are_pending(standin):
    # Blocks the loop until the callbacks ran (they do not need the loop),
    # then the awaits resolve.
    user_ids = delayed_ids(3, 200)

    async def scenario():
        client = make_client(standin)
        calls = [asyncio.ensure_future(client.sso.aget_access_token(u)) for u in user_ids]
        await asyncio.sleep(0.05)
        client.close()
        return await asyncio.gather(*calls)

    assert run(scenario()) == ["at-" + u for u in user_ids]


def test_a_dropped_client_still_answers_pending_calls(standin):
    user_ids = delayed_ids(3, 200)

    async def scenario():
        client = make_client(standin)
        calls = [asyncio.ensure_future(client.sso.aget_access_token(u)) for u in user_ids]
        await asyncio.sleep(0.05)
        del client
        gc.collect()
        return await asyncio.gather(*calls)

    assert run(scenario()) == ["at-" + u for u in user_ids]
    gc.collect()


def _wait_until_no_pending(timeout_s=10.0):
    deadline = time.monotonic() + timeout_s
    while _async.pending_count() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _async.pending_count() == 0


def test_a_closed_loop_is_ignored(client, monkeypatch):
    _wait_until_no_pending()
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    loop = asyncio.new_event_loop()
    try:
        calls = [loop.create_task(client.sso.aget_access_token(u))
                 for u in delayed_ids(3, 200)]
        loop.run_until_complete(asyncio.sleep(0.05))  # started, not answered
        assert _async.pending_count() == 3
    finally:
        loop.close()  # the tasks are left pending, their loop gone
    _wait_until_no_pending()
    assert unraisable == []
    assert not any(call.done() for call in calls)
    for call in calls:  # a task of a closed loop cannot be cancelled: just let it go
        call._log_destroy_pending = False  # type: ignore[attr-defined]
        call.get_coro().close()
    # The client is still usable and nothing is left in flight.
    assert client.sso.get_access_token("after-closed-loop") == "at-after-closed-loop"


def test_a_cancelled_await_does_not_break_the_callback(client, monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)

    async def scenario():
        call = asyncio.ensure_future(client.sso.aget_access_token(delayed_ids(1, 200)[0]))
        await asyncio.sleep(0.05)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert _async.pending_count() >= 1  # the request goes on

    run(scenario())
    _wait_until_no_pending()  # its callback came and found the await gone
    assert unraisable == []


def test_native_calls_from_several_loops_at_once(client):
    results = {}

    def one_loop(name):
        async def scenario():
            return await asyncio.gather(
                *(client.sso.aget_access_token("%s-%d" % (name, n)) for n in range(5)))
        results[name] = asyncio.run(scenario())

    threads = [threading.Thread(target=one_loop, args=("loop%d" % n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results == {"loop%d" % n: ["at-loop%d-%d" % (n, k) for k in range(5)]
                       for n in range(3)}


def test_pending_native_calls_at_interpreter_exit(standin):
    # The awaiting loop is gone when the callbacks come; the exit must be clean.
    script = textwrap.dedent("""
        import asyncio, base44_sso
        client = base44_sso.Client(app_id=%(app)r, service_token=%(svc)r,
                                   server_url=%(url)r, timeout_ms=5000)

        async def main():
            for n in range(5):
                asyncio.ensure_future(client.sso.aget_access_token(
                    "!delay_ms=300&u=%%d" %% n))
            await asyncio.sleep(0.05)

        asyncio.run(main())
        print("done")
    """) % {"app": APP_ID, "svc": SERVICE_TOKEN, "url": standin.url}
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT))
    finished = subprocess.run([sys.executable, "-c", script], env=env,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "done"
    assert finished.stderr == ""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
def test_a_forked_child_forgets_the_parents_pending_calls(standin):
    # The child inherits the parent's bookkeeping but never gets its callbacks:
    # its close() must not wait for them, nor its exit.
    script = textwrap.dedent("""
        import asyncio, os, sys, time, base44_sso
        from base44_sso import _async
        client = base44_sso.Client(app_id=%(app)r, service_token=%(svc)r,
                                   server_url=%(url)r, timeout_ms=5000)

        async def main():
            calls = [asyncio.ensure_future(client.sso.aget_access_token(
                "!delay_ms=500&fork=%%d" %% n)) for n in range(3)]
            await asyncio.sleep(0.1)
            pid = os.fork()
            if pid == 0:
                started = time.monotonic()
                client.close()
                ok = _async.pending_count() == 0 and time.monotonic() - started < 0.3
                os._exit(0 if ok else 3)
            _, status = os.waitpid(pid, 0)
            print("child", os.WEXITSTATUS(status) if os.WIFEXITED(status) else "killed")
            print(",".join(await asyncio.gather(*calls)))

        asyncio.run(main())
        client.close()
    """) % {"app": APP_ID, "svc": SERVICE_TOKEN, "url": standin.url}
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT))
    finished = subprocess.run([sys.executable, "-c", script], env=env,
                              capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == [
        "child 0", ",".join("at-!delay_ms=500&fork=%d" % n for n in range(3))]
