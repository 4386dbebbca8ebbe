"""Run an RQ worker on the configured queue, with the runtime built once per process."""

from __future__ import annotations

import logging
import socket
import threading
import time

import redis
from rq import Queue, SimpleWorker, Worker
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

from helpdesk_empathy import config
from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.ops import logs, metrics
from helpdesk_empathy.pipeline import runtime
from helpdesk_empathy.pipeline.jobs import make_writer
from helpdesk_empathy.pipeline.liveness import process_is_gone
from helpdesk_empathy.pipeline.queue import connect, make_inbox, make_queue, schedule_drain

log = logging.getLogger(__name__)

# RQ only notices a dead worker's job once its heartbeat lapses (job timeout + 60 s for a
# SimpleWorker) and a maintenance pass runs: every 10 min by default, every minute here.
MAINTENANCE_INTERVAL_SECONDS = 60
# A drain job in one of these states will still run, and take back what it had taken.
LIVE_JOB_STATES = {"queued", "started", "scheduled", "deferred"}
WATCH_INTERVAL_SECONDS = 2.0


def run_worker(
    settings: config.Settings,
    *,
    burst: bool = False,
    fork: bool = False,
    name: str | None = None,
) -> bool:
    """Block processing jobs (or until the queue is empty with burst); True if all went well."""
    connection = connect(settings)
    rt = runtime.build(settings, connection)
    runtime.install(rt)
    metrics.install_sink(connection)
    for client in rt.helpdesks.values():
        metrics.instrument(client)  # counts API calls by status, and 429s
    # Load the lexicons and language model now, not inside the first job.
    analyze("warm up")
    # SimpleWorker runs jobs in this process: no fork per job, the warm analyzers are reused.
    # A job whose process dies is still not lost: RQ re-queues abandoned jobs with retries left.
    worker_class = logs.with_job_ids(Worker if fork else SimpleWorker)
    queue = make_queue(connection, settings)
    prepare(rt, queue)
    threading.Thread(
        target=watch_inbox, args=(connection, settings, queue), name="inbox-watch", daemon=True
    ).start()
    worker = worker_class(
        [queue],
        connection=connection,
        name=name,
        exception_handlers=[metrics.job_exception_handler],
        maintenance_interval=MAINTENANCE_INTERVAL_SECONDS,
    )
    log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
    return worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")


def prepare(rt: runtime.Runtime, queue: Queue) -> None:
    """Start-up recovery, repeated until Redis answers: a worker may start while it is down."""
    delay = 0.5
    while True:
        try:
            flush_leftovers(rt)
            recover_abandoned_jobs(rt.redis, queue)
            recover_inbox(rt.redis, rt.settings, queue)
            return
        except redis.RedisError as error:
            log.warning("Redis unavailable at start (%s); retrying", type(error).__name__)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)


def flush_leftovers(rt: runtime.Runtime) -> None:
    """Write what a stopped worker left pending, so it does not wait for the next event."""
    for name in rt.helpdesks:
        try:
            written = make_writer(rt, name).flush(force=True)
        except TransientHelpdeskError as error:
            log.warning("pending %s writes must wait: %s", name, error)
            continue
        if written:
            log.info("wrote %d pending %s ticket(s) left by an earlier worker", written, name)


def recover_abandoned_jobs(connection: redis.Redis, queue: Queue) -> int:
    """Retry now the jobs whose worker is provably dead, instead of after its heartbeat lapses.

    Provably dead: its registration expired, or it ran on this host and its process is gone
    (a worker killed and restarted by its supervisor). RQ's own cleanup then retries each job
    (or parks it as failed when no retries are left). Returns how many were found.
    """
    registry = StartedJobRegistry(queue=queue)
    host = socket.gethostname()
    dead = []
    for member in connection.zrange(registry.key, 0, -1):
        job = queue.fetch_job(member.decode().split(":", 1)[0])
        if job is None or not job.worker_name:
            continue
        pid, hostname = connection.hmget(f"rq:worker:{job.worker_name}", "pid", "hostname")
        if pid is None or (
            hostname is not None and hostname.decode() == host and process_is_gone(int(pid))
        ):
            dead.append(member)
    if dead:
        # Mark those entries expired, then let RQ's abandoned-job handling retry them.
        connection.zadd(registry.key, dict.fromkeys(dead, 0), xx=True)
        registry.cleanup(timestamp=time.time())
        # The helpdesk did not fail, the worker did: run the retries now, not after a backoff
        # (whose scheduler may be the dead worker's own, holding its lock for a while).
        scheduled = ScheduledJobRegistry(queue=queue)
        for member in dead:
            job = queue.fetch_job(member.decode().split(":", 1)[0])
            if job is not None and job.id in scheduled:
                scheduled.remove(job)
                queue.enqueue_job(job)
        log.warning("retrying %d job(s) abandoned by a dead worker", len(dead))
    return len(dead)


def recover_inbox(connection: redis.Redis, settings: config.Settings, queue: Queue) -> None:
    """Return events taken by drain jobs that will never run again, and make sure a drain job
    is scheduled while events wait (its scheduling could have been lost with a crash)."""
    inbox = make_inbox(connection, settings)

    def holder_is_alive(job_id: str) -> bool:
        job = queue.fetch_job(job_id)
        return job is not None and job.get_status(refresh=True) in LIVE_JOB_STATES

    inbox.recover(holder_is_alive)
    if len(inbox):
        schedule_drain(queue, settings)


def watch_inbox(
    connection: redis.Redis,
    settings: config.Settings,
    queue: Queue,
    *,
    interval: float = WATCH_INTERVAL_SECONDS,
    rounds: int | None = None,
) -> None:
    """Safety net: if events wait while no job is queued or running, schedule a drain job.

    Normally every delivery schedules one; this covers a drain job lost with a crash or a
    Redis restart. Two quiet checks in a row are required, so a job just starting is not raced.
    """
    inbox = make_inbox(connection, settings)
    started = StartedJobRegistry(queue=queue)
    stalled_before = False
    while rounds is None or rounds > 0:
        rounds = None if rounds is None else rounds - 1
        time.sleep(interval)
        try:
            stalled = len(inbox) > 0 and queue.count == 0 and started.count == 0
            if stalled and stalled_before:
                log.warning("events were waiting with no drain job: scheduling one")
                schedule_drain(queue, settings)
                stalled = False
            stalled_before = stalled
        except redis.RedisError:
            stalled_before = False  # Redis is away; the next checks will see
