"""GET /metrics: web counters, the workers' counters kept in Redis, queue gauges."""

import os
import subprocess
import sys
import textwrap

import pytest
import requests
import responses
from builders import decision, message_event
from prometheus_client.parser import text_string_to_metric_families
from rq import Queue, SimpleWorker

from helpdesk_empathy.config import Settings
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.helpdesks import registry
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.ops import metrics
from helpdesk_empathy.pipeline.delivery.outbox import Outbox, Pending
from helpdesk_empathy.pipeline.queue import make_queue


@pytest.fixture
def settings(redis_server):
    return Settings(redis_url=redis_server.url, webhook_signing_secret="c2VjcmV0")


@pytest.fixture
def sink(redis_client):
    metrics.install_sink(redis_client)
    yield redis_client
    metrics.install_sink(None)


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain")
    values = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return values


def test_webhooks_are_counted_by_outcome(client):
    key = ("helpdesk_empathy_webhooks_received_total", (("outcome", "rejected"),))
    before = scrape(client).get(key, 0)
    client.post("/webhooks/zendesk", data="x", content_type="text/plain")
    client.post("/webhooks/zendesk", data="{}", content_type="application/json")  # unsigned
    assert scrape(client)[key] == before + 2


def test_worker_counters_stored_in_redis_are_exposed(client, redis_client):
    record = {"level": "very_negative", "escalate": True, "latency_seconds": 1.7}
    metrics.observe_jobs(redis_client, [record])
    metrics.observe_jobs(redis_client, [{"level": "positive", "latency_seconds": 4000}])
    values = scrape(client)
    assert values[("helpdesk_empathy_jobs_processed_total", ())] == 2
    assert values[("helpdesk_empathy_sentiment_total", (("level", "very_negative"),))] == 1
    assert values[("helpdesk_empathy_sentiment_total", (("level", "positive"),))] == 1
    assert values[("helpdesk_empathy_escalations_total", ())] == 1
    hist = "helpdesk_empathy_processing_latency_seconds"
    assert values[(f"{hist}_bucket", (("le", "1.0"),))] == 0
    assert values[(f"{hist}_bucket", (("le", "2.5"),))] == 1  # cumulative from here
    assert values[(f"{hist}_bucket", (("le", "3600.0"),))] == 1
    assert values[(f"{hist}_bucket", (("le", "+Inf"),))] == 2
    assert values[(f"{hist}_count", ())] == 2
    assert values[(f"{hist}_sum", ())] == pytest.approx(4001.7)


def test_queue_depth_and_failed_jobs_are_gauges(client, settings, redis_client):
    queue = make_queue(redis_client, settings)
    queue.enqueue("builtins.len", "abc")
    queue.enqueue("builtins.len", "abcd")
    values = scrape(client)
    assert values[("helpdesk_empathy_queue_jobs", (("state", "queued"),))] == 2
    assert values[("helpdesk_empathy_queue_jobs", (("state", "failed"),))] == 0
    assert values[("helpdesk_empathy_queue_jobs", (("state", "inbox"),))] == 0
    assert values[("helpdesk_empathy_queue_jobs", (("state", "outbox"),))] == 0
    assert values[("helpdesk_empathy_redis_up", ())] == 1


def test_writes_waiting_for_the_helpdesk_are_a_gauge(client, redis_client):
    outbox = Outbox(redis_client, "zendesk")
    outbox.put_many(
        [Pending(message_event(ticket_id=str(n)), decision()) for n in (1, 2, 3)], now=1.0
    )
    outbox.claim(1)  # in flight counts too
    values = scrape(client)
    assert values[("helpdesk_empathy_queue_jobs", (("state", "outbox"),))] == 3


def test_a_failing_job_is_counted_by_the_worker_exception_handler(client, redis_client):
    queue = Queue("metrics-test", connection=redis_client)
    queue.enqueue("builtins.int", "not a number")  # raises ValueError in the worker
    worker = SimpleWorker(
        [queue], connection=redis_client, exception_handlers=[metrics.job_exception_handler]
    )
    worker.work(burst=True)
    assert queue.failed_job_registry.count == 1
    values = scrape(client)
    assert values[("helpdesk_empathy_jobs_failed_total", (("reason", "error"),))] == 1


def test_failure_reasons_name_the_helpdesk_trouble():
    assert metrics.failure_reason(TransientHelpdeskError("429")) == "helpdesk_unavailable"
    assert metrics.failure_reason(ValueError()) == "error"


# Credentials and the ticket read path of each helpdesk in the registry.
HELPDESK_SETTINGS = {
    "zendesk": (
        Settings(zendesk=ZendeskSettings(subdomain="acme", email="a@b.c", api_token="t")),
        "https://acme.zendesk.com/api/v2/tickets/",
    ),
    "zammad": (
        Settings(zammad=ZammadSettings(url="https://zammad.example.com", token="t")),
        "https://zammad.example.com/api/v1/tickets/",
    ),
    "freshdesk": (
        Settings(freshdesk=FreshdeskSettings(domain="acme", api_key="k")),
        "https://acme.freshdesk.com/api/v2/tickets/",
    ),
}


@pytest.mark.parametrize("kind", registry.KINDS, ids=lambda kind: kind.name)
@responses.activate
def test_every_helpdesk_counts_its_api_calls_and_429s(kind, client, sink):
    settings, tickets = HELPDESK_SETTINGS[kind.name]
    responses.get(f"{tickets}1", json={"ticket": {"id": 1}, "id": 1})
    responses.get(f"{tickets}2", status=429, headers={"Retry-After": "3"})
    responses.get(f"{tickets}3", body=requests.Timeout())
    helpdesk = kind.make_client(settings)
    metrics.instrument(helpdesk)
    helpdesk.get_ticket("1")
    for ticket in ("2", "2", "3"):
        with pytest.raises(TransientHelpdeskError):
            helpdesk.get_ticket(ticket)
    values = scrape(client)
    calls = "helpdesk_empathy_helpdesk_api_calls_total"
    assert values[(calls, (("helpdesk", kind.name), ("status", "200")))] == 1
    assert values[(calls, (("helpdesk", kind.name), ("status", "429")))] == 2
    assert values[(calls, (("helpdesk", kind.name), ("status", "timeout")))] == 1
    limited = ("helpdesk_empathy_helpdesk_rate_limited_total", (("helpdesk", kind.name),))
    assert values[limited] == 2


def test_redis_down_is_reported_not_raised(settings, redis_client):
    app = create_app(settings.with_overrides(redis_url="redis://127.0.0.1:1/0"))
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    assert "helpdesk_empathy_redis_up 0.0" in response.get_data(as_text=True)


def test_multiprocess_mode_aggregates_processes(tmp_path):
    # Two processes count webhooks into the same directory; a third renders the sum.
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    count = "from helpdesk_empathy.ops import metrics; metrics.observe_webhook('queued')"
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    render = textwrap.dedent(
        """
        import redis
        from helpdesk_empathy.ops import metrics
        conn = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
        print(metrics.render(conn, lambda: {}).decode())
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", render], env=env, check=True, capture_output=True, text=True
    ).stdout
    assert 'helpdesk_empathy_webhooks_received_total{outcome="queued"} 2.0' in out
