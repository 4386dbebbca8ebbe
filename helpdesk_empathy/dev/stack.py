"""The local stack `dev` runs: embedded Redis, the Zendesk stub, the web app and a worker."""

from __future__ import annotations

import contextlib
import logging
import random
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.local import WorkerDied, worker_process
from helpdesk_empathy.dev.serving import serve_in_thread
from helpdesk_empathy.dev.stubs.state import StubState
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread
from helpdesk_empathy.dev.traffic import THREADS, Simulator
from helpdesk_empathy.intake.app import create_app

log = logging.getLogger(__name__)

ASSETS_PATH = "/app/assets/"  # the sidebar app's files, served by the web app
HISTORY_TICKETS = 40
HISTORY_DAYS = 21


@dataclass(frozen=True)
class Stack:
    """Where everything listens, and the settings the pieces share."""

    settings: Settings
    web_url: str
    stub_url: str
    stub: StubState
    worker: subprocess.Popen

    @property
    def receiver_url(self) -> str:
        return f"{self.web_url}/webhooks/zendesk"

    @property
    def dashboard_url(self) -> str:
        return f"{self.web_url}/dashboard?token={self.settings.admin_token}"

    @property
    def assets_url(self) -> str:
        return f"{self.web_url}{ASSETS_PATH}"


def dev_settings(base: Settings, *, redis_url: str, stub_url: str, stub: StubState) -> Settings:
    """The user's settings, pointed at the local pieces; a fresh admin token unless one is set."""
    return base.with_overrides(
        redis_url=redis_url,
        zendesk_subdomain="",  # tickets live in the stub, not in a real account
        zendesk_base_url=stub_url,
        zendesk_email="dev@example.com",
        zendesk_api_token="dev-token",
        zendesk_oauth_token="",
        zendesk_api_user_id=str(stub.api_user["id"]),
        webhook_signing_secret=secrets.token_urlsafe(24),
        admin_token=base.admin_token or secrets.token_urlsafe(18),
    )


def seed_history(
    stub: StubState, *, now: float, count: int = HISTORY_TICKETS, seed: int = 7
) -> None:
    """Past tickets spread over the last weeks, so `backfill` has something to export."""
    rng = random.Random(seed)
    for _ in range(count):
        thread = rng.choice(THREADS)
        ticket = stub.add_ticket(
            text=rng.choice(thread.messages), subject=thread.subject, tags=list(thread.tags)
        )
        moment = now - rng.uniform(3600, HISTORY_DAYS * 86400)
        stamp = datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with stub.lock:
            stored = stub.tickets[ticket["id"]]
            stored["created_at"] = stored["updated_at"] = stamp
            stored["status"] = "solved"
            for comment in stub.comments[ticket["id"]]:
                comment["created_at"] = stamp


@contextlib.contextmanager
def run_stack(
    base: Settings, *, port: int = 8000, host: str = "127.0.0.1", simulate: bool = False
) -> Iterator[Stack]:
    """Start every piece; on exit stop them all (simulator, worker, web, stub, Redis)."""
    with contextlib.ExitStack() as stack:
        redis_server = stack.enter_context(EmbeddedRedis())
        stub_url, stub, stop_stub = run_stub_in_thread()
        stack.callback(stop_stub)
        seed_history(stub, now=time.time())
        settings = dev_settings(base, redis_url=redis_server.url, stub_url=stub_url, stub=stub)
        web_url, stop_web = serve_in_thread(create_app(settings), host=host, port=port, name="web")
        stack.callback(stop_web)
        worker = stack.enter_context(worker_process(settings))
        running = Stack(settings, web_url, stub_url, stub, worker)
        if simulate:
            simulator = Simulator(stub, running.receiver_url, settings.webhook_signing_secret)
            simulator.start()
            stack.callback(simulator.stop)
        yield running


def wait_until_stopped(stack: Stack, stop_requested, *, poll: float = 0.5) -> None:
    """Block until `stop_requested()` is true; a worker that dies stops the stack too."""
    while not stop_requested():
        if stack.worker.poll() is not None:
            raise WorkerDied(f"the worker exited with {stack.worker.returncode}")
        time.sleep(poll)
