"""The pure Decision -> Zendesk ticket update mapping."""

from __future__ import annotations

import pytest

from helpdesk_empathy.helpdesks.zendesk.payloads import (
    TicketState,
    applied_fields,
    build_ticket_update,
    has_changes,
    is_exact_stamp,
    merge_tags,
)
from helpdesk_empathy.models import PRIORITIES, Decision, TicketEvent

STAMP = "2024-05-02T10:14:09Z"


def decision(tags=("empathy_negative",), priority=None, group=None, note="Suggested reply"):
    return Decision(tuple(tags), priority, group, bool(group), note)


def test_tags_are_merged_never_dropped():
    state = TicketState(tags=("vip", "billing"), updated_at=STAMP)
    body = build_ticket_update(state, decision(tags=("empathy_negative", "VIP")))["ticket"]
    assert body["tags"] == ["vip", "billing", "empathy_negative"]


def test_no_tags_key_when_nothing_new():
    state = TicketState(tags=("empathy_negative",), updated_at=STAMP)
    body = build_ticket_update(state, decision())["ticket"]
    assert "tags" not in body


@pytest.mark.parametrize("current", [None, *PRIORITIES])
@pytest.mark.parametrize("wanted", PRIORITIES)
def test_priority_is_only_raised(current, wanted):
    state = TicketState(priority=current, updated_at=STAMP)
    body = build_ticket_update(state, decision(priority=wanted))["ticket"]
    current_rank = PRIORITIES.index(current) if current else -1
    if PRIORITIES.index(wanted) > current_rank:
        assert body["priority"] == wanted
    else:
        assert "priority" not in body


def test_unknown_priority_values_are_ignored():
    body = build_ticket_update(TicketState(priority="high"), decision(priority="critical"))
    assert "priority" not in body["ticket"]


def test_group_set_only_when_unassigned():
    free = build_ticket_update(TicketState(group_id="1"), decision(group="360005"))["ticket"]
    assert free["group_id"] == 360005
    owned = TicketState(group_id="1", assignee_id="77")
    assert "group_id" not in build_ticket_update(owned, decision(group="360005"))["ticket"]
    same = TicketState(group_id="360005")
    assert "group_id" not in build_ticket_update(same, decision(group="360005"))["ticket"]


def test_note_is_internal():
    body = build_ticket_update(TicketState(), decision(note="We hear you"))["ticket"]
    assert body["comment"] == {"body": "We hear you", "public": False}


def test_safe_update_carries_the_stamp():
    body = build_ticket_update(TicketState(updated_at=STAMP), decision())["ticket"]
    assert body["safe_update"] is True and body["updated_stamp"] == STAMP
    unsafe = build_ticket_update(TicketState(updated_at=STAMP), decision(), safe_update=False)
    assert "safe_update" not in unsafe["ticket"] and "updated_stamp" not in unsafe["ticket"]


def test_nothing_to_do_is_detected():
    state = TicketState(tags=("empathy_negative",), priority="urgent", updated_at=STAMP)
    update = build_ticket_update(state, decision(priority="high", note=" "))
    assert not has_changes(update)
    assert has_changes(build_ticket_update(state, decision(note="x")))


def test_from_event_normalises_placeholder_values():
    event = TicketEvent(
        helpdesk="zendesk",
        event_id="e",
        ticket_id="5",
        text="t",
        tags=("a", "b"),
        priority="High",
        group_id="",
        assignee_id=" ",
        updated_at=STAMP,
    )
    state = TicketState.from_event(event)
    assert state == TicketState(tags=("a", "b"), priority="high", updated_at=STAMP)


def test_from_api_reads_ints_and_wrapped_objects():
    api = {
        "ticket": {
            "tags": ["x"],
            "priority": None,
            "group_id": 12,
            "assignee_id": 34,
            "updated_at": STAMP,
        }
    }
    assert TicketState.from_api(api) == TicketState(("x",), None, "12", "34", STAMP)
    assert TicketState.from_api(api["ticket"]) == TicketState.from_api(api)


def test_exact_stamp_needs_seconds():
    assert is_exact_stamp(STAMP)
    assert is_exact_stamp("2024-05-02T10:14:09.123+00:00")
    assert not is_exact_stamp("2013-12-12T05:35Z")  # {{ticket.updated_at_with_timestamp}}
    assert not is_exact_stamp(None) and not is_exact_stamp("")


def test_applied_fields_hide_the_note_text():
    update = build_ticket_update(TicketState(), decision(priority="high", note="secret words"))
    applied = applied_fields(update)
    assert applied["priority"] == "high" and applied["internal_note"] is True
    assert "secret words" not in repr(applied)


def test_merge_tags_keeps_order_and_dedupes():
    assert merge_tags(("b", "a"), ("a", "c", "c", " ")) == ["b", "a", "c"]
