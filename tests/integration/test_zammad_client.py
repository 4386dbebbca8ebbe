"""Zammad write-back over HTTP (mocked with `responses`): bodies, order, and error typing."""

import pytest
import requests
import responses
from builders import escalation, sent_bodies

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.zammad.client import ZammadClient
from helpdesk_empathy.helpdesks.zammad.payloads import (
    ZammadTicket,
    note_article,
    tags_to_add,
    ticket_update,
)
from helpdesk_empathy.models import Decision, TicketEvent

BASE = "https://support.example.com"
TICKET = f"{BASE}/api/v1/tickets/143"
TAGS_ADD = f"{BASE}/api/v1/tags/add"
ARTICLES = f"{BASE}/api/v1/ticket_articles"


def settings(**overrides) -> Settings:
    values = {"zammad_url": BASE + "/", "zammad_token": "tok-123"}
    values.update(overrides)
    return Settings().with_overrides(**values)


def event(**overrides) -> TicketEvent:
    values = {"helpdesk": "zammad", "event_id": "d-1", "ticket_id": "143", "text": "x"}
    values.update(overrides)
    return TicketEvent(**values)


def decision(**overrides) -> Decision:
    note = "Suggested reply:\nI can see this is the third time you have written."
    return escalation(
        "empathy_sentiment_very_negative", priority="urgent", **{"note": note, **overrides}
    )


@responses.activate
def test_full_write_back_reads_then_raises_routes_tags_and_notes():
    responses.get(TICKET, json={"id": 143, "priority_id": 2, "group_id": 2, "owner_id": 1})
    responses.put(TICKET, json={"id": 143})
    responses.post(TAGS_ADD, json=True, status=201)
    responses.post(ARTICLES, json={"id": 900}, status=201)
    result = ZammadClient(settings()).apply(event(tags=("order",)), decision())

    assert responses.calls[0].request.headers["Authorization"] == "Token token=tok-123"
    assert sent_bodies("PUT", TICKET) == [{"priority_id": 3, "group_id": 9}]  # urgent -> 3 high
    assert sent_bodies("POST", TAGS_ADD) == [
        {"item": "empathy_sentiment_very_negative", "object": "Ticket", "o_id": 143},
        {"item": "empathy_escalated", "object": "Ticket", "o_id": 143},
    ]
    [article] = sent_bodies("POST", ARTICLES)
    assert article["internal"] is True and article["type"] == "note"
    assert article["ticket_id"] == 143 and "third time" in article["body"]
    # The only step that is not idempotent comes last, so a retry never duplicates it.
    assert responses.calls[-1].request.url == ARTICLES
    assert result.requests_made == 5
    assert result.applied == {
        "tags": ["empathy_sentiment_very_negative", "empathy_escalated"],
        "priority": "high",
        "group_id": 9,
        "internal_note": True,
    }


@responses.activate
def test_owned_high_priority_ticket_keeps_its_owner_group_and_priority():
    responses.get(TICKET, json={"id": 143, "priority_id": 3, "group_id": 2, "owner_id": 5})
    responses.post(TAGS_ADD, json=True, status=201)
    responses.post(ARTICLES, json={"id": 900}, status=201)
    result = ZammadClient(settings()).apply(event(), decision(min_priority="high"))
    assert sent_bodies("PUT", TICKET) == []
    assert "priority" not in result.applied and "group_id" not in result.applied


@responses.activate
def test_tags_already_on_the_ticket_are_not_sent_again_and_no_read_without_need():
    responses.post(ARTICLES, json={"id": 900}, status=201)
    d = decision(add_tags=("vip",), min_priority=None, route_group_id=None)
    result = ZammadClient(settings()).apply(event(tags=("VIP",)), d)
    assert [c.request.method for c in responses.calls] == ["POST"]
    assert result.requests_made == 1


@responses.activate
def test_configured_zammad_group_wins_over_the_decision_group():
    responses.get(TICKET, json={"id": 143, "priority_id": 1, "group_id": 2, "owner_id": 1})
    responses.put(TICKET, json={"id": 143})
    client = ZammadClient(settings(zammad_escalation_group_id="12"))
    client.apply(event(), decision(add_tags=(), note="", min_priority=None))
    assert sent_bodies("PUT", TICKET) == [{"group_id": 12}]


@responses.activate
def test_nothing_to_do_is_skipped_without_requests():
    d = decision(add_tags=(), min_priority=None, route_group_id=None, note=" ")
    result = ZammadClient(settings()).apply(event(), d)
    assert result.skipped and result.requests_made == 0
    assert len(responses.calls) == 0


@responses.activate
@pytest.mark.parametrize("status,retry", [(429, "7"), (503, None), (502, "2")])
def test_rate_limits_and_server_errors_are_transient(status, retry):
    headers = {"Retry-After": retry} if retry else {}
    responses.get(TICKET, status=status, headers=headers, json={"error": "busy"})
    with pytest.raises(TransientHelpdeskError) as caught:
        ZammadClient(settings()).apply(event(), decision())
    assert caught.value.retry_after == (float(retry) if retry else None)


@responses.activate
def test_timeouts_are_transient():
    responses.get(TICKET, body=requests.Timeout())
    with pytest.raises(TransientHelpdeskError, match="timed out"):
        ZammadClient(settings()).apply(event(), decision())


@responses.activate
@pytest.mark.parametrize("status,hint", [(401, "authentication"), (404, "not found"), (422, "")])
def test_client_errors_are_permanent_and_name_the_cause(status, hint):
    responses.get(TICKET, json={"id": 143, "priority_id": 1, "group_id": 2, "owner_id": 1})
    responses.put(TICKET, status=status, json={"error": "secret value echoed"})
    with pytest.raises(HelpdeskError) as caught:
        ZammadClient(settings()).apply(event(), decision())
    assert not isinstance(caught.value, TransientHelpdeskError)
    assert hint in str(caught.value) and "secret value" not in str(caught.value)


def test_priority_is_only_raised_and_custom_priorities_are_left_alone():
    d = decision(route_group_id=None)
    assert ticket_update(ZammadTicket(priority_id=None), d, None) == {"priority_id": 3}
    assert ticket_update(ZammadTicket(priority_id=1), decision(min_priority="normal"), None) == {
        "priority_id": 2
    }
    assert ticket_update(ZammadTicket(priority_id=3), decision(min_priority="low"), None) == {}
    assert ticket_update(ZammadTicket(priority_id=5), d, None) == {}


def test_group_only_when_unassigned_and_different():
    d = decision(min_priority=None)
    assert ticket_update(ZammadTicket(group_id="2"), d, "9") == {"group_id": 9}
    assert ticket_update(ZammadTicket(group_id="9"), d, "9") == {}
    assert ticket_update(ZammadTicket(group_id="2", owner_id="5"), d, "9") == {}


def test_tags_and_note_shapes():
    assert tags_to_add(("a", "B"), ("b", "c", "c", " ")) == ["c"]
    assert note_article("143", "  ") is None
    assert note_article("143", "hi")["content_type"] == "text/plain"
