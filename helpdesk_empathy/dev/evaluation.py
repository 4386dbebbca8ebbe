"""Labelled-file loading (CSV/TSV/JSONL, VADER ground-truth .txt) and classification metrics."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpdesk_empathy.errors import HelpdeskEmpathyError

CLASSES = ("negative", "neutral", "positive")
# Numeric ratings (VADER's ground truth is the mean human rating, -4..+4): strictly below
# NEG_THRESHOLD is negative, strictly above POS_THRESHOLD positive, the rest neutral.
NEG_THRESHOLD = -0.5
POS_THRESHOLD = 0.5
_ALIASES = {
    "negative": "negative",
    "neg": "negative",
    "very_negative": "negative",
    "false": "negative",
    "-1": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "0": "neutral",
    "positive": "positive",
    "pos": "positive",
    "very_positive": "positive",
    "true": "positive",
    "1": "positive",
}


class EvaluationError(HelpdeskEmpathyError):
    """A labelled file could not be read or a label not mapped."""


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # one of CLASSES


@dataclass(frozen=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    accuracy: float
    per_class: dict[str, ClassScores]
    macro_f1: float  # over the classes present in gold or predictions
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    total: int


def to_class(
    raw: object,
    label_map: Mapping[str, str] | None = None,
    *,
    neg_threshold: float = NEG_THRESHOLD,
    pos_threshold: float = POS_THRESHOLD,
) -> str:
    """Map a raw label (string, bool or number) to negative/neutral/positive."""
    key = str(raw).strip()
    if label_map and key in label_map:
        key = label_map[key]
    if _is_number(key):
        value = float(key)
        if value < neg_threshold:
            return "negative"
        if value > pos_threshold:
            return "positive"
        return "neutral"
    alias = _ALIASES.get(key.lower())
    if alias is not None:
        return alias
    raise EvaluationError(f"cannot map label {key!r} to a class; pass a label mapping")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _rows(path: Path) -> tuple[list[dict[str, str]] | None, list[list[str]]]:
    """Return (records, []) for JSONL or ([], rows) for delimited files."""
    suffix = path.suffix.lower()
    with path.open(encoding="utf-8", newline="") as handle:
        if suffix in (".jsonl", ".ndjson"):
            return [json.loads(line) for line in handle if line.strip()], []
        delimiter = "," if suffix == ".csv" else "\t"
        quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
        return None, [
            row for row in csv.reader(handle, delimiter=delimiter, quoting=quoting) if row
        ]


def load_examples(
    path: str | Path,
    *,
    text_column: str | None = None,
    label_column: str | None = None,
    label_map: Mapping[str, str] | None = None,
    neg_threshold: float = NEG_THRESHOLD,
    pos_threshold: float = POS_THRESHOLD,
    where: Mapping[str, str] | None = None,
) -> list[Example]:
    """Read a labelled file. Columns are names (header/JSON keys) or 0-based indexes.

    Without a header (VADER's .txt: id, rating, text; books_fr_test.csv: text, label) the
    defaults are: label = the column whose values are all labels, text = the longest column.
    `where` keeps only records whose fields equal the given values (e.g. split=test).
    """
    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"no such file: {path}")
    records, rows = _rows(path)
    convert = {
        "label_map": label_map,
        "neg_threshold": neg_threshold,
        "pos_threshold": pos_threshold,
    }
    if records is None:
        records = _records_from_rows(rows, text_column, label_column)
        text_column, label_column = "text", "label"
    text_key = text_column or "text"
    label_key = label_column or "label"
    out = []
    for number, record in enumerate(records, 1):
        if where and any(str(record.get(k)) != v for k, v in where.items()):
            continue
        if text_key not in record or label_key not in record:
            raise EvaluationError(f"record {number} has no {text_key!r} or {label_key!r} field")
        out.append(Example(str(record[text_key]), to_class(record[label_key], **convert)))
    return out


def _records_from_rows(
    rows: list[list[str]], text_column: str | None, label_column: str | None
) -> list[dict[str, str]]:
    if not rows:
        return []
    header = rows[0]
    named = [c for c in (text_column, label_column) if c and not c.isdigit()]
    if named and all(c in header for c in named):
        body = rows[1:]
        text_i = header.index(text_column) if text_column in header else None
        label_i = header.index(label_column) if label_column in header else None
    else:
        body = rows
        text_i = int(text_column) if text_column and text_column.isdigit() else None
        label_i = int(label_column) if label_column and label_column.isdigit() else None
    width = min(len(row) for row in body)
    if label_i is None:
        label_i = next(
            (i for i in range(width - 1, -1, -1) if all(_labelish(r[i]) for r in body[:200])),
            None,
        )
        if label_i is None:
            raise EvaluationError("cannot guess the label column; pass --label-column")
    if text_i is None:
        lengths = [sum(len(r[i]) for r in body[:200]) if i != label_i else -1 for i in range(width)]
        text_i = lengths.index(max(lengths))
    return [{"text": r[text_i], "label": r[label_i]} for r in body]


def _labelish(value: str) -> bool:
    return _is_number(value) or value.strip().lower() in _ALIASES


def evaluate(gold: Sequence[str], predicted: Sequence[str]) -> Report:
    """Accuracy, per-class precision/recall/F1, macro-F1 and a confusion matrix."""
    if len(gold) != len(predicted):
        raise EvaluationError("gold and predicted differ in length")
    classes = [c for c in CLASSES if c in gold or c in predicted]
    confusion = {g: {p: 0 for p in classes} for g in classes}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_class = {}
    for c in classes:
        tp = confusion[c][c]
        predicted_c = sum(confusion[g][c] for g in classes)
        gold_c = sum(confusion[c].values())
        precision = tp / predicted_c if predicted_c else 0.0
        recall = tp / gold_c if gold_c else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[c] = ClassScores(precision, recall, f1, gold_c)
    correct = sum(confusion[c][c] for c in classes)
    total = len(gold)
    macro = sum(s.f1 for s in per_class.values()) / len(per_class) if per_class else 0.0
    return Report(correct / total if total else 0.0, per_class, macro, confusion, total)


def predicted_class(level: str, compound: float, *, binary: bool) -> str:
    """Our level as a 3-way class; for two-class gold files the neutral band splits at 0."""
    if binary:
        return "positive" if compound > 0 else "negative"
    if level.endswith("negative"):
        return "negative"
    if level.endswith("positive"):
        return "positive"
    return "neutral"


def format_report(report: Report, rate: float | None = None) -> str:
    """Plain-text report for the terminal."""
    lines = [f"messages: {report.total}", f"accuracy: {report.accuracy:.3f}"]
    lines.append(f"{'class':<10}{'precision':>10}{'recall':>9}{'f1':>8}{'support':>9}")
    for name, s in report.per_class.items():
        lines.append(f"{name:<10}{s.precision:>10.3f}{s.recall:>9.3f}{s.f1:>8.3f}{s.support:>9}")
    negative = report.per_class.get("negative")
    lines.append(f"negative-class F1: {negative.f1 if negative else 0.0:.3f}")
    lines.append(f"macro F1: {report.macro_f1:.3f}")
    names = list(report.confusion)
    lines.append("confusion (rows = gold, columns = predicted):")
    lines.append(" " * 10 + "".join(f"{n:>10}" for n in names))
    for g in names:
        lines.append(f"{g:<10}" + "".join(f"{report.confusion[g][p]:>10}" for p in names))
    if rate is not None:
        lines.append(f"messages/second: {rate:.0f}")
    return "\n".join(lines)
