"""A worker asked to stop (SIGTERM, as a platform's process manager sends) stops promptly,
and does not mistake its own shutdown for a Redis outage."""

import signal
import time

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.local import worker_process
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings


def test_an_idle_worker_stops_on_sigterm(redis_server):
    settings = Settings(
        redis_url=redis_server.url,
        zendesk=ZendeskSettings(base_url="http://127.0.0.1:9", email="a@b.c", api_token="t"),
    )
    with worker_process(settings) as process:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not redis_server_has_worker(redis_server):
            time.sleep(0.1)
        assert redis_server_has_worker(redis_server), "the worker never registered"
        asked = time.monotonic()
        process.terminate()
        process.wait(timeout=20)
        stopped_after = time.monotonic() - asked
    # 0 after RQ's warm shutdown; -SIGTERM if the signal came before RQ set its handlers.
    assert process.returncode in (0, -signal.SIGTERM)
    assert stopped_after < 10, stopped_after  # not restarted as after an outage


def redis_server_has_worker(server) -> bool:
    import redis

    return bool(redis.Redis.from_url(server.url).smembers("rq:workers"))
