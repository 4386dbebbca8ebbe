"""`serve` under gunicorn: $PORT, JSON lines from gunicorn too, metrics summed over workers."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.e2e
REJECTED = ("helpdesk_empathy_webhooks_received_total", (("outcome", "rejected"),))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rejected_count(base: str) -> float:
    text = requests.get(f"{base}/metrics", timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (sample.name, tuple(sorted(sample.labels.items()))) == REJECTED:
                return sample.value
    return 0.0


def test_serve_on_port_with_json_logs_and_metrics_summed_over_workers(redis_server, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_EMPATHY_")}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(
        PORT=str(port),
        REDIS_URL=redis_server.url,
        HELPDESK_EMPATHY_ALLOW_TEST_SECRET="true",
        HELPDESK_EMPATHY_LOG_JSON="true",
    )
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "helpdesk_empathy.cli", "serve", "--workers", "3"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        for _ in range(12):  # unsigned: rejected, counted by whichever worker answers
            requests.post(f"{base}/webhooks/zendesk", json={}, timeout=5)
        requests.get(f"{base}/dashboard?token=secret-in-the-query", timeout=5)
        # Every scrape, whichever worker answers it, sees all twelve.
        assert {rejected_count(base) for _ in range(8)} == {12.0}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    documents = [json.loads(line) for line in lines]  # every line is JSON, gunicorn's included
    loggers = {document["logger"] for document in documents}
    assert {"gunicorn.error", "gunicorn.access"} <= loggers
    assert any(f":{port}" in d["message"] for d in documents if d["logger"] == "gunicorn.error")
    access = [d for d in documents if d["logger"] == "gunicorn.access"]
    posts = [d for d in access if d["http"]["path"] == "/webhooks/zendesk"]
    assert len(posts) == 12
    assert posts[0]["http"]["method"] == "POST" and posts[0]["http"]["status"] == "401"
    assert all(d["request_id"] != "-" for d in posts)  # the id the app echoed
    assert "secret-in-the-query" not in log_path.read_text()
