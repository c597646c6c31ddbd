"""One client shared by threads; calls release the GIL and overlap."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from support import make_client

DELAY_MS = 300


def test_threads_share_one_client(client):
    user_ids = ["user-%d" % n for n in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(pool.map(client.sso.get_access_token, user_ids))
        id_tokens = list(pool.map(client.sso.get_id_token, user_ids))
    assert tokens == ["at-" + u for u in user_ids]
    assert id_tokens == ["idt-" + u for u in user_ids]


def test_calls_overlap(standin):
    # Four 300 ms answers on four threads: serialised calls would need 1.2 s.
    with make_client(standin) as client:
        client.sso.get_access_token("warm-up")
        user_ids = ["!delay_ms=%d&tag=overlap-%d" % (DELAY_MS, n) for n in range(4)]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            tokens = list(pool.map(client.sso.get_access_token, user_ids))
        elapsed = time.monotonic() - started
    assert tokens == ["at-" + u for u in user_ids]
    assert elapsed < 0.8 * 4 * DELAY_MS / 1000, "calls did not overlap: %.2f s" % elapsed


def test_python_threads_run_while_a_call_waits(client):
    # ctypes must release the GIL during the call, or the counter stands still.
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.005)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        client.sso.get_access_token("!delay_ms=%d" % DELAY_MS)
        during_call = ticks
    finally:
        done.set()
        counter.join()
    assert during_call >= 10, "only %d ticks in %d ms" % (during_call, DELAY_MS)


def test_mixed_calls_and_errors_from_threads(standin):
    with make_client(standin, user_token="ut-quinn", max_retries=0) as client:
        def work(n):
            if n % 3 == 0:
                return client.auth.me()["id"]
            if n % 3 == 1:
                return client.sso.get_access_token("quinn")
            try:
                client.sso.get_id_token("!status=404")
            except Exception as exc:  # noqa: BLE001 - the class is the result
                return type(exc).__name__
            return "no error"

        with ThreadPoolExecutor(max_workers=6) as pool:
            results = list(pool.map(work, range(30)))
    expected = ["quinn", "at-quinn", "NotFoundError"] * 10
    assert results == expected
