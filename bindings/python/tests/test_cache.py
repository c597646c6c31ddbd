"""The token cache, invalidate() and stats(), against the stand-in.

The stand-in's `!jwt_exp=600` scenario answers with a JWT whose `exp` is 600 s
away and whose payload carries a fetch number, so two equal tokens mean one
fetch served twice (a cache hit). The cache is process-wide: every test uses
its own `tag=` so no other test's entries answer it.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid

import pytest

import base44_sso
from base44_sso import _ffi
from support import make_client


def jwt_user(**extra):
    """A fresh user id whose tokens are cacheable JWTs."""
    params = dict(jwt_exp=600, tag=uuid.uuid4().hex)
    params.update(extra)
    return "!" + "&".join("%s=%s" % item for item in params.items())


def counters(client, *names):
    stats = client.stats()
    return {name: getattr(stats, name) for name in names}


def test_a_cached_jwt_is_served_twice(fresh_standin):
    user_id = jwt_user()
    with make_client(fresh_standin) as client:
        first = client.sso.get_access_token(user_id)
        second = client.sso.get_access_token(user_id)
        stats = client.stats()
    assert first.count(".") == 2  # a JWT
    assert second == first
    assert (stats.cache_misses, stats.cache_hits, stats.requests) == (1, 1, 1)
    assert fresh_standin.stats()["requests"] == 1


def test_cache_off_fetches_every_time(standin):
    user_id = jwt_user()
    with make_client(standin, cache="off") as client:
        first = client.sso.get_access_token(user_id)
        second = client.sso.get_access_token(user_id)
        stats = client.stats()
    assert first != second
    assert stats.requests == 2
    assert stats.cache_hits == 0


def test_opaque_tokens_are_not_cached_by_default(standin):
    user_id = "opaque-" + uuid.uuid4().hex
    with make_client(standin) as client:
        client.sso.get_access_token(user_id)
        client.sso.get_access_token(user_id)
        assert counters(client, "requests", "cache_hits") == {"requests": 2, "cache_hits": 0}


def test_cache_ttl_s_caches_opaque_tokens(standin):
    user_id = "opaque-" + uuid.uuid4().hex
    with make_client(standin, cache_ttl_s=60) as client:
        assert client.sso.get_access_token(user_id) == "at-" + user_id
        assert client.sso.get_access_token(user_id) == "at-" + user_id
        assert counters(client, "requests", "cache_hits") == {"requests": 1, "cache_hits": 1}


def test_the_cache_is_shared_by_clients_of_the_same_credentials(standin):
    user_id = jwt_user()
    with make_client(standin) as one, make_client(standin) as other:
        assert one.sso.get_access_token(user_id) == other.sso.get_access_token(user_id)
        assert other.stats().cache_hits == 1
        assert other.stats().requests == 0


def test_invalidate_drops_the_cached_token(standin):
    user_id = jwt_user()
    with make_client(standin) as client:
        first = client.sso.get_access_token(user_id)
        assert client.sso.get_access_token(user_id) == first
        assert client.invalidate(user_id) is None
        third = client.sso.get_access_token(user_id)
        stats = client.stats()
    assert third != first
    assert (stats.cache_misses, stats.cache_hits, stats.requests) == (2, 1, 2)


def test_invalidate_reaches_every_client(standin):
    user_id = jwt_user()
    with make_client(standin) as one, make_client(standin) as other:
        first = one.sso.get_access_token(user_id)
        other.invalidate(user_id)
        assert one.sso.get_access_token(user_id) != first


def test_invalidate_keeps_other_users(standin):
    kept, dropped = jwt_user(), jwt_user()
    with make_client(standin) as client:
        kept_token = client.sso.get_access_token(kept)
        client.sso.get_access_token(dropped)
        client.invalidate(dropped)
        assert client.sso.get_access_token(kept) == kept_token


def test_invalidate_of_an_unknown_user_is_harmless(client):
    client.invalidate("never-fetched-" + uuid.uuid4().hex)


@pytest.mark.parametrize("user_id, error", [
    (None, TypeError), (42, TypeError), ("a\0b", base44_sso.InvalidArgumentError),
])
def test_invalidate_checks_its_argument(client, user_id, error):
    with pytest.raises(error):
        client.invalidate(user_id)


def test_concurrent_misses_make_one_request(standin):
    user_id = jwt_user(delay_ms=300)
    tokens = []
    start = threading.Barrier(4)

    with make_client(standin) as client:
        def fetch():
            start.wait()
            tokens.append(client.sso.get_access_token(user_id))

        threads = [threading.Thread(target=fetch) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        stats = client.stats()
    assert len(tokens) == 4 and len(set(tokens)) == 1
    assert stats.requests == 1
    assert stats.cache_misses == 1
    assert stats.coalesced_waits >= 1
    assert stats.coalesced_waits + stats.cache_hits == 3


# ---- stats -------------------------------------------------------------------

def test_stats_of_a_new_client_are_zero(client):
    assert client.stats() == base44_sso.ClientStats(0, 0, 0, 0, 0, 0)


def test_stats_fields_are_the_header_fields():
    names = [field.name for field in dataclasses.fields(base44_sso.ClientStats)]
    assert names == [name for name, _ in _ffi.Stats._fields_]
    assert names == ["requests", "cache_hits", "cache_misses", "coalesced_waits",
                     "retries", "errors"]


def test_stats_are_frozen_ints(client):
    client.sso.get_access_token("stats-" + uuid.uuid4().hex)
    stats = client.stats()
    assert all(type(value) is int for value in dataclasses.astuple(stats))
    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.requests = 0  # type: ignore[misc]


def test_stats_count_retries_and_errors(standin):
    tag = uuid.uuid4().hex
    with make_client(standin, max_retries=1, cache="off") as client:
        user_id = "!status=503&times=1&tag=" + tag
        assert client.sso.get_access_token(user_id) == "at-" + user_id
        assert counters(client, "requests", "retries", "errors") == {
            "requests": 2, "retries": 1, "errors": 0}
        with pytest.raises(base44_sso.NotFoundError):
            client.sso.get_access_token("!status=404&tag=" + tag)
        with pytest.raises(base44_sso.InvalidArgumentError):
            client.sso.get_access_token("")
        assert counters(client, "requests", "retries", "errors") == {
            "requests": 3, "retries": 1, "errors": 2}


def test_stats_are_per_client(standin):
    with make_client(standin) as busy, make_client(standin) as idle:
        busy.sso.get_access_token("per-client-" + uuid.uuid4().hex)
        assert busy.stats().requests == 1
        assert idle.stats().requests == 0
