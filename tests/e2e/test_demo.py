"""The README's first command: `helpdesk-empathy demo` runs everything locally and exits 0."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.e2e


def test_demo_runs_the_whole_pipeline_and_prints_what_landed():
    result = subprocess.run(
        [sys.executable, "-m", "helpdesk_empathy.cli", "demo", "--timeout", "120"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    out = result.stdout
    assert "Sent 8 signed webhooks for 6 tickets; processed 8." in out
    assert out.count("internal note (latest):") == 6
    # The angry repeat-contact ticket is escalated; the person-owned ticket keeps its routing.
    assert "group:    100 -> 360000999" in out
    assert "(assigned to a person: routing left alone)" in out
    # Replies in each customer's language, with their first name.
    assert "Hi Dana," in out and "Bonjour Camille," in out
    assert "draft" in out.lower()
