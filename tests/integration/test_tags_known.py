"""Tags the payload did not carry are unknown, not empty: the ticket is read before merging."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import responses

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.helpdesks.zendesk.webhook_schema import parse_envelope, parse_trigger_body
from helpdesk_empathy.models import Decision
from helpdesk_empathy.pipeline.queue import event_to_payload, payload_to_event

FIXTURES = Path(__file__).parents[1] / "fixtures" / "webhooks"
BASE = "https://acme.zendesk.com"
SETTINGS = Settings(zendesk=ZendeskSettings(subdomain="acme", email="bot@acme.test", api_token="t"))
STAMP = "2026-11-23T18:05:44Z"
DECISION = Decision(("empathy_negative",), None, None, False, "Suggested reply")


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def trigger(**ticket_changes) -> dict:
    body = copy.deepcopy(load("trigger_comment_en.json"))
    body["ticket"].update(ticket_changes)
    return body


def without(body: dict, section: str, key: str) -> dict:
    body = copy.deepcopy(body)
    del body[section][key]
    return body


@pytest.mark.parametrize(
    "body,known",
    [
        (trigger(tags="vip billing"), True),
        (trigger(tags=""), True),  # {{ticket.tags}} rendered empty: the ticket has none
        (without(trigger(), "ticket", "tags"), False),  # a trigger body edited without tags
    ],
)
def test_trigger_bodies_say_whether_tags_are_known(body, known):
    event = parse_trigger_body(body, delivery_id="inv-1", received_at=0.0)
    assert event.tags_known is known


def test_envelopes_without_detail_tags_leave_them_unknown():
    full = load("event_comment_added.json")
    assert parse_envelope(full, received_at=0.0).tags_known is True
    event = parse_envelope(without(full, "detail", "tags"), received_at=0.0)
    assert event.tags == () and event.tags_known is False
    nulled = copy.deepcopy(full)
    nulled["detail"]["tags"] = None
    assert parse_envelope(nulled, received_at=0.0).tags_known is False


@pytest.mark.parametrize("known", [True, False])
def test_the_job_payload_round_trips_tags_known(known):
    body = load("event_comment_added.json")
    if not known:
        body = without(body, "detail", "tags")
    event = parse_envelope(body, received_at=1.0)
    payload = json.loads(json.dumps(event_to_payload(event)))  # as RQ stores it
    assert payload_to_event(payload).tags_known is known
    assert payload_to_event(payload).tags == event.tags


def test_payloads_queued_before_the_field_existed_keep_the_old_meaning():
    payload = event_to_payload(parse_envelope(load("event_comment_added.json"), received_at=1.0))
    del payload["tags_known"]
    assert payload_to_event(payload).tags_known is True


@responses.activate
def test_unknown_tags_make_the_client_read_the_ticket_first():
    ticket = f"{BASE}/api/v2/tickets/5160"
    current = {"id": 5160, "tags": ["vip", "internet"], "priority": "normal", "updated_at": STAMP}
    responses.get(ticket, json={"ticket": current})
    responses.put(ticket, json={"ticket": current})
    event = parse_envelope(
        without(load("event_comment_added.json"), "detail", "tags"), received_at=0.0
    )
    result = ZendeskClient(SETTINGS).apply(event, DECISION)
    assert [call.request.method for call in responses.calls] == ["GET", "PUT"]
    body = json.loads(responses.calls[1].request.body)["ticket"]
    assert body["tags"] == ["vip", "internet", "empathy_negative"]  # nothing erased
    assert body["updated_stamp"] == STAMP and result.requests_made == 2


@responses.activate
def test_known_tags_with_an_exact_stamp_cost_one_request():
    ticket = f"{BASE}/api/v2/tickets/5160"
    responses.put(ticket, json={"ticket": {"id": 5160}})
    event = parse_envelope(load("event_comment_added.json"), received_at=0.0)
    ZendeskClient(SETTINGS).apply(event, DECISION)
    assert [call.request.method for call in responses.calls] == ["PUT"]
    sent = json.loads(responses.calls[0].request.body)["ticket"]
    assert sent["tags"] == ["internet", "empathy_negative"]
