"""Pipeline benchmark: gunicorn web app, N real workers and the Zendesk stub, over loopback.

Usage: python bench/bench_pipeline.py [--workers 2] [--web-workers 2] [--ack-rate 200]
       [--ack-seconds 10] [--e2e-rate 50] [--e2e-seconds 20] [--sustain-seconds 5]

Prints figures (no pass/fail), next to the targets from the issue:
  1. raw scorer speed: analyze + policy.decide in this process, messages/s;
  2. webhook acknowledgement latency p50/p99 at a fixed offered load (open loop: latency is
     measured from each request's scheduled time), workers stopped so the backlog builds;
  3. sustained requests/s: closed loop, 16 connections, as fast as the receiver answers;
  4. worker throughput: one worker drains that backlog alone (tickets/s per worker vs raw
     scorer: the queue's cost), then N workers drain a second backlog (how it scales on this
     machine), each with the CPU time per ticket spent by workers, stub and Redis; workers
     start suspended and are released on a full inbox, so start-up is not timed;
  5. end-to-end latency (webhook sent -> ticket written in the stub) at a fixed load;
  6. memory (RSS) per worker process.
The stub runs in its own process (`--serve-stub` mode of this script) with a small WSGI
wrapper that records when each ticket was first written, so stub and load generator do not
share a GIL and end-to-end latency is measured where the update lands.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import redis
import requests
from _processes import MESSAGES, gunicorn, run_or_serve_stub, serve_forever, stub_process
from rq import Worker
from rq.suspension import resume, suspend

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.local import worker_process
from helpdesk_empathy.dev.simulate import event_envelope
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings
from helpdesk_empathy.helpdesks.zendesk.signature import signed_headers
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.queue import make_inbox

SECRET = "YmVuY2gtcGlwZWxpbmUtc2VjcmV0"


# -- the stub process ---------------------------------------------------------------------------
def serve_stub(tickets: int) -> int:
    """Run the Zendesk stub with write timing; print its URL on the first line."""
    from helpdesk_empathy.dev.stubs.state import StubState
    from helpdesk_empathy.dev.stubs.zendesk import create_stub_app

    state = StubState()
    for n in range(1, tickets + 1):
        state.add_ticket(n, "original message", subject=f"Order {n}", requester_id=500000 + n)
    app = create_stub_app(state)
    written: dict[int, float] = {}
    lock = threading.Lock()

    def timing(environ, start_response):
        if environ["PATH_INFO"] == "/_bench/tickets":
            with state.lock:
                body = json.dumps(list(state.tickets.values())).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        if environ["PATH_INFO"] == "/_bench/written":
            with lock:
                body = json.dumps(written).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        ids: list[int] = []
        if environ["REQUEST_METHOD"] == "PUT":
            raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(raw)
            ids = _ticket_ids(environ["PATH_INFO"], raw)
        status_holder: list[str] = []

        def capture(status, headers, exc_info=None):
            status_holder.append(status)
            return start_response(status, headers, exc_info)

        result = app(environ, capture)
        if ids and status_holder and status_holder[0][:1] == "2":
            now = time.time()
            with lock:
                for ticket_id in ids:
                    written.setdefault(ticket_id, now)
        return result

    return serve_forever(timing, "stub")


def _ticket_ids(path: str, raw: bytes) -> list[int]:
    parts = path.strip("/").split("/")
    if len(parts) >= 4 and parts[2] == "tickets" and parts[3].split(".")[0].isdigit():
        return [int(parts[3].split(".")[0])]
    try:
        return [int(t["id"]) for t in json.loads(raw).get("tickets", [])]
    except (ValueError, TypeError, KeyError, AttributeError):
        return []


def stub(tickets: int):
    """The stub with write timing, in its own process: yields (base URL, pid)."""
    return stub_process([sys.executable, __file__, "--serve-stub", "--tickets", str(tickets)])


# -- payloads and load --------------------------------------------------------------------------
def envelope(ticket: dict, n: int) -> bytes:
    """A ticket.comment_added event delivery with an exact updated_at (one PUT per ticket)."""
    return json.dumps(event_envelope(ticket, MESSAGES[n % len(MESSAGES)].format(n=n))).encode()


_local = threading.local()


def _post(url: str, body: bytes) -> int:
    session = getattr(_local, "session", None)
    if session is None:
        session = _local.session = requests.Session()
    headers = signed_headers(SECRET, body, invocation_id=uuid.uuid4().hex, at=time.time())
    return session.post(url, data=body, headers=headers, timeout=30).status_code


def open_loop(url: str, bodies: list[bytes], rate: float) -> tuple[list[float], list[float]]:
    """Send at a fixed rate; returns (scheduled send times, latencies from schedule)."""
    start = time.time() + 0.2
    scheduled = [start + i / rate for i in range(len(bodies))]
    latencies = [0.0] * len(bodies)
    statuses = [0] * len(bodies)

    def send(i: int) -> None:
        delay = scheduled[i] - time.time()
        if delay > 0:
            time.sleep(delay)
        statuses[i] = _post(url, bodies[i])
        latencies[i] = time.time() - scheduled[i]

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(send, range(len(bodies))))
    bad = sum(1 for status in statuses if status != 202)
    if bad:
        print(f"  warning: {bad} deliveries were not answered 202")
    return scheduled, latencies


def closed_loop(url: str, bodies: list[bytes], seconds: float, connections: int = 16) -> float:
    sent = 0
    stop = time.monotonic() + seconds
    counter = iter(range(len(bodies)))
    lock = threading.Lock()

    def run() -> None:
        nonlocal sent
        while time.monotonic() < stop:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            _post(url, bodies[i])
            with lock:
                sent += 1

    started = time.monotonic()
    threads = [threading.Thread(target=run) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sent / (time.monotonic() - started)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def raw_scorer_speed(seconds: float = 3.0) -> float:
    """analyze + decide, as the job runs them, in one process: messages/s."""
    from helpdesk_empathy.analysis import analyze, warm_up
    from helpdesk_empathy.decision import policy
    from helpdesk_empathy.decision.rules import load_rules
    from helpdesk_empathy.models import TicketEvent

    rules = load_rules(Settings())
    texts = [m.format(n=n) for n in range(50) for m in MESSAGES]
    events = [TicketEvent(helpdesk="zendesk", event_id=str(i), ticket_id="1", text=t)
              for i, t in enumerate(texts)]  # fmt: skip
    warm_up()
    done, stop = 0, time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < stop:
        event = events[done % len(events)]
        policy.decide(analyze(event.text), event, rules)
        done += 1
    return done / (time.perf_counter() - started)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def wait_processed(connection: redis.Redis, expected: int, timeout: float) -> float:
    """Seconds until `expected` audit records exist (the time of the last one)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if connection.xlen(audit.AUDIT_STREAM) >= expected:
            return time.monotonic() - started
        time.sleep(0.02)
    raise RuntimeError(f"only {connection.xlen(audit.AUDIT_STREAM)} of {expected} processed")


