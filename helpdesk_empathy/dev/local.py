"""Run the pieces on this machine: the web app over loopback HTTP and real worker processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import redis

from helpdesk_empathy.config import Settings, to_env
from helpdesk_empathy.dev.serving import serve_in_thread
from helpdesk_empathy.intake.app import create_app
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.delivery.outbox import pending_total


class WorkerDied(RuntimeError):
    """A worker process exited while work was still expected of it."""


@contextmanager
def serve_app(settings: Settings) -> Iterator[str]:
    """The real web app over loopback HTTP, in a background thread; yields its base URL."""
    url, shutdown = serve_in_thread(create_app(settings), name="web")
    try:
        yield url
    finally:
        shutdown()


def child_environment(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(to_env(settings))
    return env


@contextmanager
def worker_process(settings: Settings, *extra_args: str) -> Iterator[subprocess.Popen]:
    """A real `helpdesk-empathy worker` process, stopped with SIGTERM (warm shutdown) on exit.

    It leads its own process group, with RQ's scheduler process in it: stop_group() ends both,
    even after the worker itself was killed.
    """
    command = [sys.executable, "-m", "helpdesk_empathy.cli", "worker", *extra_args]
    process = subprocess.Popen(command, env=child_environment(settings), start_new_session=True)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        stop_group(process, signal.SIGKILL)


def stop_group(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the worker's whole process group (its scheduler too); gone already is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def wait_for_processed(
    connection: redis.Redis,
    expected: int,
    timeout: float,
    workers: Sequence[subprocess.Popen] = (),
) -> int:
    """Wait until `expected` events are decided (audited) and every decided write is done.

    Returns how many events were decided. Raises WorkerDied at once if every given worker
    process has exited.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = connection.xlen(audit.AUDIT_STREAM)
        if done >= expected and pending_total(connection) == 0:
            return done
        if workers and all(worker.poll() is not None for worker in workers):
            codes = [worker.returncode for worker in workers]
            raise WorkerDied(f"worker process(es) exited with {codes}")
        time.sleep(0.05)
    return connection.xlen(audit.AUDIT_STREAM)
