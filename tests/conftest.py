"""Shared fixtures: a real Redis server for the whole run, flushed between tests."""

from __future__ import annotations

import pytest
import redis

from helpdesk_empathy.embedded_redis import EmbeddedRedis


@pytest.fixture(scope="session")
def redis_server():
    with EmbeddedRedis() as server:
        yield server


@pytest.fixture
def redis_client(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    yield client
    client.close()
