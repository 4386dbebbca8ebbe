"""A local Zendesk-compatible helpdesk stub (demo and end-to-end tests only)."""

from .state import StubState
from .zendesk_stub import create_stub_app, run_stub_in_thread

__all__ = ["StubState", "create_stub_app", "run_stub_in_thread"]
