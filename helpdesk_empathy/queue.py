"""Redis/RQ wiring: connections, delivery deduplication and enqueueing ticket events."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry as RedisRetry
from rq import Queue, Retry

from .analysis.text import latest_message
from .config import Settings
from .models import TicketEvent

log = logging.getLogger(__name__)

JOB_FUNCTION = "helpdesk_empathy.jobs.process_event"
DEDUPE_PREFIX = "he:delivery:"
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
    """A stable job id per delivery, so a job can be found again from the delivery id."""
    digest = hashlib.sha256(f"{event.helpdesk}:{event.event_id}".encode()).hexdigest()[:32]
    return f"he-{event.helpdesk}-{digest}"


def event_to_payload(event: TicketEvent) -> dict:
    """What a job carries: ids, metadata and the one message to score, without quoted history."""
    payload = dataclasses.asdict(event)
    payload["text"] = latest_message(event.text)
    payload["tags"] = list(event.tags)
    return payload


def payload_to_event(payload: dict) -> TicketEvent:
    known = {field.name for field in dataclasses.fields(TicketEvent)}
    values = {key: value for key, value in payload.items() if key in known}
    values["tags"] = tuple(values.get("tags") or ())
    return TicketEvent(**values)


def make_queue(connection: redis.Redis, settings: Settings) -> Queue:
    return Queue(settings.queue_name, connection=connection)


def enqueue_event(connection: redis.Redis, settings: Settings, event: TicketEvent) -> EnqueueResult:
    """Enqueue once per delivery id, atomically: the dedupe mark and the job land together.

    Raises QueueUnavailable when Redis is unreachable, so the receiver answers 503 and the
    helpdesk retries; a 202 is only ever sent for work that Redis has stored.
    """
    queue = make_queue(connection, settings)
    job_id = job_id_for(event)
    dedupe_key = DEDUPE_PREFIX + job_id
    retries = settings.job_retries
    retry = Retry(max=retries, interval=RETRY_INTERVALS[:retries]) if retries > 0 else None
    try:
        with connection.pipeline() as pipe:
            pipe.watch(dedupe_key)
            if pipe.exists(dedupe_key):
                return EnqueueResult(job_id=job_id, duplicate=True)
            pipe.multi()
            pipe.set(dedupe_key, 1, ex=settings.dedupe_ttl_seconds)
            queue.enqueue_call(
                JOB_FUNCTION,
                args=(event_to_payload(event),),
                job_id=job_id,
                retry=retry,
                result_ttl=3600,
                failure_ttl=30 * 86400,  # failed work stays inspectable and re-queueable
                description=f"{event.helpdesk} ticket {event.ticket_id} event",
                pipeline=pipe,
            )
            pipe.execute()
    except redis.WatchError:
        # A concurrent delivery of the same event won the race.
        return EnqueueResult(job_id=job_id, duplicate=True)
    except redis.RedisError as error:
        log.warning("could not enqueue ticket %s: %s", event.ticket_id, type(error).__name__)
        raise QueueUnavailable("queue storage is unavailable") from error
    log.info("queued ticket %s event as job %s", event.ticket_id, job_id)
    return EnqueueResult(job_id=job_id, duplicate=False)
