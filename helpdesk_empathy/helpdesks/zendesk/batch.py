"""Many tickets in few requests: update_many to write, job status to confirm, show_many only
when priority or group may change.

Items carry `additional_tags` / `remove_tags`, which Zendesk merges into the tags the ticket
has when the job runs: no tag read, and an agent's tags added meanwhile stay. Priority and
group are set from a state read just before (show_many) and guarded per item by `safe_update`
+ `updated_stamp`; an item that fails (an agent changed the ticket in between, say) is retried
alone through the single-ticket path, which re-reads and re-merges.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpdesk_empathy.errors import (
    BatchPartlyWritten,
    HelpdeskError,
    TransientHelpdeskError,
    WriteDeferred,
)
from helpdesk_empathy.helpdesks.base import BatchResult
from helpdesk_empathy.helpdesks.zendesk import fields
from helpdesk_empathy.helpdesks.zendesk.payloads import (
    TicketState,
    build_batch_item,
    field_changes,
    has_changes,
)
from helpdesk_empathy.models import Decision, TicketEvent

if TYPE_CHECKING:
    from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient

log = logging.getLogger(__name__)

# Job status polling: at once (small batches often finish by then), then easing off.
POLL_DELAYS = (0.0, 0.1, 0.25, 0.5, 1, 1, 2, 2, 3, 5, 5, 10, 10, 10)
SUCCESS_STATUSES = ("Updated", "Completed")
DELETED = "not found (the ticket was deleted)"


def batch_updates(
    items: list[tuple[TicketEvent, Decision]],
    fresh: dict[str, TicketState],
    notes: dict[str, str],
) -> list[dict[str, Any]]:
    """The `tickets` array for update_many. Pure.

    `fresh` holds the tickets read just before (those whose priority or group may change);
    one that should have been read but is missing was deleted and is left out, like every
    ticket with nothing to change. `notes` is each ticket's note text as posted ("" = none).
    """
    updates = []
    for event, decision in items:
        known = TicketState.from_event(event)
        if field_changes(known, decision) and event.ticket_id not in fresh:
            continue  # deleted meanwhile
        item = build_batch_item(
            event.ticket_id,
            known,
            decision,
            tags_known=event.tags_known,
            fresh=fresh.get(event.ticket_id),
            note=notes.get(event.ticket_id, ""),
        )
        if has_changes(item):
            updates.append(item)
    return updates


def job_outcomes(job_status: dict[str, Any], sent: list[dict[str, Any]]) -> tuple[set, set]:
    """(ticket ids written, ticket ids that failed) from a finished job. Pure.

    A result names its ticket by `id`, or only by `index` into the `tickets` array sent.
    A ticket with no result is in neither set: its outcome is unknown.
    """
    sent_ids = [str(item["id"]) for item in sent]
    written, failed = set(), set()
    for result in job_status.get("results") or []:
        if not isinstance(result, dict):
            continue
        ticket = str(result["id"]) if result.get("id") is not None else None
        index = result.get("index")
        if ticket not in sent_ids and isinstance(index, int) and 0 <= index < len(sent_ids):
            ticket = sent_ids[index]
        if ticket not in sent_ids:
            continue
        ok = result.get("success", result.get("status") in SUCCESS_STATUSES)
        (written if ok is True else failed).add(ticket)
    if job_status.get("status") in ("failed", "killed"):
        failed |= set(sent_ids) - written
    return written, failed - written


def failed_ids(job_status: dict[str, Any], sent: list[dict[str, Any]]) -> set[str]:
    """Ticket ids the job did not confirm as written (failed, or no result at all). Pure."""
    written, _ = job_outcomes(job_status, sent)
    return {str(item["id"]) for item in sent} - written


def wait_for_job(
    client: ZendeskClient, job_id: str, *, sleep: Callable[[float], None] = time.sleep
) -> dict[str, Any]:
    for delay in POLL_DELAYS:
        sleep(delay)
        status = client.get_job_status(job_id)
        if status.get("status") in ("completed", "failed", "killed"):
            return status
    raise TransientHelpdeskError(f"update_many job {job_id} did not finish in time")


def apply_many(
    client: ZendeskClient,
    items: list[tuple[TicketEvent, Decision]],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> BatchResult:
    """Write up to 100 tickets; failed ones go one by one, refused ones are reported.

    Raises WriteDeferred (after writing the others) when some tickets are at their
    per-ticket update limit.
    """
    before = client.requests_made
    refused: dict[str, str] = {}
    deferred = client.take_ticket_slots([event.ticket_id for event, _ in items])
    items = [(e, d) for e, d in items if e.ticket_id not in deferred]
    notes = client.notes_to_post([(event.ticket_id, decision) for event, decision in items])
    reads = [
        event.ticket_id
        for event, decision in items
        if field_changes(TicketState.from_event(event), decision)
    ]
    fresh = {}
    if reads:
        fresh = {str(t["id"]): TicketState.from_api(t) for t in client.show_many(reads)}
    for ticket_id in reads:
        if ticket_id not in fresh:
            # show_many leaves deleted tickets out: refused for good, so audited, never retried.
            log.error("zendesk ticket %s cannot be updated: deleted", ticket_id)
            refused[ticket_id] = DELETED
    updates = batch_updates(items, fresh, notes)
    fields.add_to_items(updates, items, client.field_ids)
    retry: set[str] = set()
    if updates:
        sent_notes = {str(u["id"]): notes[str(u["id"])] for u in updates if "comment" in u}
        client.unsure.mark({t: client.note_reference(t, n) for t, n in sent_notes.items()})
        try:
            job = client.update_many(updates)
            status = wait_for_job(client, job["id"], sleep=sleep) if job.get("id") else {}
        except TransientHelpdeskError as error:
            if not refused:
                raise
            # The deleted tickets are refused for good (audited now); the others go back.
            raise BatchPartlyWritten(
                str(error),
                [e.ticket_id for e, _ in items if e.ticket_id not in refused] + list(deferred),
                error.retry_after,
                refused=refused,
                requests=client.requests_made - before,
            ) from None
        written, failed = job_outcomes(status, updates)
        # A failed item was not applied; an unreported one may have been (it stays unsure).
        client.unsure.settled(failed)
        client.unsure.posted(written)
        retry = failed_ids(status, updates)
    remaining = [event.ticket_id for event, _ in items if event.ticket_id in retry]
    for event, decision in items:
        if event.ticket_id not in retry:
            continue
        log.info("zendesk ticket %s failed in a batch; writing it alone", event.ticket_id)
        try:
            client.apply(event, decision, after_batch=True)
        except WriteDeferred as error:
            deferred.update(error.deferred)
        except TransientHelpdeskError as error:
            # The rest of the batch is written: only these must be tried again.
            raise BatchPartlyWritten(
                str(error),
                remaining + list(deferred),
                error.retry_after,
                refused=refused,
                requests=client.requests_made - before,
            ) from None
        except HelpdeskError as error:
            log.error("zendesk ticket %s cannot be updated: %s", event.ticket_id, error)
            refused[event.ticket_id] = str(error)
        remaining.remove(event.ticket_id)
    spent = client.requests_made - before
    log.info(
        "zendesk batch: %d tickets, %d updated, %d deferred, %d requests",
        len(items) + len(deferred),
        len(updates),
        len(deferred),
        spent,
    )
    if deferred:
        raise WriteDeferred(
            f"{len(deferred)} ticket(s) at their update limit", deferred, spent, refused=refused
        )
    return BatchResult(spent, refused)
