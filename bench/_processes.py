"""Process set-up the bench scripts share: a stub process, gunicorn, workers ready to work."""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence

import redis
import requests

from helpdesk_empathy.config import Settings, to_env
from helpdesk_empathy.dev.embedded_redis import free_port

STUB_COMMAND = (sys.executable, "-m", "helpdesk_empathy.dev.stubs", "--port", "0")
# What the simulated customers write ({n}: their order number).
MESSAGES = (
    "This is the THIRD time I write about order {n} and it STILL has not arrived!!!",
    "I have been waiting two weeks for a refund on order {n}. Nobody answers.",
    "Hello, could you tell me how to change the address on order {n}? Thanks.",
    "Thanks a lot, the replacement for order {n} arrived and works perfectly!",
    "Je ne comprends pas pourquoi la commande {n} est toujours bloquée, c'est inadmissible.",
    "The app crashes every time I open invoice {n}. Please fix this, I need it today.",
)


def serve_forever(app: Callable, label: str) -> int:
    """Serve a stub WSGI app on a free port until interrupted, announcing its URL on stdout
    (the line `listening_process` waits for)."""
    from werkzeug.serving import make_server

    from helpdesk_empathy.dev.serving import QuietHandler

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    print(f"{label} listening on http://127.0.0.1:{server.server_port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def run_or_serve_stub(
    parser: argparse.ArgumentParser,
    argv: list[str] | None,
    run: Callable[[argparse.Namespace], int],
    serve_stub: Callable[[int], int],
) -> int:
    """A bench whose own stub runs in a child process: `<script> --serve-stub --tickets N`."""
    parser.add_argument("--serve-stub", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return serve_stub(args.tickets) if args.serve_stub else run(args)


@contextlib.contextmanager
def listening_process(command: Sequence[str]) -> Iterator[tuple[str, subprocess.Popen]]:
    """A child that prints "... listening on <url>" first: yields (url, process)."""
    process = subprocess.Popen(list(command), stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        if "listening on" not in line:
            raise RuntimeError(f"{command[-1]!r} did not start: {line!r}")
        yield line.rsplit(" ", 1)[-1].strip(), process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def stub_process(command: Sequence[str] = STUB_COMMAND) -> Iterator[tuple[str, int]]:
    """The helpdesk stub in its own process: yields (base URL, pid)."""
    with listening_process(command) as (url, process):
        yield url, process.pid


@contextlib.contextmanager
def gunicorn(settings: Settings, web_workers: int) -> Iterator[str]:
    """The web app under gunicorn, as `serve` runs it in production: yields its base URL."""
    port = free_port()
    env = dict(os.environ, **to_env(settings))
    command = [
        sys.executable, "-m", "gunicorn",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(web_workers),
        "--log-level", "warning",
        "helpdesk_empathy.intake.app:create_app()",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def wait_for_workers(
    connection: redis.Redis,
    workers: Sequence[subprocess.Popen],
    count: int,
    timeout: float = 60.0,
) -> None:
    """Until `count` RQ workers are registered; raises if one exits meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(connection.smembers("rq:workers")) >= count:
            return
        if any(worker.poll() is not None for worker in workers):
            raise RuntimeError("a worker process exited at start-up")
        time.sleep(0.1)
    raise RuntimeError("workers did not register in time")


def envelope(ticket: dict, text: str) -> dict:
    """An event-subscription `ticket.comment_added` delivery: ids as strings, exact updated_at."""
    return {
        "type": "zen:event-type:ticket.comment_added",
        "id": str(uuid.uuid4()),
        "account_id": 22129848,
        "subject": f"zen:ticket:{ticket['id']}",
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "zendesk_event_version": "2022-11-06",
        "detail": {
            "id": str(ticket["id"]),
            "actor_id": str(ticket["requester_id"]),
            "requester_id": str(ticket["requester_id"]),
            "assignee_id": None,
            "group_id": None,
            "priority": (ticket.get("priority") or "").upper() or None,
            "status": str(ticket.get("status") or "open").upper(),
            "subject": ticket.get("subject") or "",
            "tags": list(ticket.get("tags") or []),
            "updated_at": ticket.get("updated_at"),
        },
        "event": {
            "comment": {
                "author": {"id": str(ticket["requester_id"]), "is_staff": False},
                "body": text,
                "id": str(random.randrange(10**9, 10**10)),
                "is_public": True,
            }
        },
    }
