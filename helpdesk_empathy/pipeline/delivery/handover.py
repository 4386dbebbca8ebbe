"""One job's delivery: writers per helpdesk, the background flush, hand-over once, park or write.

Every decision passes here exactly once per event (a retried job finds the "handed over"
mark and skips it). The one place that chooses between writing now and parking in the
outbox: write now only when the job holds a single event, nothing else waits and the ticket
has nothing parked; otherwise park, to be coalesced and written in batches.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field

import redis

from helpdesk_empathy import keys
from helpdesk_empathy.errors import HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.base import Helpdesk
from helpdesk_empathy.models import Decision, TicketEvent
from helpdesk_empathy.ops import logs
from helpdesk_empathy.pipeline.delivery.background_flush import BackgroundFlush
from helpdesk_empathy.pipeline.delivery.outbox import Outbox, Pending
from helpdesk_empathy.pipeline.delivery.writer import Writer
from helpdesk_empathy.pipeline.marks import first_sights
from helpdesk_empathy.pipeline.queue import job_id_for

log = logging.getLogger(__name__)

Decided = tuple[TicketEvent, Decision]


@dataclass
class Delivery:
    """Hands a job's decisions to the helpdesks; use as a context for the background flush."""

    connection: redis.Redis
    helpdesks: Mapping[str, Helpdesk]
    _: KW_ONLY
    batching: bool
    max_delay: float
    backlog: Callable[[], int]
    handed_over_seconds: int = 3 * 86400  # how long a "handed over" mark lasts
    clock: Callable[[], float] = time.time
    # Schedules a flush in N seconds, for tickets held back by their update limit.
    wake: Callable[[float], None] | None = None
    writers: dict[str, Writer] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._background = BackgroundFlush(self.writers)

    def __enter__(self) -> Delivery:
        self._background.__enter__()
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self._background.__exit__(exc_type, exc, traceback)

    def writer(self, helpdesk_name: str) -> Writer:
        if helpdesk_name not in self.writers:
            self.writers[helpdesk_name] = Writer(
                helpdesk_name,
                self.helpdesks[helpdesk_name],
                Outbox(self.connection, helpdesk_name),
                max_delay=self.max_delay,
                backlog=self.backlog,
                clock=self.clock,
                wake=self.wake,
            )
        return self.writers[helpdesk_name]

    def hand_over(self, decided: Sequence[Decided], *, alone: bool = True) -> list[Decided]:
        """Write or park each decision not handed over before; returns those that failed.

        `alone`: the job holds just this work. A failure other than the helpdesk's is returned
        (the caller gives the event its own job); the others are done or safely parked.
        """
        marks = [keys.applied(event.helpdesk, event.event_id) for event, _ in decided]
        seen = self.connection.mget(marks) if marks else []
        fresh = [
            (item, mark) for item, mark, done in zip(decided, marks, seen, strict=True) if not done
        ]
        to_park: list[tuple[Pending, str]] = []
        failed: list[Decided] = []
        for (event, decision), mark in fresh:
            if not self._writes_now(event, alone=alone):
                to_park.append((Pending(event, decision), mark))
                continue
            with logs.bound(job_id_for(event)):
                try:
                    self.writer(event.helpdesk).write_now(event, decision)
                except TransientHelpdeskError as error:
                    # The helpdesk is away: keep the write in the outbox for the next flush.
                    log.info("ticket %s: parked, helpdesk unavailable (%s)", event.ticket_id, error)
                    to_park.append((Pending(event, decision).after_failure(error), mark))
                    continue
                except HelpdeskError as error:
                    # Refused for good (deleted ticket, bad group id): it cannot succeed later.
                    log.error("ticket %s: write refused: %s", event.ticket_id, error)
                except Exception:
                    log.exception("ticket %s: the write failed", event.ticket_id)
                    failed.append((event, decision))
                    continue
            first_sights(self.connection, [mark], self.handed_over_seconds)
        self._park(to_park)
        return failed

    def _writes_now(self, event: TicketEvent, *, alone: bool) -> bool:
        """Other tickets' parked writes do not hold this one back (that would make parking
        self-sustaining under steady traffic); a ticket with a parked write is parked too, so
        its notes stay in order."""
        if not alone:
            return False
        if not self.batching:
            return True
        return self.backlog() == 0 and not self.writer(event.helpdesk).outbox.holds(event.ticket_id)

    def _park(self, items: list[tuple[Pending, str]]) -> None:
        if not items:
            return
        now = self.clock()
        for name in dict.fromkeys(pending.event.helpdesk for pending, _ in items):
            parked = [pending for pending, _ in items if pending.event.helpdesk == name]
            self.writer(name).outbox.put_many(parked, now=now)
        first_sights(self.connection, [mark for _, mark in items], self.handed_over_seconds)

    def poke(self) -> None:
        """Something was parked: the background thread flushes what is due."""
        self._background.poke()

    def flush_all(self) -> None:
        """Flush every configured helpdesk's outbox, including what earlier jobs parked."""
        for name in self.helpdesks:
            self.writer(name).flush()
