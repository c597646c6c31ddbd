"""Fixtures: the stand-in Base44 server and clients pointed at it."""

from __future__ import annotations

from typing import Iterator

import pytest

from support import StandIn, base44_sso, make_client


@pytest.fixture(scope="session")
def standin() -> Iterator[StandIn]:
    """The plain-http stand-in shared by the whole session."""
    server = StandIn()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fresh_standin(standin: StandIn) -> StandIn:
    """The shared stand-in with its request log and counters cleared."""
    standin.reset()
    return standin


@pytest.fixture
def client(standin: StandIn) -> Iterator[base44_sso.Client]:
    """A service-token client of the shared stand-in, closed after the test."""
    with make_client(standin) as made:
        yield made
