"""The embedded Redis is a real server that other processes can reach over TCP."""

import redis


def test_real_server_round_trip(redis_server, redis_client):
    redis_client.set("k", "v")
    other = redis.Redis.from_url(redis_server.url)
    assert other.get("k") == b"v"
    assert other.info("server")["redis_version"]
