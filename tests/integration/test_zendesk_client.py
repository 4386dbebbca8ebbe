"""ZendeskClient over mocked HTTP (`responses`): bodies, conflicts, errors, auth."""

from __future__ import annotations

import base64
import json

import pytest
import requests
import responses

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import ConfigError, HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.zendesk import delivery_refs
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Decision, TicketEvent

BASE = "https://acme.zendesk.com"
TICKET = f"{BASE}/api/v2/tickets/123"
STAMP = "2024-05-02T10:14:09Z"
SETTINGS = Settings(
    zendesk=ZendeskSettings(subdomain="acme", email="bot@acme.test", api_token="tok")
)


def event(**changes):
    values = dict(
        helpdesk="zendesk",
        event_id="inv-1",
        ticket_id="123",
        text="WHERE IS MY ORDER",
        tags=("vip",),
        priority="normal",
        updated_at=STAMP,
    )
    values.update(changes)
    return TicketEvent(**values)


DECISION = Decision(("empathy_very_negative",), "high", "360005", True, "Suggested reply")


def ticket_json(**changes):
    ticket = {
        "id": 123,
        "tags": ["vip"],
        "priority": "normal",
        "group_id": None,
        "assignee_id": None,
        "updated_at": STAMP,
    }
    ticket.update(changes)
    return {"ticket": ticket}


def sent(call) -> dict:
    return json.loads(call.request.body)


@responses.activate
def test_one_put_with_merged_safe_update_body():
    responses.put(TICKET, json=ticket_json())
    result = ZendeskClient(SETTINGS).apply(event(), DECISION)
    assert len(responses.calls) == 1 and result.requests_made == 1
    body = sent(responses.calls[0])["ticket"]
    assert body["tags"] == ["vip", "empathy_very_negative"]
    assert body["priority"] == "high"
    assert body["group_id"] == 360005
    ref = delivery_refs.reference("123", "Suggested reply")
    assert body["comment"] == {"body": f"Suggested reply\n\nRef. {ref}", "public": False}
    assert body["safe_update"] is True and body["updated_stamp"] == STAMP
    assert result.applied["priority"] == "high" and result.conflicts_retried == 0


@responses.activate
def test_priority_never_lowered_and_assigned_ticket_not_rerouted():
    responses.put(TICKET, json=ticket_json())
    ZendeskClient(SETTINGS).apply(event(priority="urgent", assignee_id="42"), DECISION)
    body = sent(responses.calls[0])["ticket"]
    assert "priority" not in body and "group_id" not in body


@responses.activate
def test_conflict_rereads_and_retries_with_fresh_state():
    responses.put(TICKET, status=409, json={"error": "UpdateConflict"})
    fresh = ticket_json(
        tags=["vip", "agent_added"], assignee_id=42, updated_at="2024-05-02T10:15:00Z"
    )
    responses.get(TICKET, json=fresh)
    responses.put(TICKET, json=fresh)
    result = ZendeskClient(SETTINGS).apply(event(), DECISION)
    assert [c.request.method for c in responses.calls] == ["PUT", "GET", "PUT"]
    retry = sent(responses.calls[2])["ticket"]
    assert retry["tags"] == ["vip", "agent_added", "empathy_very_negative"]
    assert retry["updated_stamp"] == "2024-05-02T10:15:00Z"
    assert "group_id" not in retry  # an agent took the ticket meanwhile
    assert result.conflicts_retried == 1 and result.requests_made == 3


@responses.activate
def test_conflicts_are_bounded():
    responses.put(TICKET, status=409, json={"error": "UpdateConflict"})
    responses.get(TICKET, json=ticket_json())
    with pytest.raises(TransientHelpdeskError, match="conflicts"):
        ZendeskClient(SETTINGS).apply(event(), DECISION)
    puts = [c for c in responses.calls if c.request.method == "PUT"]
    assert len(puts) == 4  # first try + 3 retries


@pytest.mark.parametrize("stamp", [None, "2013-12-12T05:35Z"])
@responses.activate
def test_reads_first_without_an_exact_stamp(stamp):
    responses.get(TICKET, json=ticket_json(tags=["vip", "from_api"]))
    responses.put(TICKET, json=ticket_json())
    result = ZendeskClient(SETTINGS).apply(event(updated_at=stamp, tags=()), DECISION)
    assert [c.request.method for c in responses.calls] == ["GET", "PUT"]
    body = sent(responses.calls[1])["ticket"]
    assert body["tags"] == ["vip", "from_api", "empathy_very_negative"]
    assert body["updated_stamp"] == STAMP and result.requests_made == 2


