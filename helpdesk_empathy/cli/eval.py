"""`helpdesk-empathy eval`: score a labelled file and print accuracy, per-class F1, confusion."""

from __future__ import annotations

import argparse
import sys
import time

from helpdesk_empathy.analysis import analyze, warm_up
from helpdesk_empathy.dev.evaluation import (
    NEG_THRESHOLD,
    POS_THRESHOLD,
    evaluate,
    format_report,
    load_examples,
    predicted_class,
)
from helpdesk_empathy.errors import HelpdeskEmpathyError


def _mapping(text: str | None) -> dict[str, str]:
    """Parse "True=positive,False=negative"."""
    out: dict[str, str] = {}
    for pair in filter(None, (text or "").split(",")):
        raw, _, target = pair.partition("=")
        out[raw.strip()] = target.strip()
    return out


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure the scorer on a labelled CSV/TSV/JSONL file",
        description=(
            "Scores every text and compares with its label (negative/neutral/positive). "
            "Numeric labels (VADER's ground truth, -4..4) use --neg-threshold/--pos-threshold; "
            "files with only two classes are scored two-way (compound > 0 is positive)."
        ),
    )
    parser.add_argument("path", help="labelled file: .csv, .tsv/.txt (tab-separated) or .jsonl")
    parser.add_argument("--text-column", help="column name or 0-based index of the text")
    parser.add_argument("--label-column", help="column name or 0-based index of the label")
    parser.add_argument("--label-map", help='raw=class pairs, e.g. "True=positive,False=negative"')
    parser.add_argument(
        "--neg-threshold",
        type=float,
        default=NEG_THRESHOLD,
        help=f"numeric labels below this are negative (default {NEG_THRESHOLD})",
    )
    parser.add_argument(
        "--pos-threshold",
        type=float,
        default=POS_THRESHOLD,
        help=f"numeric labels above this are positive (default {POS_THRESHOLD})",
    )
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="keep only records with this field value, e.g. split=test",
    )
    parser.add_argument("--language", choices=("en", "fr"), help="force the language")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        examples = load_examples(
            args.path,
            text_column=args.text_column,
            label_column=args.label_column,
            label_map=_mapping(args.label_map),
            neg_threshold=args.neg_threshold,
            pos_threshold=args.pos_threshold,
            where=_mapping(",".join(args.where)),
        )
    except (HelpdeskEmpathyError, OSError, ValueError) as error:
        print(f"eval: {error}", file=sys.stderr)
        return 2
    if not examples:
        print("eval: no labelled messages found", file=sys.stderr)
        return 2
    gold = [example.label for example in examples]
    binary = "neutral" not in gold
    warm_up()  # load the models outside the timing
    start = time.perf_counter()
    analyses = [analyze(example.text, language=args.language) for example in examples]
    elapsed = time.perf_counter() - start
    predicted = [predicted_class(a.level, a.compound, binary=binary) for a in analyses]
    report = evaluate(gold, predicted)
    if binary:
        print("two-class file: compound > 0 counts as positive, otherwise negative")
    print(format_report(report, rate=len(examples) / elapsed if elapsed > 0 else None))
    return 0
