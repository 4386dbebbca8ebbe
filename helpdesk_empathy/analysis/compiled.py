"""The analysis modules that setup.py compiles to C with mypyc, and whether this process runs
their compiled build.

They hold the per-message hot path (tokens, phrases, the French scorer, evidence): compiled,
the same code runs about 1.5 times faster with the same results. Each stays a plain Python
module: an install with HELPDESK_EMPATHY_PURE_PYTHON=1 set, or on a machine that cannot compile
C, runs the source as it is.
It imports only the standard library, so setup.py can read the list before anything is installed.
"""

from __future__ import annotations

import importlib
from pathlib import Path

PURE_PYTHON_SETTING = "HELPDESK_EMPATHY_PURE_PYTHON"
PURE_PYTHON_NOTE = (
    "each message takes about 1.5 times as long; install again without "
    f"{PURE_PYTHON_SETTING} set (it needs a C compiler and the Python headers) to compile it"
)
MODULES = (
    "discourse",
    "evidence",
    "french",
    "gates",
    "language",
    "other_languages",
    "phrases",
    "scoring",
    "sentiment",
    "signals",
    "social",
    "text",
)


def source_paths(root: Path) -> list[Path]:
    """The source file of each compiled module, under the project root."""
    return [root / "helpdesk_empathy" / "analysis" / f"{name}.py" for name in MODULES]


def build_files() -> dict[str, Path]:
    """Each module's loaded file: a shared library when compiled, its .py source when not."""
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"helpdesk_empathy.analysis.{name}")
        found[name] = Path(str(module.__file__))
    return found


def is_compiled() -> bool:
    """Whether every module runs its compiled build."""
    return all(path.suffix != ".py" for path in build_files().values())


__all__ = [
    "MODULES",
    "PURE_PYTHON_NOTE",
    "PURE_PYTHON_SETTING",
    "build_files",
    "is_compiled",
    "source_paths",
]
