"""Counted earlier contacts, asks for a senior person, and late goods that are not a re-contact."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.evidence import quote_matches

# (text, contact number or None, signals it must show with quoted evidence, signals it must not).
READINGS = [
    # A counted earlier contact gives the contact number.
    ("This is about my previous two tickets, nothing was done.", 3, {"repeat_contact"}, set()),
    ("I sent my last three emails and got no answer.", 4, {"repeat_contact"}, set()),
    ("Regarding our two earlier calls about the invoice.", 3, {"repeat_contact"}, set()),
    ("Suite à mes deux derniers mails, rien n'a bougé.", 3, {"repeat_contact"}, set()),
    ("I have sent you three emails about this.", 3, {"repeat_contact"}, set()),
    # Goods still late on a first message are a delay, not a repeat.
    ("My parcel still hasn't arrived.", 1, {"delay"}, {"repeat_contact"}),
    ("The replacement has still not been delivered.", 1, {"delay"}, {"repeat_contact"}),
    ("Mon colis n'est toujours pas arrivé.", 1, {"delay"}, {"repeat_contact"}),
    # Still waiting for an answer is still a second contact.
    ("I'm still waiting for a reply.", 2, {"repeat_contact"}, set()),
    ("Still no answer to my email.", 2, {"repeat_contact"}, set()),
    ("J'attends toujours une réponse.", 2, {"repeat_contact"}, set()),
    # Asking for someone senior wants a human; "senior" alone does not.
    ("I want someone senior to call me", None, {"wants_human"}, set()),
    ("Please have a more senior agent look at this.", None, {"wants_human"}, set()),
    ("I need a real person, not a bot.", None, {"wants_human"}, set()),
    ("Je veux parler à quelqu'un de compétent.", None, {"wants_human"}, set()),
    ("Je voudrais un vrai interlocuteur.", None, {"wants_human"}, set()),
    ("She is a senior at high school.", None, set(), {"wants_human"}),
    ("Our senior citizens discount is great, thanks!", None, set(), {"wants_human"}),
    # A bank dispute is a payment dispute, not a legal threat.
    ("I will dispute the charge with my bank.", None, {"payment_dispute"}, {"legal_threat"}),
    (
        "If this isn't refunded I'll dispute the charge with my bank.",
        None,
        {"payment_dispute"},
        {"legal_threat"},
    ),
]


@pytest.mark.parametrize(("text", "number", "shown", "absent"), READINGS)
def test_contact_number_and_signals(
    text: str, number: int | None, shown: set[str], absent: set[str]
) -> None:
    analysis = analyze(text)
    if number is not None:
        assert analysis.contact_number == number
    for signal in shown:
        assert analysis.has(signal)
        assert any(e.signal == signal and quote_matches(text, e) for e in analysis.evidence)
    for signal in absent:
        assert not analysis.has(signal)
    assert all(quote_matches(text, e) for e in analysis.evidence)
