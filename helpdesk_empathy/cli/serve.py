"""`helpdesk-empathy serve`: run the webhook receiver under gunicorn."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping

from helpdesk_empathy import config
from helpdesk_empathy.cli import checks
from helpdesk_empathy.errors import ConfigError

GUNICORN_CONFIG = "python:helpdesk_empathy.ops.gunicorn_conf"
# Threads, not sync workers: clients reach gunicorn directly (no buffering proxy), and a slow
# one must hold one thread for at most REQUEST_READ_SECONDS, never a whole worker.
WORKER_CLASS = "helpdesk_empathy.ops.gunicorn_worker.BoundedThreadWorker"
DEFAULT_THREADS = 64
OWNED_MARK = "HE_OWN_METRICS_DIR"  # names the metrics directory serve made (removed at exit)


def default_bind(environ: Mapping[str, str]) -> str:
    """Pure: $HELPDESK_EMPATHY_BIND (or $BIND), else 0.0.0.0:$PORT (Heroku, most PaaS),
    else 0.0.0.0:8000."""
    explicit = environ.get(f"{config.PREFIX}BIND") or environ.get("BIND")
    if explicit:
        return explicit
    return f"0.0.0.0:{environ.get('PORT') or 8000}"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the webhook receiver (gunicorn)")
    parser.add_argument("--bind", help="host:port (default: 0.0.0.0:$PORT, else 0.0.0.0:8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument(
        "--threads",
        type=int,
        default=DEFAULT_THREADS,
        help=f"threads per worker: requests in flight, slow ones too (default {DEFAULT_THREADS})",
    )
    parser.set_defaults(func=run)


def prepare_metrics_dir(environ: dict[str, str]) -> str:
    """Prometheus multiprocess mode: every gunicorn worker writes to one emptied directory,
    so /metrics adds up all of them instead of answering for whichever worker it hit."""
    directory = environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        # Files left by a previous run would count its workers too.
        shutil.rmtree(directory, ignore_errors=True)
    else:
        directory = tempfile.mkdtemp(prefix="helpdesk-empathy-metrics-")
        environ[OWNED_MARK] = directory
    os.makedirs(directory, exist_ok=True)
    environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    return directory


def warn_unsafe(settings: config.Settings, out) -> None:
    """A banner nobody scrolls past: settings that let anyone send us webhooks."""
    problems = config.unsafe_settings(settings)
    if not problems:
        return
    if settings.log_json:  # every line stays JSON: one WARNING record per problem
        from helpdesk_empathy.ops.logs import JsonFormatter

        formatter = JsonFormatter()
        for problem in problems:
            record = logging.LogRecord(
                __name__, logging.WARNING, __file__, 0, "UNSAFE SETTING: %s", (problem,), None
            )
            print(formatter.format(record), file=out, flush=True)
        return
    rule = "!" * 78
    lines = [rule, "WARNING: this receiver is not safe to expose:"]
    lines += [f"- {problem}" for problem in problems]
    print("\n".join([*lines, rule]), file=out, flush=True)


def run(args: argparse.Namespace) -> int:
    # Validate now so a misconfiguration is one clear line, not a gunicorn boot loop.
    settings = config.from_env()
    config.validate_for_web(settings)
    checks.require_redis(settings)
    checks.require_rules(settings)
    bind = args.bind or default_bind(os.environ)
    if ":" not in bind and not bind.startswith("unix:"):
        raise ConfigError(f"--bind must be host:port, got {bind!r}")
    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    if args.threads < 1:
        raise ConfigError("--threads must be at least 1")
    warn_unsafe(settings, sys.stderr)  # once the set-up is known to start
    environ = dict(os.environ)
    prepare_metrics_dir(environ)
    argv = [
        sys.executable, "-m", "gunicorn",
        "--config", GUNICORN_CONFIG,
        "--bind", bind,
        "--workers", str(args.workers),
        "--worker-class", WORKER_CLASS,
        "--threads", str(args.threads),
        "--access-logfile", "-",
        "helpdesk_empathy.intake.app:create_app()",
    ]  # fmt: skip
    os.execve(sys.executable, argv, environ)
    return 0  # pragma: no cover - execve does not return
