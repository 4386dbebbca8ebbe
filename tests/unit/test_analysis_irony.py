"""Irony without problem words: mock praise undone by the time it took or by "another"."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.evidence import quote_matches


@pytest.mark.parametrize(
    "text",
    [
        "Love how my 'next day' parcel is on day five",
        "Oh great, another update that logs me out",
        "Thanks for the quick reply: three weeks.",
        "Gotta love it when the refund shows up two months later.",
        "Merci pour ce service rapide : trois semaines",
        "Oh super, encore une mise à jour.",
        "J'adore quand la commande arrive trois semaines plus tard.",
        "Bravo pour le suivi express : deux mois sans nouvelles.",
    ],
)
def test_ironic_praise_reads_negative(text: str) -> None:
    analysis = analyze(text)
    assert analysis.level.endswith("negative"), analysis
    assert all(quote_matches(text, e) for e in analysis.evidence)


@pytest.mark.parametrize(
    "text",
    [
        "I love how simple the new app is, thank you!",
        "Love that it arrived in two days!",
        "Another great delivery, arrived the next day. Thanks!",
        "Oh great, thank you, that worked!",
        "Fast delivery, two days and all perfect.",
        "Once again, thank you for your help.",
        "Encore une fois merci pour votre aide !",
        "Super, encore un achat réussi, merci.",
        "Livraison rapide : deux jours, parfait.",
        "J'adore quand le colis arrive le lendemain !",
    ],
)
def test_sincere_praise_with_time_words_or_another_stays_positive(text: str) -> None:
    analysis = analyze(text)
    assert analysis.level.endswith("positive"), analysis
    assert not analysis.has("repeat_contact")


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
