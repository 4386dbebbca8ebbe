"""Counted earlier contacts, asks for a senior person, and late goods that are not a re-contact."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.evidence import quote_matches


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("This is about my previous two tickets, nothing was done.", 3),
        ("I sent my last three emails and got no answer.", 4),
        ("Regarding our two earlier calls about the invoice.", 3),
        ("Suite à mes deux derniers mails, rien n'a bougé.", 3),
        ("I have sent you three emails about this.", 3),
    ],
)
def test_counted_earlier_contacts_give_the_contact_number(text: str, number: int) -> None:
    analysis = analyze(text)
    assert analysis.contact_number == number
    assert analysis.has("repeat_contact")
    assert all(quote_matches(text, e) for e in analysis.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "My parcel still hasn't arrived.",
        "The replacement has still not been delivered.",
        "Mon colis n'est toujours pas arrivé.",
    ],
)
def test_goods_still_late_on_a_first_message_is_a_delay_not_a_repeat(text: str) -> None:
    analysis = analyze(text)
    assert analysis.has("delay")
    assert analysis.contact_number == 1
    assert not analysis.has("repeat_contact")


@pytest.mark.parametrize(
    "text",
    [
        "I'm still waiting for a reply.",
        "Still no answer to my email.",
        "J'attends toujours une réponse.",
    ],
)
def test_still_waiting_for_an_answer_is_still_a_second_contact(text: str) -> None:
    analysis = analyze(text)
    assert analysis.contact_number == 2
    assert any(e.signal == "repeat_contact" for e in analysis.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "I want someone senior to call me",
        "Please have a more senior agent look at this.",
        "I need a real person, not a bot.",
        "Je veux parler à quelqu'un de compétent.",
        "Je voudrais un vrai interlocuteur.",
    ],
)
def test_asking_for_someone_senior_wants_a_human(text: str) -> None:
    analysis = analyze(text)
    assert analysis.has("wants_human")
    assert any(e.signal == "wants_human" and quote_matches(text, e) for e in analysis.evidence)


@pytest.mark.parametrize(
    "text",
    ["She is a senior at high school.", "Our senior citizens discount is great, thanks!"],
)
def test_senior_alone_is_not_a_request_for_a_human(text: str) -> None:
    assert not analyze(text).has("wants_human")


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("I will dispute the charge with my bank.", "payment_dispute"),
        ("If this isn't refunded I'll dispute the charge with my bank.", "payment_dispute"),
    ],
)
def test_a_bank_dispute_is_a_payment_dispute_not_a_legal_threat(text: str, signal: str) -> None:
    analysis = analyze(text)
    assert analysis.has(signal)
    assert not analysis.has("legal_threat")
