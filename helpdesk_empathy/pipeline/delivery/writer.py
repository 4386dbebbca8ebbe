"""Deliver decisions to the helpdesk: at once when idle, coalesced and batched under load."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass

from helpdesk_empathy import keys
from helpdesk_empathy.errors import (
    BatchPartlyWritten,
    HelpdeskError,
    TransientHelpdeskError,
    WriteDeferred,
)
from helpdesk_empathy.helpdesks.base import BatchResult, Helpdesk, WriteResult
from helpdesk_empathy.helpdesks.http import is_permanent
from helpdesk_empathy.models import Decision, TicketEvent
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.delivery.outbox import Outbox, Pending

log = logging.getLogger(__name__)

BATCH_LIMIT = 100  # Zendesk's update_many maximum
LOCK_WAIT_SECONDS = 60.0
# A burst is over when nothing new was parked for this long (bounded by max_delay anyway).
QUIET_SECONDS = 0.02
# A short Retry-After is cheaper to wait out in place than a trip through the scheduler.
MAX_INLINE_WAIT_SECONDS = 30.0


def apply_with_patience(helpdesk: Helpdesk, event: TicketEvent, decision: Decision) -> WriteResult:
    """Write one ticket; wait out one short rate-limit pause in place, else let RQ retry."""
    try:
        return helpdesk.apply(event, decision)
    except TransientHelpdeskError as error:
        wait = error.retry_after
        if wait is None or wait > MAX_INLINE_WAIT_SECONDS:
            raise
        log.info("ticket %s: helpdesk asked to wait %.1fs", event.ticket_id, wait)
        time.sleep(wait)
        return helpdesk.apply(event, decision)


def write_many(helpdesk: Helpdesk, pending: list[Pending]) -> BatchResult:
    """Write several tickets with as few requests as the helpdesk allows.

    A ticket refused for good (deleted, invalid values) comes back in `refused`; passing
    failures raise (BatchPartlyWritten names what is still unwritten).
    """
    if len(pending) > 1:
        return helpdesk.apply_many([(p.event, p.to_write()) for p in pending])
    [single] = pending
    before = helpdesk.rest.requests_made
    try:
        result = apply_with_patience(helpdesk, single.event, single.to_write())
    except HelpdeskError as error:
        if not is_permanent(error) or isinstance(error, WriteDeferred):
            raise
        ticket_id = str(single.event.ticket_id)
        log.error("%s ticket %s cannot be updated: %s", helpdesk.name, ticket_id, error)
        return BatchResult(helpdesk.rest.requests_made - before, {ticket_id: str(error)})
    return BatchResult(result.requests_made)


def unsure(claimed: dict[str, Pending], error: TransientHelpdeskError) -> dict[str, Pending]:
    """Claimed work given back after a passing failure (`Pending.after_failure`). Pure."""
    return {ticket_id: pending.after_failure(error) for ticket_id, pending in claimed.items()}


@dataclass
class Writer:
    """One per job and helpdesk: writes a ticket now, or flushes the outbox in batches."""

    helpdesk_name: str
    helpdesk: Helpdesk
    outbox: Outbox
    _: KW_ONLY
    max_delay: float
    backlog: Callable[[], int]  # events still waiting to be scored
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    wake: Callable[[float], None] | None = None  # a flush in N seconds, for held tickets

    def write_now(self, event: TicketEvent, decision: Decision) -> None:
        """One ticket at once (the queue is idle); a refusal for good is audited, passing
        failures raise."""
        pending = Pending(event, decision)
        try:
            result = write_many(self.helpdesk, [pending])
        except WriteDeferred as error:
            self._hold({event.ticket_id: pending}, error)  # at its per-ticket update limit
            return
        self._refused({event.ticket_id: pending}, result.refused)
        self._count(requests=result.requests_made, tickets=1, events=1)

    def flush(self, *, force: bool = False) -> int:
        """Write pending tickets while the queue is idle, a batch is full or one waited too long.

        Returns the number of tickets written. On a helpdesk outage the claimed work goes back
        to the outbox and the error propagates, so RQ retries this job later: nothing is lost.
        """
        written = 0
        waited_since = None
        while self.outbox.size() and (force or self._due() or self._due_after_quiet()):
            with self.outbox.flushing() as mine:
                if not mine:
                    # Another worker is writing, and may be writing ours: wait for it and look
                    # again, so that on return everything parked before this call is written.
                    waited_since = waited_since or self.clock()
                    if self.clock() - waited_since > LOCK_WAIT_SECONDS:
                        break
                    self.sleep(0.02)
                    continue
                claimed = self.outbox.claim(BATCH_LIMIT, now=self.clock())
                if not claimed:
                    break  # what is left is held back until later (a wake-up is scheduled)
                try:
                    claimed = self._without_posted(claimed)
                except TransientHelpdeskError as error:
                    self.outbox.release(unsure(claimed, error), now=self.clock())
                    raise
                pending = list(claimed.values())
                try:
                    result = write_many(self.helpdesk, pending)
                except WriteDeferred as error:
                    # Tickets at their per-ticket update limit wait in the outbox; the rest
                    # was written.
                    held = {t: claimed[t] for t in error.deferred if t in claimed}
                    self._hold(held, error)
                    self.outbox.done(list(held))
                    claimed = {t: p for t, p in claimed.items() if t not in held}
                    pending = list(claimed.values())
                    result = BatchResult(error.requests_made, error.refused)
                except BatchPartlyWritten as error:
                    # Each ticket on its own: the written ones are done, refused ones audited,
                    # only the unwritten ones go back (a retry never writes a ticket twice).
                    unwritten = {t: claimed[t] for t in error.unwritten if t in claimed}
                    self.outbox.release(unsure(unwritten, error), now=self.clock())
                    self.outbox.done([t for t in claimed if t not in unwritten])
                    self._refused(claimed, error.refused)
                    finished = [p for t, p in claimed.items() if t not in unwritten]
                    self._count(
                        requests=error.requests,
                        tickets=len(finished),
                        events=sum(p.events for p in finished),
                    )
                    raise
                except TransientHelpdeskError as error:
                    self.outbox.release(unsure(claimed, error), now=self.clock())
                    raise
                except HelpdeskError as error:
                    # The whole batch was refused (e.g. a malformed batch request).
                    log.error("%d pending write(s) refused: %s", len(pending), error)
                    result = BatchResult(0, {ticket_id: str(error) for ticket_id in claimed})
                self.outbox.done(list(claimed))
                self._refused(claimed, result.refused)
                written += len(pending)
                self._count(
                    requests=result.requests_made,
                    tickets=len(pending),
                    events=sum(p.events for p in pending),
                )
        return written

    def _without_posted(self, claimed: dict[str, Pending]) -> dict[str, Pending]:
        """Look up the notes of earlier unanswered attempts: those on the ticket already are
        neither posted again nor counted again in a newer note."""
        settled = dict(claimed)
        for ticket_id, pending in claimed.items():
            if pending.sent:
                posted = self.helpdesk.notes_on_ticket(ticket_id, [n for n, _ in pending.sent])
                settled[ticket_id] = pending.without_posted(posted)
        return settled

    def _hold(self, held: dict[str, Pending], error: WriteDeferred) -> None:
        """Park tickets at their update limit until their window frees; wake a flush then."""
        if not held:
            return
        wait = max(error.deferred.get(t, 0.0) for t in held)
        self.outbox.put_many(
            list(held.values()), now=self.clock(), older=True, not_before=self.clock() + wait
        )
        log.info("%d ticket(s) held back %.1fs: %s", len(held), wait, error)
        if self.wake:
            self.wake(wait)

    def _due(self) -> bool:
        if self.outbox.size() >= BATCH_LIMIT:
            return True
        return self.outbox.oldest_age(now=self.clock()) >= self.max_delay

    def _due_after_quiet(self) -> bool:
        """With nothing queued, flush once nothing new was parked for a quiet moment.

        Workers that keep pace with a burst see an empty queue between its events; flushing
        then would send many tiny batches. Waiting here is also what makes the last job of a
        burst write what is parked, since no later job will come to flush it.
        """
        if self.backlog() > 0:
            return False
        parked = self.outbox.size()
        self.sleep(QUIET_SECONDS)
        quiet = self.backlog() == 0 and self.outbox.size() == parked
        return quiet or self._due()

    def _refused(self, claimed: Mapping[str, Pending], refused: Mapping[str, str]) -> None:
        """Audit tickets the helpdesk refused for good: they are not retried."""
        if refused:
            records = [
                audit.refusal_record(claimed[t].event, reason, events=claimed[t].events,
                                     now=self.clock())
                for t, reason in refused.items()
                if t in claimed
            ]  # fmt: skip
            audit.write_refusals(self.outbox.connection, records)

    def _count(self, *, requests: int, tickets: int, events: int) -> None:
        """API budget figures: requests spent per ticket written and per event processed."""
        key = keys.STATS + self.helpdesk_name
        with self.outbox.connection.pipeline() as pipe:
            pipe.hincrby(key, "api_requests", requests)
            pipe.hincrby(key, "tickets_written", tickets)
            pipe.hincrby(key, "events_written", events)
            pipe.execute()


def read_stats(connection, helpdesk_name: str) -> dict[str, int]:
    raw = connection.hgetall(keys.STATS + helpdesk_name)
    return {key.decode(): int(value) for key, value in raw.items()}
