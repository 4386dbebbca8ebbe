"""`dev --simulate`: a steady, realistic mix of signed English and French webhooks, threads too.

Each conversation becomes a ticket in the local stub; its first message is delivered as
`ticket.created`, later ones as `ticket.comment_added` on the same ticket, as Zendesk's event
subscriptions send them.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass, field

import requests

from helpdesk_empathy.dev.simulate import deliver, event_envelope
from helpdesk_empathy.dev.stubs.state import StubState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Thread:
    """A customer's messages on one ticket, in order."""

    name: str
    subject: str
    messages: tuple[str, ...]
    tags: tuple[str, ...] = ()


THREADS = (
    Thread(
        "Dana",
        "Order #88412 never arrived",
        (
            "Hi, my order 88412 was due last week and it has not arrived. Can you check?",
            "Still nothing. This is the second time I write about it.",
            "This is the THIRD time I am writing and it STILL has not arrived!!! If nobody answers "
            "today I will cancel my account.",
        ),
        ("shipping",),
    ),
    Thread(
        "Camille",
        "Remboursement toujours pas reçu",
        (
            "Bonjour, j'attends le remboursement de ma commande depuis trois semaines.",
            "C'est la troisième fois que je vous écris. Toujours pas reçu mon remboursement et "
            "personne ne me répond. C'est inadmissible !!",
        ),
        ("billing",),
    ),
    Thread(
        "Sam",
        "Router keeps disconnecting",
        (
            "My router disconnects every evening around 8pm. Could you check the line?",
            "It happened again last night, twice. Is anyone looking at this?",
            "Still not fixed and I've been on hold for 2 hours today. "
            "I want to speak to a manager.",
        ),
        ("internet",),
    ),
    Thread(
        "Alex",
        "Charged twice",
        (
            "You charged my card twice for the same subscription. Refund the duplicate charge this "
            "week or I will file a chargeback and talk to my lawyer.",
        ),
        ("billing",),
    ),
    Thread(
        "Chloé",
        "Changer d'adresse de livraison",
        (
            "Bonjour, comment puis-je modifier l'adresse de livraison de ma prochaine commande ? "
            "Merci d'avance.",
        ),
        ("shipping",),
    ),
    Thread(
        "Priya",
        "Thank you!",
        (
            "Thank you so much for sorting out my account yesterday, "
            "everything works perfectly now.",
        ),
    ),
    Thread(
        "Lucas",
        "Application en panne",
        (
            "L'application plante à chaque ouverture depuis la mise à jour.",
            "Toujours en panne ce matin. Je ne peux plus travailler, c'est honteux. "
            "Je vais résilier mon abonnement.",
        ),
        ("app",),
    ),
    Thread(
        "Jordan",
        "Password reset",
        ("How do I reset my password? The link in the e-mail does not seem to work.",),
        ("account",),
    ),
    Thread(
        "Inès",
        "Question sur ma facture",
        ("Bonjour, je ne comprends pas la ligne « frais de service » sur ma facture de mars.",),
        ("billing",),
    ),
    Thread(
        "Morgan",
        "Damaged parcel",
        (
            "The parcel arrived damaged and the screen is cracked. Totally unacceptable.",
            "No reply after 4 days. Useless service, I am furious.",
        ),
        ("shipping",),
    ),
    Thread(
        "Hugo",
        "Merci !",
        ("Merci beaucoup pour votre aide rapide, tout fonctionne maintenant.",),
    ),
    Thread(
        "Taylor",
        "Upgrade plan",
        ("Hi! Can I upgrade to the annual plan mid-month? Thanks.",),
        ("sales",),
    ),
)


@dataclass
class Simulator:
    """Sends one message every `interval` seconds (randomised) until stopped."""

    stub: StubState
    webhook_url: str
    secret: str
    interval: float = 1.5
    seed: int | None = None
    sent: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _open: list = field(default_factory=list)  # [thread, ticket id, next message index]

    def step(self, session: requests.Session, rng: random.Random) -> None:
        """Continue an open thread (about half the time) or start a new ticket."""
        if self._open and rng.random() < 0.5:
            entry = rng.choice(self._open)
            thread, ticket_id, index = entry
            ticket = self.stub.add_customer_comment(ticket_id, thread.messages[index])
            body = event_envelope(ticket, thread.messages[index], author_name=thread.name)
            entry[2] += 1
            if entry[2] >= len(thread.messages):
                self._open.remove(entry)
        else:
            thread = rng.choice(THREADS)
            ticket = self.stub.add_ticket(
                text=thread.messages[0],
                subject=thread.subject,
                tags=list(thread.tags),
                requester_id=7100000 + rng.randrange(100_000),
                priority="normal",
                group_id=100,
            )
            body = event_envelope(ticket, thread.messages[0], kind="ticket_created")
            if len(thread.messages) > 1:
                self._open.append([thread, ticket["id"], 1])
        response = deliver(session, self.webhook_url, self.secret, body)
        if response.status_code >= 300:
            log.warning("simulated delivery answered %s", response.status_code)
        self.sent += 1

    def run(self) -> None:
        rng = random.Random(self.seed)
        with requests.Session() as session:
            while not self._stop.is_set():
                try:
                    self.step(session, rng)
                except requests.RequestException as error:
                    log.warning("simulated delivery failed: %s", type(error).__name__)
                self._stop.wait(self.interval * rng.uniform(0.3, 1.7))

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="simulator", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
