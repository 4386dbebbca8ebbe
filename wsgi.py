"""WSGI entry point for gunicorn: `gunicorn wsgi:app` (settings come from the environment)."""

import sys

from helpdesk_empathy import config
from helpdesk_empathy.cli.checks import validate_redis_url
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.intake.app import create_app

try:
    settings = config.from_env()
    validate_redis_url(settings.redis_url)
    app = create_app(settings)
except ConfigError as error:
    # One line naming the variable; exit code 4 makes gunicorn stop instead of rebooting workers.
    print(f"configuration error: {error}", file=sys.stderr)
    sys.exit(4)
