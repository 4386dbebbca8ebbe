"""The interface every helpdesk write-back client implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from helpdesk_empathy.models import Decision, TicketEvent


@dataclass(frozen=True)
class WriteResult:
    """What one write-back did: for the audit log and the API budget figures."""

    ticket_id: str
    requests_made: int  # every HTTP request spent on this event, reads included
    applied: dict[str, object] = field(default_factory=dict)  # fields sent in the last update
    conflicts_retried: int = 0  # 409s answered by re-reading the ticket
    skipped: bool = False  # nothing to change: no request was needed


@runtime_checkable
class Helpdesk(Protocol):
    """A helpdesk we can write decisions back to."""

    def apply(self, event: TicketEvent, decision: Decision) -> WriteResult:
        """Write the decision onto the event's ticket; raise errors.HelpdeskError subclasses."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
