"""What accept() answers for a delivery: pure values shared by every helpdesk."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk_empathy.models import TicketEvent


@dataclass(frozen=True)
class Accepted:
    """A delivery to score: it goes on to dedupe and the queue."""

    event: TicketEvent


@dataclass(frozen=True)
class Ignored:
    """A valid delivery with nothing for us to score; answered 200 so it is not retried."""

    reason: str


class Rejected(Exception):
    """A delivery refused (4xx): parsers raise it, accept() returns it."""

    def __init__(self, status: int, reason: str, **details: object):
        super().__init__(reason)
        self.status, self.reason, self.details = status, reason, details

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rejected) and (self.status, self.reason, self.details) == (
            other.status,
            other.reason,
            other.details,
        )

    def __hash__(self) -> int:
        return hash((self.status, self.reason))
