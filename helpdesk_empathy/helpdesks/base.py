"""The interface every helpdesk write-back client implements, with the default batch loop."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from helpdesk_empathy.errors import BatchPartlyWritten, HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.models import Decision, TicketEvent

if TYPE_CHECKING:
    from helpdesk_empathy.helpdesks.http import RestSession

log = logging.getLogger(__name__)

# A batch stops trying further tickets after this many passing failures in a row: the helpdesk
# is probably down, and every ticket would wait for its own timeout.
MAX_TRANSIENT_IN_A_ROW = 2


@dataclass(frozen=True)
class WriteResult:
    """What one write-back did: for the audit log and the API budget figures."""

    ticket_id: str
    requests_made: int  # every HTTP request spent on this event, reads included
    applied: dict[str, object] = field(default_factory=dict)  # fields sent in the last update
    conflicts_retried: int = 0  # 409s answered by re-reading the ticket
    skipped: bool = False  # nothing to change: no request was needed


@dataclass(frozen=True)
class BatchResult:
    """What a batch write did. Tickets in `refused` failed for good (404, 422): never retried."""

    requests_made: int
    refused: dict[str, str] = field(default_factory=dict)  # ticket id -> why, without text


@runtime_checkable
class Helpdesk(Protocol):
    """A helpdesk we can write decisions back to; every API call goes through `rest`."""

    name: ClassVar[str]  # the TicketEvent.helpdesk value, e.g. "zammad"
    rest: RestSession  # the one request path (limiter and metrics hooks hang on it)

    def apply(self, event: TicketEvent, decision: Decision) -> WriteResult:
        """Write the decision onto the event's ticket; raise errors.HelpdeskError subclasses."""
        ...

    def apply_many(self, items: list[tuple[TicketEvent, Decision]]) -> BatchResult:
        """Write several tickets: by default one `apply` each, each ticket on its own.

        A ticket the helpdesk refuses for good (404 deleted, 422) is logged and reported in
        `refused`; the others are still written. A passing failure (429, 5xx, timeout)
        raises BatchPartlyWritten naming only the tickets not written yet, so a retry never
        writes a ticket twice.
        """
        return apply_each(self, items)

    def fetch_message(self, event: TicketEvent) -> TicketEvent | None:
        """For an event whose webhook carried ids only (`fetch_text`): the same event with the
        customer's latest public message read through the API, or None when there is none.

        Helpdesks whose webhooks always carry the message never get such events.
        """
        raise HelpdeskError(f"{self.name} cannot read messages through its API")

    def notes_on_ticket(self, ticket_id: str, notes: Sequence[str]) -> set[str]:
        """Which of these notes (as written) the ticket shows already: an attempt whose answer
        never came may have posted them. A helpdesk that cannot tell, or a ticket it cannot
        read for good (deleted), shows none, and such a note is sent again; only a passing
        failure raises (TransientHelpdeskError)."""
        return set()

    def close(self) -> None:
        """Release connections."""
        self.rest.close()


def read_messages(
    helpdesks: Mapping[str, Helpdesk], events: Sequence[TicketEvent]
) -> list[TicketEvent]:
    """Events ready to score: ids-only ones get their message from the helpdesk's API.

    A ticket the helpdesk refuses (deleted: 404) or with no customer message is skipped with
    a log line; a passing failure raises, so the job is retried. Two deliveries that read the
    same message (same event id after reading) are scored once.
    """
    ready: list[TicketEvent] = []
    seen: set[tuple[str, str]] = set()
    for event in events:
        if event.fetch_text:
            try:
                fetched = helpdesks[event.helpdesk].fetch_message(event)
            except TransientHelpdeskError:
                raise
            except HelpdeskError as error:
                log.error(
                    "%s ticket %s: message not read: %s", event.helpdesk, event.ticket_id, error
                )
                continue
            if fetched is None:
                log.info(
                    "%s ticket %s: no customer message to score", event.helpdesk, event.ticket_id
                )
                continue
            event = fetched
        key = (event.helpdesk, event.event_id)
        if key not in seen:
            seen.add(key)
            ready.append(event)
    return ready


def write_result(name: str, ticket_id: str, made: int, applied: dict[str, object]) -> WriteResult:
    """The outcome of one ticket's write, logged by field name (never the note's text)."""
    if not applied:
        log.info("%s ticket %s: nothing to change", name, ticket_id)
        return WriteResult(ticket_id, made, {}, skipped=True)
    log.info("%s ticket %s updated: fields=%s requests=%d", name, ticket_id, sorted(applied), made)
    return WriteResult(ticket_id, made, applied)


def apply_each(helpdesk: Helpdesk, items: list[tuple[TicketEvent, Decision]]) -> BatchResult:
    """The default batch: one `apply` per ticket, each succeeding, refused or retried alone."""
    before = helpdesk.rest.requests_made
    refused: dict[str, str] = {}
    unwritten: list[str] = []
    last_error: TransientHelpdeskError | None = None
    in_a_row = 0
    for index, (event, decision) in enumerate(items):
        ticket_id = str(event.ticket_id)
        stop = last_error is not None and (
            last_error.retry_after is not None or in_a_row >= MAX_TRANSIENT_IN_A_ROW
        )
        if stop:
            # Rate limited, or the helpdesk looks down: the rest waits for the retry.
            unwritten += [str(e.ticket_id) for e, _ in items[index:]]
            break
        try:
            helpdesk.apply(event, decision)
            in_a_row = 0
        except TransientHelpdeskError as error:
            log.info("%s ticket %s: not written now (%s)", helpdesk.name, ticket_id, error)
            unwritten.append(ticket_id)
            last_error, in_a_row = error, in_a_row + 1
        except HelpdeskError as error:
            log.error("%s ticket %s cannot be updated: %s", helpdesk.name, ticket_id, error)
            refused[ticket_id] = str(error)
            in_a_row = 0
    made = helpdesk.rest.requests_made - before
    if last_error is not None:
        raise BatchPartlyWritten(
            str(last_error), unwritten, last_error.retry_after, refused=refused, requests=made
        )
    return BatchResult(made, refused)
