"""End to end over real HTTP: signed webhook in -> real Redis -> real worker process -> stub out."""

from __future__ import annotations

import pytest
import redis
import requests
from builders import settings_for

from helpdesk_empathy.dev.local import serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.simulate import deliver, event_envelope, trigger_body
from helpdesk_empathy.pipeline.queue import make_inbox

pytestmark = pytest.mark.e2e

SECRET = "ZTJlLXNpZ25pbmctc2VjcmV0"
ESCALATION_GROUP = "360000999"


@pytest.fixture
def settings(redis_server, redis_client, stub):
    url, state = stub
    return settings_for(
        redis_server.url,
        url,
        state,
        webhook_signing_secret=SECRET,
        escalation_group_id=ESCALATION_GROUP,
        queue_name="e2e",
    )


def test_angry_repeat_contact_is_tagged_raised_routed_and_noted(settings, stub, redis_client):
    _, state = stub
    message = (
        "This is the THIRD time I am writing about order 88412 and it STILL has not arrived!!! "
        "I have been waiting three weeks. If nobody answers today I will cancel my account."
    )
    ticket = state.add_ticket(
        text=message, subject="Order never arrived", priority="normal", tags=["vip"], group_id=100
    )
    body = trigger_body(ticket, message, first_name="Dana")

    with serve_app(settings) as web_url, worker_process(settings) as worker:
        response = deliver(requests.Session(), f"{web_url}/webhooks/zendesk", SECRET, body)
        assert response.status_code == 202
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1

    updated = state.get_ticket(ticket["id"])
    assert "vip" in updated["tags"]  # the customer's existing tags survive
    assert "empathy_escalated" in updated["tags"]
    assert any(tag.startswith("empathy_sentiment_") for tag in updated["tags"])
    assert updated["priority"] in {"high", "urgent"}
    assert str(updated["group_id"]) == ESCALATION_GROUP
    notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
    assert len(notes) == 1
    assert "Dana" in notes[0]["body"]
    assert len(make_inbox(redis.Redis.from_url(settings.redis_url), settings)) == 0  # all taken


def test_redelivered_webhook_updates_the_ticket_once(settings, stub, redis_client):
    _, state = stub
    message = "Thanks a lot, the replacement arrived today and works perfectly!"
    ticket = state.add_ticket(text=message, subject="Replacement", priority="low", group_id=100)
    body = trigger_body(ticket, message, first_name="Priya")

    with serve_app(settings) as web_url, worker_process(settings) as worker:
        session = requests.Session()
        hook = f"{web_url}/webhooks/zendesk"
        statuses = [
            deliver(session, hook, SECRET, body, invocation_id="inv-7").status_code
            for _ in range(3)
        ]
        assert statuses == [202, 200, 200]
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1

    updated = state.get_ticket(ticket["id"])
    assert updated["priority"] == "low"  # a happy customer's ticket is not raised
    assert str(updated.get("group_id")) != ESCALATION_GROUP
    notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
    assert len(notes) == 1
    puts = [r for r in state.request_log() if r["method"] == "PUT"]
    assert len(puts) == 1


def test_event_subscriptions_one_note_per_message_one_request(settings, stub, redis_client):
    """Zendesk announces a new ticket's first message twice: one note, one PUT, no GET."""
    _, state = stub
    message = "I have been waiting two weeks for my refund and nobody answers my e-mails."
    ticket = state.add_ticket(text=message, subject="Refund", priority="normal", tags=["billing"])
    first = event_envelope(ticket, message, kind="comment_added", author_name="Sam Requester")
    second = event_envelope(ticket, message, kind="ticket_created")
    before = len(state.request_log())

    with serve_app(settings) as web_url, worker_process(settings) as worker:
        session, hook = requests.Session(), f"{web_url}/webhooks/zendesk"
        statuses = [deliver(session, hook, SECRET, body).status_code for body in (first, second)]
        assert statuses == [202, 200]
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1

    notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
    assert len(notes) == 1 and "Sam" in notes[0]["body"]
    calls = [(r["method"], r["path"]) for r in state.request_log()[before:]]
    assert calls == [("PUT", f"/api/v2/tickets/{ticket['id']}")]
    assert "billing" in state.get_ticket(ticket["id"])["tags"]
