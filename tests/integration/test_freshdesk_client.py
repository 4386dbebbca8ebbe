"""Freshdesk write-back over HTTP (mocked with `responses`): read-merge-write, private note."""

import base64

import pytest
import requests
import responses
from builders import escalation, sent_bodies

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.freshdesk.client import FreshdeskClient
from helpdesk_empathy.helpdesks.freshdesk.payloads import (
    FreshdeskTicket,
    note_html,
    sendable_tags,
    ticket_update,
)
from helpdesk_empathy.helpdesks.merge import merge_tags
from helpdesk_empathy.models import Decision, TicketEvent

BASE = "https://acme.freshdesk.com"
TICKET = f"{BASE}/api/v2/tickets/2471"
NOTES = f"{TICKET}/notes"


def settings(**overrides) -> Settings:
    values = {"freshdesk_domain": "acme", "freshdesk_api_key": "key-abc"}
    values.update(overrides)
    return Settings().with_overrides(**values)


def event() -> TicketEvent:
    return TicketEvent(helpdesk="freshdesk", event_id="fd-1", ticket_id="2471", text="x")


def decision(**overrides) -> Decision:
    note = "Why: billing, ignored.\n\nSuggested reply:\nI'm sorry <we> kept you waiting."
    return escalation("empathy_sentiment_negative", priority="high", **{"note": note, **overrides})


def current(**fields) -> dict:
    ticket = {"id": 2471, "tags": ["billing", "VIP"], "priority": 2, "group_id": 3}
    ticket.update({"responder_id": None, "status": 2}, **fields)
    return ticket


def test_a_base_url_replaces_the_domain():  # interface and credentials: test_clients_shared
    client = FreshdeskClient(
        settings(freshdesk_domain="", freshdesk_base_url="http://127.0.0.1:9/")
    )
    assert client.rest.base_url == "http://127.0.0.1:9"


@responses.activate
def test_read_merge_write_keeps_existing_tags_then_adds_a_private_note():
    responses.get(TICKET, json=current())
    responses.put(TICKET, json=current())
    responses.post(NOTES, json={"id": 1}, status=201)
    result = FreshdeskClient(settings()).apply(event(), decision())

    auth = responses.calls[0].request.headers["Authorization"]
    assert auth == "Basic " + base64.b64encode(b"key-abc:X").decode()
    assert [c.request.method for c in responses.calls] == ["GET", "PUT", "POST"]
    assert sent_bodies("PUT", TICKET) == [
        {
            "tags": ["billing", "VIP", "empathy_sentiment_negative", "empathy_escalated"],
            "priority": 3,
            "group_id": 9,
        }
    ]
    [note] = sent_bodies("POST", NOTES)
    assert note["private"] is True
    assert note["body"].startswith("<p>Why: billing, ignored.</p><p>Suggested reply:<br>")
    assert "&lt;we&gt;" in note["body"]
    assert result.requests_made == 3
    assert result.applied["priority"] == "high" and result.applied["internal_note"] is True


@responses.activate
def test_assigned_urgent_ticket_only_gets_tags_and_note():
    responses.get(TICKET, json=current(priority=4, responder_id=5001))
    responses.put(TICKET, json=current())
    responses.post(NOTES, json={"id": 1}, status=201)
    FreshdeskClient(settings()).apply(event(), decision())
    [update] = sent_bodies("PUT", TICKET)
    assert set(update) == {"tags"}


@responses.activate
def test_no_field_change_means_no_put():
    responses.get(
        TICKET, json=current(tags=["empathy_sentiment_negative", "empathy_escalated"], priority=4)
    )
    responses.post(NOTES, json={"id": 1}, status=201)
    d = decision(route_group_id=None)
    result = FreshdeskClient(settings()).apply(event(), d)
    assert [c.request.method for c in responses.calls] == ["GET", "POST"]
    assert result.requests_made == 2


@responses.activate
def test_configured_freshdesk_group_wins():
    responses.get(TICKET, json=current())
    responses.put(TICKET, json=current())
    client = FreshdeskClient(settings(freshdesk_escalation_group_id="44"))
    client.apply(event(), decision(add_tags=(), min_priority=None, note=""))
    assert sent_bodies("PUT", TICKET) == [{"group_id": 44}]


@responses.activate
def test_a_failed_put_never_posts_the_note():
    responses.get(TICKET, json=current())
    responses.put(TICKET, status=503, headers={"Retry-After": "3"})
    with pytest.raises(TransientHelpdeskError) as caught:
        FreshdeskClient(settings()).apply(event(), decision())
    assert caught.value.retry_after == 3.0
    assert sent_bodies("POST", NOTES) == []


@responses.activate
def test_rate_limit_and_timeout_are_transient():
    responses.get(TICKET, status=429, headers={"Retry-After": "60"})
    with pytest.raises(TransientHelpdeskError) as caught:
        FreshdeskClient(settings()).apply(event(), decision())
    assert caught.value.retry_after == 60.0
    responses.replace(responses.GET, TICKET, body=requests.ConnectionError())
    with pytest.raises(TransientHelpdeskError, match="cannot reach Freshdesk"):
        FreshdeskClient(settings()).apply(event(), decision())


@responses.activate
def test_validation_errors_are_permanent():
    responses.get(TICKET, json=current())
    responses.put(TICKET, status=400, json={"description": "Validation failed"})
    with pytest.raises(HelpdeskError) as caught:
        FreshdeskClient(settings()).apply(event(), decision())
    assert not isinstance(caught.value, TransientHelpdeskError)
    assert "400" in str(caught.value)


def test_priority_only_rises():
    d = decision(route_group_id=None, add_tags=())
    assert ticket_update(FreshdeskTicket(priority=1), d, None) == {"priority": 3}
    assert ticket_update(FreshdeskTicket(priority=3), d, None) == {}
    assert ticket_update(FreshdeskTicket(priority=4), d, None) == {}
    assert ticket_update(FreshdeskTicket(priority=None), d, None) == {"priority": 3}


def test_merge_is_case_insensitive_and_skips_overlong_tags():
    assert merge_tags(("VIP",), sendable_tags(("vip", "new", "x" * 33))) == ["VIP", "new"]


def test_note_html_escapes_and_keeps_lines():
    assert note_html("a & b\nc\n\nd") == "<p>a &amp; b<br>c</p><p>d</p>"
