"""End to end over real HTTP, for every helpdesk kind: webhook in -> real Redis -> worker -> stub.

The behaviour is the same for every helpdesk (an angry message is tagged, raised, routed and
noted; a redelivery writes once; our own note does not loop); each `Case` says how its helpdesk
is set up, addressed and read back. Checks that differ really by helpdesk live in the case.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import redis
import requests
from builders import settings_for

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.local import serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.simulate import event_envelope, trigger_body
from helpdesk_empathy.dev.stubs.freshdesk import FreshdeskState, run_freshdesk_stub_in_thread
from helpdesk_empathy.dev.stubs.zammad import ZammadState, run_zammad_stub_in_thread
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.registry import KINDS
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.intake.auth import hub_signature
from helpdesk_empathy.ops import audit, metrics
from helpdesk_empathy.pipeline.queue import make_inbox

pytestmark = pytest.mark.e2e

ANGRY = (
    "This is the THIRD time I am writing about order 88412 and it STILL has not arrived!!! "
    "I have been waiting three weeks. If nobody answers today I will cancel my account."
)
HAPPY = "Thanks a lot, the replacement arrived today and works perfectly!"
GLOBAL_ESCALATION_GROUP = "360000999"
SIGNED_AT: dict[str, float] = {}  # delivery id -> when Zendesk signed it


@dataclass
class Seen:
    """A ticket as the stub holds it after the run, in terms every helpdesk shares."""

    tags: list[str]
    priority: int  # 1 low .. 4 urgent
    group: str
    notes: list[str]  # internal note bodies


class Case:
    """How one helpdesk is run, fed and read back in these tests."""

    escalation_group = GLOBAL_ESCALATION_GROUP
    first_group = "None"  # the group a new ticket is in (str() of its id, as Seen keeps it)
    redelivery_statuses = [202, 200, 200]  # a repeated delivery id is refused at the door
    api_calls = 3  # read the ticket, write it, post the note

    def stub(self) -> tuple[str, Any, Any]:
        raise NotImplementedError

    name = ""  # the registry's name, Settings' section
    routes_to = GLOBAL_ESCALATION_GROUP  # ESCALATION_GROUP_ID

    def settings(self, redis_url: str, url: str, state: Any) -> Settings:
        sections = {self.name: self.section(url, state)}
        return Settings(
            redis_url=redis_url,
            escalation_group_id=self.routes_to,
            queue_name=f"e2e-{self.name}",
            **sections,
        )

    def section(self, url: str, state: Any) -> Any:
        """The helpdesk's settings section, pointed at its stub."""
        raise NotImplementedError

    def open_ticket(self, state: Any, message: str, *, angry: bool) -> tuple[int, dict]:
        """A ticket whose latest customer message is `message`, and the webhook announcing it."""
        raise NotImplementedError

    def deliver(self, session: requests.Session, hook: str, body: dict, delivery: str):
        raise NotImplementedError

    def seen(self, state: Any, ticket_id: int) -> Seen:
        raise NotImplementedError

    def note_writes(self, state: Any) -> int:
        """How many requests wrote a note."""
        raise NotImplementedError

    def echo(self, state: Any, ticket_id: int, body: dict) -> dict | None:
        """The webhook the helpdesk sends for our own note, if its trigger can fire for it."""
        return None

    def check_angry(self, state: Any, ticket_id: int) -> None:
        """Checks only this helpdesk has."""


class ZendeskCase(Case):
    secret = "ZTJlLXNpZ25pbmctc2VjcmV0"
    ranks = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
    first_group = "100"
    api_calls = 1  # the webhook carries the ticket: one PUT with the note

    def stub(self):
        return run_stub_in_thread()

    def settings(self, redis_url, url, state):
        return settings_for(
            redis_url,
            url,
            state,
            webhook_signing_secret=self.secret,
            escalation_group_id=GLOBAL_ESCALATION_GROUP,
            queue_name="e2e",
        )

    def open_ticket(self, state, message, *, angry):
        fields = {"priority": "normal", "tags": ["vip"]} if angry else {"priority": "low"}
        ticket = state.add_ticket(text=message, subject="Order", group_id=100, **fields)
        return ticket["id"], trigger_body(ticket, first_name="Dana")

    def deliver(self, session, hook, body, delivery):
        # A retry resends the same signed delivery (body, signature and its timestamp): trigger
        # deliveries are named by that signed content.
        at = SIGNED_AT.setdefault(delivery, time.time())
        raw = json.dumps(body).encode()
        headers = signed_headers(self.secret, raw, invocation_id=delivery, at=at)
        return session.post(hook, data=raw, headers=headers, timeout=10)

    def seen(self, state, ticket_id):
        ticket = state.get_ticket(ticket_id)
        notes = [c["body"] for c in state.get_comments(ticket_id) if not c["public"]]
        group = str(ticket.get("group_id"))
        return Seen(ticket["tags"], self.ranks[ticket["priority"]], group, notes)

    def note_writes(self, state):
        return sum(r["method"] == "PUT" for r in state.request_log())  # the note rides the PUT


