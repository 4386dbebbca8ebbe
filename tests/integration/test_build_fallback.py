"""Where C cannot be compiled (a slim image without gcc), the install goes on as plain Python."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_machine_without_a_c_compiler_builds_no_compiled_module(tmp_path):
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(
        ROOT / "helpdesk_empathy",
        tmp_path / "helpdesk_empathy",
        ignore=shutil.ignore_patterns("*.so", "__pycache__"),
    )
    env = {**os.environ, "CC": "false"}  # a compiler that fails on every file
    env.pop("HELPDESK_EMPATHY_PURE_PYTHON", None)
    build = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--build-lib", "out", "--build-temp", "tmp"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    assert "could not be compiled" in build.stderr and "plain Python" in build.stderr
    assert list(tmp_path.rglob("*.so")) == []  # nothing half-built shadows a .py
    assert list((tmp_path / "build").rglob("*.c")), "mypyc did translate the modules to C"
