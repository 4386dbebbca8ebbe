"""A local Zendesk-compatible helpdesk stub (demo and end-to-end tests only)."""

from helpdesk_empathy.dev.stubs.state import StubState
from helpdesk_empathy.dev.stubs.zendesk import create_stub_app, run_stub_in_thread

__all__ = ["StubState", "create_stub_app", "run_stub_in_thread"]
