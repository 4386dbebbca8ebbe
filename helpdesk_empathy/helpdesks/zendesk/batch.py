"""Many tickets in few requests: show_many to read, update_many to write, job status to confirm."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from helpdesk_empathy.errors import BatchPartlyWritten, HelpdeskError, TransientHelpdeskError
from helpdesk_empathy.helpdesks.base import BatchResult
from helpdesk_empathy.helpdesks.zendesk import fields
from helpdesk_empathy.helpdesks.zendesk.payloads import (
    TicketState,
    build_ticket_update,
    has_changes,
)
from helpdesk_empathy.models import Decision, TicketEvent

if TYPE_CHECKING:
    from helpdesk_empathy.helpdesks.zendesk.client import ZendeskClient

log = logging.getLogger(__name__)

# Job status polling: at once (small batches often finish by then), then easing off.
POLL_DELAYS = (0.0, 0.1, 0.25, 0.5, 1, 1, 2, 2, 3, 5, 5, 10, 10, 10)


def batch_updates(
    states: dict[str, TicketState], items: list[tuple[TicketEvent, Decision]]
) -> list[dict[str, Any]]:
    """The `tickets` array for update_many, from fresh ticket states. Pure.

    No safe_update here: the states were read a moment ago by show_many, which is as fresh
    as the batch endpoint allows. Tickets with nothing to change are left out.
    """
    updates = []
    for event, decision in items:
        state = states.get(event.ticket_id)
        if state is None:
            continue  # deleted meanwhile
        body = build_ticket_update(state, decision, safe_update=False)
        if has_changes(body):
            ticket_id = int(event.ticket_id) if event.ticket_id.isdigit() else event.ticket_id
            updates.append({"id": ticket_id, **body["ticket"]})
    return updates


def failed_ids(job_status: dict[str, Any]) -> set[str]:
    """Ticket ids the finished job could not update. Pure."""
    failed = set()
    for result in job_status.get("results") or []:
        ok = result.get("success", result.get("status") in ("Updated", "Completed"))
        if not ok and result.get("id") is not None:
            failed.add(str(result["id"]))
    return failed


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
    """Write up to 100 tickets; failed ones go one by one, refused ones are reported."""
    before = client.requests_made
    refused: dict[str, str] = {}
    ids = [event.ticket_id for event, _ in items]
    states = {str(ticket["id"]): TicketState.from_api(ticket) for ticket in client.show_many(ids)}
    updates = batch_updates(states, items)
    fields.add_to_items(updates, items, client.field_ids)
    if updates:
        job = client.update_many(updates)
        status = wait_for_job(client, job["id"], sleep=sleep) if job.get("id") else {}
        retry = failed_ids(status)
        if status.get("status") in ("failed", "killed"):
            retry = {str(update["id"]) for update in updates}
        remaining = [event.ticket_id for event, _ in items if event.ticket_id in retry]
        for event, decision in items:
            if event.ticket_id not in retry:
                continue
            log.info("zendesk ticket %s failed in a batch; writing it alone", event.ticket_id)
            try:
                client.apply(event, decision)
            except TransientHelpdeskError as error:
                # The rest of the batch is written: only these must be tried again.
                raise BatchPartlyWritten(
                    str(error),
                    remaining,
                    error.retry_after,
                    refused=refused,
                    requests=client.requests_made - before,
                ) from None
            except HelpdeskError as error:
                log.error("zendesk ticket %s cannot be updated: %s", event.ticket_id, error)
                refused[event.ticket_id] = str(error)
            remaining.remove(event.ticket_id)
    log.info(
        "zendesk batch: %d tickets, %d updated, %d requests",
        len(items),
        len(updates),
        client.requests_made - before,
    )
    return BatchResult(client.requests_made - before, refused)
