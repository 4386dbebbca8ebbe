"""`serve` under gunicorn: $PORT, JSON lines from gunicorn too, metrics summed over workers."""

from __future__ import annotations

import json

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from helpdesk_empathy.dev.serve_process import ServeProcess

pytestmark = pytest.mark.e2e
REJECTED = ("helpdesk_empathy_webhooks_received_total", (("outcome", "rejected"),))


def rejected_count(base: str) -> float:
    text = requests.get(f"{base}/metrics", timeout=5).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (sample.name, tuple(sorted(sample.labels.items()))) == REJECTED:
                return sample.value
    return 0.0


def test_serve_on_port_with_json_logs_and_metrics_summed_over_workers(redis_server, tmp_path):
    env = {
        "REDIS_URL": redis_server.url,
        "HELPDESK_EMPATHY_ALLOW_TEST_SECRET": "true",
        "HELPDESK_EMPATHY_LOG_JSON": "true",
    }
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        serve = ServeProcess(env, workers=3, output=log)
    base, port = serve.base, serve.port
    try:
        for _ in range(12):  # unsigned: rejected, counted by whichever worker answers
            requests.post(f"{base}/webhooks/zendesk", json={}, timeout=5)
        requests.get(f"{base}/dashboard?token=secret-in-the-query", timeout=5)
        # Every scrape, whichever worker answers it, sees all twelve.
        assert {rejected_count(base) for _ in range(8)} == {12.0}
    finally:
        serve.stop()
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
