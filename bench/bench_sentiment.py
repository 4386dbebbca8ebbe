"""Plain VADER vs our scorer on the same labelled data, same run: neg P/R/F1, macro-F1, msgs/s.

Usage: python bench/bench_sentiment.py [--split test|dev] [FILE ...]
Defaults: the held-out part (--split test) of tests/data/support_corpus.jsonl per language,
with escalation precision/recall and the false-escalation rate on satisfied messages; the
held-out customer tweets in tests/data/customer_tweets_en.jsonl and informal French in
tests/data/informal_fr.jsonl; and, when present, VADER's
tweets and Amazon snippets and the French book reviews in $BENCH_DATASETS (default
../shared/datasets next to the checkout).

Timing: both scorers run interleaved, ROUNDS times, each pass repeated until it lasts at
least MIN_SECONDS; the best pass of each counts (other processes only ever slow a pass down).
Caches are warm (one untimed pass each), as in a long-running worker. The first line says
whether the analysis hot path runs compiled (the install's default, setup.py) or as plain Python.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import escalation_pr  # bench/escalation_pr.py, next to this script
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from helpdesk_empathy.analysis import analyze, warm_up
from helpdesk_empathy.decision.rules import default_rules
from helpdesk_empathy.dev.evaluation import Example, evaluate, load_examples, predicted_class

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SHARED = Path(os.environ.get("BENCH_DATASETS", ROOT.parent / "shared" / "datasets"))
ROUNDS = 5
SATISFIED = ("neutral", "positive", "very_positive")
MIN_SECONDS = 0.2


def vader_class(compound: float, binary: bool) -> str:
    if binary:
        return "positive" if compound > 0 else "negative"
    if compound <= -0.05:
        return "negative"
    return "positive" if compound >= 0.05 else "neutral"


def _pass(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds per message of repeated passes lasting at least MIN_SECONDS."""
    wall0, cpu0, count = time.perf_counter(), time.process_time(), 0
    while True:
        for text in texts:
            fn(text)
        count += len(texts)
        wall = time.perf_counter() - wall0
        if wall >= MIN_SECONDS:
            return wall / count, (time.process_time() - cpu0) / count


def rates(plain: Callable[[str], object], ours: Callable[[str], object], texts: list[str]):
    """Best messages/second (wall clock) of each scorer, and the CPU-time ratio ours/plain."""
    best = {"plain": (float("inf"), float("inf")), "ours": (float("inf"), float("inf"))}
    for _ in range(ROUNDS):
        for name, fn in (("plain", plain), ("ours", ours)):
            wall, cpu = _pass(fn, texts)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    cpu_ratio = best["plain"][1] / best["ours"][1] if best["ours"][1] else float("nan")
    return 1.0 / best["plain"][0], 1.0 / best["ours"][0], cpu_ratio


def bench(name: str, examples: list[Example]) -> None:
    texts, gold = [e.text for e in examples], [e.label for e in examples]
    binary = "neutral" not in gold
    vader = SentimentIntensityAnalyzer()
    plain = [vader.polarity_scores(t)["compound"] for t in texts]
    ours = [analyze(t) for t in texts]
    plain_rate, our_rate, cpu_ratio = rates(vader.polarity_scores, analyze, texts)
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
    print(f"throughput ratio ours/plain: {our_rate / plain_rate:.2f} (wall), {cpu_ratio:.2f} (CPU)")


def escalation(records: list[dict]) -> None:
    """Escalation precision/recall of the worker's decision (bench/escalation_pr.py) and its
    false escalations on satisfied messages (neutral or positive, not to escalate)."""
    rules = default_rules()
    print("escalation" + escalation_pr.line("", escalation_pr.counts(records, rules)["all"]))
    calm = [r for r in records if not r["escalate"] and r["level"] in SATISFIED]
    fired = escalation_pr.counts(calm, rules)["all"]["fp"]
    print(f"false escalations on {len(calm)} satisfied messages: {fired / len(calm):.1%}")


def build() -> str:
    """Which build of the analysis runs (a checkout from before the compiled build: plain)."""
    try:
        from helpdesk_empathy.analysis import compiled
    except ImportError:
        return "plain Python (a checkout from before the compiled build)"
    return "compiled by mypyc" if compiled.is_compiled() else "plain Python (not compiled)"


def _load(path: Path) -> list[Example]:
    """Our JSONL corpora label the `level` field; other files use the loader's defaults."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            first = json.loads(handle.readline())
        if "level" in first and "label" not in first:
            return load_examples(path, label_column="level")
    return load_examples(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    warm_up()  # load the models outside the timing
    print(f"analysis hot path: {build()}")
    if args.files:
        for path in args.files:
            bench(path, _load(Path(path)))
        return 0
    corpus = DATA / "support_corpus.jsonl"
    with corpus.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    for lang in ("en", "fr"):
        where = {"split": args.split, "language": lang}
        examples = load_examples(corpus, label_column="level", where=where)
        bench(f"support corpus, {args.split} split, {lang}", examples)
        escalation([r for r in records if r["split"] == args.split and r["language"] == lang])
    bench("customer tweets, held-out, en", _load(DATA / "customer_tweets_en.jsonl"))
    bench("informal French, held-out, fr", _load(DATA / "informal_fr.jsonl"))
    for file in (
        "tweets_GroundTruth.txt",
        "amazonReviewSnippets_GroundTruth.txt",
        "books_fr_test.csv",
    ):
        if (SHARED / file).exists():
            bench(file, load_examples(SHARED / file))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
