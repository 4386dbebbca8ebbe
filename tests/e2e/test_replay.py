"""Replays and duplicates: one signed delivery sent 100 times at once is one job, one update."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from builders import settings_for

from helpdesk_empathy.dev.local import serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.simulate import trigger_body
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.pipeline.queue import make_queue

pytestmark = pytest.mark.e2e

SECRET = "cmVwbGF5LXNlY3JldA=="
COPIES = 100
FIXTURES = Path(__file__).parents[1] / "fixtures" / "webhooks"


@pytest.fixture
def settings(redis_server, redis_client, stub):
    url, state = stub
    return settings_for(
        redis_server.url, url, state, webhook_signing_secret=SECRET, queue_name="replay"
    )


def post_concurrently(url: str, body: bytes, headers_for) -> list[requests.Response]:
    """COPIES posts from 32 threads, each with its own connection, as a retry storm would."""

    def post(index: int) -> requests.Response:
        with requests.Session() as session:
            return session.post(url, data=body, headers=headers_for(index), timeout=30)

    with ThreadPoolExecutor(max_workers=32) as pool:
        return list(pool.map(post, range(COPIES)))


def ticket_writes(state, ticket_id: int) -> int:
    """Successful write requests that touched the ticket (single PUT or a batch)."""
    writes = [r for r in state.request_log() if r["method"] == "PUT" and r["status"] < 300]
    return sum(1 for r in writes if str(ticket_id) in r["path"] or "update_many" in r["path"])


def notes(state, ticket_id: int) -> int:
    return sum(1 for comment in state.get_comments(ticket_id) if not comment["public"])


def test_same_signed_delivery_100_times_concurrently_is_one_job_and_one_update(
    settings, stub, redis_client
):
    _, state = stub
    message = "My order is three weeks late and nobody answers. I want a refund now."
    ticket = state.add_ticket(text=message, subject="Late order", group_id=100)
    body = json.dumps(trigger_body(ticket, first_name="Ana")).encode()
    # Byte-identical replays: same body, signature, timestamp and invocation id.
    headers = signed_headers(SECRET, body, invocation_id="inv-storm", at=time.time())
    queue = make_queue(redis_client, settings)

    with serve_app(settings) as web_url:
        responses = post_concurrently(f"{web_url}/webhooks/zendesk", body, lambda _: headers)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] * (COPIES - 1) + [202]
        assert {r.json()["status"] for r in responses if r.status_code == 200} == {"duplicate"}
        assert len({r.json()["job_id"] for r in responses}) == 1
        assert len(queue) == 1
        with worker_process(settings):
            assert wait_for_processed(redis_client, 1, timeout=60) == 1
            time.sleep(1.0)  # a second, wrong job or write would land meanwhile
        assert wait_for_processed(redis_client, 2, timeout=0) == 1

    assert notes(state, ticket["id"]) == 1
    assert ticket_writes(state, ticket["id"]) == 1


def test_same_event_under_different_invocation_ids_is_one_job(settings, redis_client):
    """Event envelopes are deduplicated by the event id, whatever the delivery attempt."""
    body = (FIXTURES / "event_comment_added.json").read_bytes()
    queue = make_queue(redis_client, settings)
    with serve_app(settings) as web_url:
        responses = post_concurrently(
            f"{web_url}/webhooks/zendesk",
            body,
            lambda i: signed_headers(SECRET, body, invocation_id=f"attempt-{i}", at=time.time()),
        )
    assert sorted(r.status_code for r in responses) == [200] * (COPIES - 1) + [202]
    assert len(queue) == 1


def test_a_replayed_delivery_outside_the_window_is_refused(settings, redis_client):
    """A captured delivery replayed later, even once the dedupe mark expired, gets 401."""
    body = (FIXTURES / "trigger_comment_en.json").read_bytes()
    window = settings.replay_window_seconds
    queue = make_queue(redis_client, settings)
    with serve_app(settings) as web_url:
        hook = f"{web_url}/webhooks/zendesk"
        for age in (window + 5, 3600, 86400):
            headers = signed_headers(SECRET, body, invocation_id=f"old-{age}", at=time.time() - age)
            response = requests.post(hook, data=body, headers=headers, timeout=10)
            assert response.status_code == 401
            assert "replay window" in response.json()["reason"]
        fresh = signed_headers(SECRET, body, invocation_id="fresh", at=time.time() - window + 30)
        assert requests.post(hook, data=body, headers=fresh, timeout=10).status_code == 202
    assert len(queue) == 1
