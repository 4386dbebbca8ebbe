"""The sidebar app's backend: /app/v1/analysis, /app/v1/feedback and the app's own assets.

Both API routes need the HS256 token Zendesk's proxy signs with the app's shared secret
(HELPDESK_EMPATHY_APP_SECRET); without that setting they answer 404. Requests are counted per
helpdesk account (rate limit), logged with ids and scores only, and the thread is not kept.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any

import orjson
import redis
from flask import Blueprint, Response, abort, current_app, jsonify, request, send_from_directory

from helpdesk_empathy import keys
from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import Rules, load_rules
from helpdesk_empathy.intake import app_token
from helpdesk_empathy.intake.app_analysis import (
    BadThread,
    ThreadTooLarge,
    analyse_thread,
    parse_thread,
)
from helpdesk_empathy.intake.auth import split_secrets
from helpdesk_empathy.ops import feedback

log = logging.getLogger(__name__)

bp = Blueprint("app_api", __name__)

# The app folder shipped next to the package (a source checkout or an editable install).
APP_DIR = Path(__file__).resolve().parents[2] / "zendesk_app"
RATE_KEY = keys.APP_RATE
RATE_WINDOW_SECONDS = 60
_ACCOUNT = re.compile(r"[A-Za-z0-9_.-]{1,100}")
# The panel may be framed by Zendesk (and by a local page in development), nothing else.
ASSET_HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'self' https://*.zendesk.com",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class Rejected(Exception):
    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None):
        super().__init__(reason)
        self.status, self.reason, self.headers = status, reason, headers or {}


@bp.errorhandler(Rejected)
def _rejected(error: Rejected):
    response = jsonify({"status": "rejected", "reason": error.reason})
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


@bp.errorhandler(redis.RedisError)
def _redis_down(error: redis.RedisError):
    log.warning("app api: Redis unavailable (%s)", type(error).__name__)
    response = jsonify({"status": "unavailable", "reason": "Redis is not reachable"})
    response.status_code = 503
    response.headers["Retry-After"] = "5"
    return response


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _rules() -> Rules:
    # Loaded once per app: the same rules file the worker decides with.
    rules = current_app.extensions.get("app_rules")
    if rules is None:
        rules = current_app.extensions["app_rules"] = load_rules(_settings())
    return rules


def _account(claims: dict[str, Any]) -> str:
    value = claims.get("account")
    return value if isinstance(value, str) and _ACCOUNT.fullmatch(value) else "unknown"


def _authorised_body() -> tuple[dict[str, Any], Any]:
    """(claims, decoded JSON body) of a signed request, or Rejected with the status and reason."""
    secrets = split_secrets(_settings().app_secret)
    if not secrets:
        abort(404)  # the app API is off until its secret is set
    now = time.time()
    try:
        claims = app_token.verify(
            app_token.bearer_token(request.headers.get("Authorization")), secrets, now=now
        )
        raw = request.get_data(cache=False)  # 413 past MAX_BODY_BYTES
        app_token.check_body(claims, raw)
    except app_token.TokenError as error:
        log.info("app api: token refused (%s)", error)
        challenge = {"WWW-Authenticate": 'Bearer realm="helpdesk-empathy"'}
        raise Rejected(401, str(error), challenge) from None
    _check_rate(_account(claims), now)
    if not request.mimetype or not request.mimetype.endswith("json"):
        raise Rejected(415, "the body must be JSON (Content-Type: application/json)")
    try:
        return claims, orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise Rejected(400, "the body is not valid JSON") from None


def _check_rate(account: str, now: float) -> None:
    """Fixed one-minute windows per helpdesk account, counted in Redis across web workers."""
    limit = _settings().app_requests_per_minute
    if limit <= 0:
        return
    window = int(now // RATE_WINDOW_SECONDS)
    key = f"{RATE_KEY}{account}:{window}"
    connection: redis.Redis = current_app.extensions["redis"]
    with connection.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, RATE_WINDOW_SECONDS * 2)
        count, _ = pipe.execute()
    if count > limit:
        retry = max(1, int((window + 1) * RATE_WINDOW_SECONDS - now) + 1)
        log.warning("app api: account %s over %d requests/min", account, limit)
        raise Rejected(429, f"more than {limit} requests a minute", {"Retry-After": str(retry)})


@bp.post("/app/v1/analysis")
def analysis():
    started = time.perf_counter()
    claims, body = _authorised_body()
    try:
        ticket_id, comments = parse_thread(body)
    except ThreadTooLarge as error:
        raise Rejected(413, str(error)) from None
    except BadThread as error:
        raise Rejected(400, str(error)) from None
    answer = analyse_thread(ticket_id, comments, _rules())
    latest = answer["messages"][-1] if answer["messages"] else {}
    log.info(
        "app analysis: account=%s ticket=%s comments=%d customer=%d level=%s frustration=%s "
        "escalate=%s ms=%.1f",
        _account(claims),
        ticket_id,
        len(comments),
        len(answer["messages"]),
        latest.get("level", "-"),
        latest.get("frustration", "-"),
        bool(answer["decision"] and answer["decision"]["escalate"]),
        (time.perf_counter() - started) * 1000,
    )
    response = Response(orjson.dumps(answer), mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/app/v1/feedback")
def draft_feedback():
    claims, body = _authorised_body()
    try:
        vote = feedback.parse_vote(body)
    except feedback.BadFeedback as error:
        raise Rejected(400, str(error)) from None
    account = _account(claims)
    feedback.record(current_app.extensions["redis"], vote, account=account, now=time.time())
    log.info(
        "app feedback: account=%s ticket=%s useful=%s language=%s category=%s",
        account,
        vote.ticket_id,
        vote.useful,
        vote.language,
        vote.category,
    )
    return jsonify({"status": "recorded"}), 201


@bp.get("/app/assets/<path:name>")
def assets(name: str):
    """The panel's files, so a local page (or `helpdesk-empathy dev`) can frame them."""
    folder = APP_DIR / "assets"
    if not folder.is_dir():
        abort(404)
    response = send_from_directory(folder, name, max_age=0)
    response.headers.update(ASSET_HEADERS)
    return response
