"""Gunicorn settings `serve` loads: JSON log lines when asked, Prometheus multiprocess clean-up.

Gunicorn reads this module's names as its settings (`-c python:helpdesk_empathy.ops.gunicorn_conf`).
"""

from __future__ import annotations

import os
import shutil

from helpdesk_empathy.cli.serve import OWNED_MARK
from helpdesk_empathy.config import from_env as _settings_from_env

# Method and path without the query string (the dashboard's token may be there), the status,
# size, time and the request id the app echoed.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'


def json_logconfig() -> dict:
    """Gunicorn's own loggers (boot, worker, access lines) as JSON lines, like ours.

    The root logger gets no handler here: the app installs its own (with request ids) on top.
    """
    handler = {"class": "logging.StreamHandler", "formatter": "json"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "helpdesk_empathy.ops.logs.JsonFormatter"}},
        "handlers": {
            "console": {**handler, "stream": "ext://sys.stdout"},
            "error_console": {**handler, "stream": "ext://sys.stderr"},
        },
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }


def child_exit(server, worker) -> None:
    """A gone worker's live gauges must not linger in the shared metrics directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    """Remove the metrics directory `serve` made for this run (a given one is left alone)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory and os.environ.get(OWNED_MARK) == directory:
        shutil.rmtree(directory, ignore_errors=True)


# Module names are gunicorn settings: helpers above carry names gunicorn does not know.
if _settings_from_env().log_json:
    logconfig_dict = json_logconfig()