class ZammadCase(Case):
    secret = "zammad-e2e-hmac"
    token = "zammad-e2e-token"
    name = "zammad"
    escalation_group = routes_to = "7"
    first_group = "1"

    def stub(self):
        return run_zammad_stub_in_thread(ZammadState(token=self.token))

    def section(self, url, state):
        api_user_id = str(state.api_user["id"])
        return ZammadSettings(url, self.token, self.secret, api_user_id=api_user_id)

    def open_ticket(self, state, message, *, angry):
        fields = {"priority_id": 2, "tags": ["vip"]} if angry else {"priority_id": 1}
        ticket = state.add_ticket(
            message, title="Order", group_id=1, customer_firstname="Dana", **fields
        )
        return ticket["id"], state.webhook_payload(ticket["id"])

    def deliver(self, session, hook, body, delivery):
        raw = json.dumps(body).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Zammad User Agent",
            "X-Zammad-Trigger": "helpdesk-empathy",
            "X-Zammad-Delivery": delivery,
            "X-Hub-Signature": hub_signature(self.secret, raw),
        }
        return session.post(hook, data=raw, headers=headers, timeout=10)

    def seen(self, state, ticket_id):
        ticket = state.get_ticket(ticket_id)
        notes = [a["body"] for a in state.get_articles(ticket_id) if a["internal"]]
        tags = state.get_tags(ticket_id)
        return Seen(tags, ticket["priority_id"], str(ticket["group_id"]), notes)

    def note_writes(self, state):
        return sum(r["path"] == "/api/v1/ticket_articles" for r in state.request_log())

    def echo(self, state, ticket_id, body):
        # Zammad's trigger fires again for our internal note (its latest article now).
        return state.webhook_payload(ticket_id)

    def check_angry(self, state, ticket_id):
        notes = [a for a in state.get_articles(ticket_id) if a["internal"]]
        assert notes[0]["created_by_id"] == state.api_user["id"]  # written as our API user


class FreshdeskCase(Case):
    name = "freshdesk"
    token = "fd-e2e-shared-token"
    api_key = "fd-e2e-key"
    escalation_group = "8800012"  # the section's own group wins over the global one
    redelivery_statuses = [202, 202, 202]  # ids only: the worker dedupes on the reply it reads

    def stub(self):
        return run_freshdesk_stub_in_thread(FreshdeskState(api_key=self.api_key))

    def section(self, url, state):
        return FreshdeskSettings(
            base_url=url,
            api_key=self.api_key,
            webhook_token=self.token,
            escalation_group_id=self.escalation_group,
        )

    def open_ticket(self, state, message, *, angry):
        fields = {"priority": 2, "tags": ["vip"]} if angry else {"priority": 1}
        ticket = state.add_ticket(
            "Where is my order 88412?", subject="Order", requester_name="Dana Raman", **fields
        )
        return ticket["id"], state.webhook_body(ticket["id"], message)  # the worker reads it

    def deliver(self, session, hook, body, delivery):
        headers = {"Content-Type": "application/json", "X-Helpdesk-Empathy-Token": self.token}
        return session.post(hook, data=json.dumps(body).encode(), headers=headers, timeout=10)

    def seen(self, state, ticket_id):
        ticket = state.get_ticket(ticket_id)
        notes = [c["body"] for c in state.get_conversations(ticket_id) if c["private"]]
        return Seen(ticket["tags"], ticket["priority"], str(ticket["group_id"]), notes)

    def note_writes(self, state):
        return sum(r["method"] == "POST" for r in state.request_log())

    def echo(self, state, ticket_id, body):
        # A rule that also listens to notes fires for our private note.
        return dict(body, triggered_event="{note_type:private}")

    def check_angry(self, state, ticket_id):
        # Read the ticket and its conversation, then read-merge-write and post the note.
        path = f"/api/v2/tickets/{ticket_id}"
        methods = [(r["method"], r["path"]) for r in state.request_log()]
        reads = [("GET", path), ("GET", f"{path}/conversations")]
        assert methods == [*reads, ("GET", path), ("PUT", path), ("POST", f"{path}/notes")]
        assert state.get_ticket(ticket_id)["tags"][0] == "vip"  # kept first by the merge


