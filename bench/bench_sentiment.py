"""Plain VADER vs our scorer on the same labelled data, same run: neg-F1, macro-F1, msgs/s.

Usage: python bench/bench_sentiment.py [FILE ...]
Defaults: the held-out part of tests/data/support_corpus.jsonl (EN and FR) and, when present,
../shared/datasets/tweets_GroundTruth.txt and books_fr_test.csv.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.language import _lingua
from helpdesk_empathy.evaluation import evaluate, load_examples, predicted_class

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "support_corpus.jsonl"
SHARED = ROOT.parent / "shared" / "datasets"
ROUNDS = 3  # best of, to damp noise from other processes


def vader_class(compound: float, binary: bool) -> str:
    if binary:
        return "positive" if compound > 0 else "negative"
    if compound <= -0.05:
        return "negative"
    return "positive" if compound >= 0.05 else "neutral"


def timed(fn, texts: list[str]) -> tuple[list, float]:
    best = float("inf")
    results: list = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        results = [fn(text) for text in texts]
        best = min(best, time.perf_counter() - start)
    return results, len(texts) / best


def bench(name: str, texts: list[str], gold: list[str]) -> None:
    binary = "neutral" not in gold
    vader = SentimentIntensityAnalyzer()
    plain, plain_rate = timed(lambda t: vader.polarity_scores(t)["compound"], texts)
    ours, our_rate = timed(analyze, texts)
    rows = (
        ("plain VADER", [vader_class(c, binary) for c in plain], plain_rate),
        ("ours", [predicted_class(a.level, a.compound, binary=binary) for a in ours], our_rate),
    )
    print(f"\n{name} ({len(texts)} messages{', two-class' if binary else ''})")
    print(f"{'scorer':<12}{'negP':>7}{'negR':>7}{'negF1':>7}{'macroF1':>9}{'acc':>7}{'msgs/s':>9}")
    for label, predicted, rate in rows:
        report = evaluate(gold, predicted)
        neg = report.per_class["negative"]
        print(
            f"{label:<12}{neg.precision:>7.3f}{neg.recall:>7.3f}{neg.f1:>7.3f}"
            f"{report.macro_f1:>9.3f}{report.accuracy:>7.3f}{rate:>9.0f}"
        )
    print(f"throughput ratio ours/plain: {our_rate / plain_rate:.2f}")


def main(argv: list[str]) -> int:
    analyze("warm up")
    _lingua()  # load the detector outside the timing
    if argv:
        for path in argv:
            examples = load_examples(path)
            bench(path, [e.text for e in examples], [e.label for e in examples])
        return 0
    for lang in ("en", "fr"):
        examples = load_examples(
            CORPUS, label_column="level", where={"split": "test", "language": lang}
        )
        bench(
            f"support corpus, held-out, {lang}",
            [e.text for e in examples],
            [e.label for e in examples],
        )
    for file in ("tweets_GroundTruth.txt", "books_fr_test.csv"):
        if (SHARED / file).exists():
            examples = load_examples(SHARED / file)
            bench(file, [e.text for e in examples], [e.label for e in examples])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
