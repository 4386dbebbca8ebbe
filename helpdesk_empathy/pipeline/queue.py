"""Redis/RQ wiring: connections, delivery deduplication, the inbox and the jobs that drain it."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass

import orjson
import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry

from helpdesk_empathy import keys
from helpdesk_empathy.config import Settings
from helpdesk_empathy.models import TicketEvent
from helpdesk_empathy.pipeline.inbox import Inbox

log = logging.getLogger(__name__)

JOB_FUNCTION = "helpdesk_empathy.pipeline.jobs.process_event"
DRAIN_FUNCTION = "helpdesk_empathy.pipeline.jobs.drain_inbox"
# A drain job hands over to a fresh one after a while; this is only its hard ceiling.
DRAIN_JOB_TIMEOUT = 900
DEDUPE_PREFIX = keys.DELIVERY
# Failed work stays inspectable and re-queueable this long (ids and decisions, never text).
FAILURE_TTL_SECONDS = 30 * 86400
# Waits between attempts when the helpdesk is down; RQ's scheduler runs them.
RETRY_INTERVALS = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]


class QueueUnavailable(Exception):
    """Redis could not store the event: the sender must retry later."""


@dataclass(frozen=True)
class EnqueueResult:
    job_id: str
    duplicate: bool


def connect(settings: Settings) -> redis.Redis:
    if not settings.redis_url:
        raise QueueUnavailable("no Redis URL configured (HELPDESK_EMPATHY_REDIS_URL)")
    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=5,
        socket_connect_timeout=2,
        health_check_interval=30,
        # Fail within about a second when Redis is down: the helpdesk gives up after ~12 s,
        # and a quick 503 makes it deliver again later instead.
        retry=RedisRetry(ExponentialBackoff(cap=0.5, base=0.05), 2),
    )


def job_id_for(event: TicketEvent) -> str:
    """A stable id per delivery: dedupe key, and the log id that follows the event."""
    return delivery_id(event.helpdesk, event.event_id)


def delivery_id(helpdesk: str, event_id: str) -> str:
    digest = hashlib.sha256(f"{helpdesk}:{event_id}".encode()).hexdigest()[:32]
    return f"he-{helpdesk}-{digest}"


def event_fields(event: TicketEvent, *, text: str) -> dict:
    """The event as a JSON-ready dict, carrying `text` as its message."""
    payload = dict(vars(event))  # flat fields: no need for asdict's deep copy
    payload["text"] = text
    payload["tags"] = list(event.tags)
    return payload


def event_to_payload(event: TicketEvent) -> dict:
    """What a job carries: ids, metadata and the message to score (intake has already cut
    quoted history and signature away: `receive.accept`)."""
    return event_fields(event, text=event.text)


_EVENT_FIELDS = frozenset(field.name for field in dataclasses.fields(TicketEvent))


def payload_to_event(payload: dict) -> TicketEvent:
    values = {key: value for key, value in payload.items() if key in _EVENT_FIELDS}
    values["tags"] = tuple(values.get("tags") or ())
    return TicketEvent(**values)


def make_queue(connection: redis.Redis, settings: Settings) -> Queue:
    return Queue(settings.queue_name, connection=connection)


def make_inbox(connection: redis.Redis, settings: Settings) -> Inbox:
    """The queue's inbox, scheduling its drain jobs on the queue."""
    queue = make_queue(connection, settings)
    return Inbox(
        connection,
        settings.queue_name,
        schedule=lambda pipeline=None: schedule_drain(queue, settings, pipeline=pipeline),
    )


def job_retry(settings: Settings) -> Retry | None:
    retries = settings.job_retries
    return Retry(max=retries, interval=RETRY_INTERVALS[:retries]) if retries > 0 else None


def retry_horizon_seconds(settings: Settings) -> int:
    """How long a job may still run: every retry's wait and run, plus an hour of slack."""
    retries = max(0, settings.job_retries)
    return sum(RETRY_INTERVALS[:retries]) + (retries + 1) * DRAIN_JOB_TIMEOUT + 3600


def schedule_drain(queue: Queue, settings: Settings, pipeline=None):
    """One RQ job that works through the inbox in batches (RQ's per-job cost, paid once)."""
    return queue.enqueue_call(
        DRAIN_FUNCTION,
        retry=job_retry(settings),
        timeout=DRAIN_JOB_TIMEOUT,
        result_ttl=60,
        failure_ttl=FAILURE_TTL_SECONDS,
        description="drain the inbox",
        pipeline=pipeline,
    )


def enqueue_event(connection: redis.Redis, settings: Settings, event: TicketEvent) -> EnqueueResult:
    """Accept an event once per delivery id, atomically with its dedupe mark.

    The event joins the inbox, which schedules a drain job unless one is already waiting.
    Raises QueueUnavailable when Redis is unreachable, so the receiver answers 503 and the
    helpdesk retries: a 202 is only ever sent for work that Redis has stored.
    """
    delivery_id = job_id_for(event)
    try:
        fresh = make_inbox(connection, settings).accept(
            keys.DELIVERY + delivery_id,
            orjson.dumps(event_to_payload(event)),
            dedupe_seconds=settings.dedupe_ttl_seconds,
        )
    except redis.RedisError as error:
        log.warning("could not enqueue ticket %s: %s", event.ticket_id, type(error).__name__)
        raise QueueUnavailable("queue storage is unavailable") from error
    if fresh:
        log.info("queued ticket %s event as delivery %s", event.ticket_id, delivery_id)
    return EnqueueResult(job_id=delivery_id, duplicate=not fresh)
