"""Quality guard on the held-out part of our labelled corpus (tune only on split=dev)."""

from __future__ import annotations

from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.vader_fast import EnglishAnalyzer
from helpdesk_empathy.dev.evaluation import evaluate, load_examples, predicted_class

CORPUS = Path(__file__).parents[1] / "data" / "support_corpus.jsonl"


def _report(language: str):
    examples = load_examples(
        CORPUS, label_column="level", where={"split": "test", "language": language}
    )
    gold = [e.label for e in examples]
    predicted = [
        predicted_class(a.level, a.compound, binary=False)
        for a in (analyze(e.text) for e in examples)
    ]
    return evaluate(gold, predicted)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_held_out_negative_class_stays_above_target(language: str) -> None:
    negative = _report(language).per_class["negative"]
    assert negative.support >= 60
    assert negative.f1 >= 0.85
    assert negative.precision >= 0.85


def test_ordinary_satisfied_messages_almost_never_escalate() -> None:
    import json

    from helpdesk_empathy.decision.policy import escalation_reasons
    from helpdesk_empathy.decision.rules import default_rules

    rules = default_rules()
    with CORPUS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    satisfied = [
        r
        for r in records
        if not r["escalate"] and r["level"] in ("neutral", "positive", "very_positive")
    ]
    assert len(satisfied) >= 300
    fired = [r["id"] for r in satisfied if escalation_reasons(analyze(r["text"]), rules)]
    assert len(fired) <= 0.005 * len(satisfied), fired


def test_corpus_is_large_enough_half_french_and_split() -> None:
    import json
    import zlib

    with CORPUS.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    assert len(records) >= 1000
    assert sum(r["language"] == "fr" for r in records) * 2 >= len(records)
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        expected = "test" if zlib.crc32(record["id"].encode()) % 3 == 0 else "dev"
        assert record["split"] == expected, record["id"]
        assert isinstance(record["escalate"], bool)


def test_faster_negation_check_gives_vader_results() -> None:
    plain, ours = SentimentIntensityAnalyzer(), EnglishAnalyzer()
    for text in [
        "The book was not good, never so bad, without doubt awful.",
        "I don't think this is great but it isn't horrible either.",
        "Not bad at all!!! Never this happy.",
    ]:
        assert ours.polarity_scores(text) == plain.polarity_scores(text)
