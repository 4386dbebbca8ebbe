"""Irony without problem words: mock praise undone by the time it took or by "another"."""

from __future__ import annotations

import pytest
from readings import assert_reading

from helpdesk_empathy.analysis import analyze

# (text, how it reads): mock praise undone by time or "another", next to sincere praise.
READINGS = [
    ("Love how my 'next day' parcel is on day five", "negative"),
    ("Oh great, another update that logs me out", "negative"),
    ("Thanks for the quick reply: three weeks.", "negative"),
    ("Gotta love it when the refund shows up two months later.", "negative"),
    ("Merci pour ce service rapide : trois semaines", "negative"),
    ("Oh super, encore une mise à jour.", "negative"),
    ("J'adore quand la commande arrive trois semaines plus tard.", "negative"),
    ("Bravo pour le suivi express : deux mois sans nouvelles.", "negative"),
    ("I love how simple the new app is, thank you!", "positive"),
    ("Love that it arrived in two days!", "positive"),
    ("Another great delivery, arrived the next day. Thanks!", "positive"),
    ("Oh great, thank you, that worked!", "positive"),
    ("Fast delivery, two days and all perfect.", "positive"),
    ("Once again, thank you for your help.", "positive"),
    ("Encore une fois merci pour votre aide !", "positive"),
    ("Super, encore un achat réussi, merci.", "positive"),
    ("Livraison rapide : deux jours, parfait.", "positive"),
    ("J'adore quand le colis arrive le lendemain !", "positive"),
]


@pytest.mark.parametrize(("text", "reading"), READINGS)
def test_ironic_praise_reads_negative_and_sincere_praise_positive(text: str, reading: str) -> None:
    # "another", "encore" and "once again" here are no sign of an earlier contact.
    assert not assert_reading(text, reading).has("repeat_contact")


def test_irony_evidence_quotes_the_ironic_phrase() -> None:
    text = "Well. Oh great, another update that logs me out"
    spans = [text[e.start : e.end] for e in analyze(text).evidence]
    assert any(span.lower().startswith("oh great, another") for span in spans)


def test_a_denied_fix_is_no_happy_ending() -> None:
    text = "My ticket was closed but nothing was fixed. Thanks."
    assert analyze(text).level.endswith("negative")


def test_irony_patterns_stay_fast_on_long_hostile_input() -> None:
    import time

    text = "love how " + "a" * 50 + " " + ("x " * 20_000) + "oh great, " + "!" * 20_000
    started = time.perf_counter()
    analyze(text)
    assert time.perf_counter() - started < 2.0
