"""What a parser may answer besides a TicketEvent: pure values shared by every helpdesk."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ignored:
    """A valid delivery with nothing for us to score; answered 200 so it is not retried."""

    reason: str


class Rejected(Exception):
    """A delivery refused for a reason the parser found (e.g. a missing delivery id header)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason
