"""Prometheus metrics: web counters in-process, worker counters in Redis, one /metrics page.

The web app may run as several gunicorn processes: its counters use prometheus-client's
multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set. Workers are separate processes, maybe
on other machines, with no port of their own: they add their counters to one Redis hash, which
the web's /metrics reads out next to its own (and the RQ queue depth), so one scrape sees all.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import redis
from flask import Blueprint, Response, current_app
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from rq import Queue

from helpdesk_empathy import keys
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.http import CallHook

if TYPE_CHECKING:
    import requests

    from helpdesk_empathy.helpdesks.base import Helpdesk

log = logging.getLogger(__name__)

NS = "helpdesk_empathy"
REDIS_KEY = keys.METRICS
# Webhook received -> written back, in seconds; retries after an outage land in the top buckets.
LATENCY_BUCKETS = (0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0, 3600.0)

WEBHOOKS = Counter(
    f"{NS}_webhooks_received", "Webhook deliveries answered, by outcome.", ["outcome"]
)

# name -> (type, help, label names) for what workers store in Redis.
SHARED = {
    "jobs_processed": ("counter", "Ticket events processed and written back.", ()),
    "jobs_failed": ("counter", "Job attempts that raised, by reason.", ("reason",)),
    "sentiment": ("counter", "Processed messages by sentiment level.", ("level",)),
    "escalations": ("counter", "Messages handed to a human group.", ()),
    "helpdesk_api_calls": (
        "counter",
        "Helpdesk API calls by status (or timeout / unreachable).",
        ("helpdesk", "status"),
    ),
    "helpdesk_rate_limited": ("counter", "Helpdesk API 429 answers.", ("helpdesk",)),
    "processing_latency_seconds": (
        "histogram",
        "Seconds from webhook received to write-back done.",
        (),
    ),
}

# The writer's own counters (writeback.read_stats), one hash per helpdesk.
WRITEBACK_PREFIX = keys.STATS
WRITEBACK_COUNTERS = {
    "api_requests": "Helpdesk API requests spent writing back.",
    "tickets_written": "Ticket writes done (one per ticket per coalesced batch).",
    "events_written": "Ticket events whose decisions were written (coalesced ones included).",
}

_sink: redis.Redis | None = None


def install_sink(connection: redis.Redis | None) -> None:
    """Where this process's shared counters go (the worker and backfill set it; None clears)."""
    global _sink
    _sink = connection


def encode(name: str, labels: Mapping[str, str] | None = None) -> str:
    """Pure: the Redis hash field of one series, e.g. `sentiment|level=negative`."""
    if not labels:
        return name
    return name + "|" + ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def decode(field: str) -> tuple[str, dict[str, str]]:
    name, _, rest = field.partition("|")
    labels = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
    return name, labels


def _add(connection: redis.Redis | None, amounts: Mapping[str, float]) -> None:
    if connection is None or not amounts:
        return
    try:
        with connection.pipeline(transaction=False) as pipe:
            for field, amount in amounts.items():
                if field.endswith("_sum"):
                    pipe.hincrbyfloat(REDIS_KEY, field, amount)
                else:
                    pipe.hincrby(REDIS_KEY, field, int(amount))
            pipe.execute()
    except redis.RedisError as error:
        # Metrics must never fail a job.
        log.debug("could not store metrics: %s", type(error).__name__)


# -- what the web process observes -----------------------------------------------------------
def observe_webhook(outcome: str) -> None:
    WEBHOOKS.labels(outcome=outcome).inc()


# -- what workers observe (stored in Redis) ------------------------------------------------
def latency_fields(seconds: float) -> dict[str, float]:
    """Pure: the histogram fields one observation increments (non-cumulative bucket)."""
    bound = next((b for b in LATENCY_BUCKETS if seconds <= b), None)
    le = "+Inf" if bound is None else repr(bound)
    name = "processing_latency_seconds"
    return {
        encode(f"{name}_bucket", {"le": le}): 1,
        f"{name}_sum": round(seconds, 6),
    }


def observe_jobs(connection: redis.Redis | None, records: Iterable[Mapping]) -> None:
    """Count processed events from their audit records, in one round trip."""
    fields: dict[str, float] = {}

    def add(name: str, amount: float = 1) -> None:
        fields[name] = fields.get(name, 0) + amount

    for record in records:
        add("jobs_processed")
        if record.get("level"):
            add(encode("sentiment", {"level": str(record["level"])}))
        if record.get("escalate"):
            add("escalations")
        latency = record.get("latency_seconds")
        if isinstance(latency, int | float) and latency >= 0:
            for name, amount in latency_fields(float(latency)).items():
                add(name, amount)
    _add(connection, fields)


def failure_reason(error: BaseException | None) -> str:
    if isinstance(error, TransientHelpdeskError):
        return "helpdesk_unavailable"
    if isinstance(error, HelpdeskError):
        return "helpdesk_refused"
    return "error"


def count_failed_attempt(connection: redis.Redis | None, error: BaseException | None) -> None:
    _add(connection, {encode("jobs_failed", {"reason": failure_reason(error)}): 1})


def job_exception_handler(job, exc_type, exc_value, traceback) -> None:
    """An RQ exception handler: counts the failed attempt, then lets RQ go on as usual."""
    count_failed_attempt(job.connection, exc_value)


def observe_api_call(helpdesk: str, status: int | str) -> None:
    fields: dict[str, float] = {
        encode("helpdesk_api_calls", {"helpdesk": helpdesk, "status": str(status)}): 1
    }
    if status == 429:
        fields[encode("helpdesk_rate_limited", {"helpdesk": helpdesk})] = 1
    _add(_sink, fields)


def instrument(helpdesk: Helpdesk) -> None:
    """Count every API answer of a helpdesk, by status (429s apart), on its one request path."""
    name = helpdesk.name

    def after(method: str, path: str, response: requests.Response) -> None:
        observe_api_call(name, response.status_code)

    def failed(method: str, path: str, what: str) -> None:
        observe_api_call(name, what)  # no answer: "timeout" or "unreachable" as the status

    helpdesk.rest.add_hook(CallHook(after=after, failed=failed))


# -- exposition ----------------------------------------------------------------------------
class SharedCollector:
    """Reads the workers' counters and the queue's state out of Redis at scrape time."""

    def __init__(self, connection: redis.Redis, states: Callable[[], Mapping[str, int]]):
        self.connection = connection
        self.states = states

    def collect(self) -> Iterator:
        up = GaugeMetricFamily(f"{NS}_redis_up", "1 if Redis answered this scrape.")
        try:
            raw = self.connection.hgetall(REDIS_KEY)
            writeback = {
                key.decode().removeprefix(WRITEBACK_PREFIX): self.connection.hgetall(key)
                for key in self.connection.scan_iter(match=WRITEBACK_PREFIX + "*", count=100)
            }
            states = self.states()
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        depth = GaugeMetricFamily(
            f"{NS}_queue_jobs", "Events waiting (inbox) and RQ jobs by state.", labels=["state"]
        )
        for state, count in states.items():
            depth.add_metric([state], count)
        yield depth
        yield from families({k.decode(): float(v) for k, v in raw.items()})
        yield from writeback_families(writeback)


def writeback_families(stats: Mapping[str, Mapping[bytes, bytes]]) -> Iterator:
    """Pure: the writer's API budget counters (writeback.STATS_PREFIX hashes), per helpdesk.

    requests / tickets written is the issue's "API requests per processed ticket".
    """
    for field_name, doc in WRITEBACK_COUNTERS.items():
        family = CounterMetricFamily(f"{NS}_writeback_{field_name}", doc, labels=["helpdesk"])
        for helpdesk, values in sorted(stats.items()):
            family.add_metric([helpdesk], float(values.get(field_name.encode(), 0)))
        yield family


def families(values: Mapping[str, float]) -> Iterator:
    """Pure: metric families from the stored fields (known names only, missing ones at 0)."""
    for name, (kind, doc, label_names) in SHARED.items():
        if kind == "histogram":
            yield _histogram(name, doc, values)
            continue
        family = CounterMetricFamily(f"{NS}_{name}", doc, labels=list(label_names))
        seen = False
        for field, value in sorted(values.items()):
            series, labels = decode(field)
            if series == name and set(labels) == set(label_names):
                family.add_metric([labels[k] for k in label_names], value)
                seen = True
        if not seen and not label_names:
            family.add_metric([], 0)
        yield family


def _histogram(name: str, doc: str, values: Mapping[str, float]) -> HistogramMetricFamily:
    cumulative = 0.0
    buckets = []
    for le in [repr(b) for b in LATENCY_BUCKETS] + ["+Inf"]:
        cumulative += values.get(encode(f"{name}_bucket", {"le": le}), 0.0)
        buckets.append((le, cumulative))
    return HistogramMetricFamily(
        f"{NS}_{name}", doc, buckets=buckets, sum_value=values.get(f"{name}_sum", 0.0)
    )


def queue_state(connection: redis.Redis, settings) -> dict[str, int]:
    """Events waiting in the inbox, decided writes waiting in the outbox (a helpdesk outage
    shows here), and RQ jobs by state (failed ones kept for re-queueing)."""
    from helpdesk_empathy.pipeline.delivery.outbox import pending_total
    from helpdesk_empathy.pipeline.queue import make_inbox, make_queue

    queue: Queue = make_queue(connection, settings)
    return {
        "inbox": len(make_inbox(connection, settings)),
        "outbox": pending_total(connection),
        "queued": queue.count,
        "scheduled": queue.scheduled_job_registry.count,
        "started": queue.started_job_registry.count,
        "failed": queue.failed_job_registry.count,
    }


def render(connection: redis.Redis, states: Callable[[], Mapping[str, int]]) -> bytes:
    """The whole exposition: this web app's own metrics, then the shared ones."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        web_registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(web_registry)
        web = generate_latest(web_registry)
    else:
        web = generate_latest(REGISTRY)
    shared = CollectorRegistry(auto_describe=False)
    shared.register(SharedCollector(connection, states))
    return web + generate_latest(shared)


bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def metrics_page():
    connection = current_app.extensions["redis"]
    settings = current_app.config["SETTINGS"]
    body = render(connection, lambda: queue_state(connection, settings))
    return Response(body, content_type=CONTENT_TYPE_LATEST)
