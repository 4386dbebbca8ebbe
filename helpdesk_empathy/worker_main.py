"""Run an RQ worker on the configured queue, with the runtime built once per process."""

from __future__ import annotations

import logging

from rq import SimpleWorker, Worker

from . import config, runtime
from .analysis import analyze
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
    runtime.install(runtime.build(settings, connection))
    # Load the lexicons and language model now, not inside the first job.
    analyze("warm up")
    # SimpleWorker runs jobs in this process: no fork per job, the warm analyzers are reused.
    # A job whose process dies is still not lost: RQ re-queues abandoned jobs with retries left.
    worker_class = Worker if fork else SimpleWorker
    worker = worker_class([make_queue(connection, settings)], connection=connection, name=name)
    log.info("worker %s listening on queue %s", worker.name, settings.queue_name)
    return worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")