# -- the run ------------------------------------------------------------------------------------
def _stream_ms(entry_id: bytes) -> int:
    return int(entry_id.split(b"-")[0])


def drain(
    settings: Settings,
    connection: redis.Redis,
    workers: int,
    pids: dict[str, int],
    fill: Callable[[], None],
):
    """Start `workers` workers, let `fill` build a backlog, then time them draining it.

    The workers start suspended (RQ's suspension), so their start-up (imports, rules) is over
    before the backlog is released, and every worker is warm. Returns (exit stack holding the
    workers, processes, tickets/s, CPU ms per ticket by process), both figures counted from
    the first audit records the workers write to the last.
    """
    suspend(connection)
    stack = contextlib.ExitStack()
    procs = [stack.enter_context(worker_process(settings)) for _ in range(workers)]
    while Worker.count(connection=connection) < workers:
        time.sleep(0.05)
    fill()
    backlog = len(make_inbox(connection, settings))
    last = connection.xrevrange(audit.AUDIT_STREAM, count=1)
    after = b"(" + last[0][0] if last else b"-"
    expected = connection.xlen(audit.AUDIT_STREAM) + backlog
    resume(connection)
    while not connection.xrange(audit.AUDIT_STREAM, min=after, count=1):
        time.sleep(0.005)
    used = {"workers": sum(cpu_seconds(p.pid) for p in procs)}
    used.update({name: cpu_seconds(pid) for name, pid in pids.items()})
    wait_processed(connection, expected, timeout=600)
    used["workers"] = sum(cpu_seconds(p.pid) for p in procs) - used["workers"]
    for name, pid in pids.items():
        used[name] = cpu_seconds(pid) - used[name]
    times = [_stream_ms(entry) for entry, _ in connection.xrange(audit.AUDIT_STREAM, min=after)]
    later = sum(1 for t in times if t > times[0])  # the first batch lands as the clock starts
    seconds = max(times[-1] - times[0], 1) / 1000
    cpu = {name: spent / later * 1000 for name, spent in used.items()}
    return stack, procs, later / seconds, cpu


def print_drain(label: str, rate: float, workers: int, scorer: float, cpu: dict) -> None:
    per_worker = rate / workers
    split = ", ".join(f"{name} {ms:.2f}" for name, ms in cpu.items())
    print(
        f"{label}: {rate:,.0f} tickets/s, {per_worker:,.0f} per worker "
        f"= {per_worker / scorer:.0%} of raw scorer (target >= 25%); "
        f"CPU ms per ticket: {split}"
    )


