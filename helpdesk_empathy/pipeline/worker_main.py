"""Run an RQ worker on the configured queue, with the runtime built once per process.

The worker outlives Redis outages: RQ's own loop gives up on most Redis errors (out of memory,
a timeout, a restart mid-job), so it is run again, after a growing pause, until asked to stop.
No supervisor is needed for that.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial

import redis
from rq import Queue, SimpleWorker, Worker

from helpdesk_empathy import config
from helpdesk_empathy.analysis import compiled, warm_up
from helpdesk_empathy.ops import logs, metrics
from helpdesk_empathy.pipeline import runtime
from helpdesk_empathy.pipeline.queue import connect, make_queue
from helpdesk_empathy.pipeline.recovery import recover, watch_inbox

log = logging.getLogger(__name__)

# RQ only notices a dead worker's job once its heartbeat lapses (job timeout + 60 s for a
# SimpleWorker) and a maintenance pass runs: every 10 min by default, every minute here.
MAINTENANCE_INTERVAL_SECONDS = 60
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 10.0


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
    warm_up()
    if not compiled.is_compiled():
        log.warning("analysis runs as plain Python, not compiled: %s", compiled.PURE_PYTHON_NOTE)
    # SimpleWorker runs jobs in this process: no fork per job, the warm analyzers are reused.
    # A job whose process dies is still not lost: RQ re-queues abandoned jobs with retries left.
    worker_class = logs.with_job_ids(Worker if fork else SimpleWorker)
    queue = make_queue(connection, settings)
    until_redis_answers(lambda: recover(rt, queue))
    threading.Thread(
        target=watch_inbox, args=(connection, settings, queue), name="inbox-watch", daemon=True
    ).start()
    pause = FIRST_PAUSE_SECONDS
    while True:
        worker = worker_class(
            [queue],
            connection=connection,
            name=name,
            exception_handlers=[metrics.job_exception_handler],
            maintenance_interval=MAINTENANCE_INTERVAL_SECONDS,
        )
        log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
        started = time.monotonic()
        try:
            worked = worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")
            if burst:
                return worked
            if stop_requested(worker):
                return True  # a clean stop, whether or not this run had work
            # Not asked to stop: RQ gave up on an error (it logged it). Start again.
        except redis.RedisError as error:
            log.warning("worker stopped by a Redis error (%s)", type(error).__name__)
        if time.monotonic() - started > 60:
            pause = FIRST_PAUSE_SECONDS  # it had been working: this is a new outage
        log.warning("Redis is unavailable; the worker starts again in %.1fs", pause)
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_SECONDS)
        until_redis_answers(partial(forget_registration, connection, worker.key, queue, rt))


def stop_requested(worker: Worker) -> bool:
    """Was the worker asked to stop (SIGTERM, SIGINT)? An idle worker's stop leaves only the
    date: RQ sets the flag only for a busy one."""
    return worker._stop_requested or worker._shutdown_requested_date is not None


def forget_registration(
    connection: redis.Redis, worker_key: str, queue: Queue, rt: runtime.Runtime
) -> None:
    """After an outage: drop this process's stale worker entry (its name is reused), repair."""
    connection.delete(worker_key)
    recover(rt, queue)


def until_redis_answers(action: Callable[[], None]) -> None:
    """Run `action`, again and again with a growing pause while Redis is unavailable."""
    delay = FIRST_PAUSE_SECONDS
    while True:
        try:
            action()
            return
        except redis.RedisError as error:
            log.warning("Redis unavailable (%s); retrying in %.1fs", type(error).__name__, delay)
            time.sleep(delay)
            delay = min(delay * 2, LONGEST_PAUSE_SECONDS)
