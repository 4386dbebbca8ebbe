"""The local Zendesk stub over real HTTP (served from a thread), driven by ZendeskClient."""

from __future__ import annotations

import subprocess
import sys

import builders
import pytest
import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Decision, TicketEvent

AUTH = ("bot@acme.test/token", "tok")


def client_for(url: str, **changes) -> ZendeskClient:
    settings = Settings(zendesk=ZendeskSettings(base_url=url, email="bot@acme.test", api_token="t"))
    return ZendeskClient(settings.with_overrides(**changes))


def event_for(ticket: dict, **changes) -> TicketEvent:
    return builders.event_for(ticket, "still waiting", "inv", **changes)


DECISION = Decision(("empathy_negative",), "high", "360005", True, "Suggested reply")


def test_write_back_lands_on_the_ticket(stub):
    url, state = stub
    ticket = state.add_ticket(7, "I am still waiting", tags=["vip"], priority="normal")
    result = client_for(url).apply(event_for(ticket), DECISION)
    assert result.requests_made == 1
    after = state.get_ticket(7)
    assert after["tags"] == ["vip", "empathy_negative"]
    assert after["priority"] == "high" and after["group_id"] == 360005
    assert after["updated_at"] > ticket["updated_at"]
    note = state.get_comments(7)[-1]
    assert note["public"] is False and note["body"].startswith("Suggested reply\n\nRef. he-")
    assert note["author_id"] == state.api_user["id"]


def test_safe_update_conflict_is_resolved_by_rereading(stub):
    url, state = stub
    ticket = state.add_ticket(8, "hello", tags=["vip"], priority="normal")
    # An agent acts between the webhook and our write-back.
    state.update_ticket(8, {"tags": ["vip", "agent_tag"], "assignee_id": 55, "priority": "urgent"})
    result = client_for(url).apply(event_for(ticket), DECISION)
    assert result.conflicts_retried == 1 and result.requests_made == 3
    after = state.get_ticket(8)
    assert after["tags"] == ["vip", "agent_tag", "empathy_negative"]
    assert after["priority"] == "urgent" and after["group_id"] is None
    methods = [(r["method"], r["status"]) for r in state.request_log()]
    assert methods == [("PUT", 409), ("GET", 200), ("PUT", 200)]


def test_comments_endpoint_shows_public_flag(stub):
    url, state = stub
    state.add_ticket(9, "first message")
    state.add_customer_comment(9, "second message")
    comments = client_for(url).get_comments("9")
    assert [c["public"] for c in comments] == [True, True]
    assert [c["body"] for c in comments] == ["first message", "second message"]


def test_auth_is_required(stub):
    url, state = stub
    state.add_ticket(1, "x")
    assert requests.get(f"{url}/api/v2/tickets/1", timeout=5).status_code == 401
    assert requests.get(f"{url}/api/v2/tickets/1.json", auth=AUTH, timeout=5).status_code == 200


def test_rate_limit_answers_429_with_headers(stub):
    url, state = stub
    state.add_ticket(1, "x")
    requests.post(f"{url}/_stub/rate_limit", json={"limit": 2, "window": 60}, timeout=5)
    first = requests.get(f"{url}/api/v2/tickets/1", auth=AUTH, timeout=5)
    if first.headers["X-Rate-Limit-Remaining"] != "1":  # a new minute began in between
        first = requests.get(f"{url}/api/v2/tickets/1", auth=AUTH, timeout=5)
    assert first.headers["X-Rate-Limit-Remaining"] == "1"
    assert first.headers["ratelimit-remaining"] == "1"
    assert 1 <= int(first.headers["ratelimit-reset"]) <= 60  # fixed window, as Zendesk
    requests.get(f"{url}/api/v2/tickets/1", auth=AUTH, timeout=5)
    with pytest.raises(TransientHelpdeskError) as caught:
        client_for(url).get_ticket("1")
    assert caught.value.retry_after is not None and caught.value.retry_after >= 1


def test_failure_hook_gives_k_errors_then_recovers(stub):
    url, state = stub
    state.add_ticket(1, "x")
    requests.post(f"{url}/_stub/fail", json={"count": 2, "status": 503}, timeout=5)
    client = client_for(url)
    for _ in range(2):
        with pytest.raises(TransientHelpdeskError):
            client.get_ticket("1")
    assert client.get_ticket("1")["id"] == 1


