"""The analysis hot path runs compiled by mypyc, from its current source (setup.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpdesk_empathy.analysis import analyze, compiled

ROOT = Path(__file__).resolve().parents[2]


def test_the_list_names_every_compiled_module_by_its_source() -> None:
    assert all(path.is_file() for path in compiled.source_paths(ROOT))


def test_every_compiled_module_is_built_from_its_current_source() -> None:
    # A compiled module shadows its .py: an edit not yet built would silently not run.
    builds = compiled.build_files()
    for source in compiled.source_paths(ROOT):
        build = builds[source.stem]
        assert build.parent == source.parent, "the tests must run this checkout's code"
        assert build.stat().st_mtime >= source.stat().st_mtime, (
            f"{build.name} is older than {source.name}: run `make test` (it installs again)"
        )


@pytest.mark.skipif(
    bool(os.environ.get(compiled.PURE_PYTHON_SETTING)), reason="installed as plain Python"
)
def test_the_install_compiles_every_listed_module() -> None:
    builds = compiled.build_files()
    assert compiled.is_compiled(), {name: path.name for name, path in builds.items()}


def test_the_compiled_entry_point_takes_a_missing_text_as_the_plain_source_does() -> None:
    # A compiled function checks its annotations: `str | None` keeps the source's `text or ""`.
    assert analyze(None) == analyze("")
    assert analyze(None).level == "neutral" and analyze(None).evidence == ()
