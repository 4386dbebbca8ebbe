"""Chaos run: thousands of events through real processes while things break, then the count.

During the run: the workers are killed with SIGKILL three times (and started again), Redis
(with AOF) restarts, Redis is filled to its memory limit and then the limit is lifted, the
helpdesk commits writes but answers after our HTTP timeout, and 5% of the tickets are
deleted. Notes are written for every message (notes.mode every_message), so each accepted
delivery should end as exactly one note on its ticket: alone, or counted in a merged note
("N earlier message analyses ...").

Reported: notes per surviving ticket against accepted deliveries (exact, doubled, missing),
deleted tickets accounted for (notes written before, or refusals audited), and what is left
in the inbox, outbox, taking lists and kept texts. Figures are printed whatever they are.

    python bench/bench_chaos.py [--tickets 400] [--messages 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import random
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import redis
import requests
from _processes import (
    MESSAGES,
    envelope,
    run_or_serve_stub,
    serve_forever,
    stub_process,
    wait_for_workers,
)
from rq import Queue
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from helpdesk_empathy import keys
from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.local import serve_app, stop_group, worker_process
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.delivery.outbox import pending_total

SECRET = "Y2hhb3MtYmVuY2gtc2VjcmV0"
HTTP_TIMEOUT = 2.0  # our client's timeout; slow answers take longer than this
EARLIER = re.compile(r"\((\d+) earlier message analyses")
ROOT = Path(__file__).resolve().parents[1]
FAULTS = (
    "kill_workers",
    "restart_redis",
    "fill_redis",
    "slow_helpdesk",
    "delete_tickets",
)


# -- the stub process, with chaos hooks ----------------------------------------------------------
def serve_stub(tickets: int) -> int:
    """The Zendesk stub plus /_chaos hooks: deletions and a notes dump."""
    from helpdesk_empathy.dev.stubs.state import StubState
    from helpdesk_empathy.dev.stubs.zendesk import create_stub_app

    state = StubState()
    for n in range(1, tickets + 1):
        state.add_ticket(n, "original message", subject=f"Order {n}", requester_id=500000 + n)
    app = create_stub_app(state)
    deleted: list[int] = []

    def answer(start_response, payload: object):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(payload).encode()]

    def chaos(environ, start_response):
        path = environ["PATH_INFO"]
        if path.startswith("/_chaos/"):
            raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            body = json.loads(raw or b"{}")
            if path == "/_chaos/delete":
                with state.lock:
                    for ticket_id in body["ids"]:
                        state.tickets.pop(int(ticket_id), None)
                        deleted.append(int(ticket_id))
            elif path == "/_chaos/notes":
                with state.lock:
                    notes = {
                        str(ticket_id): [c["body"] for c in comments if not c.get("public", True)]
                        for ticket_id, comments in state.comments.items()
                    }
                return answer(start_response, {"notes": notes, "deleted": deleted})
            return answer(start_response, {"ok": True})
        return app(environ, start_response)

    return serve_forever(chaos, "chaos stub")


# -- sending like Zendesk does ------------------------------------------------------------------
def deliver_until_stored(session: requests.Session, hook: str, raw: bytes) -> int:
    """The same invocation id again after a 503 or no answer, until stored or ignored."""
    invocation = uuid.uuid4().hex
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        headers = signed_headers(SECRET, raw, invocation_id=invocation, at=time.time())
        try:
            status = session.post(hook, data=raw, headers=headers, timeout=15).status_code
        except requests.RequestException:
            status = 0
        if status in (200, 202) or 400 <= status < 500:
            return status
        time.sleep(0.2)
    return 0


class Sender:
    """Sends every delivery from a few threads; remembers what was accepted, per ticket."""

    def __init__(
        self, hook: str, deliveries: list[tuple[int, bytes]], rate: float, threads: int = 8
    ):
        self.hook = hook
        self.interval = 1.0 / rate
        self.next_at = time.monotonic()
        self.todo: queue.Queue[tuple[int, bytes]] = queue.Queue()
        for item in deliveries:
            self.todo.put(item)
        self.total = len(deliveries)
        self.accepted: Counter[int] = Counter()  # ticket id -> deliveries queued (202)
        self.statuses: Counter[int] = Counter()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def join(self) -> None:
        for thread in self.threads:
            thread.join()

    @property
    def done(self) -> int:
        with self.lock:
            return sum(self.statuses.values())

    def _run(self) -> None:
        session = requests.Session()
        while True:
            try:
                ticket_id, raw = self.todo.get_nowait()
            except queue.Empty:
                return
            with self.lock:  # paced: the faults fall at different moments of the run
                wait = self.next_at - time.monotonic()
                self.next_at = max(self.next_at, time.monotonic()) + self.interval
            time.sleep(max(0.0, wait))
            status = deliver_until_stored(session, self.hook, raw)
            with self.lock:
                self.statuses[status] += 1
                if status == 202:
                    self.accepted[ticket_id] += 1


# -- the faults -----------------------------------------------------------------------------------
class Chaos:
    """Runs each fault once the sender has reached its share of the deliveries."""

    def __init__(self, args, server: EmbeddedRedis, settings: Settings, stub_url: str):
        self.args, self.server, self.settings, self.stub_url = args, server, settings, stub_url
        self.workers: list = []
        self.exits = contextlib.ExitStack()
        self.log: list[str] = []
        self.deleted: list[int] = []

    def note(self, text: str) -> None:
        self.log.append(f"{time.strftime('%H:%M:%S')} {text}")
        print("  chaos:", text, flush=True)

    def start_workers(self) -> None:
        self.workers = [
            self.exits.enter_context(worker_process(self.settings))
            for _ in range(self.args.workers)
        ]

    def kill_workers(self) -> None:
        for worker in self.workers:
            stop_group(worker, signal.SIGKILL)
            worker.wait()
        self.note(f"killed {len(self.workers)} workers with SIGKILL; starting new ones")
        self.start_workers()

    def restart_redis(self) -> None:
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(self.server.url).shutdown(nosave=False)
        self.server.stop()
        time.sleep(1.0)
        self.server.start()
        self.note("Redis restarted (AOF)")

    def fill_redis(self) -> None:
        connection = redis.Redis.from_url(self.server.url)
        used = int(connection.info("memory")["used_memory"])
        connection.config_set("maxmemory", str(used + 2_000_000))
        filler = b"x" * 65536
        written = 0
        with contextlib.suppress(redis.RedisError):
            while written < 10_000:
                connection.set(f"chaos:fill:{written}", filler)
                written += 1
        self.note(f"Redis full ({written} filler values to its limit); holding 4 s")
        time.sleep(4)
        connection.config_set("maxmemory", "0")
        for start in range(0, written, 500):
            connection.delete(*[f"chaos:fill:{n}" for n in range(start, min(written, start + 500))])
        self.note("Redis memory limit lifted")

    def slow_helpdesk(self) -> None:
        seconds = HTTP_TIMEOUT + 3
        # The stub's own hook: each write is committed, then answered late.
        requests.post(f"{self.stub_url}/_stub/late_answers", json={"count": 40, "delay": seconds})
        self.note(f"helpdesk answers the next 40 writes after {seconds:.0f} s (committed)")

    def delete_tickets(self) -> None:
        rng = random.Random(11)
        ids = rng.sample(range(1, self.args.tickets + 1), max(1, self.args.tickets // 20))
        requests.post(f"{self.stub_url}/_chaos/delete", json={"ids": ids})
        self.deleted = ids
        self.note(f"deleted {len(ids)} tickets (5%)")

    def run(self, sender: Sender) -> None:
        plan = [
            (0.10, self.kill_workers),
            (0.25, self.restart_redis),
            (0.40, self.kill_workers),
            (0.55, self.fill_redis),
            (0.65, self.slow_helpdesk),
            (0.75, self.delete_tickets),
            (0.85, self.kill_workers),
        ]
        for share, fault in plan:
            if fault.__name__ not in self.args.faults:
                continue
            while sender.done < share * sender.total:
                time.sleep(0.05)
            fault()


# -- the outcome ----------------------------------------------------------------------------------
def leftovers(connection: redis.Redis, settings: Settings) -> dict[str, int]:
    rq_queue = Queue(settings.queue_name, connection=connection)
    taking = list(connection.scan_iter(match=keys.taking_prefix(settings.queue_name) + "*"))
    return {
        "inbox": connection.llen(keys.inbox(settings.queue_name)),
        "outbox": pending_total(connection),
        "taking lists": len(taking),
        "kept texts": len(list(connection.scan_iter(match=keys.TEXT + "*"))),
        "queued jobs": rq_queue.count,
        "started jobs": StartedJobRegistry(queue=rq_queue).count,
        "scheduled retries": ScheduledJobRegistry(queue=rq_queue).count,
        "failed jobs": FailedJobRegistry(queue=rq_queue).count,
    }


def wait_quiet(connection: redis.Redis, settings: Settings, timeout: float) -> float:
    """Seconds until nothing waits anywhere (or the timeout)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        with contextlib.suppress(redis.RedisError):
            left = leftovers(connection, settings)
            left.pop("failed jobs")
            if not any(left.values()):
                return time.monotonic() - started
        time.sleep(1.0)
    return time.monotonic() - started


