"""Zammad and Freshdesk batches: every ticket succeeds, is refused for good, or retries alone.

Real stubs over HTTP, the real writer and outbox in Redis. A fault is injected on one
ticket's note request only (everything else passes through to the stub).
"""

import time
from dataclasses import dataclass
from typing import Any

import pytest
import responses
from responses import matchers

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.stubs.freshdesk import FreshdeskState, run_freshdesk_stub_in_thread
from helpdesk_empathy.dev.stubs.zammad import ZammadState, run_zammad_stub_in_thread
from helpdesk_empathy.errors import TransientHelpdeskError
from helpdesk_empathy.helpdesks import registry
from helpdesk_empathy.helpdesks.freshdesk.settings import FreshdeskSettings
from helpdesk_empathy.helpdesks.zammad.settings import ZammadSettings
from helpdesk_empathy.models import Decision, TicketEvent
from helpdesk_empathy.ops import audit
from helpdesk_empathy.pipeline.delivery.outbox import Outbox, Pending
from helpdesk_empathy.pipeline.delivery.writer import Writer

TICKETS = 30


@dataclass
class Stub:
    name: str
    url: str
    state: Any
    settings: Settings
    mock: responses.RequestsMock  # passes everything through to the stub, unless told

    def notes(self, ticket_id: int) -> int:
        if self.name == "zammad":
            return sum(a["internal"] for a in self.state.get_articles(ticket_id))
        return sum(c["private"] for c in self.state.get_conversations(ticket_id))

    def heal(self) -> None:
        """The helpdesk is well again: every request reaches the stub."""
        self.mock.reset()
        self.mock.add_passthru(self.url)

    def fail_note(self, ticket_id: int, status: int) -> None:
        """Answer `status` to this ticket's note request; other requests reach the stub."""
        headers = {"Retry-After": "1"} if status == 429 else {}
        if self.name == "zammad":
            only_this_ticket = matchers.json_params_matcher(
                {"ticket_id": ticket_id}, strict_match=False
            )
            url = f"{self.url}/api/v1/ticket_articles"
            self.mock.post(url, status=status, headers=headers, match=[only_this_ticket])
        else:
            url = f"{self.url}/api/v2/tickets/{ticket_id}/notes"
            self.mock.post(url, status=status, headers=headers)


@pytest.fixture(params=["zammad", "freshdesk"])
def stub(request):
    if request.param == "zammad":
        url, state, shutdown = run_zammad_stub_in_thread(ZammadState(token="tok"))
        settings = Settings(zammad=ZammadSettings(url=url, token="tok"))
    else:
        url, state, shutdown = run_freshdesk_stub_in_thread(FreshdeskState(api_key="key"))
        settings = Settings(freshdesk=FreshdeskSettings(base_url=url, api_key="key"))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_passthru(url)
        yield Stub(request.param, url, state, settings, mock)
    shutdown()


def parked_batch(stub: Stub, redis_client) -> tuple[Writer, list[int]]:
    """TICKETS tickets, each with a decision parked in the outbox (a backlog was queued)."""
    client = registry.kind(stub.name).make_client(stub.settings)
    backlog = [TICKETS]
    writer = Writer(
        stub.name,
        client,
        Outbox(redis_client, stub.name),
        max_delay=0.0,
        backlog=lambda: backlog[0],
    )
    ids = []
    for index in range(TICKETS):
        ticket_id = stub.state.add_ticket(f"message {index}")["id"]
        event = TicketEvent(stub.name, f"e-{index}", str(ticket_id), "x", tags_known=False)
        decision = Decision(("empathy_negative",), None, None, False, "Suggested reply: sorry.")
        writer.outbox.put(Pending(event, decision), now=time.time())
        ids.append(ticket_id)
    backlog[0] = 0
    return writer, ids


def test_a_deleted_ticket_is_refused_alone_and_audited(stub, redis_client):
    writer, ids = parked_batch(stub, redis_client)
    deleted = ids[TICKETS // 2]
    del stub.state.tickets[deleted]  # deleted in the helpdesk meanwhile: 404

    assert writer.flush(force=True) == TICKETS  # nothing raised, nothing left
    assert Outbox(redis_client, stub.name).size() == 0
    assert [stub.notes(t) for t in ids if t != deleted] == [1] * (TICKETS - 1)
    [refusal] = audit.read_refusals(redis_client)
    assert (refusal["helpdesk"], refusal["ticket_id"]) == (stub.name, str(deleted))
    assert "404" in refusal["reason"] and refusal["outcome"] == "refused"


def test_a_500_mid_batch_retries_that_ticket_alone_without_duplicate_notes(stub, redis_client):
    writer, ids = parked_batch(stub, redis_client)
    failing = ids[TICKETS // 2]
    stub.fail_note(failing, 500)

    with pytest.raises(TransientHelpdeskError):
        writer.flush(force=True)
    outbox = Outbox(redis_client, stub.name)
    assert outbox.size() == 1 and outbox.holds(str(failing))  # only that ticket waits
    assert [stub.notes(t) for t in ids if t != failing] == [1] * (TICKETS - 1)

    stub.heal()
    assert writer.flush(force=True) == 1
    assert [stub.notes(t) for t in ids] == [1] * TICKETS  # exactly one note each
    assert audit.read_refusals(redis_client) == []


def test_a_rate_limit_mid_batch_stops_and_keeps_the_rest_for_later(stub, redis_client):
    writer, ids = parked_batch(stub, redis_client)
    limited = ids[5]
    stub.fail_note(limited, 429)

    with pytest.raises(TransientHelpdeskError):
        writer.flush(force=True)
    waiting = Outbox(redis_client, stub.name).size()
    assert waiting == TICKETS - 5  # the limited ticket and every one after it
    assert [stub.notes(t) for t in ids[:5]] == [1] * 5

    stub.heal()
    assert writer.flush(force=True) == waiting
    assert [stub.notes(t) for t in ids] == [1] * TICKETS
