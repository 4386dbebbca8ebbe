"""Check that a speed change changed no result: analyze() on every corpus text, here vs a ref.

Usage:
  python bench/same_results.py                 # compare with main where this branch left it
  python bench/same_results.py --against REF   # ... with any git ref (commit, branch, tag)
  python bench/same_results.py --dump FILE     # only write this checkout's results (JSONL)

Texts: every record of tests/data/*.jsonl and of the labelled files in $BENCH_DATASETS
(default ../shared/datasets next to the checkout), each also wrapped in a reply with a
quoted history and in capitals, so the multi-line and shouting paths run too. The ref's
code is exported with `git archive` into a temporary directory and run in a subprocess, so
the comparison is against the ref's behaviour, never against a stored dump.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BENCH_DATASETS", ROOT.parent / "shared" / "datasets"))
FIELDS = ("language", "compound", "level", "frustration", "contact_number", "truncated")


def texts() -> Iterator[str]:
    """Every corpus text, as is, in a reply above a quoted history, and in capitals."""
    from helpdesk_empathy.dev.evaluation import load_examples

    files = sorted((ROOT / "tests" / "data").glob("*.jsonl"))
    if not SHARED.is_dir():
        print(f"no {SHARED}: set BENCH_DATASETS to include the shared sets", file=sys.stderr)
    files += sorted(p for p in SHARED.glob("*") if p.suffix in (".txt", ".csv", ".tsv"))
    for path in files:
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as handle:
                originals = [json.loads(line)["text"] for line in handle if line.strip()]
        else:
            originals = [example.text for example in load_examples(path)]
        for text in originals:
            yield text
            yield f"Hi,\n\n{text}\n\nOn Mon, 2 Jan 2026, Support wrote:\n> How can we help?"
            yield text.upper()


def results() -> Iterator[dict]:
    """One JSON-able record per text: every field of analyze()'s Analysis."""
    from helpdesk_empathy.analysis import analyze

    for text in texts():
        analysis = analyze(text)
        record = {field: getattr(analysis, field) for field in FIELDS}
        record["signals"] = [dataclasses.astuple(s) for s in analysis.signals]
        record["evidence"] = [[e.signal, e.start, e.end, e.quote] for e in analysis.evidence]
        yield {"text": text, **record}


def dump(out: Path) -> None:
    import helpdesk_empathy

    print(f"scoring with {Path(helpdesk_empathy.__file__).parent}", file=sys.stderr)
    with out.open("w", encoding="utf-8") as handle:
        for record in results():
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def dump_at(ref: str, out: Path, workdir: Path) -> None:
    """Run this script's dump with the code of `ref` (exported, not checked out)."""
    archive = workdir / "ref.tar"
    with archive.open("wb") as handle:
        subprocess.run(
            ["git", "archive", ref, "helpdesk_empathy"], cwd=ROOT, stdout=handle, check=True
        )
    with tarfile.open(archive) as tar:
        tar.extractall(workdir / "src", filter="data")
    env = {**os.environ, "PYTHONPATH": str(workdir / "src"), "BENCH_DATASETS": str(SHARED)}
    # -P: do not put this checkout's directory first on sys.path; PYTHONPATH wins over the
    # editable install of this checkout.
    subprocess.run([sys.executable, "-P", __file__, "--dump", str(out)], env=env, check=True)


def compare(ours: Path, theirs: Path, ref: str) -> int:
    with ours.open(encoding="utf-8") as a, theirs.open(encoding="utf-8") as b:
        pairs = list(zip(a, b, strict=True))
    differ = [(x, y) for x, y in pairs if x != y]
    for x, y in differ[:5]:
        print(f"- {ref}: {y.strip()[:600]}\n+ here: {x.strip()[:600]}")
    print(f"{len(pairs)} texts, {len(differ)} with a different result than {ref}")
    return 1 if differ else 0


def _merge_base() -> str:
    """The last main commit merged here: its results are what this branch must keep."""
    answer = subprocess.run(
        ["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return answer.stdout.strip()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", help="git ref to compare with (default: merge-base main)")
    parser.add_argument("--dump", type=Path, help="only write this checkout's results")
    args = parser.parse_args(argv)
    if args.dump:
        dump(args.dump)
        return 0
    ref = args.against or _merge_base()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        dump_at(ref, workdir / "theirs.jsonl", workdir)
        dump(workdir / "ours.jsonl")
        return compare(workdir / "ours.jsonl", workdir / "theirs.jsonl", ref)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
