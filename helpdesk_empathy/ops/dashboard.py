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
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import load_rules
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.models import LEVELS, UNKNOWN_LEVEL
from helpdesk_empathy.ops import aggregates, dashboard_guard, escalations, feedback, metrics
from helpdesk_empathy.ops.dashboard_text import pick_language, translator
from helpdesk_empathy.ops.dashboard_view import render_charts

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
    connection = current_app.extensions["redis"]
    client = request.remote_addr or "unknown"
    locked = dashboard_guard.locked_for(connection, client)
    if locked:
        response = jsonify({"status": "rejected", "reason": "too many wrong admin tokens"})
        response.status_code = 429
        response.headers["Retry-After"] = str(locked)
        return response
    if not is_authorized(settings.admin_token):
        if _offered_tokens():  # a wrong guess, not a browser's first, token-less visit
            failures = dashboard_guard.record_failure(connection, client)
            log.warning("dashboard: wrong admin token (%d in a row from one client)", failures)
        response = jsonify({"status": "rejected", "reason": "admin token required"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="helpdesk-empathy dashboard"'
        return response
    dashboard_guard.clear(connection, client)
    return None


@bp.errorhandler(redis.RedisError)
def _redis_down(error: redis.RedisError):
    log.warning("dashboard: Redis unavailable (%s)", type(error).__name__)
    return jsonify({"status": "unavailable", "reason": "Redis is not reachable"}), 503


@bp.after_request
def _harden(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def collect(
    connection: redis.Redis,
    settings: Settings,
    range_name: str,
    *,
    now: float,
    reason: str | None = None,
) -> dict:
    """Everything the page shows, as plain data (also served as data.json)."""
    granularity, count = RANGES[range_name]
    buckets = aggregates.read_buckets(connection, granularity, now=now, count=count)
    data = aggregates.summarize(buckets)
    tickets = aggregates.count_tickets(connection, granularity, [label for label, _ in buckets])
    # HyperLogLog counts are approximate: never show more tickets than messages.
    totals = data["totals"]
    totals["tickets"] = min(tickets["tickets"], totals["messages"])
    totals["escalated_tickets"] = min(tickets["escalated_tickets"], totals["escalations"])
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
    records = escalations.read_recent(connection)
    rules = _escalation_rules(settings)
    data["escalated"] = escalations.escalated_tickets(
        records, rules, settings, since=now - granularity.seconds * count, reason=reason
    )
    data["escalated"]["records"] = len(records)
    data["escalated"]["reason"] = reason
    # The sidebar app's drafts that agents rated useful; no card when the app is not set up.
    votes = feedback.summary(connection)
    data["feedback"] = votes if votes["total"] or settings.app_secret else None
    return data


def _escalation_rules(settings: Settings):
    try:
        return load_rules(settings).escalation
    except ConfigError:  # the worker reports a broken rules file; the page uses the defaults
        return load_rules(settings.with_overrides(rules_path="")).escalation


def _rows_json(escalated: dict) -> dict:
    rows = [
        {key: value for key, value in vars(row).items() if key != "all_reasons"}
        for row in escalated["rows"]
    ]
    return {**escalated, "rows": rows}


def _reason_arg() -> str | None:
    reason = request.args.get("reason", "").strip()
    # Reasons are rule and signal names: anything else filters nothing and is not echoed.
    return reason if reason.replace("_", "").isalnum() and len(reason) <= 40 else None


@bp.get("/dashboard")
def page():
    settings: Settings = current_app.config["SETTINGS"]
    range_name = request.args.get("range", DEFAULT_RANGE)
    if range_name not in RANGES:
        range_name = DEFAULT_RANGE
    reason = _reason_arg()
    data = collect(
        current_app.extensions["redis"], settings, range_name, now=time.time(), reason=reason
    )
    language = pick_language(request.accept_languages)
    t = translator(language)
    token = request.args.get("token")
    response = Response(
        render_template(
            "dashboard.html",
            data=data,
            charts=render_charts(data, t),
            ranges=list(RANGES),
            token=token,
            t=t,
            lang=language,
            levels={f"level_{level}" for level in (*LEVELS, UNKNOWN_LEVEL)},
            when=lambda at: datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M"),
            link=lambda **args: url_for(
                "dashboard.page", **{k: v for k, v in args.items() if v}, token=token or None
            ),
        ),
        mimetype="text/html",
    )
    response.vary.add("Accept-Language")
    return response


@bp.get("/dashboard/data.json")
def data_json():
    settings: Settings = current_app.config["SETTINGS"]
    range_name = request.args.get("range", DEFAULT_RANGE)
    if range_name not in RANGES:
        abort(400, description=f"range must be one of {', '.join(RANGES)}")
    data = collect(
        current_app.extensions["redis"], settings, range_name, now=time.time(), reason=_reason_arg()
    )
    data["escalated"] = _rows_json(data["escalated"])
    return jsonify(data)
