"""A ticket shows the customer's current mood: our old level tag is replaced, no other tag is."""

from __future__ import annotations

from builders import decision

from helpdesk_empathy.decision.policy import decide
from helpdesk_empathy.decision.rules import default_rules
from helpdesk_empathy.helpdesks.freshdesk.payloads import FreshdeskTicket, ticket_update
from helpdesk_empathy.helpdesks.zammad.payloads import tags_to_remove
from helpdesk_empathy.helpdesks.zendesk.payloads import TicketState, build_ticket_update
from helpdesk_empathy.models import Analysis, Decision, TicketEvent
from helpdesk_empathy.pipeline.delivery.outbox import Pending, merge

CALM = Analysis(language="en", compound=0.5, level="positive", frustration=0)


def calm_decision() -> Decision:
    event = TicketEvent(helpdesk="zendesk", event_id="e", ticket_id="1", text="thanks")
    return decide(CALM, event, default_rules())


def test_policy_removes_the_other_level_tags_only():
    decision = calm_decision()
    assert "empathy_sentiment_positive" in decision.add_tags
    assert "empathy_sentiment_very_negative" in decision.remove_tags
    assert "empathy_sentiment_positive" not in decision.remove_tags
    assert all(tag.startswith("empathy_sentiment_") for tag in decision.remove_tags)


def test_zendesk_update_swaps_the_level_tag_and_keeps_everything_else():
    current = TicketState(
        tags=("vip", "empathy_sentiment_very_negative", "empathy_escalated"),
        updated_at="2026-11-23T18:00:00Z",
    )
    tags = build_ticket_update(current, calm_decision())["ticket"]["tags"]
    assert "empathy_sentiment_very_negative" not in tags
    assert tags[:2] == ["vip", "empathy_escalated"]  # not ours to drop, or still true
    assert "empathy_sentiment_positive" in tags


def test_freshdesk_update_swaps_the_level_tag():
    current = FreshdeskTicket(tags=("vip", "empathy_sentiment_negative"))
    tags = ticket_update(current, calm_decision(), None)["tags"]
    assert "vip" in tags and "empathy_sentiment_negative" not in tags


def test_zammad_removes_only_stale_level_tags_it_saw():
    stale = tags_to_remove(("vip", "empathy_sentiment_negative"), calm_decision().remove_tags)
    assert stale == ["empathy_sentiment_negative"]


def test_coalesced_events_keep_the_newest_level_only():
    event = TicketEvent(helpdesk="zendesk", event_id="e", ticket_id="1", text="x")
    angry = decision(
        "empathy_sentiment_very_negative", note="a", remove_tags=("empathy_sentiment_positive",)
    )
    calm = calm_decision()
    merged = merge(Pending(event, angry), Pending(event, calm)).decision
    assert "empathy_sentiment_positive" in merged.add_tags
    assert "empathy_sentiment_very_negative" not in merged.add_tags
    assert "empathy_sentiment_very_negative" in merged.remove_tags
