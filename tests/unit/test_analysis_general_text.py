"""General (non-support) text: our support rules must not make it read worse than VADER."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.sentiment import clean_social


def test_negative_words_inside_a_capitalised_name_are_no_opinion() -> None:
    assert analyze("We watched Dead Man Walking last night with friends.").compound > 0


def test_praise_in_capitals_still_counts_outside_questions() -> None:
    assert analyze("Honestly the Best Meal we had all year.").compound > 0.3


def test_a_question_with_negative_words_that_asks_nothing_stays_negative() -> None:
    assert analyze("More meetings, more problems?").level.endswith("negative")


def test_a_polite_request_with_a_doubt_is_neutral() -> None:
    assert analyze("Not sure which plan I have, could you check?").level == "neutral"


def test_thanks_after_contempt_is_courtesy_even_outside_support() -> None:
    analysis = analyze("I am so sick of these neighbours. Thank you.")
    assert analysis.level.endswith("negative")


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("We found some lovely bugs in the garden today!", False),
        ("I found a bug in the checkout page", True),
        ("The app is buggy since the update.", True),
    ],
)
def test_bugs_are_faults_only_as_software_bugs(text: str, broken: bool) -> None:
    assert analyze(text).has("broken") is broken


def test_camel_case_hashtag_words_are_not_read_as_a_name() -> None:
    assert clean_social("so true #TheBiggestLies") == "so true the biggest lies"
    assert analyze("#TheBiggestLies we never raise prices").compound < 0


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("Thursday doesn't work for us, how about Friday?", False),
        ("That time does not work for me, anything later?", False),
        ("The app doesn't work on my phone.", True),
        ("Since Monday the screen does not work.", True),
    ],
)
def test_a_time_that_does_not_suit_is_scheduling_not_a_fault(text: str, fault: bool) -> None:
    analysis = analyze(text)
    assert ("broken" in {s.name for s in analysis.signals}) is fault
    assert (analysis.compound < -0.05) is fault


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("It's my third time visiting Cambridge, any suggestions?", None),
        ("This is the third time I'm writing about my refund.", "repeat_contact"),
        ("Let's go elsewhere, this place is fully booked.", None),
        ("Fix it or I'll go elsewhere.", "churn_threat"),
        ("I'm done with the hotel, now I need a train.", None),
        ("Cancel my account. I'm done with you.", "churn_threat"),
        ("Where is the nearest lawyer's office? I have an appointment.", None),
        ("My lawyer will be in touch.", "legal_threat"),
    ],
)
def test_plans_in_a_dialogue_are_no_threat_and_no_repeat_contact(text: str, signal) -> None:
    names = {s.name for s in analyze(text).signals}
    threats = names & {"repeat_contact", "churn_threat", "legal_threat"}
    assert threats == ({signal} if signal else set())