def test_slow_answers_become_client_timeouts(stub):
    url, state = stub
    state.add_ticket(1, "x")
    requests.post(f"{url}/_stub/fail", json={"count": 1, "delay": 0.5}, timeout=5)
    with pytest.raises(TransientHelpdeskError, match="timed out"):
        client_for(url, http_timeout_seconds=0.1).get_ticket("1")


def test_unknown_ticket_and_invalid_priority_are_permanent(stub):
    url, state = stub
    state.add_ticket(1, "x")
    client = client_for(url)
    with pytest.raises(HelpdeskError, match="404"):
        client.get_ticket("404")
    bad = requests.put(
        f"{url}/api/v2/tickets/1", json={"ticket": {"priority": "critical"}}, auth=AUTH, timeout=5
    )
    assert bad.status_code == 422


def test_tags_endpoint_adds_and_put_replaces(stub):
    url, state = stub
    state.add_ticket(1, "x", tags=["a"])
    added = requests.put(f"{url}/api/v2/tickets/1/tags", json={"tags": ["B"]}, auth=AUTH, timeout=5)
    assert added.json()["tags"] == ["a", "b"]
    requests.put(f"{url}/api/v2/tickets/1", json={"ticket": {"tags": ["c"]}}, auth=AUTH, timeout=5)
    assert state.get_ticket(1)["tags"] == ["c"]


def test_update_many_and_job_status(stub):
    url, state = stub
    state.add_ticket(1, "x")
    state.add_ticket(2, "y", status="closed")
    client = client_for(url)
    job = client.update_many([{"id": 1, "priority": "high"}, {"id": 2, "priority": "high"}])
    assert job["status"] == "queued"
    done = client.get_job_status(job["id"])
    assert done["status"] == "completed"
    ok, failed = done["results"]
    assert ok["id"] == 1 and ok["success"] is True
    assert failed == {  # a failed item is named by its index, as Zendesk may do
        "index": 1,
        "error": "RecordInvalid",
        "details": "Status: closed prevents ticket update",
        "status": "Failed",
    }
    assert state.get_ticket(1)["priority"] == "high"


def test_the_stub_applies_additional_and_remove_tags_like_zendesk(stub):
    url, state = stub
    state.add_ticket(1, "x", tags=["vip", "empathy_neutral"])
    client = client_for(url)
    item = {"id": 1, "additional_tags": ["Empathy_Negative"], "remove_tags": ["empathy_neutral"]}
    client.get_job_status(client.update_many([item])["id"])
    assert state.get_ticket(1)["tags"] == ["vip", "empathy_negative"]


def test_the_stub_enforces_the_update_ticket_limits(stub):
    url, state = stub
    for ticket_id in (1, 2):
        state.add_ticket(ticket_id, "x")
    requests.post(f"{url}/_stub/limits", json={"update_ticket_per_minute": 3}, timeout=5)

    def put(ticket_id):
        body = {"ticket": {"priority": "high"}}
        return requests.put(f"{url}/api/v2/tickets/{ticket_id}", json=body, auth=AUTH, timeout=5)

    assert [put(1).status_code for _ in range(3)] == [200, 200, 200]
    refused = put(2)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    # Other endpoints are not held back by the Update Ticket limit.
    assert requests.get(f"{url}/api/v2/tickets/2", auth=AUTH, timeout=5).status_code == 200
    limits = {"ticket_updates_per_window": 2, "time_scale": 0.01}  # a 6 s per-ticket window
    requests.post(f"{url}/_stub/limits", json=limits, timeout=5)
    assert [put(1).status_code for _ in range(3)] == [200, 200, 429]
    assert put(2).status_code == 200


