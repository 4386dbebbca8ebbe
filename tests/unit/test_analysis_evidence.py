"""Evidence spans: every quote is the analysed text at its offsets, for every corpus message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.evidence import ELLIPSIS, MAX_QUOTE, quote_matches
from helpdesk_empathy.models import SIGNAL_NAMES

DATA = Path(__file__).resolve().parent.parent / "data"
EVIDENCE_NAMES = {*SIGNAL_NAMES, "sentiment"}


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle if line.strip())
    return texts


def test_every_quote_in_the_corpora_is_found_at_its_offsets() -> None:
    texts = _corpus_texts()
    assert len(texts) >= 300
    for text in texts:
        analysis = analyze(text)
        # Whatever moved the score away from zero is shown.
        assert analysis.evidence or analysis.compound == 0, text
        for item in analysis.evidence:
            assert 0 <= item.start < item.end <= len(text), (item, text)
            assert quote_matches(text, item), (item, text[item.start : item.end])
            assert item.signal in EVIDENCE_NAMES, item


def test_every_signal_from_the_text_has_evidence() -> None:
    for text in _corpus_texts():
        analysis = analyze(text)
        spans = {item.signal for item in analysis.evidence}
        for signal in analysis.signals:
            assert signal.name in spans, (signal.name, text)


@pytest.mark.parametrize(
    ("text", "signal", "quote"),
    [
        ("Where is my parcel? I have been waiting for 3 weeks.", "delay", "been waiting"),
        ("I was charged twice for one order.", "billing", "charged twice"),
        ("J’ai été prélevé deux fois, c’est inadmissible.", "anger", "c’est inadmissible"),
        ("Cœur brisé : le colis est arrivé cassé.", "broken", "cassé"),
        ("@ShopCo #NeverAgain your service is awful", "churn_threat", "NeverAgain"),
        ("Très déçue du service", "sentiment", "déçue"),
        ("WHY IS NOBODY ANSWERING MY EMAILS", "shouting", "WHY"),
        ("Still nothing?!", "exclamations", "?!"),
    ],
)
def test_known_spans(text: str, signal: str, quote: str) -> None:
    found = [e for e in analyze(text).evidence if e.signal == signal]
    assert found, analyze(text).evidence
    assert quote in [e.quote for e in found]
    for item in found:
        assert text[item.start : item.end] == item.quote


def test_quoted_history_keeps_offsets_into_the_whole_text() -> None:
    text = (
        "Hi,\n\nThe   replacement   is broken too.\n\n"
        "On Mon, 3 Mar 2025, Support <help@example.com> wrote:\n> Sorry it was broken."
    )
    items = [e for e in analyze(text).evidence if e.signal == "broken"]
    assert items and all(text[e.start : e.end] == e.quote for e in items)
    assert items[0].start < text.index("On Mon")


def test_long_spans_keep_exact_offsets_and_a_short_quote() -> None:
    text = "Absolutely nobody has replied " + "and " * 40 + "I am furious."
    for item in analyze(text).evidence:
        assert len(item.quote) <= MAX_QUOTE
        assert quote_matches(text, item)
        if item.quote.endswith(ELLIPSIS):
            assert item.end - item.start > MAX_QUOTE


def test_no_evidence_for_a_plain_question() -> None:
    assert analyze("What time do you open on Saturday").evidence == ()


def test_evidence_stays_fast_and_bounded_on_a_long_hostile_message() -> None:
    import time

    text = ("still waiting, charged twice, awful!! " * 2000)[:60_000]
    started = time.perf_counter()
    analysis = analyze(text)
    assert time.perf_counter() - started < 5.0
    assert len(analysis.evidence) <= 80
    assert all(quote_matches(text, item) for item in analysis.evidence)
