"""Every body we send, checked against Zendesk's OpenAPI document; fixtures against the stub."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from openapi.zendesk_oas import check_request, schema_errors

from helpdesk_empathy.cli.install import install
from helpdesk_empathy.cli.uninstall import uninstall
from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs import run_stub_in_thread
from helpdesk_empathy.helpdesks.http import RestSession
from helpdesk_empathy.helpdesks.zendesk import batch as zendesk_batch
from helpdesk_empathy.helpdesks.zendesk.batch import batch_updates
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.install import DELIVERY_MODES, trigger_spec, webhook_spec
from helpdesk_empathy.helpdesks.zendesk.payloads import (
    TicketState,
    build_batch_item,
    build_ticket_update,
)
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Decision, TicketEvent

FIXTURES = Path(__file__).parents[1] / "fixtures" / "zendesk"
BASE = "https://acme.zendesk.com"
SETTINGS = Settings(zendesk=ZendeskSettings(subdomain="acme", email="bot@acme.test", api_token="t"))
STAMP = "2024-05-02T10:14:09Z"
FULL = Decision(("empathy_negative", "empathy_repeat_contact"), "urgent", "98738", True, "Note")
STATES = [
    TicketState(updated_at=STAMP),
    TicketState(("vip",), "low", "1", None, STAMP),
    TicketState(("vip",), "high", "1", "42", None),
]


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("state", STATES)
def test_ticket_update_bodies_match_the_api(state):
    body = build_ticket_update(state, FULL)
    assert check_request(body, "TicketUpdateRequest") == []


def test_the_body_actually_sent_matches_the_api():
    with responses.RequestsMock() as mock:
        mock.put(f"{BASE}/api/v2/tickets/7", json=fixture("ticket_update.json"))
        event = TicketEvent("zendesk", "d1", "7", "text", tags=("vip",), updated_at=STAMP)
        ZendeskClient(SETTINGS).apply(event, FULL)
        sent = json.loads(mock.calls[0].request.body)
    assert check_request(sent, "TicketUpdateRequest") == []


def test_update_many_items_match_the_api():
    tickets = [
        build_batch_item(str(i), s, FULL, tags_known=True, fresh=s, note="Note\n\nRef. he-1")
        for i, s in enumerate(STATES, 1)
    ]
    assert all("additional_tags" in t for t in tickets)
    assert check_request({"tickets": tickets}, "TicketsUpdateRequest") == []


def _item(ticket_id: str, decision: Decision = FULL) -> tuple[TicketEvent, Decision]:
    return TicketEvent("zendesk", f"d{ticket_id}", ticket_id, "text", tags_known=False), decision


def test_batch_updates_body_matches_the_api():
    fresh = {str(i): state for i, state in enumerate(STATES, 35436)}
    plain = Decision(("empathy_neutral",), None, None, False, "", remove_tags=("empathy_x",))
    items = [_item(ticket_id) for ticket_id in fresh] + [_item("35439", plain)]
    body = {"tickets": batch_updates(items, fresh, {"35436": "Note\n\nRef. he-1"})}
    assert len(body["tickets"]) == 4
    assert check_request(body, "TicketsUpdateRequest") == []


@responses.activate
def test_the_batch_requests_actually_sent_match_the_api():
    listing = fixture("tickets_show_many.json")
    responses.get(f"{BASE}/api/v2/tickets/show_many.json", json=listing)
    responses.put(f"{BASE}/api/v2/tickets/update_many.json", json=fixture("update_many.json"))
    job = fixture("update_many.json")["job_status"]["id"]
    responses.get(f"{BASE}/api/v2/job_statuses/{job}", json=fixture("job_status.json"))
    client = ZendeskClient(SETTINGS)
    ids = ["35436", "35437", "99999"]  # the last one was deleted meanwhile
    spent = zendesk_batch.apply_many(client, [_item(i) for i in ids], sleep=lambda _: None)
    spent = spent.requests_made
    assert spent == len(responses.calls) == 3
    query = parse_qs(urlsplit(responses.calls[0].request.url).query)
    assert query["ids"] == [",".join(ids)]
    assert schema_errors(query["ids"][0], "TicketIdsQuery") == []
    sent = json.loads(responses.calls[1].request.body)
    assert [t["id"] for t in sent["tickets"]] == [35436, 35437]
    assert check_request(sent, "TicketsUpdateRequest") == []
    # Merged with the fresh state: 35436 is already in the group, 35437 has an assignee.
    assert all("group_id" not in ticket for ticket in sent["tickets"])
    # Tags are added by Zendesk itself: never the full list read earlier.
    assert all("tags" not in ticket for ticket in sent["tickets"])
    assert sent["tickets"][0]["additional_tags"] == ["empathy_negative", "empathy_repeat_contact"]
    assert sent["tickets"][0]["safe_update"] is True  # priority changes: guarded by its stamp


def test_the_validator_rejects_wrong_show_many_ids():
    for ids in ("", "1,,2", "1, 2", "a,b", ",".join(["7"] * 101)):
        assert schema_errors(ids, "TicketIdsQuery") != []


def test_the_stub_show_many_answers_like_the_fixture():
    url, state, shutdown = run_stub_in_thread()
    try:
        state.add_ticket(35436, "hello", tags=["vip"], priority="normal")
        state.add_ticket(35437, "again", assignee_id=20978400)
        answer = requests.get(
            url + "/api/v2/tickets/show_many.json",
            params={"ids": "35436,35437,99999"},
            auth=("bot@acme.test/token", "t"),
            timeout=5,
        )
        assert answer.status_code == 200
        body = answer.json()
        assert [t["id"] for t in body["tickets"]] == [35436, 35437]
        assert schema_errors(body, "TicketsResponse", answer=True) == []
        assert _keys(fixture("tickets_show_many.json")) <= set(body)
        assert _keys(fixture("tickets_show_many.json"), "tickets") <= _keys(body, "tickets")
        too_many = ",".join(str(i) for i in range(1, 102))
        refused = requests.get(
            url + "/api/v2/tickets/show_many.json",
            params={"ids": too_many},
            auth=("bot@acme.test/token", "t"),
            timeout=5,
        )
        assert refused.status_code == 400
    finally:
        shutdown()


def test_tags_webhook_and_trigger_bodies_match_the_api():
    for delivery in DELIVERY_MODES:
        webhook = {"webhook": webhook_spec("https://example.com/webhooks/zendesk", delivery)}
        assert check_request(webhook, "WebhookCreateRequest") == []
    trigger = {"trigger": trigger_spec("01GDXYD7ZTWYP6ZK2R7WZ0XN4B")}
    assert check_request(trigger, "TriggerWithCategoryRequest") == []
    patch = {"webhook": {"endpoint": "https://example.com/webhooks/zendesk", "status": "active"}}
    assert check_request(patch, "WebhookPatchRequest") == []


# Which documented body each write install/uninstall may send (DELETEs carry none).
REQUEST_SCHEMAS = {
    ("POST", "/api/v2/webhooks"): "WebhookCreateRequest",
    ("PATCH", "/api/v2/webhooks/{id}"): "WebhookPatchRequest",
    ("POST", "/api/v2/triggers"): "TriggerWithCategoryRequest",
    ("PUT", "/api/v2/triggers/{id}"): "TriggerWithCategoryRequest",
}


def record_requests(monkeypatch) -> list[tuple[str, str, object]]:
    """Every (method, path, JSON body) the Zendesk client sends from now on."""
    sent: list[tuple[str, str, object]] = []
    original = RestSession.request

    def recording(self, method, path, **kwargs):
        sent.append((method, path, kwargs.get("json")))
        return original(self, method, path, **kwargs)

    monkeypatch.setattr(RestSession, "request", recording)
    return sent


def test_every_body_install_sends_matches_the_api(monkeypatch):
    """Fresh installs, re-runs, a URL change and both mode switches, against the stub."""
    sent = record_requests(monkeypatch)
    url, state, shutdown = run_stub_in_thread()
    settings = Settings(zendesk=ZendeskSettings(base_url=url, email="bot@acme.test", api_token="t"))
    hook, moved = "https://example.com/webhooks/zendesk", "https://moved.example.com/webhooks/z"
    try:
        runs = [("trigger", hook), ("trigger", moved), ("events", moved), ("events", hook)]
        runs += [("trigger", hook), ("events", hook)]
        for delivery, endpoint in runs:
            out = io.StringIO()
            assert install(settings, endpoint, dry_run=False, out=out, delivery=delivery) == 0
        assert uninstall(settings, dry_run=False, out=io.StringIO()) == 0
    finally:
        shutdown()
    checked = set()
    for method, path, body in sent:
        if method in ("GET", "DELETE"):
            assert body is None
            continue
        template = re.sub(r"/(webhooks|triggers)/[^/]+$", r"/\1/{id}", path)
        name = REQUEST_SCHEMAS[(method, template)]
        assert check_request(body, name) == [], (method, path)
        checked.add(name)
    assert checked == set(REQUEST_SCHEMAS.values())


@pytest.mark.parametrize(
    "body,name",
    [
        ({"ticket": {"priority": "critical"}}, "TicketUpdateRequest"),
        ({"ticket": {"group_id": "98738"}}, "TicketUpdateRequest"),
        ({"ticket": {"comment": {"body": "x", "public": "no"}}}, "TicketUpdateRequest"),
        ({"ticket": {"safe_updates": True}}, "TicketUpdateRequest"),
        ({"ticket": {"comment": {"body": "x", "id": 5}}}, "TicketUpdateRequest"),
        ({"tickets": [{"id": i} for i in range(101)]}, "TicketsUpdateRequest"),
        ({"tickets": [{"id": 1, "tags": ["a"], "additional_tag": ["b"]}]}, "TicketsUpdateRequest"),
        ({"tickets": [{"additional_tags": ["b"]}]}, "TicketsUpdateRequest"),
        ({"trigger": {"actions": []}}, "TriggerWithCategoryRequest"),
        ({"trigger": dict(trigger_spec("1"), id=5)}, "TriggerWithCategoryRequest"),
        ({"webhook": {"name": "x"}}, "WebhookCreateRequest"),
        ({"webhook": dict(webhook_spec("https://x.test"), id="01X")}, "WebhookCreateRequest"),
        ({"webhook": {}}, "WebhookPatchRequest"),
        ({"webhook": {"endpoint": "https://x.test", "id": "01X"}}, "WebhookPatchRequest"),
        ({"webhook": {"status": "paused"}}, "WebhookPatchRequest"),
    ],
)
def test_the_validator_rejects_wrong_bodies(body, name):
    assert check_request(body, name) != []


@pytest.mark.parametrize(
    "name,schema",
    [
        ("trigger_create.json", "TriggerResponse"),
        ("triggers_list.json", "TriggersResponse"),
        ("ticket_comments.json", "TicketCommentsResponse"),
        ("update_many.json", "JobStatusResponse"),
        ("job_status.json", "JobStatusResponse"),
        ("tickets_show_many.json", "TicketsResponse"),
    ],
)
def test_fixtures_match_the_documented_responses(name, schema):
    assert schema_errors(fixture(name), schema, answer=True) == []


def test_job_results_match_update_resource_result():
    for result in fixture("job_status.json")["job_status"]["results"]:
        assert schema_errors(result, "UpdateResourceResult", answer=True) == []


@responses.activate
def test_client_reads_the_fixture_shapes():
    responses.get(f"{BASE}/api/v2/tickets/35436", json=fixture("ticket_show.json"))
    responses.get(f"{BASE}/api/v2/users/me.json", json=fixture("users_me.json"))
    signing = f"{BASE}/api/v2/webhooks/01GDXYD7ZTWYP6ZK2R7WZ0XN4B/signing_secret"
    responses.get(signing, json=fixture("webhook_signing_secret.json"))
    responses.get(f"{BASE}/api/v2/webhooks", json=fixture("webhooks_list.json"))
    responses.get(f"{BASE}/api/v2/triggers", json=fixture("triggers_list.json"))
    client = ZendeskClient(SETTINGS)
    state = TicketState.from_api(client.get_ticket("35436"))
    assert state == TicketState(("delivery", "vip"), "normal", "98738", None, STAMP)
    assert client.get_current_user()["role"] == "admin"
    assert client.get_webhook_signing_secret("01GDXYD7ZTWYP6ZK2R7WZ0XN4B").endswith("==")
    assert len(client.list_webhooks()) == 1 and len(client.list_triggers()) == 1


def _keys(data: dict, *path: str) -> set[str]:
    for key in path:
        data = data[key]
    return set(data[0] if isinstance(data, list) else data)


def test_the_stub_answers_with_zendesk_shapes():
    url, state, shutdown = run_stub_in_thread()
    auth = ("bot@acme.test/token", "t")
    try:
        ticket = state.add_ticket(35436, "hello", tags=["vip"])

        def get(path):
            return requests.get(url + path, auth=auth, timeout=5).json()

        assert _keys(fixture("ticket_show.json"), "ticket") <= _keys(
            get("/api/v2/tickets/35436"), "ticket"
        )
        comments = get("/api/v2/tickets/35436/comments")
        assert _keys(fixture("ticket_comments.json")) <= set(comments)
        assert _keys(fixture("ticket_comments.json"), "comments") <= _keys(comments, "comments")
        assert _keys(fixture("users_me.json"), "user") <= _keys(get("/api/v2/users/me"), "user")
        body = {"webhook": webhook_spec("https://example.com/webhooks/zendesk", "trigger")}
        webhook = requests.post(url + "/api/v2/webhooks", json=body, auth=auth, timeout=5).json()
        assert _keys(fixture("webhook_create.json"), "webhook") <= _keys(webhook, "webhook")
        body = {"trigger": trigger_spec(webhook["webhook"]["id"])}
        trigger = requests.post(url + "/api/v2/triggers", json=body, auth=auth, timeout=5).json()
        assert _keys(fixture("trigger_create.json"), "trigger") <= _keys(trigger, "trigger")
        assert schema_errors(trigger, "TriggerResponse", answer=True) == []
        update = {"tickets": [{"id": ticket["id"], "priority": "high"}]}
        job = requests.put(url + "/api/v2/tickets/update_many", json=update, auth=auth, timeout=5)
        assert schema_errors(job.json(), "JobStatusResponse", answer=True) == []
        done = get(f"/api/v2/job_statuses/{job.json()['job_status']['id']}")
        assert _keys(fixture("job_status.json"), "job_status") <= _keys(done, "job_status")
        conflict = requests.put(
            url + "/api/v2/tickets/35436",
            auth=auth,
            timeout=5,
            json={"ticket": {"safe_update": True, "updated_stamp": STAMP}},
        )
        assert conflict.status_code == 409 and set(conflict.json()) == set(
            fixture("error_409.json")
        )
    finally:
        shutdown()


WRITE_SCHEMAS = {
    ("PUT", "/api/v2/tickets/{id}"): "TicketUpdateRequest",
    ("PUT", "/api/v2/tickets/update_many.json"): "TicketsUpdateRequest",
}


def test_every_body_write_back_sends_matches_the_api(monkeypatch, redis_client):
    """Single writes, batches, an agent's edit racing both (409s, failed items), re-reads."""
    sent = record_requests(monkeypatch)
    url, state, shutdown = run_stub_in_thread()
    settings = Settings(zendesk=ZendeskSettings(base_url=url, email="bot@acme.test", api_token="t"))
    client = ZendeskClient(settings, connection=redis_client)
    try:
        tickets = [state.add_ticket(text="hi", priority="low", tags=["vip"]) for _ in range(4)]
        stale = tickets[0]["updated_at"]
        state.agent_edit(tickets[0]["id"], tags=["vip", "agent"])  # our stamp is now stale
        event = TicketEvent(
            "zendesk", "d1", str(tickets[0]["id"]), "t", tags=("vip",), updated_at=stale
        )
        client.apply(event, FULL)  # 409, re-read, PUT again
        items = [_item(str(t["id"])) for t in tickets[1:]]
        client.apply_many(items)
    finally:
        client.close()
        shutdown()
    checked = set()
    for method, path, body in sent:
        if method == "GET":
            assert body is None
            continue
        template = re.sub(r"/tickets/\d+$", "/tickets/{id}", path)
        name = WRITE_SCHEMAS[(method, template)]
        assert check_request(body, name) == [], (method, path)
        checked.add(name)
    assert checked == set(WRITE_SCHEMAS.values())
    assert ("GET", f"/api/v2/tickets/{tickets[0]['id']}", None) in sent  # the re-read