def run(args: argparse.Namespace) -> int:
    ack_n = int(args.ack_rate * args.ack_seconds)
    sustain_n = int(args.sustain_seconds * 2000)
    e2e_n = int(args.e2e_rate * args.e2e_seconds)
    total = ack_n + 2 * sustain_n + e2e_n
    print(f"machine: {os.cpu_count()} CPUs; {args.workers} workers, {args.web_workers} web")

    scorer = raw_scorer_speed()
    print(f"raw scorer (analyze + decide, 1 process): {scorer:,.0f} messages/s")

    with EmbeddedRedis() as server, stub(total) as (stub_url, stub_pid):
        tickets = requests.get(stub_url + "/_bench/tickets", timeout=60).json()
        tickets.sort(key=lambda t: t["id"])
        bodies = [envelope(ticket, n) for n, ticket in enumerate(tickets)]
        settings = Settings(
            zendesk=ZendeskSettings(
                base_url=stub_url,
                email="bench@example.com",
                api_token="bench-token",
                api_user_id="9000001",
            ),
            redis_url=server.url,
            webhook_signing_secret=SECRET,
            queue_name="bench-pipeline",
        )
        connection = redis.Redis.from_url(server.url)
        inbox = make_inbox(connection, settings)
        pids = {"stub": stub_pid, "redis": server.process.pid}
        with gunicorn(settings, args.web_workers) as web_url:
            hook = web_url + "/webhooks/zendesk"
            _, acks = open_loop(hook, bodies[:ack_n], args.ack_rate)
            print(
                f"ack latency at {args.ack_rate:.0f} req/s ({ack_n} requests): "
                f"p50 {pct(acks, 50) * 1000:.1f} ms, p99 {pct(acks, 99) * 1000:.1f} ms "
                f"(target p99 <= 20 ms)"
            )
            sent = ack_n
            rps = closed_loop(hook, bodies[sent : sent + sustain_n], args.sustain_seconds)
            print(f"sustained: {rps:,.0f} req/s (closed loop, 16 connections)")
            sent += sustain_n
            print(f"backlog: {len(inbox)} tickets")

            # One worker alone: what the queue costs next to the scorer, with a core to itself.
            one, _, rate, cpu = drain(settings, connection, 1, pids, fill=lambda: None)
            one.close()
            print_drain("worker throughput, 1 worker", rate, 1, scorer, cpu)

            # N workers on a second backlog: how it scales when they share the machine.
            def fill() -> None:
                closed_loop(hook, bodies[sent : sent + sustain_n], args.sustain_seconds)
                print(f"backlog: {len(inbox)} tickets")

            with contextlib.ExitStack() as workers:
                stack, procs, rate, cpu = drain(settings, connection, args.workers, pids, fill)
                workers.enter_context(stack)
                sent += sustain_n
                label = f"worker throughput, {args.workers} workers"
                print_drain(label, rate, args.workers, scorer, cpu)
                memory = [rss_mb(p.pid) for p in procs]
                processed = connection.xlen(audit.AUDIT_STREAM)
                time.sleep(1.0)
                scheduled, _ = open_loop(hook, bodies[sent:], args.e2e_rate)
                wait_processed(connection, processed + e2e_n, timeout=300)
                time.sleep(args.max_delay + 1)  # anything batched lands within max delay
                written = requests.get(stub_url + "/_bench/written", timeout=30).json()
            ids = [str(ticket["id"]) for ticket in tickets[sent:]]
            e2e = [written[i] - s for i, s in zip(ids, scheduled, strict=True) if i in written]
            missing = len(ids) - len(e2e)
            print(
                f"end-to-end at {args.e2e_rate:.0f} tickets/s ({e2e_n} tickets): "
                f"p50 {pct(e2e, 50) * 1000:.0f} ms, p95 {pct(e2e, 95) * 1000:.0f} ms, "
                f"p99 {pct(e2e, 99) * 1000:.0f} ms (target p95 <= 500 ms)"
                + (f"; {missing} not written!" if missing else "")
            )
            print(
                f"memory per worker (RSS): {statistics.mean(memory):.0f} MB "
                f"(max {max(memory):.0f} MB)"
            )
            processed = connection.xlen(audit.AUDIT_STREAM)
            print(f"tickets written in the stub: {len(written)} of {processed} processed")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--ack-rate", type=float, default=200.0)
    parser.add_argument("--ack-seconds", type=float, default=10.0)
    parser.add_argument("--sustain-seconds", type=float, default=5.0)
    parser.add_argument("--e2e-rate", type=float, default=50.0)
    parser.add_argument("--e2e-seconds", type=float, default=20.0)
    parser.add_argument("--max-delay", type=float, default=2.0, help="batch max delay, s")
    parser.add_argument("--tickets", type=int, default=0, help=argparse.SUPPRESS)
    return run_or_serve_stub(parser, argv, run, serve_stub)


if __name__ == "__main__":
    sys.exit(main())
