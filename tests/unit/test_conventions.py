"""Repository conventions: the declared licence, a changelog, every variable documented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from helpdesk_empathy import __version__, config

ROOT = Path(__file__).resolve().parents[2]


def test_license_is_the_mit_licence_pyproject_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    text = (ROOT / "LICENSE").read_text()
    assert declared == "MIT"
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 the helpdesk-empathy authors" in text


def test_changelog_has_an_entry_for_this_version():
    assert f"## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text()


def test_env_example_lists_every_variable_with_a_comment_above_it():
    lines = (ROOT / ".env.example").read_text().splitlines()
    assigned = {}
    for index, line in enumerate(lines):
        match = re.match(rf"({config.PREFIX}[A-Z_]+)=", line)
        if match:
            assigned[match.group(1)] = index
    for name in config.ENV_VARS:
        variable = config.PREFIX + name
        assert variable in assigned, f"{variable} is missing from .env.example"
        above = lines[assigned[variable] - 1]
        assert above.startswith("#") or re.match(rf"{config.PREFIX}[A-Z_]+=", above), variable


def test_the_version_the_cli_prints_is_the_packaged_one():
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"] == __version__
