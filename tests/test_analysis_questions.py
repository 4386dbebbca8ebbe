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
