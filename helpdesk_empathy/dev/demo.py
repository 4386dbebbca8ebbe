"""The zero-setup demo: embedded Redis, a local helpdesk stub, the web app and a real worker."""

from __future__ import annotations

import logging
import secrets
import sys
import textwrap
import time
from dataclasses import dataclass

import redis
import requests

from helpdesk_empathy.config import Settings
from helpdesk_empathy.dev.embedded_redis import EmbeddedRedis
from helpdesk_empathy.dev.local import WorkerDied, serve_app, wait_for_processed, worker_process
from helpdesk_empathy.dev.simulate import deliver, trigger_body
from helpdesk_empathy.dev.stubs.zendesk import run_stub_in_thread
from helpdesk_empathy.helpdesks.zendesk.settings import ZendeskSettings

log = logging.getLogger(__name__)

ESCALATION_GROUP = "360000999"


@dataclass(frozen=True)
class Conversation:
    """One demo ticket: who writes, about what, and the customer's messages in order."""

    first_name: str
    subject: str
    messages: tuple[str, ...]
    priority: str = "normal"
    tags: tuple[str, ...] = ()
    assignee_id: int | None = None


CONVERSATIONS = (
    Conversation(
        "Dana",
        "Order #88412 never arrived",
        (
            "This is the THIRD time I am writing about order 88412 and it STILL has not "
            "arrived!!! I have been waiting three weeks. If nobody answers today I will "
            "cancel my account.",
        ),
        tags=("shipping",),
    ),
    Conversation(
        "Camille",
        "Remboursement toujours pas reçu",
        (
            "Bonjour, c'est la troisième fois que je vous écris. Je n'ai toujours pas reçu "
            "mon remboursement et personne ne me répond. C'est inadmissible !!",
        ),
        priority="low",
    ),
    Conversation(
        "Sam",
        "Router keeps disconnecting",
        (
            "Hi, my router disconnects every evening around 8pm. Could you check the line?",
            "It happened again last night, twice. Is anyone looking at this?",
            "Still not fixed and I've been on hold for 2 hours today. This is ridiculous, "
            "I work from home and I'm losing money.",
        ),
    ),
    Conversation(
        "Alex",
        "Chargeback",
        (
            "You charged my card twice for the same subscription. Refund the duplicate "
            "charge this week or I will file a chargeback with my bank and talk to my lawyer.",
        ),
        assignee_id=7000042,
    ),
    Conversation(
        "Chloé",
        "Changer d'adresse de livraison",
        (
            "Bonjour, comment puis-je modifier l'adresse de livraison de ma prochaine "
            "commande ? Merci d'avance.",
        ),
    ),
    Conversation(
        "Priya",
        "Thank you!",
        (
            "Thank you so much for sorting out my account yesterday, everything works "
            "perfectly now. Great service!",
        ),
    ),
)


def describe(ticket: dict, comments: list[dict], before: dict) -> str:
    """What the agent now sees on the ticket, as text."""
    notes = [c["body"] for c in comments if not c["public"]]
    lines = [
        f"Ticket #{ticket['id']}: {ticket['subject']}",
        f"  tags:     {' '.join(ticket['tags']) or '-'}",
        f"  priority: {before.get('priority') or '-'} -> {ticket.get('priority') or '-'}",
        f"  group:    {before.get('group_id') or '-'} -> {ticket.get('group_id') or '-'}"
        + (" (assigned to a person: routing left alone)" if ticket.get("assignee_id") else ""),
    ]
    if notes:
        lines.append("  internal note (latest):")
        lines.extend(textwrap.indent(notes[-1], "  | ", lambda line: True).splitlines())
    return "\n".join(lines)


def run_demo(*, timeout: float = 90.0, out=sys.stdout) -> int:
    """Run everything locally, send the demo conversations, print what landed; 0 on success."""
    secret = secrets.token_urlsafe(24)
    with EmbeddedRedis() as redis_server:
        stub_url, stub, stop_stub = run_stub_in_thread()
        try:
            settings = Settings(
                zendesk=ZendeskSettings(
                    base_url=stub_url,
                    email="demo@example.com",
                    api_token="demo-token",
                    api_user_id=str(stub.api_user["id"]),
                ),
                redis_url=redis_server.url,
                webhook_signing_secret=secret,
                escalation_group_id=ESCALATION_GROUP,
            )
            return _run(settings, stub, redis.Redis.from_url(redis_server.url), timeout, out)
        except WorkerDied as error:
            print(f"error: {error}; see its log lines above", file=out)
            return 1
        finally:
            stop_stub()


def _run(settings: Settings, stub, connection: redis.Redis, timeout: float, out) -> int:
    tickets = []
    for number, conversation in enumerate(CONVERSATIONS):
        ticket = stub.add_ticket(
            requester_id=7000100 + number,
            text=conversation.messages[0],
            subject=conversation.subject,
            priority=conversation.priority,
            tags=list(conversation.tags),
            assignee_id=conversation.assignee_id,
            group_id=100,
        )
        tickets.append((conversation, ticket))
    sent = 0
    session = requests.Session()
    with serve_app(settings) as web_url, worker_process(settings) as worker:
        hook = f"{web_url}/webhooks/zendesk"
        for conversation, ticket in tickets:
            for index, message in enumerate(conversation.messages):
                if index:
                    # Wait for the previous message's write-back, as a real customer would.
                    wait_for_processed(connection, sent, timeout, workers=[worker])
                    # Trigger deliveries are named by ticket, updated-at (minutes) and the
                    # signature's second: a real customer's next message comes later than that.
                    time.sleep(1.0)
                    stub.add_customer_comment(ticket["id"], message)
                current = stub.get_ticket(ticket["id"])
                body = trigger_body(current, first_name=conversation.first_name)
                response = deliver(session, hook, settings.webhook_signing_secret, body)
                response.raise_for_status()
                sent += 1
        done = wait_for_processed(connection, sent, timeout, workers=[worker])
    print(f"Sent {sent} signed webhooks for {len(tickets)} tickets; processed {done}.\n", file=out)
    for _, ticket in tickets:
        current = stub.get_ticket(ticket["id"])
        print(describe(current, stub.get_comments(ticket["id"]), ticket) + "\n", file=out)
    if done < sent:
        print(f"error: only {done} of {sent} events were processed in time", file=out)
        return 1
    return 0
