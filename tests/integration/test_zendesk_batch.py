"""Batched write-back against the stub over real HTTP: few requests, nothing lost or lowered,
and an agent's edit racing the batch is never undone."""

from __future__ import annotations

import socket

import pytest
import redis
import requests
from redis.backoff import NoBackoff
from redis.retry import Retry

from helpdesk_empathy import keys
from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs.limits import UpdateLimits
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread
from helpdesk_empathy.errors import BatchPartlyWritten, TransientHelpdeskError, WriteDeferred
from helpdesk_empathy.helpdesks.zendesk import delivery_refs
from helpdesk_empathy.helpdesks.zendesk.batch import batch_updates, failed_ids, job_outcomes
from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient
from helpdesk_empathy.helpdesks.zendesk.payloads import TicketState
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.models import Decision, TicketEvent

STAMP = "2024-05-02T10:14:09Z"


@pytest.fixture
def stub():
    url, state, shutdown = run_stub_in_thread()
    yield url, state
    shutdown()


def settings_for(url, **limits):
    zendesk = ZendeskSettings(base_url=url, email="a@example.com", api_token="t", **limits)
    return Settings(zendesk=zendesk)


def make_client(url, connection=None, **limits):
    return ZendeskClient(settings_for(url, **limits), connection=connection)


@pytest.fixture
def client(stub, redis_client):
    client = make_client(stub[0], redis_client)
    yield client
    client.close()


def item(ticket_id, *tags, priority=None, route=None, note="draft", known=None):
    known = known or {}
    event = TicketEvent(
        helpdesk="zendesk",
        event_id=f"e{ticket_id}",
        ticket_id=str(ticket_id),
        text="x",
        tags=tuple(known.get("tags", ())),
        priority=known.get("priority"),
        updated_at=known.get("updated_at"),
        tags_known="tags" in known,
    )
    decision = Decision(
        add_tags=tags, min_priority=priority, route_group_id=route, escalate=bool(route), note=note
    )
    return event, decision


def notes_of(state, ticket_id):
    return [c["body"] for c in state.get_comments(ticket_id) if not c["public"]]


def test_items_add_and_remove_tags_without_reading_and_guard_priority_with_a_stamp():
    fresh = {"1": TicketState(tags=("vip",), priority="low", updated_at=STAMP)}
    items = [
        item(1, "empathy_x", priority="high"),
        item(2, "empathy_processed", note="", known={"tags": ["empathy_processed"]}),
        item(3, "empathy_y", priority="urgent"),  # should have been read: deleted meanwhile
        item(4, "empathy_z"),
    ]
    updates = batch_updates(items, fresh, {"1": "draft", "4": "draft"})
    assert updates == [
        {
            "id": 1,
            "additional_tags": ["empathy_x"],
            "priority": "high",
            "safe_update": True,
            "updated_stamp": STAMP,
            "comment": {"body": "draft", "public": False},
        },
        {"id": 4, "additional_tags": ["empathy_z"], "comment": {"body": "draft", "public": False}},
    ]  # ticket 2 has nothing new; ticket 3 is gone


def test_our_stale_level_tag_is_removed_without_knowing_the_other_tags():
    event, _ = item(5)
    decision = Decision(
        ("empathy_negative",), None, None, False, "", remove_tags=("empathy_neutral",)
    )
    [update] = batch_updates([(event, decision)], {}, {})
    assert update == {
        "id": 5,
        "additional_tags": ["empathy_negative"],
        "remove_tags": ["empathy_neutral"],
    }


def test_job_results_are_read_by_id_or_by_index():
    sent = [{"id": 11}, {"id": 12}, {"id": 13}, {"id": 14}]
    status = {
        "status": "completed",
        "results": [
            {"id": 11, "action": "update", "success": True, "status": "Updated"},
            {"index": 1, "error": "UpdateConflict", "status": "Failed"},
            {"id": 13, "success": False, "status": "Failed"},
        ],
    }
    assert job_outcomes(status, sent) == ({"11"}, {"12", "13"})
    assert failed_ids(status, sent) == {"12", "13", "14"}  # 14: no result, outcome unknown
    assert failed_ids({"status": "failed", "results": None}, sent) == {"11", "12", "13", "14"}


def test_tags_and_notes_cost_two_requests_for_many_tickets(stub, client):
    _, state = stub
    tickets = [state.add_ticket(text="hi", priority="low", tags=["vip"]) for _ in range(40)]
    before = len(state.request_log())
    requests = client.apply_many([item(t["id"], "empathy_negative") for t in tickets])
    # update_many + job status
    assert requests.requests_made == len(state.request_log()) - before == 2
    for ticket in tickets:
        assert state.get_ticket(ticket["id"])["tags"] == ["vip", "empathy_negative"]
        [note] = notes_of(state, ticket["id"])
        assert note.startswith("draft\n\nRef. he-")


