"""End to end over real HTTP: Freshdesk rule webhook in -> real Redis -> real worker -> stub out."""

from __future__ import annotations

import json
import time

import pytest
import redis
import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.local import serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.stubs.freshdesk import FreshdeskState, run_freshdesk_stub_in_thread
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.ops import audit, metrics
from helpdesk_empathy.pipeline.queue import make_inbox

pytestmark = pytest.mark.e2e

WEBHOOK_TOKEN = "fd-e2e-shared-token"
API_KEY = "fd-e2e-key"
ESCALATION_GROUP = 8800012


@pytest.fixture
def stub():
    url, state, shutdown = run_freshdesk_stub_in_thread(FreshdeskState(api_key=API_KEY))
    yield url, state
    shutdown()


@pytest.fixture
def settings(redis_server, redis_client, stub):
    url, _ = stub
    return Settings(
        freshdesk=FreshdeskSettings(
            base_url=url,
            api_key=API_KEY,
            webhook_token=WEBHOOK_TOKEN,
            escalation_group_id=str(ESCALATION_GROUP),
        ),
        redis_url=redis_server.url,
        escalation_group_id="360000999",
        queue_name="e2e-freshdesk",
    )


def deliver(session: requests.Session, url: str, body: dict):
    headers = {"Content-Type": "application/json", "X-Helpdesk-Empathy-Token": WEBHOOK_TOKEN}
    return session.post(url, data=json.dumps(body).encode(), headers=headers, timeout=10)


def test_angry_billing_reply_is_tagged_raised_routed_and_noted(settings, stub, redis_client):
    _, state = stub
    ticket = state.add_ticket(
        "I was charged twice this month.",
        subject="Charged twice",
        priority=2,
        tags=["vip"],
        requester_name="Priya Raman",
    )
    message = (
        "This is the THIRD time I am writing and NOBODY has answered!!! I was charged twice "
        "and I want my refund today, or I will dispute the charge with my bank and cancel."
    )
    body = state.webhook_body(ticket["id"], message)  # ids only: the worker reads the reply

    with serve_app(settings) as web_url, worker_process(settings):
        response = deliver(requests.Session(), f"{web_url}/webhooks/freshdesk", body)
        assert response.status_code == 202
        assert wait_for_processed(redis_client, 1, timeout=60) == 1

    updated = state.get_ticket(ticket["id"])
    assert updated["tags"][0] == "vip"  # read-merge-write kept the existing tag
    assert "empathy_escalated" in updated["tags"]
    assert updated["priority"] >= 3
    assert updated["group_id"] == ESCALATION_GROUP
    notes = [c for c in state.get_conversations(ticket["id"]) if c["private"]]
    assert len(notes) == 1
    assert "Priya" in notes[0]["body"]
    methods = [(r["method"], r["path"]) for r in state.request_log()]
    path = f"/api/v2/tickets/{ticket['id']}"
    reads = [("GET", path), ("GET", f"{path}/conversations")]
    assert methods == [*reads, ("GET", path), ("PUT", path), ("POST", f"{path}/notes")]
    assert len(make_inbox(redis.Redis.from_url(settings.redis_url), settings)) == 0  # all taken
    # The worker counted its API calls through the one request path, as for Zendesk.
    calls = redis_client.hget(metrics.REDIS_KEY, "helpdesk_api_calls|helpdesk=freshdesk,status=200")
    assert int(calls or 0) >= 3


def test_repeated_delivery_and_our_own_note_do_not_write_twice(settings, stub, redis_client):
    _, state = stub
    ticket = state.add_ticket("Where is my parcel?", subject="Parcel", priority=1)
    message = "Thanks a lot, the parcel arrived today and everything works perfectly!"
    body = state.webhook_body(ticket["id"], message)

    with serve_app(settings) as web_url, worker_process(settings):
        session = requests.Session()
        hook = f"{web_url}/webhooks/freshdesk"
        statuses = [deliver(session, hook, body).status_code for _ in range(3)]
        assert statuses == [202, 202, 202]  # ids only: the worker dedupes on the reply it reads
        assert wait_for_processed(redis_client, 1, timeout=60) == 1
        inbox = make_inbox(redis_client, settings)
        deadline = time.monotonic() + 30
        while len(inbox) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # the last calls are read and found already handed over
        assert redis_client.xlen(audit.AUDIT_STREAM) == 1  # scored once, not three times
        # A rule that also listens to notes fires for our private note: it must be ignored.
        echo = dict(body, triggered_event="{note_type:private}")
        assert deliver(session, hook, echo).json()["status"] == "ignored"

    updated = state.get_ticket(ticket["id"])
    assert updated["priority"] == 1  # a happy customer's ticket is not raised
    assert updated["group_id"] is None
    assert sum(c["private"] for c in state.get_conversations(ticket["id"])) == 1
    assert sum(r["method"] == "POST" for r in state.request_log()) == 1
