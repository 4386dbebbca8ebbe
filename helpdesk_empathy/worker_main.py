"""Run an RQ worker on the configured queue, with the runtime built once per process."""

from __future__ import annotations

import logging

from rq import SimpleWorker, Worker

from . import config, logs, metrics, runtime
from .analysis import analyze
from .errors import TransientHelpdeskError
from .jobs import make_writer
from .queue import connect, make_queue

log = logging.getLogger(__name__)


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
    worker = worker_class(
        [make_queue(connection, settings)],
        connection=connection,
        name=name,
        exception_handlers=[metrics.job_exception_handler],
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
