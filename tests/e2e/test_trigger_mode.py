"""Zendesk trigger mode end to end: the body carries ids only, the worker reads the comment.

Real HTTP all the way: signed webhook -> web app -> Redis -> worker process -> local stub.
"""

from __future__ import annotations

import json
import time

import pytest
import requests
from builders import settings_for

from helpdesk_empathy.dev.local import serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.simulate import trigger_body
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers

pytestmark = pytest.mark.e2e

SECRET = "dHJpZ2dlci1tb2RlLXNlY3JldA=="
# Quotes, a backslash and line breaks: what {{ticket.latest_comment}} would not escape.
MESSAGE = (
    'Your "express" delivery is a joke.\nThird time I write about order 4471 \\ nobody '
    'answers!!!\n\nI will "cancel" my account today.'
)


@pytest.fixture
def settings(redis_server, redis_client, stub):
    url, state = stub
    return settings_for(
        redis_server.url, url, state, webhook_signing_secret=SECRET, queue_name="e2e-trigger"
    )


def post(web_url: str, body: bytes, *, invocation: str, at: float) -> requests.Response:
    headers = signed_headers(SECRET, body, invocation_id=invocation, at=at)
    return requests.post(f"{web_url}/webhooks/zendesk", data=body, headers=headers, timeout=10)


def notes(state, ticket_id: int) -> list[str]:
    return [c["body"] for c in state.get_comments(ticket_id) if not c["public"]]


def test_the_worker_reads_the_customers_words_and_a_retry_writes_once(settings, stub, redis_client):
    _, state = stub
    ticket = state.add_ticket(text="Where is my order?", subject="Order", tags=["vip"])
    state.add_customer_comment(ticket["id"], MESSAGE)
    current = state.get_ticket(ticket["id"])
    body = json.dumps(trigger_body(current, first_name="Dana")).encode()
    assert b"cancel" not in body and b"joke" not in body  # no customer text in the body
    # An agent answers publicly before the worker gets to it: the customer's words still count.
    state.agent_edit(ticket["id"], reply="Sorry, looking into it now.")
    now = time.time()
    with serve_app(settings) as web_url, worker_process(settings) as worker:
        assert post(web_url, body, invocation="inv-1", at=now).status_code == 202
        # Zendesk retries, signed anew a second later: a new delivery at intake, the same
        # comment in the worker.
        assert post(web_url, body, invocation="inv-1", at=now + 1).status_code == 202
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) >= 1
        time.sleep(1.5)  # a second write would land meanwhile
    updated = state.get_ticket(ticket["id"])
    assert "vip" in updated["tags"]
    assert "empathy_escalated" in updated["tags"]  # churn threat, anger, repeat contact
    [note] = notes(state, ticket["id"])
    assert "Dana" in note and "Ref. he-" in note
    # The stamp guessed from the comment's time is stale (the agent's reply changed the
    # ticket): Zendesk answers 409, the worker re-reads and merges; nothing of the agent's lost.
    ours = [r for r in state.request_log() if str(ticket["id"]) in r["path"]]
    assert [r["status"] for r in ours if r["method"] == "PUT"] == [409, 200]
    assert "Sorry, looking into it now." in [c["body"] for c in state.get_comments(ticket["id"])]


def test_an_event_costs_a_comment_read_and_one_put(settings, stub, redis_client):
    _, state = stub
    ticket = state.add_ticket(text="Hello", subject="Order", priority="low")
    state.add_customer_comment(ticket["id"], MESSAGE)
    body = json.dumps(trigger_body(state.get_ticket(ticket["id"]), first_name="Sam")).encode()
    with serve_app(settings) as web_url, worker_process(settings) as worker:
        assert post(web_url, body, invocation="inv-3", at=time.time()).status_code == 202
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1
    ours = [(r["method"], r["path"], r["status"]) for r in state.request_log()]
    tid = ticket["id"]
    # The comment's exact time is the safe_update stamp: no GET of the ticket is needed.
    assert ours == [
        ("GET", f"/api/v2/tickets/{tid}/comments", 200),
        ("PUT", f"/api/v2/tickets/{tid}", 200),
    ]
    assert state.get_ticket(tid)["priority"] in {"high", "urgent"}


def test_a_ticket_without_an_end_user_comment_is_skipped(settings, stub, redis_client):
    _, state = stub
    ticket = state.add_ticket(text="", subject="Opened by phone")
    state.agent_edit(ticket["id"], reply="Logged your call, we will be in touch.")
    body = json.dumps(trigger_body(state.get_ticket(ticket["id"]))).encode()
    with serve_app(settings) as web_url, worker_process(settings):
        assert post(web_url, body, invocation="inv-2", at=time.time()).status_code == 202
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            reads = [r for r in state.request_log() if r["path"].endswith("/comments")]
            if reads:
                break
            time.sleep(0.1)
        time.sleep(1.0)
    assert reads and notes(state, ticket["id"]) == []
    assert not [r for r in state.request_log() if r["method"] == "PUT"]