@responses.activate
def test_nothing_to_change_makes_no_write():
    responses.get(
        TICKET, json=ticket_json(tags=["empathy_very_negative"], priority="urgent", assignee_id=1)
    )
    quiet = Decision(("empathy_very_negative",), "high", "9", False, "")
    result = ZendeskClient(SETTINGS).apply(event(updated_at=None), quiet)
    assert result.skipped and result.requests_made == 1
    assert all(c.request.method == "GET" for c in responses.calls)


@responses.activate
def test_429_is_transient_with_retry_after():
    responses.put(TICKET, status=429, headers={"Retry-After": "17"}, json={"error": "x"})
    with pytest.raises(TransientHelpdeskError) as caught:
        ZendeskClient(SETTINGS).apply(event(), DECISION)
    assert caught.value.retry_after == 17.0


@pytest.mark.parametrize(
    "answer",
    [
        *({"status": status} for status in (500, 502, 503)),
        *({"body": error} for error in (requests.ConnectTimeout(), requests.ReadTimeout())),
        {"body": requests.ConnectionError()},
    ],
)
@responses.activate
def test_5xx_timeouts_and_connection_errors_are_transient(answer):
    responses.put(TICKET, **answer)
    with pytest.raises(TransientHelpdeskError):
        ZendeskClient(SETTINGS).apply(event(), DECISION)


@pytest.mark.parametrize(
    "status,word",
    [(401, "authentication"), (403, "permission"), (404, "not found"), (422, "rejected")],
)
@responses.activate
def test_client_errors_are_permanent_and_clear(status, word):
    responses.put(TICKET, status=status, json={"error": "RecordInvalid", "details": {"x": "ORDER"}})
    with pytest.raises(HelpdeskError) as caught:
        ZendeskClient(SETTINGS).apply(event(), DECISION)
    assert not isinstance(caught.value, TransientHelpdeskError)
    message = str(caught.value)
    assert word in message and str(status) in message
    assert "ORDER" not in message and "Suggested reply" not in message


@responses.activate
def test_basic_token_auth_and_user_agent():
    responses.get(f"{BASE}/api/v2/users/me.json", json={"user": {"id": 9, "role": "admin"}})
    assert ZendeskClient(SETTINGS).get_current_user()["id"] == 9
    headers = responses.calls[0].request.headers
    expected = base64.b64encode(b"bot@acme.test/token:tok").decode()
    assert headers["Authorization"] == f"Basic {expected}"
    assert headers["User-Agent"].startswith("helpdesk-empathy/")


@responses.activate
def test_bearer_auth_and_base_url_override():
    settings = Settings(
        zendesk=ZendeskSettings(base_url="http://127.0.0.1:9/", oauth_token="oauth")
    )
    responses.get("http://127.0.0.1:9/api/v2/users/me.json", json={"user": {"id": 1}})
    ZendeskClient(settings).get_current_user()
    assert responses.calls[0].request.headers["Authorization"] == "Bearer oauth"


def test_missing_credentials_fail_fast():
    with pytest.raises(ConfigError):
        ZendeskClient(Settings(zendesk=ZendeskSettings(subdomain="acme")))


@responses.activate
def test_rate_limit_headers_are_remembered():
    responses.put(TICKET, json=ticket_json(), headers={"X-Rate-Limit-Remaining": "41"})
    client = ZendeskClient(SETTINGS)
    client.apply(event(), DECISION)
    assert client.rate_limit_remaining == 41 and client.requests_made == 1


@responses.activate
def test_update_many_and_job_status():
    responses.put(
        f"{BASE}/api/v2/tickets/update_many.json",
        json={"job_status": {"id": "J1", "status": "queued"}},
    )
    responses.get(
        f"{BASE}/api/v2/job_statuses/J1",
        json={"job_status": {"id": "J1", "status": "completed", "results": []}},
    )
    client = ZendeskClient(SETTINGS)
    job = client.update_many([{"id": 1, "priority": "high"}, {"id": 2, "priority": "urgent"}])
    assert job["id"] == "J1"
    assert sent(responses.calls[0]) == {
        "tickets": [{"id": 1, "priority": "high"}, {"id": 2, "priority": "urgent"}]
    }
    assert client.get_job_status("J1")["status"] == "completed"
    with pytest.raises(ValueError):
        client.update_many([{"id": i} for i in range(101)])


@responses.activate
def test_listing_follows_cursor_pages():
    responses.get(
        f"{BASE}/api/v2/webhooks",
        json={
            "webhooks": [{"id": "a"}],
            "meta": {"has_more": True},
            "links": {"next": f"{BASE}/api/v2/webhooks?p=2"},
        },
    )
    responses.get(
        f"{BASE}/api/v2/webhooks?p=2",
        json={"webhooks": [{"id": "b"}], "meta": {"has_more": False}, "links": {"next": None}},
    )
    assert [w["id"] for w in ZendeskClient(SETTINGS).list_webhooks()] == ["a", "b"]
