"""Shared fixtures: a real Redis server for the whole run, flushed between tests."""

from __future__ import annotations

import pytest
import redis

from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.pipeline.queue import make_inbox


@pytest.fixture(scope="session")
def redis_server():
    with EmbeddedRedis() as server:
        yield server


@pytest.fixture
def stub():
    """The Zendesk stub over real HTTP: (base URL, state)."""
    url, state, shutdown = run_stub_in_thread()
    yield url, state
    shutdown()


@pytest.fixture
def redis_client(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    yield client
    client.close()


# The web app and its inbox, for the module's own `settings` fixture.
@pytest.fixture
def client(settings, redis_client):
    return create_app(settings).test_client()


@pytest.fixture
def queue(settings, redis_client):
    return make_inbox(redis_client, settings)
