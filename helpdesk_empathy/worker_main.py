"""Run an RQ worker on the configured queue, with the runtime built once per process."""

from __future__ import annotations

import logging
import os
import socket
import time

import redis
from rq import Queue, SimpleWorker, Worker
from rq.registry import StartedJobRegistry

from . import config, logs, metrics, runtime
from .analysis import analyze
from .errors import TransientHelpdeskError
from .jobs import make_writer
from .queue import connect, make_queue

log = logging.getLogger(__name__)

# RQ only notices a dead worker's job once its heartbeat lapses (job timeout + 60 s for a
# SimpleWorker) and a maintenance pass runs: every 10 min by default, every minute here.
MAINTENANCE_INTERVAL_SECONDS = 60


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
    flush_leftovers(rt)
    # SimpleWorker runs jobs in this process: no fork per job, the warm analyzers are reused.
    # A job whose process dies is still not lost: RQ re-queues abandoned jobs with retries left.
    worker_class = logs.with_job_ids(Worker if fork else SimpleWorker)
    queue = make_queue(connection, settings)
    recover_abandoned_jobs(connection, queue)
    worker = worker_class(
        [queue],
        connection=connection,
        name=name,
        exception_handlers=[metrics.job_exception_handler],
        maintenance_interval=MAINTENANCE_INTERVAL_SECONDS,
    )
    log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
    return worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")


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


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. PermissionError: it exists, under another user
        return False
    return False


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
            hostname is not None and hostname.decode() == host and _process_is_gone(int(pid))
        ):
            dead.append(member)
    if dead:
        # Mark those entries expired, then let RQ's abandoned-job handling retry them.
        connection.zadd(registry.key, dict.fromkeys(dead, 0), xx=True)
        registry.cleanup(timestamp=time.time())
        log.warning("retrying %d job(s) abandoned by a dead worker", len(dead))
    return len(dead)
