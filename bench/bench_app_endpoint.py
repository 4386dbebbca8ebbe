"""Sidebar endpoint latency: POST /app/v1/analysis on a 20-comment thread, over real HTTP.

Usage: python bench/bench_app_endpoint.py [--requests 300] [--comments 20] [--warmup 20]

Starts a real Redis and the real web app on loopback, then sends signed requests one after
the other (as one agent's panel would) and prints the latency percentiles. Baselines measured
in the same run, on the same thread: the pure thread analysis alone (analysis + decision, no
HTTP, no token), and GET /healthz on the same server (the HTTP round trip alone).
Target: p95 well under the time an agent waits for a sidebar to fill (we aim for < 100 ms).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import statistics
import time
from pathlib import Path

import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import load_rules
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.local import serve_app
from helpdesk_empathy.intake import app_token
from helpdesk_empathy.intake.app_analysis import analyse_thread, parse_thread

SECRET = "bench-app-secret-0123456789abcdef-0123456789abcdef"
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "support_corpus.jsonl"
STAFF_REPLY = "Thanks for your message, I'm looking into this for you now and will update you."


def thread(size: int, salt: int = 0) -> dict:
    """A thread of `size` comments: three customer comments for each agent reply (the worst
    case is customer-heavy: every customer comment is scored), texts from the support corpus,
    each made unique by `salt` (an order number) so no cache sees the same text twice."""
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows if row["language"] == "en"]
    comments = []
    for index in range(size):
        staff = index % 4 == 3
        customer_text = f"{texts[index % len(texts)]} (order {salt}{index})"
        comments.append(
            {
                "id": 1000 + index,
                "body": STAFF_REPLY if staff else customer_text,
                "author_is_staff": staff,
                "public": True,
                "created_at": f"2024-05-{1 + index % 28:02d}T10:00:00Z",
            }
        )
    return {"ticket_id": 4242, "comments": comments}


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return (
        f"p50 {cuts[49] * 1000:6.2f} ms   p95 {cuts[94] * 1000:6.2f} ms   "
        f"p99 {cuts[98] * 1000:6.2f} ms   max {ordered[-1] * 1000:6.2f} ms"
    )


def timed(action, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--comments", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    logging.basicConfig(level=logging.WARNING)  # the web app's info lines would drown the figures
    total = args.warmup + args.requests
    bodies = [thread(args.comments, salt) for salt in range(total)]
    raws = iter([json.dumps(body).encode() for body in bodies])
    parsed = iter([parse_thread(body) for body in bodies])
    customer = sum(1 for c in bodies[0]["comments"] if not c["author_is_staff"])
    with EmbeddedRedis() as server:
        settings = Settings(
            redis_url=server.url,
            allow_test_secret=True,
            app_secret=SECRET,
            app_requests_per_minute=0,  # no rate limit: we measure the endpoint, not the limit
        )
        rules = load_rules(settings)
        with serve_app(settings) as url, requests.Session() as http:

            def analyse_over_http() -> None:
                raw = next(raws)
                now = time.time()
                claims = {"iat": int(now), "exp": int(now) + 60, "account": "bench"}
                claims["body_sha256"] = hashlib.sha256(raw).hexdigest()
                headers = {
                    "Authorization": f"Bearer {app_token.sign(claims, SECRET)}",
                    "Content-Type": "application/json",
                }
                response = http.post(f"{url}/app/v1/analysis", data=raw, headers=headers)
                response.raise_for_status()

            def health() -> None:
                http.get(f"{url}/healthz").raise_for_status()

            def pure() -> None:
                analyse_thread(*next(parsed), rules)

            for action in (pure, health, analyse_over_http):
                timed(action, args.warmup)
            # Interleaved, so warming caches and the machine's other load hit all three alike.
            baseline_pure, baseline_http, endpoint = [], [], []
            for _ in range(args.requests):
                baseline_pure += timed(pure, 1)
                baseline_http += timed(health, 1)
                endpoint += timed(analyse_over_http, 1)

    print(
        f"POST /app/v1/analysis, {args.comments}-comment thread ({customer} customer comments "
        f"scored), {args.requests} sequential requests over loopback HTTP"
    )
    print(f"  endpoint (token + HTTP + analysis):  {percentiles(endpoint)}")
    print(f"  baseline, pure thread analysis:      {percentiles(baseline_pure)}")
    print(f"  baseline, GET /healthz round trip:   {percentiles(baseline_http)}")
    overhead = statistics.median(endpoint) - statistics.median(baseline_pure)
    print(f"  median overhead over the pure analysis: {overhead * 1000:.2f} ms")


if __name__ == "__main__":
    main()
