"""Flask application factory: settings in, blueprints registered, JSON errors everywhere."""

from __future__ import annotations

import logging

import redis
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from helpdesk_empathy import config
from helpdesk_empathy.intake import app_api, body, health
from helpdesk_empathy.intake import routes as inbound
from helpdesk_empathy.ops import dashboard, logs, metrics
from helpdesk_empathy.pipeline.queue import connect

log = logging.getLogger(__name__)


def create_app(
    settings: config.Settings | None = None, connection: redis.Redis | None = None
) -> Flask:
    """Build the web app; with no settings, read them from the environment now (not at import)."""
    settings = settings or config.from_env()
    config.validate_for_web(settings)
    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["redis"] = connection or connect(settings)
    body.init_app(app)  # bodies read first: chunked ones capped (413), slow ones cut off (408)
    inbound.register_blueprints(app, settings)  # every helpdesk set up to receive webhooks
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(app_api.bp)  # the sidebar app's API and assets
    logs.init_app(app)
    for problem in config.unsafe_settings(settings):  # after init_app: in the app's log format
        log.warning("UNSAFE SETTING: %s", problem)

    @app.errorhandler(HTTPException)
    def json_error(error: HTTPException):
        # 404, 405, 413...: the helpdesk and admins get a JSON reason, never an HTML page.
        response = jsonify({"status": "rejected", "reason": error.description or error.name})
        response.status_code = error.code or 500
        return response

    return app
