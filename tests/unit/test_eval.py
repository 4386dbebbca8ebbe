"""Metrics on a hand-computable example and loading of every supported file shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpdesk_empathy.cli import main
from helpdesk_empathy.dev.evaluation import (
    EvaluationError,
    evaluate,
    load_examples,
    predicted_class,
    to_class,
)


def test_metrics_on_a_tiny_example() -> None:
    gold = ["negative", "negative", "negative", "neutral", "positive", "positive"]
    pred = ["negative", "negative", "neutral", "negative", "positive", "neutral"]
    report = evaluate(gold, pred)
    assert report.accuracy == pytest.approx(3 / 6)
    neg = report.per_class["negative"]
    assert (neg.precision, neg.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert neg.f1 == pytest.approx(2 / 3)
    pos = report.per_class["positive"]
    assert (pos.precision, pos.recall, pos.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert report.per_class["neutral"].f1 == 0.0
    assert report.macro_f1 == pytest.approx((2 / 3 + 0 + 2 / 3) / 3)
    assert report.confusion["negative"] == {"negative": 2, "neutral": 1, "positive": 0}


def test_numeric_and_named_labels() -> None:
    assert to_class("-2.1") == "negative"
    assert to_class("0.3") == "neutral"
    assert to_class("0.51") == "positive"
    assert to_class("True") == "positive"
    assert to_class("very_negative") == "negative"
    assert to_class("5", {"5": "positive"}) == "positive"
    assert to_class("0.3", neg_threshold=0.5) == "negative"
    with pytest.raises(EvaluationError):
        to_class("maybe")


def test_binary_prediction_splits_at_zero() -> None:
    assert predicted_class("neutral", 0.01, binary=True) == "positive"
    assert predicted_class("neutral", 0.0, binary=True) == "negative"
    assert predicted_class("very_negative", -0.9, binary=False) == "negative"


def test_loads_vader_txt_csv_without_header_and_jsonl(tmp_path: Path) -> None:
    txt = tmp_path / "truth.txt"
    txt.write_text('1\t-2.5\tI "hate" it\n2\t0.1\tIt is a table\n3\t3.0\tLove it\n')
    assert [e.label for e in load_examples(txt)] == ["negative", "neutral", "positive"]
    assert load_examples(txt)[0].text == 'I "hate" it'
    csv = tmp_path / "reviews.csv"
    csv.write_text('"Très bon livre, je recommande","True"\n"Nul, ennuyeux","False"\n')
    assert [e.label for e in load_examples(csv)] == ["positive", "negative"]
    named = tmp_path / "named.csv"
    named.write_text("body,mood\nGreat,pos\nBad,neg\n")
    loaded = load_examples(named, text_column="body", label_column="mood")
    assert [(e.text, e.label) for e in loaded] == [("Great", "positive"), ("Bad", "negative")]
    jsonl = tmp_path / "c.jsonl"
    rows = [{"t": "a", "y": "negative", "s": "dev"}, {"t": "b", "y": "neutral", "s": "test"}]
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows))
    loaded = load_examples(jsonl, text_column="t", label_column="y", where={"s": "test"})
    assert [(e.text, e.label) for e in loaded] == [("b", "neutral")]


def test_eval_command_prints_the_report(tmp_path: Path, capsys) -> None:
    path = tmp_path / "tiny.tsv"
    path.write_text(
        "1\t-3\tThis is the third time I write, still no refund!\n"
        "2\t0\tHow do I change my address?\n"
        "3\t3\tThank you so much, wonderful service!\n"
    )
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "accuracy: 1.000" in out
    assert "negative-class F1: 1.000" in out
    assert "messages/second:" in out
    assert "confusion" in out
