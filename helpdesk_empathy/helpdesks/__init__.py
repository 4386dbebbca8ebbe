"""Helpdesk clients: the write-back edge of the worker (Zendesk today)."""

from helpdesk_empathy.helpdesks.base import Helpdesk, WriteResult

__all__ = ["Helpdesk", "WriteResult"]
