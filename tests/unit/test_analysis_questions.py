"""Questions about a status are not complaints; questions about one's own problem still are."""

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.sentiment import is_status_question


@pytest.mark.parametrize(
    "text",
    [
        "@united is flight UA123 delayed?",
        "Is there a delay on flight 1234 from PHL?",
        "Do you know if the 5pm flight to Dallas is cancelled?",
    ],
)
def test_status_questions_are_neutral(text):
    analysis = analyze(text, language="en")
    assert analysis.level == "neutral"
    assert not analysis.has("delay")


@pytest.mark.parametrize(
    "text",
    [
        "How do I get a refund for my cancelled flight?",
        "Why is this flight delayed again?",
        "We are stuck on the tarmac for an hour, any news?",
        "My bag didn't make it to Denver, where is it?",
        "Flight delayed 3 hours and no updates. Is anyone there?",
    ],
)
def test_questions_about_the_customers_own_trouble_stay_negative(text):
    assert analyze(text, language="en").level in {"negative", "very_negative"}


def test_status_question_shape():
    assert is_status_question("Is flight 9 on time? Is the gate open?")
    assert not is_status_question("Flight delayed. Is anyone there?")  # a statement first
    assert not is_status_question("Is my flight delayed?")  # the writer's own trip
    assert not is_status_question("Is it delayed?!")


@pytest.mark.parametrize(
    "text",
    [
        "I want to speak to a manager. This is completely unacceptable.",
        "Pathetic. I want this escalated to a supervisor today.",
        "Je veux parler à un responsable, c'est inadmissible.",
    ],
)
def test_asking_for_a_person_is_a_signal_that_escalates(text):
    from helpdesk_empathy.decision.policy import escalation_reasons
    from helpdesk_empathy.decision.rules import default_rules

    analysis = analyze(text)
    assert analysis.has("wants_human")
    assert escalation_reasons(analysis, default_rules())


@pytest.mark.parametrize(
    "text",
    ["I'm furious, my wedding dress didn't arrive.", "Vous êtes des incapables, c'est honteux."],
)
def test_strong_anger_is_its_own_signal(text):
    analysis = analyze(text)
    assert analysis.has("anger")
    assert analysis.level in {"negative", "very_negative"}