def test_priority_and_group_cost_one_read_for_the_whole_batch(stub, client):
    _, state = stub
    tickets = [state.add_ticket(text="hi", priority="low", tags=["vip"]) for _ in range(40)]
    items = [item(t["id"], "empathy_negative", priority="high", route="77") for t in tickets]
    before = len(state.request_log())
    assert client.apply_many(items).requests_made == len(state.request_log()) - before == 3
    for ticket in tickets:
        updated = state.get_ticket(ticket["id"])
        assert updated["priority"] == "high" and str(updated["group_id"]) == "77"


@pytest.mark.parametrize("priority", [None, "high"], ids=["tags only", "read first"])
def test_deleted_tickets_are_refused_and_do_not_fail_the_batch(stub, client, priority):
    _, state = stub
    ticket = state.add_ticket(text="hi")
    result = client.apply_many(
        [
            item(ticket["id"], "empathy_a", priority=priority),
            item(999999, "empathy_a", priority=priority),
        ]
    )
    assert "empathy_a" in state.get_ticket(ticket["id"])["tags"]
    # Refused for good (audited by the writer, never retried), whichever path found it gone.
    assert set(result.refused) == {"999999"}
    assert "not found" in result.refused["999999"]


class RacingClient(ZendeskClient):
    """An agent edits each ticket right after our show_many read, before update_many lands."""

    def __init__(self, *args, state, edit, **kwargs):
        super().__init__(*args, **kwargs)
        self.state, self.edit = state, edit

    def show_many(self, ticket_ids):
        tickets = super().show_many(ticket_ids)
        for ticket_id in ticket_ids:
            current = self.state.get_ticket(int(ticket_id))
            self.state.agent_edit(int(ticket_id), **self.edit(current))
        return tickets


@pytest.mark.parametrize(
    "edit,expect",
    [
        # The agent tags the ticket: additional_tags keeps it.
        (lambda t: {"tags": t["tags"] + ["agent_tag"]}, {"priority": "high", "group_id": 77}),
        # The agent raises it above what we wanted: never lowered back.
        (lambda t: {"priority": "urgent"}, {"priority": "urgent", "group_id": 77}),
        # The agent assigns it to someone in their own group: our route does not move it.
        (
            lambda t: {"group_id": 5, "assignee_id": 8000001},
            {"priority": "high", "group_id": 5},
        ),
    ],
)
def test_an_agent_edit_racing_the_batch_is_never_undone(stub, redis_client, edit, expect):
    url, state = stub
    settings = settings_for(url)
    client = RacingClient(settings, connection=redis_client, state=state, edit=edit)
    tickets = [state.add_ticket(text="hi", priority="low", tags=["vip"]) for _ in range(3)]
    items = [item(t["id"], "empathy_negative", priority="high", route="77") for t in tickets]
    client.edit = lambda t, first=edit: first(t) if "agent_tag" not in t["tags"] else {}
    client.apply_many(items)
    for ticket in tickets:
        final = state.get_ticket(ticket["id"])
        edited = edit(dict(ticket, tags=["vip"]))
        for tag in ["vip", "empathy_negative"] + edited.get("tags", []):
            assert tag in final["tags"]
        assert final["priority"] == expect["priority"]
        assert int(final["group_id"]) == expect["group_id"]
        assert len(notes_of(state, ticket["id"])) == 1
    client.close()


def test_a_ticket_at_its_update_limit_is_deferred_and_the_rest_written(stub, redis_client):
    url, state = stub
    client = make_client(url, redis_client, ticket_updates_per_window=2)
    hot, calm = state.add_ticket(text="hi"), state.add_ticket(text="hi")
    client.apply_many([item(hot["id"], "empathy_a", note="one")])
    client.apply_many([item(hot["id"], "empathy_a", note="two")])
    with pytest.raises(WriteDeferred) as raised:
        client.apply_many([item(hot["id"], "empathy_b", note="three"), item(calm["id"], "x")])
    assert set(raised.value.deferred) == {str(hot["id"])}
    assert 590 < raised.value.deferred[str(hot["id"])] <= 600
    assert raised.value.requests_made == 2
    assert "x" in state.get_ticket(calm["id"])["tags"]
    assert "empathy_b" not in state.get_ticket(hot["id"])["tags"]


