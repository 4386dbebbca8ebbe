"""Customer text we write back cannot carry a helpdesk placeholder that would be expanded."""

from __future__ import annotations

import time

import pytest
from builders import message_event

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision.placeholders import neutralise_placeholders
from helpdesk_empathy.decision.policy import decide
from helpdesk_empathy.decision.rules import default_rules

OPENERS = ("{{", "{%", "#{")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ticket.requester.email}}", "{ {ticket.requester.email}}"),
        ("{% if x %}", "{ % if x %}"),
        ("#{ticket.customer.email}", "# {ticket.customer.email}"),
        ("#{{x}}", "# { {x}}"),
        ("{{{triple}}}", "{ { {triple}}}"),
        ("plain {text} and #hashtag", "plain {text} and #hashtag"),
        ("", ""),
    ],
)
def test_every_placeholder_opener_is_broken(text: str, expected: str) -> None:
    assert neutralise_placeholders(text) == expected
    assert neutralise_placeholders(expected) == expected  # idempotent


def test_a_long_hostile_text_is_neutralised_in_linear_time() -> None:
    text = "{" * 300_000 + "#{" * 100_000
    start = time.perf_counter()
    result = neutralise_placeholders(text)
    assert time.perf_counter() - start < 1.0
    assert not any(opener in result for opener in OPENERS)


def test_subject_name_and_quotes_in_the_note_and_draft_are_neutralised() -> None:
    text = (
        "This is the THIRD time I write about {{ticket.requester.email}}!!! "
        "Still waiting for my refund #{ticket.customer.email}, I want a manager. "
        "Can you tell me where my {% raw %} order is?"
    )
    event = message_event(
        text=text,
        requester_name="{{current_user.name}} Doe",
        subject="Order {{ticket.id}} #{ticket.title} {%- if true %}",
    )
    decision = decide(analyze(text), event, default_rules())
    assert decision.note  # a first analysis always gets a note
    assert not any(opener in decision.note for opener in OPENERS)
    assert "ticket.requester.email" in decision.note or "ticket.id" in decision.note