CASES: dict[str, Case] = {
    "zendesk": ZendeskCase(),
    "zammad": ZammadCase(),
    "freshdesk": FreshdeskCase(),
}


def test_every_registered_helpdesk_has_an_end_to_end_case():
    assert sorted(CASES) == sorted(kind.name for kind in KINDS)


@pytest.fixture(params=[kind.name for kind in KINDS])
def run(request, redis_server, redis_client) -> Iterator[tuple[str, Case, Any, Settings]]:
    """(helpdesk name, its case, the stub's state, settings pointed at it and at Redis)."""
    case = CASES[request.param]
    url, state, shutdown = case.stub()
    try:
        yield request.param, case, state, case.settings(redis_server.url, url, state)
    finally:
        shutdown()


@contextmanager
def running(settings: Settings, name: str) -> Iterator[tuple[requests.Session, str, Any]]:
    """The web app and one worker: (session, webhook URL, worker)."""
    with serve_app(settings) as web_url, worker_process(settings) as worker:
        yield requests.Session(), f"{web_url}/webhooks/{name}", worker


def test_angry_repeat_contact_is_tagged_raised_routed_and_noted(run, redis_client):
    name, case, state, settings = run
    ticket_id, body = case.open_ticket(state, ANGRY, angry=True)

    with running(settings, name) as (session, hook, worker):
        assert case.deliver(session, hook, body, "d-1").status_code == 202
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1

    seen = case.seen(state, ticket_id)
    assert "vip" in seen.tags  # the ticket's existing tags survive
    assert "empathy_escalated" in seen.tags
    assert any(tag.startswith("empathy_sentiment_") for tag in seen.tags)
    assert seen.priority >= 3
    assert seen.group == case.escalation_group
    assert len(seen.notes) == 1
    assert "Dana" in seen.notes[0]
    case.check_angry(state, ticket_id)
    assert len(make_inbox(redis.Redis.from_url(settings.redis_url), settings)) == 0  # all taken
    # The worker counted its API calls through the one request path.
    calls = redis_client.hget(metrics.REDIS_KEY, f"helpdesk_api_calls|helpdesk={name},status=200")
    assert int(calls or 0) >= case.api_calls


def test_redelivered_webhook_writes_once_and_our_note_does_not_loop(run, redis_client):
    name, case, state, settings = run
    ticket_id, body = case.open_ticket(state, HAPPY, angry=False)

    with running(settings, name) as (session, hook, worker):
        statuses = [case.deliver(session, hook, body, "d-7").status_code for _ in range(3)]
        assert statuses == case.redelivery_statuses
        assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1
        inbox = make_inbox(redis_client, settings)
        deadline = time.monotonic() + 30
        while len(inbox) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # the last deliveries are read and found already handed over
        assert redis_client.xlen(audit.AUDIT_STREAM) == 1  # scored once, not three times
        echo = case.echo(state, ticket_id, body)
        if echo is not None:
            answer = case.deliver(session, hook, echo, "d-8")
            assert answer.status_code == 200 and answer.json()["status"] == "ignored"

    seen = case.seen(state, ticket_id)
    assert seen.priority == 1  # a happy customer's ticket is not raised
    assert seen.group == case.first_group  # not routed: the ticket stays where it was
    assert len(seen.notes) == 1
    assert case.note_writes(state) == 1


def test_zendesk_event_subscriptions_one_note_per_message_one_request(redis_server, redis_client):
    """Zendesk announces a new ticket's first message twice: one note, one PUT, no GET."""
    case = CASES["zendesk"]
    url, state, shutdown = case.stub()
    settings = case.settings(redis_server.url, url, state)
    message = "I have been waiting two weeks for my refund and nobody answers my e-mails."
    ticket = state.add_ticket(text=message, subject="Refund", priority="normal", tags=["billing"])
    first = event_envelope(ticket, message, kind="comment_added", author_name="Sam Requester")
    second = event_envelope(ticket, message, kind="ticket_created")
    before = len(state.request_log())

    try:
        with running(settings, "zendesk") as (session, hook, worker):
            answers = [
                case.deliver(session, hook, first, "s-1"),
                case.deliver(session, hook, second, "s-2"),
            ]
            statuses = [answer.status_code for answer in answers]
            assert statuses == [202, 200]
            assert wait_for_processed(redis_client, 1, timeout=60, workers=[worker]) == 1
    finally:
        shutdown()

    notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
    assert len(notes) == 1 and "Sam" in notes[0]["body"]
    calls = [(r["method"], r["path"]) for r in state.request_log()[before:]]
    assert calls == [("PUT", f"/api/v2/tickets/{ticket['id']}")]
    assert "billing" in state.get_ticket(ticket["id"])["tags"]
