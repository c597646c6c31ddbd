"""sso.get_access_tokens and its coroutine: order, duplicates, errors, concurrency."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

import base44_sso
from support import make_client

DELAY_MS = 200


def tagged(*names):
    tag = uuid.uuid4().hex[:12]
    return ["%s-%s" % (name, tag) for name in names]


def access_token_paths(server):
    return [r["path"] for r in server.requests() if "/accesstoken/" in r["path"]]


def test_tokens_come_back_in_order(client):
    user_ids = tagged(*"edcba")
    assert client.sso.get_access_tokens(user_ids) == ["at-" + u for u in user_ids]


def test_duplicates_are_fetched_once(fresh_standin):
    a, b, c = tagged("a", "b", "c")
    with make_client(fresh_standin, cache="off") as client:
        tokens = client.sso.get_access_tokens([a, b, a, c, a, b])
        stats = client.stats()
    assert tokens == ["at-" + u for u in (a, b, a, c, a, b)]
    assert len(access_token_paths(fresh_standin)) == 3
    assert stats.requests == 3


def test_any_iterable_of_str(client):
    user_ids = tagged("x", "y")
    assert client.sso.get_access_tokens(u for u in user_ids) == ["at-" + u for u in user_ids]
    assert client.sso.get_access_tokens(tuple(user_ids)) == ["at-" + u for u in user_ids]


def test_empty_batch(fresh_standin):
    with make_client(fresh_standin) as client:
        assert client.sso.get_access_tokens([]) == []
        assert client.sso.get_access_tokens([], return_exceptions=True) == []
    assert fresh_standin.stats()["requests"] == 0


def test_tokens_are_str(client):
    assert all(type(t) is str for t in client.sso.get_access_tokens(tagged("s", "t")))


def test_the_first_failure_in_input_order_is_raised(fresh_standin):
    ok, = tagged("ok")
    tag = uuid.uuid4().hex
    user_ids = [ok, "!status=404&body=detail_code&tag=" + tag, "!status=403&tag=" + tag]
    with make_client(fresh_standin, max_retries=0) as client:
        with pytest.raises(base44_sso.NotFoundError) as caught:
            client.sso.get_access_tokens(user_ids)
        assert client.stats().errors == 2
    assert caught.value.status == 404 and caught.value.code == "SCENARIO_CODE"
    # Every entry was fetched before the error was raised.
    assert len(access_token_paths(fresh_standin)) == 3


def test_return_exceptions_mixes_tokens_and_errors(standin):
    ok1, ok2 = tagged("ok1", "ok2")
    tag = uuid.uuid4().hex
    not_found, forbidden = "!status=404&tag=" + tag, "!status=403&tag=" + tag
    user_ids = [ok1, not_found, ok2, forbidden, ok1]
    with make_client(standin, max_retries=0) as client:
        results = client.sso.get_access_tokens(user_ids, return_exceptions=True)
    assert results[0] == "at-" + ok1
    assert type(results[1]) is base44_sso.NotFoundError and results[1].status == 404
    assert results[2] == "at-" + ok2
    assert type(results[3]) is base44_sso.ForbiddenError and results[3].status == 403
    assert results[4] == "at-" + ok1


def test_all_failing_with_return_exceptions(standin):
    with make_client(standin, max_retries=0) as client:
        results = client.sso.get_access_tokens(
            ["!status=401&tag=" + uuid.uuid4().hex] * 2, return_exceptions=True)
    assert [type(r) for r in results] == [base44_sso.UnauthorizedError] * 2


@pytest.mark.parametrize("bad, match", [
    ("", "empty"), ("a\nb", "control"), ("x" * 1025, "1024"), ("a\0b", "NUL"),
    ("\ud800", "Unicode"),
])
def test_a_refused_entry_is_its_own_error(fresh_standin, bad, match):
    ok, = tagged("fine")
    with make_client(fresh_standin) as client:
        results = client.sso.get_access_tokens([ok, bad, ok], return_exceptions=True)
        with pytest.raises(base44_sso.InvalidArgumentError, match=match):
            client.sso.get_access_tokens([ok, bad])
    assert results[0] == results[2] == "at-" + ok
    assert isinstance(results[1], base44_sso.InvalidArgumentError)
    assert results[1].kind == "B44_ERR_INVALID_ARGUMENT"
    # Only the good id was sent, once per batch.
    assert len(access_token_paths(fresh_standin)) == 2


@pytest.mark.parametrize("user_ids", ["alice", b"alice", None, 42, ["ok", None], ["ok", b"x"]])
def test_wrong_types_are_type_errors(client, user_ids):
    with pytest.raises(TypeError):
        client.sso.get_access_tokens(user_ids)


def test_batch_uses_the_cache(standin):
    tag = uuid.uuid4().hex
    user_ids = ["!jwt_exp=600&u=%d&tag=%s" % (n, tag) for n in range(3)]
    with make_client(standin) as client:
        first = client.sso.get_access_tokens(user_ids)
        second = client.sso.get_access_tokens(user_ids)
        stats = client.stats()
    assert first == second and len(set(first)) == 3
    assert (stats.cache_misses, stats.cache_hits, stats.requests) == (3, 3, 3)


def test_batch_runs_concurrently_up_to_max_connections(standin):
    tag = uuid.uuid4().hex
    user_ids = ["!delay_ms=%d&u=%d&tag=%s" % (DELAY_MS, n, tag) for n in range(16)]
    with make_client(standin, max_connections=8) as client:
        started = time.monotonic()
        tokens = client.sso.get_access_tokens(user_ids)
        elapsed = time.monotonic() - started
    assert tokens == ["at-" + u for u in user_ids]
    serial = 16 * DELAY_MS / 1000
    assert elapsed < 0.5 * serial, "the batch did not overlap: %.2f s" % elapsed
    # At most 8 at once: two rounds of 200 ms at least.
    assert elapsed >= 2 * DELAY_MS / 1000 * 0.9, "more than 8 at once: %.2f s" % elapsed


def test_batch_after_close(standin):
    client = make_client(standin)
    client.close()
    with pytest.raises(base44_sso.ClientClosedError):
        client.sso.get_access_tokens(["a"])
    with pytest.raises(base44_sso.ClientClosedError):
        client.sso.get_access_tokens([])


# ---- the coroutine -------------------------------------------------------------

def test_aget_access_tokens(client):
    user_ids = tagged("p", "q", "p")
    tokens = asyncio.run(client.sso.aget_access_tokens(user_ids))
    assert tokens == ["at-" + u for u in user_ids]


def test_aget_access_tokens_errors(standin):
    user_ids = tagged("ok") + ["!status=404&tag=" + uuid.uuid4().hex]
    with make_client(standin, max_retries=0) as client:
        with pytest.raises(base44_sso.NotFoundError):
            asyncio.run(client.sso.aget_access_tokens(user_ids))
        results = asyncio.run(client.sso.aget_access_tokens(user_ids, return_exceptions=True))
    assert results[0] == "at-" + user_ids[0]
    assert isinstance(results[1], base44_sso.NotFoundError)


def test_aget_access_tokens_keeps_the_loop_running(client):
    tag = uuid.uuid4().hex
    user_ids = ["!delay_ms=%d&u=%d&tag=%s" % (DELAY_MS, n, tag) for n in range(4)]

    async def scenario():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        ticking = asyncio.ensure_future(ticker())
        tokens = await client.sso.aget_access_tokens(u for u in user_ids)
        ticking.cancel()
        return tokens, ticks

    tokens, ticks = asyncio.run(scenario())
    assert tokens == ["at-" + u for u in user_ids]
    assert ticks >= 8, "the event loop ticked only %d times" % ticks
