"""The coroutine variants: same results, and the event loop keeps running."""

from __future__ import annotations

import asyncio
import time

import pytest

import base44_sso
from support import make_client

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