def notes_represented(bodies: list[str]) -> int:
    """Decided notes a ticket's written notes stand for: each, plus the ones it counts."""
    return sum(1 + int(match.group(1)) if (match := EARLIER.search(b)) else 1 for b in bodies)


def report(sender: Sender, chaos: Chaos, stub_url: str, connection: redis.Redis, settings) -> int:
    dump = requests.get(f"{stub_url}/_chaos/notes", timeout=30).json()
    if args_dump := os.environ.get("CHAOS_DUMP"):
        Path(args_dump).write_text(json.dumps(dump))
    notes = {int(t): bodies for t, bodies in dump["notes"].items()}
    deleted = set(dump["deleted"])
    refusals = Counter()
    for record in audit.read_refusals(connection, count=100_000):
        refusals[int(record["ticket_id"])] += int(record.get("events", 1))
    exact = doubled = missing = 0
    extra_notes = missing_notes = 0
    for ticket_id, expected in sender.accepted.items():
        if ticket_id in deleted:
            continue
        got = notes_represented(notes.get(ticket_id, []))
        exact += got == expected
        doubled += got > expected
        missing += got < expected
        extra_notes += max(0, got - expected)
        missing_notes += max(0, expected - got)
    gone_expected = sum(sender.accepted[t] for t in deleted)
    gone_accounted = sum(
        min(sender.accepted[t], notes_represented(notes.get(t, [])) + refusals[t]) for t in deleted
    )
    surviving = sum(1 for t in sender.accepted if t not in deleted)
    print("\nOutcome")
    print(f"  deliveries sent           {sender.total}  (final statuses {dict(sender.statuses)})")
    print(f"  accepted (202)            {sum(sender.accepted.values())}")
    print(f"  decisions audited         {connection.xlen(audit.AUDIT_STREAM)}")
    print(f"  surviving tickets         {surviving}")
    print(f"    exactly one note each   {exact}")
    print(f"    with doubled notes      {doubled}  ({extra_notes} extra notes)")
    print(f"    with missing notes      {missing}  ({missing_notes} missing notes)")
    print(f"  deleted tickets           {len(deleted)}")
    print(f"    deliveries accepted     {gone_expected}")
    print(f"    accounted for           {gone_accounted}  (notes before deletion + refusals)")
    print(f"    refusals audited        {sum(refusals[t] for t in deleted)}")
    print("  left behind")
    for name, count in leftovers(connection, settings).items():
        print(f"    {name:<22}  {count}")
    print("  faults")
    for line in chaos.log:
        print(f"    {line}")
    clean = doubled == missing == 0 and gone_accounted == gone_expected
    return 0 if clean else 1


