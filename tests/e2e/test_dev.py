"""`helpdesk-empathy dev --simulate`: the stack comes up, fills, and SIGTERM leaves no process."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> set[int]:
    """Every process whose parent chain leads to `pid` (read from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def test_dev_runs_the_stack_fills_the_dashboard_and_stops_cleanly(tmp_path):
    port = free_port()
    out = (tmp_path / "out.txt").open("w+")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_EMPATHY_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "helpdesk_empathy.cli", "dev", "--port", str(port), "--simulate"],
        stdout=out,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            try:
                return requests.get(f"{base}/healthz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        assert wait_for(healthy, 60), "dev never became healthy"
        printed = wait_for(
            lambda: Path(out.name).read_text() if "backfill" in Path(out.name).read_text() else "",
            10,
        )
        assert f"{base}/webhooks/zendesk" in printed
        assert f"{base}/app/assets/" in printed
        # The printed assets URL is where the web app serves the sidebar app's files.
        assert requests.get(f"{base}/app/assets/iframe.html", timeout=5).status_code == 200
        assert "no persistence" in printed
        token = re.search(r"/dashboard\?token=(\S+)", printed).group(1)
        assert len(token) >= 16
        stub_url = re.search(r"Zendesk stub\s+(\S+)", printed).group(1)

        def messages() -> int:
            data = requests.get(f"{base}/dashboard/data.json?token={token}", timeout=5).json()
            return data["totals"]["messages"]

        assert wait_for(lambda: messages() >= 3, 60), "the simulator's webhooks were not scored"
        # The stub's export answers in Zendesk's shape, with the seeded past tickets.
        page = requests.get(
            f"{stub_url}/api/v2/incremental/tickets/cursor.json",
            params={"start_time": int(time.time()) - 30 * 86400},
            auth=("dev@example.com/token", "dev-token"),
            timeout=5,
        ).json()
        assert page["tickets"] and page["after_cursor"] and page["end_of_stream"] is True
        # The backfill command dev prints works against its stub, as printed.
        assignments = re.search(r"^  ((?:HELPDESK_EMPATHY_\w+=\S+ ?)+) \\$", printed, re.M).group(1)
        backfill_env = dict(pair.split("=", 1) for pair in assignments.split())
        backfill = subprocess.run(
            [sys.executable, "-m", "helpdesk_empathy.cli", "backfill", "--since", "30d"],
            env={**env, **backfill_env}, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert backfill.returncode == 0, backfill.stderr
        assert "backfill done: 40 tickets scored" in backfill.stdout
        children = descendants(process.pid)
        assert len(children) >= 2  # redis-server, the worker (and its scheduler)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    assert code == 0
    left = [pid for pid in children if wait_for(lambda p=pid: not alive(p), 10) is False]
    assert left == [], f"left behind: {left}"
