"""What a worker repairs at start and keeps watching: lost jobs, orphaned events, old job names."""

from __future__ import annotations

import logging
import socket
import time
import zlib

import redis
from rq import Queue, Worker
from rq.job import JobStatus
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from helpdesk_empathy import config
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.pipeline import runtime
from helpdesk_empathy.pipeline.liveness import process_is_gone
from helpdesk_empathy.pipeline.queue import DRAIN_FUNCTION, JOB_FUNCTION, make_inbox

log = logging.getLogger(__name__)

WATCH_INTERVAL_SECONDS = 2.0
# The watch also returns orphaned events this often (start-up recovery covers the rest).
RECOVER_EVERY_SECONDS = 30.0
# RQ's scheduler (a process of one worker) queues due jobs within a second, and is started
# again only every ten minutes if it dies: a job overdue by this long is queued by the watch.
SCHEDULER_LATE_SECONDS = 30.0
# Job functions under the names earlier releases queued them with: renamed at start, so a
# deployment upgrades in place with jobs still queued, scheduled or failed.
RENAMED_FUNCTIONS = {
    "helpdesk_empathy.jobs.drain_inbox": DRAIN_FUNCTION,
    "helpdesk_empathy.jobs.process_event": JOB_FUNCTION,
}


def recover(rt: runtime.Runtime, queue: Queue) -> None:
    """Everything a starting worker repairs; raises redis.RedisError while Redis is away."""
    rename_old_jobs(queue)
    flush_leftovers(rt)
    recover_abandoned_jobs(rt.redis, queue)
    recover_inbox(rt.redis, rt.settings, queue)


def rename_old_jobs(queue: Queue) -> int:
    """Point waiting and failed jobs queued by an earlier release at today's functions."""
    registries = (ScheduledJobRegistry, DeferredJobRegistry, FailedJobRegistry, StartedJobRegistry)
    ids = set(queue.get_job_ids())
    for registry in registries:
        ids.update(registry(queue=queue).get_job_ids(cleanup=False))
    renamed = 0
    for job in queue.job_class.fetch_many(sorted(ids), connection=queue.connection):
        if job is None:
            continue
        new_name = RENAMED_FUNCTIONS.get(job.func_name)
        if new_name:
            job.func_name = new_name
            # Only the function's field changes: status, retries and timestamps stay as they are.
            queue.connection.hset(job.key, "data", zlib.compress(job.data))
            renamed += 1
    if renamed:
        log.warning("renamed the function of %d job(s) queued by an earlier release", renamed)
    return renamed


def flush_leftovers(rt: runtime.Runtime) -> None:
    """Write what a stopped worker left pending, so it does not wait for the next event."""
    from helpdesk_empathy.pipeline.jobs import delivery_for

    delivery = delivery_for(rt, backlog=lambda: 0)
    for name in rt.helpdesks:
        try:
            written = delivery.writer(name).flush(force=True)
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


def holder_is_alive(queue: Queue, job_id: str) -> bool:
    """A drain job running now, or about to: it will take back what it had taken.

    Its status alone is not enough: a Redis that ran out of memory mid-retry can leave a job
    marked "scheduled" that no registry holds, so it would never run. A job waiting for a
    retry is not alive either: its events go back to the inbox rather than wait its backoff.
    """
    job = queue.fetch_job(job_id)
    if job is None:
        return False
    status = job.get_status(refresh=True)
    if status == JobStatus.QUEUED:
        return queue.get_job_position(job_id) is not None
    if status != JobStatus.STARTED or job_id not in StartedJobRegistry(queue=queue):
        return False
    # A worker that outlived a Redis outage starts its loop afresh and never resumes the job
    # it was running: that job is alive only while its worker still says it is running it.
    if not job.worker_name:
        return True
    current = queue.connection.hget(
        f"{Worker.redis_worker_namespace_prefix}{job.worker_name}", "current_job"
    )
    return current is not None and current.decode() == job_id


def recover_inbox(connection: redis.Redis, settings: config.Settings, queue: Queue) -> int:
    """Return events taken by drain jobs that will never run again, and make sure a drain job
    is scheduled while events wait (its scheduling could have been lost with a crash)."""
    inbox = make_inbox(connection, settings)
    recovered = inbox.recover(lambda holder: holder_is_alive(queue, holder))
    inbox.ensure_drain()
    return recovered


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
    Every RECOVER_EVERY_SECONDS it also returns events whose drain job is gone.
    """
    inbox = make_inbox(connection, settings)
    started = StartedJobRegistry(queue=queue)
    stalled_before = False
    last_recovery = time.monotonic()
    while rounds is None or rounds > 0:
        rounds = None if rounds is None else rounds - 1
        time.sleep(interval)
        try:
            if time.monotonic() - last_recovery > RECOVER_EVERY_SECONDS:
                last_recovery = time.monotonic()
                inbox.recover(lambda holder: holder_is_alive(queue, holder))
                queue_overdue_jobs(queue)
            stalled = len(inbox) > 0 and queue.count == 0 and started.count == 0
            if stalled and stalled_before:
                log.warning("events were waiting with no drain job: scheduling one")
                inbox.ensure_drain()
                stalled = False
            stalled_before = stalled
        except redis.RedisError:
            stalled_before = False  # Redis is away; the next checks will see


def queue_overdue_jobs(queue: Queue, *, now: float | None = None) -> int:
    """Queue scheduled jobs (drain wake-ups, retries) that RQ's scheduler left overdue, so the
    writes waiting for them do not wait for its restart; returns how many."""
    registry = ScheduledJobRegistry(queue=queue)
    cutoff = int((time.time() if now is None else now) - SCHEDULER_LATE_SECONDS)
    queued = 0
    for job_id in registry.get_jobs_to_schedule(cutoff):
        # ZREM is the claim: of several watching workers, only one queues each job.
        if not queue.connection.zrem(registry.key, job_id):
            continue
        job = queue.fetch_job(job_id)
        if job is not None:
            queue.enqueue_job(job)
            queued += 1
    if queued:
        log.warning("RQ's scheduler is late: queued %d overdue job(s) itself", queued)
    return queued