def every_message_rules(directory: str) -> str:
    """The shipped rules with notes for every message, so each delivery should leave one."""
    shipped = (ROOT / "helpdesk_empathy" / "decision" / "default_rules.yaml").read_text()
    path = Path(directory) / "rules.yaml"
    path.write_text(re.sub(r"(?m)^(\s*mode:\s*)\w+", r"\1every_message", shipped, count=1))
    return str(path)


def run(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as exits:
        workdir = exits.enter_context(tempfile.TemporaryDirectory(prefix="chaos-"))
        server = exits.enter_context(EmbeddedRedis(directory=workdir, appendonly=True))
        stub_command = [sys.executable, __file__, "--serve-stub", "--tickets", str(args.tickets)]
        stub_url, _ = exits.enter_context(stub_process(stub_command))
        settings = Settings(
            zendesk=ZendeskSettings(
                base_url=stub_url, email="chaos@example.com", api_token="t", api_user_id="9000001"
            ),
            redis_url=server.url,
            webhook_signing_secret=SECRET,
            queue_name="chaos",
            http_timeout_seconds=HTTP_TIMEOUT,
            rules_path=every_message_rules(workdir),
        )
        connection = redis.Redis.from_url(server.url)
        web_url = exits.enter_context(serve_app(settings))
        chaos = Chaos(args, server, settings, stub_url)
        exits.enter_context(chaos.exits)
        chaos.start_workers()
        wait_for_workers(connection, chaos.workers, args.workers)
        deliveries = []
        for round_ in range(args.messages):
            for ticket_id in range(1, args.tickets + 1):
                ticket = {"id": ticket_id, "requester_id": 500000 + ticket_id, "tags": []}
                text = MESSAGES[(ticket_id + round_) % len(MESSAGES)].format(n=ticket_id)
                # Event-subscription envelopes carry each message (trigger bodies are ids-only).
                body = envelope(ticket, f"{text} (message {round_ + 1})")
                deliveries.append((ticket_id, json.dumps(body).encode()))
        print(f"chaos run: {len(deliveries)} deliveries, {args.tickets} tickets, "
              f"{args.workers} workers")  # fmt: skip
        started = time.monotonic()
        sender = Sender(f"{web_url}/webhooks/zendesk", deliveries, rate=args.rate)
        sender.start()
        if not args.calm:
            chaos.run(sender)
        sender.join()
        sent = time.monotonic() - started
        quiet = wait_quiet(connection, settings, timeout=args.settle)
        print(f"  sent in {sent:.0f} s; quiet {quiet:.0f} s later")
        return report(sender, chaos, stub_url, connection, settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=400)
    parser.add_argument("--messages", type=int, default=5, help="deliveries per ticket")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=25, help="deliveries per second")
    parser.add_argument("--calm", action="store_true", help="no faults: the baseline")
    parser.add_argument(
        "--faults",
        type=lambda value: set(value.split(",")),
        default=set(FAULTS),
        help="a comma-separated subset of: " + ",".join(FAULTS),
    )
    parser.add_argument("--settle", type=float, default=600, help="seconds to wait at the end")
    return run_or_serve_stub(parser, argv, run, serve_stub)


if __name__ == "__main__":
    sys.exit(main())