def test_the_stub_enforces_the_per_ticket_window_on_batch_items(stub):
    url, state = stub
    state.limits = UpdateLimits(per_ticket=1)
    ticket = state.add_ticket(text="hi")
    client = make_client(url)  # no Redis: nothing held back on our side
    client.apply_many([item(ticket["id"], "empathy_a", note="")])
    with pytest.raises(BatchPartlyWritten) as raised:  # the item fails; alone, it meets a 429
        client.apply_many([item(ticket["id"], "empathy_b", note="")])
    assert raised.value.unwritten == [str(ticket["id"])]  # given back to be tried again later
    assert "empathy_b" not in state.get_ticket(ticket["id"])["tags"]


class LosesAnswers(ZendeskClient):
    """update_many commits, but its answer is lost (a timeout after Zendesk applied it)."""

    lose = True

    def update_many(self, tickets):
        job = super().update_many(tickets)
        if self.lose:
            self.lose = False
            raise TransientHelpdeskError("Zendesk timed out on PUT update_many")
        return job


def test_a_batch_whose_answer_was_lost_posts_each_note_once(stub, redis_client):
    url, state = stub
    settings = settings_for(url)
    client = LosesAnswers(settings, connection=redis_client)
    tickets = [state.add_ticket(text="hi", priority="low") for _ in range(5)]
    items = [item(t["id"], "empathy_negative", priority="high", note="Sorry") for t in tickets]
    with pytest.raises(Exception, match="timed out"):
        client.apply_many(items)
    client.apply_many(items)  # the retry: finds its references, writes only what is missing
    for ticket in tickets:
        assert len(notes_of(state, ticket["id"])) == 1
        assert state.get_ticket(ticket["id"])["priority"] == "high"
    for ticket in tickets:  # posted: its reference is kept a short while, then forgotten
        ttl = redis_client.ttl(keys.unsure_notes("zendesk", str(ticket["id"])))
        assert 0 < ttl <= delivery_refs.POSTED_SECONDS


def test_a_note_refused_with_a_429_is_resent_without_looking_it_up(stub, client, redis_client):
    url, state = stub
    ticket = state.add_ticket(text="hi", priority="low")
    known = {"tags": ticket["tags"], "priority": "low", "updated_at": ticket["updated_at"]}
    event, decision = item(ticket["id"], "empathy_negative", note="Sorry", known=known)
    requests_post(f"{url}/_stub/fail", {"count": 1, "status": 429})
    with pytest.raises(TransientHelpdeskError, match="rate limit"):
        client.apply(event, decision)
    # A 429 means "not applied": the note is not unsure, so the retry reads no comments.
    assert delivery_refs.UnsureWrites(redis_client).pending([str(ticket["id"])]) == {}
    assert notes_of(state, ticket["id"]) == []


def requests_post(url, body):
    requests.post(url, json=body, timeout=5).raise_for_status()


def test_deleted_tickets_are_refused_even_when_the_batch_answer_is_lost(stub, redis_client):
    url, state = stub
    client = LosesAnswers(settings_for(url), connection=redis_client)
    ticket = state.add_ticket(text="hi", priority="low")
    items = [item(t, "empathy_a", priority="high") for t in (ticket["id"], 999999)]
    with pytest.raises(BatchPartlyWritten) as raised:
        client.apply_many(items)
    assert set(raised.value.refused) == {"999999"}
    assert raised.value.unwritten == [str(ticket["id"])]


def unreachable_redis() -> redis.Redis:
    """A client of a Redis that is gone: its port was just freed, nothing listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return redis.Redis(port=port, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0))


def test_a_note_whose_reference_cannot_be_recorded_is_not_sent(stub, client, redis_client):
    # Sent unrecorded, a job redone after Redis came back would post it a second time.
    url, state = stub
    ticket = state.add_ticket(text="hi", priority="low")
    known = {"tags": ticket["tags"], "priority": "low", "updated_at": ticket["updated_at"]}
    event, decision = item(ticket["id"], "empathy_negative", priority="high", known=known)
    client.unsure = delivery_refs.UnsureWrites(unreachable_redis())
    with pytest.raises(redis.ConnectionError):
        client.apply(event, decision)
    with pytest.raises(redis.ConnectionError):
        client.apply_many([(event, decision)])
    assert notes_of(state, ticket["id"]) == []
    assert state.get_ticket(ticket["id"])["priority"] == "low"
    client.unsure = delivery_refs.UnsureWrites(redis_client)  # Redis is back: the redo
    client.apply(event, decision)
    assert len(notes_of(state, ticket["id"])) == 1
    assert state.get_ticket(ticket["id"])["priority"] == "high"
