"""The stub's Update Ticket limits, modelled on Zendesk's (per account and per ticket)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class UpdateLimits:
    """Zendesk's Update Ticket limits (off until set): PUT /tickets/{id} per account and
    minute, and updates of one ticket per 10 minutes; `time_scale` shrinks both windows."""

    per_minute: int | None = None
    per_ticket: int | None = None
    time_scale: float = 1.0
    minute: tuple[int, int] = (-1, 0)  # (window number, PUTs counted in it)
    ticket_log: dict[int, list[float]] | None = None

    def take_put(self, now: float) -> float:
        """0 when one more PUT /tickets/{id} is allowed this minute, else seconds to wait."""
        if not self.per_minute:
            return 0.0
        window = 60.0 * self.time_scale
        number = int(now // window)
        count = self.minute[1] if self.minute[0] == number else 0
        if count >= self.per_minute:
            return (number + 1) * window - now
        self.minute = (number, count + 1)
        return 0.0

    def take_ticket(self, ticket_id: int, now: float) -> float:
        """0 when the ticket may be updated once more, else seconds until a slot frees."""
        if not self.per_ticket:
            return 0.0
        window = 600.0 * self.time_scale
        log = self.ticket_log.setdefault(ticket_id, []) if self.ticket_log is not None else []
        if self.ticket_log is None:
            self.ticket_log = {ticket_id: log}
        log[:] = [at for at in log if at > now - window]
        if len(log) >= self.per_ticket:
            return log[0] + window - now
        log.append(now)
        return 0.0
