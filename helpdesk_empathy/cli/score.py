"""`helpdesk-empathy score`: JSON lines {"id", "text"} on stdin -> one JSON line of scores each."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from helpdesk_empathy import config
from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.decision import policy, rules


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score JSON lines from stdin (id, text) and print one JSON line per input",
        description=(
            'Reads {"id": ..., "text": ...} per line; writes {"id", "language", "sentiment", '
            '"level", "frustration", "signals", "escalate", "truncated", "evidence"}; evidence '
            'lists {"signal", "quote", "start", "end"} with offsets into "text". Only the '
            'first 5,000 characters of the latest message are analysed ("truncated": true '
            'when it was longer). Bad lines get an "error" field.'
        ),
    )
    parser.set_defaults(func=run)


def score_line(line: str, loaded_rules: rules.Rules) -> dict[str, Any]:
    """Score one input line; never raises for bad input."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"not valid JSON: {error.msg}"}
    if not isinstance(record, dict):
        return {"id": None, "error": "each line must be a JSON object"}
    ident = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return {"id": ident, "error": 'missing or non-string "text"'}
    contact_count = record.get("contact_count", 0)
    language = record.get("language")
    analysis = analyze(
        text,
        contact_count=contact_count if isinstance(contact_count, int) else 0,
        language=language if isinstance(language, str) else None,
    )
    return {
        "id": ident,
        "language": analysis.language,
        "sentiment": analysis.compound,
        "level": analysis.level,
        "frustration": analysis.frustration,
        "signals": [signal.name for signal in analysis.signals],
        "escalate": bool(policy.escalation_reasons(analysis, loaded_rules)),
        "truncated": analysis.truncated,
        "evidence": [
            {"signal": e.signal, "quote": e.quote, "start": e.start, "end": e.end}
            for e in analysis.evidence
        ],
    }


def score_stream(source: IO[str], sink: IO[str], loaded_rules: rules.Rules) -> int:
    """Score every non-blank line of source into sink, in order; returns the count."""
    count = 0
    for line in source:
        if not line.strip():
            continue
        sink.write(json.dumps(score_line(line, loaded_rules), ensure_ascii=False) + "\n")
        count += 1
    sink.flush()
    return count


def run(args: argparse.Namespace) -> int:
    loaded_rules = rules.load_rules(config.from_env())
    score_stream(sys.stdin, sys.stdout, loaded_rules)
    return 0
