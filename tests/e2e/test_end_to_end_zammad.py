"""End to end over real HTTP: signed Zammad webhook in -> real Redis -> real worker -> stub out."""

from __future__ import annotations

import json

import pytest
import redis
import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.local import serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.stubs.zammad import ZammadState, run_zammad_stub_in_thread
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.intake.auth import hub_signature
from helpdesk_empathy.ops import metrics
from helpdesk_empathy.pipeline.queue import make_inbox

pytestmark = pytest.mark.e2e

SECRET = "zammad-e2e-hmac"
TOKEN = "zammad-e2e-token"
ESCALATION_GROUP = 7


@pytest.fixture
def stub():
    url, state, shutdown = run_zammad_stub_in_thread(ZammadState(token=TOKEN))
    yield url, state
    shutdown()


@pytest.fixture
def settings(redis_server, redis_client, stub):
    url, state = stub
    return Settings(
        zammad=ZammadSettings(
            url=url, token=TOKEN, webhook_secret=SECRET, api_user_id=str(state.api_user["id"])
        ),
        redis_url=redis_server.url,
        escalation_group_id=str(ESCALATION_GROUP),
        queue_name="e2e-zammad",
    )


def deliver(session: requests.Session, url: str, payload: dict, delivery: str):
    raw = json.dumps(payload).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Zammad User Agent",
        "X-Zammad-Trigger": "helpdesk-empathy",
        "X-Zammad-Delivery": delivery,
        "X-Hub-Signature": hub_signature(SECRET, raw),
    }
    return session.post(url, data=raw, headers=headers, timeout=10)


def test_angry_repeat_contact_is_tagged_raised_routed_and_noted(settings, stub, redis_client):
    _, state = stub
    message = (
        "This is the THIRD time I am writing about order 88412 and it STILL has not arrived!!! "
        "I have been waiting three weeks. If nobody answers today I will cancel my account."
    )
    ticket = state.add_ticket(
        message,
        title="Order never arrived",
        priority_id=2,
        group_id=1,
        tags=["vip"],
        customer_firstname="Dana",
    )
    payload = state.webhook_payload(ticket["id"])

    with serve_app(settings) as web_url, worker_process(settings):
        response = deliver(requests.Session(), f"{web_url}/webhooks/zammad", payload, "z-1")
        assert response.status_code == 202
        assert wait_for_processed(redis_client, 1, timeout=60) == 1

    updated = state.get_ticket(ticket["id"])
    tags = state.get_tags(ticket["id"])
    assert "vip" in tags  # the ticket's existing tags survive
    assert "empathy_escalated" in tags
    assert any(tag.startswith("empathy_sentiment_") for tag in tags)
    assert updated["priority_id"] == 3
    assert updated["group_id"] == ESCALATION_GROUP
    notes = [a for a in state.get_articles(ticket["id"]) if a["internal"]]
    assert len(notes) == 1
    assert "Dana" in notes[0]["body"]
    assert notes[0]["created_by_id"] == state.api_user["id"]
    assert len(make_inbox(redis.Redis.from_url(settings.redis_url), settings)) == 0  # all taken
    # The worker counted its API calls through the one request path, as for Zendesk.
    calls = redis_client.hget(metrics.REDIS_KEY, "helpdesk_api_calls|helpdesk=zammad,status=200")
    assert int(calls or 0) >= 3


def test_redelivered_webhook_updates_the_ticket_once_and_our_note_does_not_loop(
    settings, stub, redis_client
):
    _, state = stub
    message = "Thanks a lot, the replacement arrived today and works perfectly!"
    ticket = state.add_ticket(message, title="Replacement", priority_id=1, group_id=1)
    payload = state.webhook_payload(ticket["id"])

    with serve_app(settings) as web_url, worker_process(settings):
        session = requests.Session()
        hook = f"{web_url}/webhooks/zammad"
        statuses = [deliver(session, hook, payload, "z-7").status_code for _ in range(3)]
        assert statuses == [202, 200, 200]
        assert wait_for_processed(redis_client, 1, timeout=60) == 1
        # Zammad's trigger fires again for our own internal note: it must be ignored.
        echo = deliver(session, hook, state.webhook_payload(ticket["id"]), "z-8")
        assert echo.status_code == 200 and echo.json()["status"] == "ignored"

    updated = state.get_ticket(ticket["id"])
    assert updated["priority_id"] == 1  # a happy customer's ticket is not raised
    assert updated["group_id"] != ESCALATION_GROUP
    notes = [a for a in state.get_articles(ticket["id"]) if a["internal"]]
    assert len(notes) == 1
    writes = [r for r in state.request_log() if r["path"] == "/api/v1/ticket_articles"]
    assert len(writes) == 1
