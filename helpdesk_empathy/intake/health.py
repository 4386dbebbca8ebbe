"""Liveness and readiness probes."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    try:
        current_app.extensions["redis"].ping()
    except redis.RedisError:
        return jsonify({"status": "unavailable", "reason": "Redis is not reachable"}), 503
    return jsonify({"status": "ready"})
