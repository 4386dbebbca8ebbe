"""Escalation precision and recall of the worker's decision on a labelled corpus (JSONL).

Each line: {"id", "language", "text", "escalate": true|false}. Every message is decided as the
first scored message of its ticket, with the shipped rules (or --rules). Run it from any
checkout to compare versions:

    python bench/escalation_pr.py tests/data/support_corpus.jsonl
    PYTHONPATH=/path/to/other/checkout python bench/escalation_pr.py tests/data/support_corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision.policy import decide
from helpdesk_empathy.decision.rules import default_rules, parse_rules
from helpdesk_empathy.models import TicketEvent


def counts(rows: list[dict], rules) -> dict[str, Counter]:
    """True/false positives and negatives, overall and per language."""
    tally: dict[str, Counter] = {"all": Counter()}
    for row in rows:
        event = TicketEvent(
            helpdesk="bench", event_id=str(row["id"]), ticket_id="1", text=row["text"]
        )
        predicted = decide(analyze(row["text"]), event, rules).escalate
        gold = bool(row["escalate"])
        kind = ("t" if predicted == gold else "f") + ("p" if predicted else "n")
        for key in ("all", row.get("language", "?")):
            tally.setdefault(key, Counter())[kind] += 1
    return tally


def line(name: str, c: Counter) -> str:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = sum(c.values())
    return (
        f"{name:>4}: n={total:4d}  precision={precision:.3f}  recall={recall:.3f}  f1={f1:.3f}"
        f"  (tp={c['tp']} fp={c['fp']} fn={c['fn']} tn={c['tn']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--rules", help="a rules file (default: the shipped rules)")
    parser.add_argument("--split", help="only rows of this split (dev/test)")
    args = parser.parse_args(argv)
    with open(args.corpus, encoding="utf-8") as handle:
        rows = [json.loads(text) for text in handle if text.strip()]
    if args.split:
        rows = [row for row in rows if row.get("split") == args.split]
    rules = default_rules()
    if args.rules:
        with open(args.rules, encoding="utf-8") as handle:
            rules = parse_rules(handle.read(), args.rules)
    for name, tally in sorted(counts(rows, rules).items(), key=lambda item: item[0] != "all"):
        print(line(name, tally))
    return 0


if __name__ == "__main__":
    sys.exit(main())
