"""Batched write-back against the stub over real HTTP: few requests, nothing lost or lowered."""

from __future__ import annotations

import pytest

from helpdesk_empathy.config import Settings
from helpdesk_empathy.helpdesks.zendesk.batch import batch_updates, failed_ids
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.payloads import TicketState
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Decision, TicketEvent


@pytest.fixture
def client(stub):
    url, _ = stub
    client = ZendeskClient(
        Settings(zendesk=ZendeskSettings(base_url=url, email="a@example.com", api_token="t"))
    )
    yield client
    client.close()


def item(ticket_id, *tags, priority=None, route=None, note="draft"):
    event = TicketEvent(
        helpdesk="zendesk", event_id=f"e{ticket_id}", ticket_id=str(ticket_id), text="x"
    )
    decision = Decision(
        add_tags=tags, min_priority=priority, route_group_id=route, escalate=bool(route), note=note
    )
    return event, decision


def test_batch_updates_merge_with_fresh_state_and_skip_no_ops():
    states = {
        "1": TicketState(tags=("vip",), priority="urgent"),
        "2": TicketState(tags=("empathy_processed",), priority="high"),
    }
    updates = batch_updates(
        states,
        [item(1, "empathy_x", priority="high"), item(2, "empathy_processed", note=""), item(3)],
    )
    assert updates == [
        {"id": 1, "tags": ["vip", "empathy_x"], "comment": {"body": "draft", "public": False}}
    ]  # urgent is not lowered to high; ticket 2 has nothing new; ticket 3 is gone


def test_failed_ids_reads_job_results():
    status = {
        "results": [
            {"id": 1, "success": True},
            {"id": 2, "success": False},
            {"id": 3, "status": "Failed"},
        ]
    }
    assert failed_ids(status) == {"2", "3"}


def test_many_tickets_in_three_requests(stub, client):
    _, state = stub
    tickets = [state.add_ticket(text="hi", priority="low", tags=["vip"]) for _ in range(40)]
    items = [item(t["id"], "empathy_negative", priority="high", route="77") for t in tickets]
    before = len(state.request_log())
    requests = client.apply_many(items).requests_made
    assert requests == len(state.request_log()) - before
    assert requests <= 4  # show_many + update_many + job status poll(s)
    for ticket in tickets:
        updated = state.get_ticket(ticket["id"])
        assert updated["tags"] == ["vip", "empathy_negative"]
        assert updated["priority"] == "high"
        assert str(updated["group_id"]) == "77"
        notes = [c for c in state.get_comments(ticket["id"]) if not c["public"]]
        assert [n["body"] for n in notes] == ["draft"]


def test_deleted_tickets_do_not_fail_the_batch(stub, client):
    _, state = stub
    ticket = state.add_ticket(text="hi")
    client.apply_many([item(ticket["id"], "empathy_a"), item(999999, "empathy_a")])
    assert "empathy_a" in state.get_ticket(ticket["id"])["tags"]