def test_webhooks_and_triggers_lifecycle(stub):
    url, state = stub
    client = client_for(url)
    webhook = client.create_webhook(
        {
            "name": "hook",
            "status": "active",
            "endpoint": "https://example.com/webhooks/zendesk",
            "http_method": "POST",
            "request_format": "json",
            "subscriptions": ["conditional_ticket_events"],
        }
    )
    assert client.get_webhook_signing_secret(webhook["id"])
    assert [w["id"] for w in client.list_webhooks()] == [webhook["id"]]
    trigger = client.create_trigger(
        {
            "title": "t",
            "conditions": {"all": [{"field": "update_type", "operator": "is", "value": "Create"}]},
            "actions": [{"field": "notification_webhook", "value": [webhook["id"], "{}"]}],
        }
    )
    assert [t["id"] for t in client.list_triggers()] == [trigger["id"]]
    client.delete_trigger(str(trigger["id"]))
    client.delete_webhook(webhook["id"])
    assert client.list_triggers() == [] and client.list_webhooks() == []


EVENT_HOOK = {
    "name": "events",
    "status": "active",
    "endpoint": "https://example.com/webhooks/zendesk",
    "http_method": "POST",
    "request_format": "json",
    "subscriptions": ["zen:event-type:ticket.created", "zen:event-type:ticket.comment_added"],
}
TRIGGER_HOOK = dict(EVENT_HOOK, name="trigger", subscriptions=["conditional_ticket_events"])


@pytest.mark.parametrize(
    "changes",
    [
        {"subscriptions": ["conditional_ticket_events", "zen:event-type:ticket.created"]},
        {"subscriptions": ["ticket.created"]},
        {"http_method": "PUT"},  # event subscriptions need POST + JSON
        {"request_format": "form_encoded"},
    ],
)
def test_webhooks_are_refused_as_zendesk_documents(stub, changes):
    url, state = stub
    with pytest.raises(HelpdeskError, match="400"):
        client_for(url).create_webhook(dict(EVENT_HOOK, **changes))
    assert not state.webhooks


def test_a_webhooks_connection_method_cannot_change(stub):
    url, state = stub
    client = client_for(url)
    events = client.create_webhook(EVENT_HOOK)
    hook = client.create_webhook(TRIGGER_HOOK)
    with pytest.raises(HelpdeskError, match="400"):
        client.update_webhook(events["id"], {"subscriptions": ["conditional_ticket_events"]})
    with pytest.raises(HelpdeskError, match="400"):
        client.update_webhook(hook["id"], {"subscriptions": EVENT_HOOK["subscriptions"]})
    assert client.get_webhook(events["id"])["subscriptions"] == EVENT_HOOK["subscriptions"]
    client.update_webhook(events["id"], {"endpoint": "https://moved.example.com/hook"})
    assert client.get_webhook(events["id"])["endpoint"] == "https://moved.example.com/hook"
    # A webhook created without subscriptions may be connected later, either way.
    loose = client.create_webhook(dict(EVENT_HOOK, subscriptions=[]))
    client.update_webhook(loose["id"], {"subscriptions": ["conditional_ticket_events"]})
    assert client.get_webhook(loose["id"])["subscriptions"] == ["conditional_ticket_events"]


def test_a_trigger_cannot_call_an_event_webhook(stub):
    url, state = stub
    client = client_for(url)
    events = client.create_webhook(EVENT_HOOK)
    trigger = {
        "title": "t",
        "conditions": {"all": [{"field": "update_type", "operator": "is", "value": "Create"}]},
        "actions": [{"field": "notification_webhook", "value": [events["id"], "{}"]}],
    }
    with pytest.raises(HelpdeskError, match="422"):
        client.create_trigger(trigger)
    assert not state.triggers


def test_request_log_and_seed_endpoint(stub):
    url, _ = stub
    created = requests.post(f"{url}/_stub/tickets", json={"id": 5, "text": "hi"}, timeout=5)
    assert created.status_code == 201
    requests.get(f"{url}/api/v2/users/me", auth=AUTH, timeout=5)
    log = requests.get(f"{url}/_stub/requests", timeout=5).json()["requests"]
    seen = [(r["method"], r["path"], r["status"]) for r in log]
    assert ("GET", "/api/v2/users/me", 200) in seen
    assert all(isinstance(r["at"], float) for r in log)


def test_runs_as_a_separate_process():
    process = subprocess.Popen(
        [sys.executable, "-m", "helpdesk_empathy.dev.stubs", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.strip().rsplit(" ", 1)[-1]
        assert url.startswith("http://127.0.0.1:")
        assert client_for(url).get_current_user()["role"] == "admin"
    finally:
        process.terminate()
        process.wait(timeout=5)
