"""Signals (EN and FR), contact number, levels and frustration of analyze()."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze, level_for
from helpdesk_empathy.models import LEVELS, SIGNAL_NAMES


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("WHERE IS MY ORDER I HAVE BEEN WAITING FOR WEEKS", "shouting"),
        ("OÙ EST MA COMMANDE JE LA ATTENDS DEPUIS DES SEMAINES", "shouting"),
        ("Where is my order?!", "exclamations"),
        ("Où est ma commande !!!", "exclamations"),
        ("This is the third time I am writing about this.", "repeat_contact"),
        ("C'est la troisième fois que je vous écris.", "repeat_contact"),
        ("I have been on hold for two hours.", "delay"),
        ("Je suis en attente depuis deux heures.", "delay"),
        ("Nobody has replied to my emails.", "ignored"),
        ("Personne ne me répond.", "ignored"),
        ("The printer is not working.", "broken"),
        ("L'imprimante ne fonctionne plus.", "broken"),
        ("I was charged twice for one order.", "billing"),
        ("J'ai été débité deux fois pour la même commande.", "billing"),
        ("Cancel my subscription, I am switching to another provider.", "churn_threat"),
        ("Je vais résilier mon abonnement.", "churn_threat"),
        ("My lawyer will be in touch about a chargeback.", "legal_threat"),
        ("Mon avocat vous enverra une mise en demeure.", "legal_threat"),
        ("This is bullshit.", "profanity"),
        ("C'est de la merde.", "profanity"),
        ("I don't understand how to export my data.", "confusion"),
        ("Je ne comprends pas comment exporter mes données.", "confusion"),
        ("Thanks so much for your help!", "gratitude"),
        ("Merci beaucoup pour votre aide.", "gratitude"),
    ],
)
def test_signal_fires_in_english_and_french(text: str, signal: str) -> None:
    analysis = analyze(text)
    assert analysis.has(signal), analysis.signals
    for found in analysis.signals:
        assert found.name in SIGNAL_NAMES
        assert found.reason and found.reason.lower() not in text.lower()


def test_acronyms_and_order_ids_are_not_shouting() -> None:
    analysis = analyze("Please send the PDF by UPS ASAP, order AB12345 for the VAT team.")
    assert not analysis.has("shouting")


def test_shouting_reason_gives_the_share_without_quoting() -> None:
    analysis = analyze("THIS IS COMPLETELY UNACCEPTABLE")
    shouting = next(s for s in analysis.signals if s.name == "shouting")
    assert "100% of the words are in capitals" in shouting.reason
    assert shouting.contribution > 0


def test_single_exclamation_is_not_a_run() -> None:
    assert not analyze("Thanks, that worked!").has("exclamations")


@pytest.mark.parametrize(
    ("text", "contact_count", "expected"),
    [
        ("My order is late.", 0, 1),
        ("This is the third time I am asking.", 0, 3),
        ("3rd email about my refund.", 0, 3),
        ("Still waiting for my refund.", 0, 2),
        ("C'est ma troisième relance.", 0, 3),
        ("Toujours pas de réponse.", 0, 2),
        ("My order is late.", 2, 3),
        ("This is the third time I am asking.", 4, 5),
        ("This is the 4th time I am asking.", 1, 4),
    ],
)
def test_contact_number_takes_the_larger_of_text_and_history(
    text: str, contact_count: int, expected: int
) -> None:
    analysis = analyze(text, contact_count=contact_count)
    assert analysis.contact_number == expected
    assert analysis.has("repeat_contact") == (expected >= 2)


def test_history_reason_says_tickets_not_writing() -> None:
    analysis = analyze("My order is late.", contact_count=2)
    reason = next(s.reason for s in analysis.signals if s.name == "repeat_contact")
    assert "3rd recent ticket" in reason


def test_never_again_is_not_repeat_contact() -> None:
    assert analyze("I will never buy from you again.").contact_number == 1


@pytest.mark.parametrize(
    ("compound", "level"),
    [(-0.9, "very_negative"), (-0.3, "negative"), (0.0, "neutral"), (0.05, "neutral"),
     (0.3, "positive"), (0.9, "very_positive")],
)  # fmt: skip
def test_level_cut_offs(compound: float, level: str) -> None:
    assert level_for(compound) == level


def test_levels_follow_the_message() -> None:
    assert analyze("Thank you so much, amazing service, you are wonderful!").level == LEVELS[4]
    assert analyze("How do I change my email address?").level == "neutral"
    assert analyze("Worst service ever, you are useless and I want my money back.").level == (
        "very_negative"
    )


def test_frustration_never_drops_when_signals_are_added() -> None:
    steps = [
        "My parcel has not arrived.",
        "My parcel has not arrived and nobody replied.",
        "This is the third time: my parcel has not arrived and nobody replied.",
        "This is the third time: my parcel has not arrived and nobody replied!!!",
        "THIS IS THE THIRD TIME: MY PARCEL HAS NOT ARRIVED AND NOBODY REPLIED!!!",
        "THIS IS THE THIRD TIME: MY PARCEL HAS NOT ARRIVED AND NOBODY REPLIED!!! MY LAWYER "
        "WILL CALL.",
    ]
    scores = [analyze(text).frustration for text in steps]
    assert scores == sorted(scores), scores
    assert scores[-1] > scores[0]
    assert all(0 <= score <= 100 for score in scores)


def test_language_can_be_forced() -> None:
    assert analyze("merci", language="en").language == "en"
    assert analyze("thanks", language="fr").language == "fr"


def test_french_negation_flips_a_positive_word() -> None:
    assert analyze("Je suis content.").compound > 0
    assert analyze("Je ne suis pas content.").compound < 0
    assert analyze("Je n'aime pas ce service.").compound < 0
