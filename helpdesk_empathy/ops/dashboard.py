"""Admin dashboard: charts of the aggregated scores and signals, behind the admin token.

No ticket text is ever shown: the page reads only the aggregates and the queue's counts.
Off (404) unless HELPDESK_EMPATHY_ADMIN_TOKEN is set.
"""

from __future__ import annotations

import hmac
import logging
import time
from datetime import UTC, datetime

import redis
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

from helpdesk_empathy.config import Settings
from helpdesk_empathy.models import LEVELS
from helpdesk_empathy.ops import aggregates, metrics
from helpdesk_empathy.ops import dashboard_charts as charts

log = logging.getLogger(__name__)

bp = Blueprint("dashboard", __name__, template_folder="templates")

RANGES = {
    "48h": (aggregates.HOUR, 48),
    "7d": (aggregates.DAY, 7),
    "30d": (aggregates.DAY, 30),
    "90d": (aggregates.DAY, 90),
}
DEFAULT_RANGE = "30d"
# Strict: no script at all, styles and SVG inline only, never framed, never cached.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _offered_tokens() -> list[str]:
    offered = []
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        offered.append(header[7:].strip())
    if request.authorization and request.authorization.type == "basic":
        offered.append(request.authorization.password or "")
    if "token" in request.args:
        offered.append(request.args["token"])
    return offered


def is_authorized(admin_token: str) -> bool:
    expected = admin_token.encode()
    return any(hmac.compare_digest(t.encode(), expected) for t in _offered_tokens())


@bp.before_request
def _guard():
    settings: Settings = current_app.config["SETTINGS"]
    if not settings.admin_token:
        abort(404)  # off by default: nothing reveals that a dashboard exists
    if not is_authorized(settings.admin_token):
        response = jsonify({"status": "rejected", "reason": "admin token required"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="helpdesk-empathy dashboard"'
        return response
    return None


@bp.errorhandler(redis.RedisError)
def _redis_down(error: redis.RedisError):
    log.warning("dashboard: Redis unavailable (%s)", type(error).__name__)
    return jsonify({"status": "unavailable", "reason": "Redis is not reachable"}), 503


@bp.after_request
def _harden(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def collect(connection: redis.Redis, settings: Settings, range_name: str, *, now: float) -> dict:
    """Everything the page shows, as plain data (also served as data.json)."""
    granularity, count = RANGES[range_name]
    buckets = aggregates.read_buckets(connection, granularity, now=now, count=count)
    data = aggregates.summarize(buckets)
    if not granularity.detailed:
        # Hour buckets keep only the small counters: rank signals and tags over whole days.
        days = aggregates.read_buckets(
            connection, aggregates.DAY, now=now, count=count * granularity.seconds // 86400 + 1
        )
        ranked = aggregates.summarize(days)
        data["negative_signals"] = ranked["negative_signals"]
        data["negative_tags"] = ranked["negative_tags"]
    data["range"] = range_name
    data["granularity"] = granularity.name
    data["queue"] = metrics.queue_state(connection, settings)
    data["generated_at"] = datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds")
    return data


def _short(label: str) -> str:
    # "2024-05-03" -> "05-03"; "2024-05-03T14" -> "14h"
    return f"{label[-2:]}h" if "T" in label else label[5:]


def render_charts(data: dict) -> dict[str, str]:
    labels = [_short(b) for b in data["buckets"]]
    levels = [
        (level.replace("_", " "), charts.LEVEL_COLORS[level], data["levels"][level])
        for level in LEVELS
    ]
    high_share = [
        round(100 * high / n, 1) if n else None
        for high, n in zip(data["frustration_high"], data["counts"], strict=True)
    ]
    queue = data["queue"]
    return {
        "levels": charts.stacked_bars(labels, levels, title="Messages by sentiment level"),
        "frustration": charts.line_chart(
            labels,
            [
                ("average frustration (0-100)", "#d6604d", data["frustration_avg"]),
                ("% of messages with high frustration", "#4d4d4d", high_share),
            ],
            title="Frustration trend",
            y_max=100,
        ),
        "escalations": charts.stacked_bars(
            labels, [("escalations", "#762a83", data["escalations"])], title="Escalations"
        ),
        "signals": charts.hbars(
            [
                (r["signal"].replace("_", " "), r["negative"], r["total"])
                for r in data["negative_signals"]
            ],
            title="Signals in negative messages (of all messages with the signal)",
            color="#d6604d",
        ),
        "tags": charts.hbars(
            [(r["tag"], r["negative"], None) for r in data["negative_tags"]],
            title="Ticket tags of negative messages",
            color="#b2182b",
        ),
        "queue": charts.hbars(
            [(state.replace("inbox", "events waiting"), n, None) for state, n in queue.items()],
            title="Queue",
            color="#2166ac",
            colors=["#2166ac", "#4393c3", "#92c5de", "#4d9221", "#b2182b"],
        ),
    }


@bp.get("/dashboard")
def page():
    settings: Settings = current_app.config["SETTINGS"]
    range_name = request.args.get("range", DEFAULT_RANGE)
    if range_name not in RANGES:
        range_name = DEFAULT_RANGE
    data = collect(current_app.extensions["redis"], settings, range_name, now=time.time())
    token = request.args.get("token")
    return render_template(
        "dashboard.html",
        data=data,
        charts=render_charts(data),
        ranges=list(RANGES),
        token=token,
    )


@bp.get("/dashboard/data.json")
def data_json():
    settings: Settings = current_app.config["SETTINGS"]
    range_name = request.args.get("range", DEFAULT_RANGE)
    if range_name not in RANGES:
        abort(400, description=f"range must be one of {', '.join(RANGES)}")
    return jsonify(collect(current_app.extensions["redis"], settings, range_name, now=time.time()))
