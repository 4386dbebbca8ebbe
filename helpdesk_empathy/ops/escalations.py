"""The dashboard's escalated-tickets table, from the audit stream: ids, scores, signal names.

Reasons are names, never text: the escalation signals the message carried and the rules it
met (frustration at or above the threshold, an escalating level, a rising trajectory).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import redis

from helpdesk_empathy.config import Settings
from helpdesk_empathy.decision.rules import EscalationRules
from helpdesk_empathy.ops import audit

SCAN_RECORDS = 5000  # how far back in the audit stream the table looks (bounded work)
MAX_ROWS = 20
# Rule names a row can carry besides signal names.
RULE_FRUSTRATION = "frustration"
RULE_LEVEL = "level"
RULE_REPEAT = "repeat_contact"
RULE_RISING = "rising_trajectory"
TRIGGER_NAMES = {"contact": RULE_REPEAT, "rising": RULE_RISING}  # decision/escalation.py keys


@dataclass
class EscalatedTicket:
    """The latest escalation of one ticket, and how many of its messages escalated."""

    helpdesk: str
    ticket_id: str
    at: float
    level: str
    frustration: int
    language: str
    reasons: list[str]
    messages: int = 1
    link: str | None = None
    all_reasons: set[str] = field(default_factory=set)


def reasons_for(record: Mapping, rules: EscalationRules) -> list[str]:
    """Pure: the rule and signal names behind one escalated record, most telling first."""
    if record.get("escalation_rules"):  # recorded at decision time, when the audit has it
        # The policy's trigger keys ("frustration", "contact", "signal:churn_threat"...).
        names = (str(key).removeprefix("signal:") for key in record["escalation_rules"])
        return list(dict.fromkeys(TRIGGER_NAMES.get(name, name) for name in names))
    signals = list(dict.fromkeys(str(s) for s in record.get("signals") or ()))
    names = []
    if int(record.get("frustration") or 0) >= rules.min_frustration:
        names.append(RULE_FRUSTRATION)
    if record.get("level") in rules.levels:
        names.append(RULE_LEVEL)
    # Contact counts and trajectories are not in the record: the policy's reason lines are.
    lines = [str(r) for r in record.get("reasons") or ()]
    if any(line.startswith("Repeat contact") for line in lines):
        names.append(RULE_REPEAT)
    names += [s for s in signals if s in rules.signals and s not in names]
    if any(line.startswith("Getting angrier") for line in lines):
        names.append(RULE_RISING)
    return names or signals


def ticket_link(settings: Settings, helpdesk: str, ticket_id: str) -> str | None:
    """Pure: the ticket's page in the helpdesk's agent interface, when its address is known."""
    if not str(ticket_id).isdigit():
        return None
    try:
        return settings.section(helpdesk).ticket_page(str(ticket_id))
    except KeyError:
        return None  # a helpdesk we do not know


def escalated_tickets(
    records: Iterable[Mapping],
    rules: EscalationRules,
    settings: Settings,
    *,
    since: float = 0.0,
    reason: str | None = None,
) -> dict:
    """Pure: newest-first records in; rows (one per ticket), counts and the reasons seen."""
    tickets: dict[tuple[str, str], EscalatedTicket] = {}
    messages = 0
    for record in records:
        if not record.get("escalate") or float(record.get("at") or 0) < since:
            continue
        names = reasons_for(record, rules)
        key = (str(record.get("helpdesk", "")), str(record.get("ticket_id", "")))
        row = tickets.get(key)
        if row is None:
            row = tickets[key] = EscalatedTicket(
                helpdesk=key[0],
                ticket_id=key[1],
                at=float(record.get("at") or 0),
                level=str(record.get("level", "")),
                frustration=int(record.get("frustration") or 0),
                language=str(record.get("language", "")),
                reasons=names,
                link=ticket_link(settings, key[0], key[1]),
            )
        else:
            row.messages += 1
        row.all_reasons.update(names)
        messages += 1
    rows = list(tickets.values())
    seen = sorted({name for row in rows for name in row.all_reasons})
    if reason:
        rows = [row for row in rows if reason in row.all_reasons]
    return {
        "rows": rows[:MAX_ROWS],
        "shown_tickets": len(rows),
        "tickets": len(tickets),
        "messages": messages,
        "reasons": seen,
    }


def read_recent(connection: redis.Redis, count: int = SCAN_RECORDS) -> list[dict]:
    """The newest audit records, newest first."""
    return audit.read_audit(connection, count=count)
