"""WSGI entry point for gunicorn: `gunicorn wsgi:app` (settings come from the environment)."""

from helpdesk_empathy.intake.app import create_app

app = create_app()
