"""Turn an analysis into a decision: tags, raise-only priority, routing and a draft reply (pure)."""

from __future__ import annotations

from helpdesk_empathy.decision.note import SIGNAL_LABELS, format_note, level_label, ordinal
from helpdesk_empathy.decision.replies import (
    build_context,
    choose_category,
    is_angry,
    is_pleased,
    render_reply,
)
from helpdesk_empathy.decision.rules import Rules
from helpdesk_empathy.decision.trajectory import Trajectory
from helpdesk_empathy.models import LEVELS, PRIORITIES, Analysis, Decision, TicketEvent


def _signal_reason(analysis: Analysis, name: str) -> str:
    label = SIGNAL_LABELS.get(name, name)
    for signal in analysis.signals:
        if signal.name == name and signal.reason:
            reason = signal.reason.rstrip()
            return f"{label}: {reason}" + ("" if reason.endswith((".", "!", "?")) else ".")
    return f"{label} detected."


def escalation_reasons(
    analysis: Analysis, rules: Rules, *, trajectory: Trajectory | None = None
) -> tuple[str, ...]:
    """Plain-language reasons to hand the ticket to a human; empty means no escalation."""
    esc = rules.escalation
    reasons = []
    if analysis.frustration >= esc.min_frustration:
        reasons.append(
            f"Strong frustration: {analysis.frustration}/100 (escalates at {esc.min_frustration})."
        )
    if analysis.level in esc.levels:
        reasons.append(f"Sentiment is {level_label(analysis.level).lower()}.")
    contact = analysis.contact_number
    if contact >= esc.min_contact_number and not is_pleased(analysis):
        reasons.append(
            f"Repeat contact: this is the customer's {ordinal(contact)} contact "
            f"(escalates from the {ordinal(esc.min_contact_number)})."
        )
    reasons += [_signal_reason(analysis, name) for name in esc.signals if analysis.has(name)]
    if esc.rising_trajectory and trajectory is not None and trajectory.rising:
        reasons.append(f"Getting angrier: {trajectory.description}")
    return tuple(reasons)


def decision_tags(
    analysis: Analysis, rules: Rules, *, escalate: bool, trajectory: Trajectory | None
) -> tuple[str, ...]:
    """Namespaced tags to add; the marker tag is always among them (trigger loop guard)."""
    tag_rules = rules.tags
    names = []
    if tag_rules.level_tags:
        names.append(f"sentiment_{analysis.level}")
    fired = {signal.name for signal in analysis.signals}
    if analysis.contact_number >= 2:
        fired.add("repeat_contact")
    names += [name for name in tag_rules.signal_tags if name in fired]
    if trajectory is not None and trajectory.rising:
        names.append(tag_rules.trajectory)
    if escalate:
        names.append(tag_rules.escalated)
    names.append(tag_rules.marker)
    return tuple(dict.fromkeys(tag_rules.tag(name) for name in names))


def target_priority(analysis: Analysis, rules: Rules, *, escalate: bool) -> tuple[str | None, list]:
    """The lowest priority this ticket deserves, and the plain reasons for it."""
    wanted: list[tuple[str, str]] = []
    prio = rules.priority
    if analysis.level in prio.by_level:
        wanted.append(
            (prio.by_level[analysis.level], f"{level_label(analysis.level).lower()} tone")
        )
    for at, level in prio.by_frustration:
        if analysis.frustration >= at:
            wanted.append((level, f"frustration {analysis.frustration} >= {at}"))
    for name, level in prio.by_signal.items():
        if analysis.has(name):
            wanted.append((level, SIGNAL_LABELS.get(name, name).lower()))
    if escalate and prio.escalated:
        wanted.append((prio.escalated, "escalated"))
    if not wanted:
        return None, []
    top = max(PRIORITIES.index(level) for level, _ in wanted)
    return PRIORITIES[top], [why for level, why in wanted if PRIORITIES.index(level) == top]


def _current_priority(event: TicketEvent) -> str | None:
    value = (event.priority or "").lower()
    return value if value in PRIORITIES else None


def choose_route(
    analysis: Analysis, event: TicketEvent, rules: Rules, *, escalate: bool
) -> tuple[str | None, str]:
    """Group to move the ticket to (or None) and a sentence saying why."""
    routing = rules.routing
    if not escalate:
        return None, "not changed (no escalation)."
    target, because = None, ""
    for name, group in routing.by_signal.items():
        if analysis.has(name) and group:
            target, because = group, SIGNAL_LABELS.get(name, name).lower()
            break
    if target is None and routing.by_language.get(analysis.language):
        target = routing.by_language[analysis.language]
        because = f"{analysis.language} escalation group"
    if target is None and routing.default_group_id:
        target, because = routing.default_group_id, "default escalation group"
    if target is None:
        return None, "not changed: no escalation group is configured (tagged only)."
    if routing.never_route_assigned and event.assignee_id:
        return None, "not changed: an agent already owns this ticket (rule never_route_assigned)."
    if event.group_id and str(event.group_id) in routing.protected_group_ids:
        return None, f"not changed: group {event.group_id} is protected (protected_group_ids)."
    if event.group_id and str(event.group_id) == target:
        return None, f"already in escalation group {target}."
    return target, f"move to group {target} ({because})."


def suggest_reply(
    analysis: Analysis, event: TicketEvent, rules: Rules, *, escalate: bool
) -> tuple[str, str]:
    """(category, reply text) in the customer's language, offering a human when angry."""
    category = choose_category(analysis, angry_at=rules.replies.angry_at)
    angry = is_angry(analysis, angry_at=rules.replies.angry_at)
    offer_human = escalate or angry or analysis.frustration >= rules.replies.offer_human_at
    context = build_context(
        language=analysis.language,
        requester_name=event.requester_name,
        subject=event.subject,
        contact_number=analysis.contact_number,
        repeat=analysis.has("repeat_contact") or analysis.contact_number >= 2,
        delay=analysis.has("delay") or analysis.has("ignored"),
        broken=analysis.has("broken"),
        billing=analysis.has("billing"),
        offer_human=offer_human,
        escalated=escalate,
    )
    reply = render_reply(category, analysis.language, context, overrides=rules.replies.templates)
    return category, reply


def decide(
    analysis: Analysis, event: TicketEvent, rules: Rules, *, trajectory: Trajectory | None = None
) -> Decision:
    """Everything to write back for one customer message, each part with its reason."""
    reasons = escalation_reasons(analysis, rules, trajectory=trajectory)
    escalate = bool(reasons)
    tags = decision_tags(analysis, rules, escalate=escalate, trajectory=trajectory)
    target, priority_why = target_priority(analysis, rules, escalate=escalate)
    current = _current_priority(event)
    if target is None:
        min_priority, priority_text = None, "not changed."
    elif current is not None and PRIORITIES.index(current) >= PRIORITIES.index(target):
        min_priority, priority_text = None, f"left at {current} (already at or above {target})."
    else:
        min_priority = target
        was = f"was {current}" if current else "was not set"
        priority_text = f"raise to {target} ({was}): {', '.join(priority_why)}."
    route_group_id, route_text = choose_route(analysis, event, rules, escalate=escalate)
    _, reply = suggest_reply(analysis, event, rules, escalate=escalate)
    note = format_note(
        analysis,
        reply=reply,
        escalation=reasons,
        routing=route_text,
        priority=priority_text,
        tags=tags,
        trajectory=trajectory,
    )
    audit = (*reasons, f"Routing: {route_text}", f"Priority: {priority_text}")
    return Decision(
        add_tags=tags,
        min_priority=min_priority,
        route_group_id=route_group_id,
        escalate=escalate,
        note=note,
        reasons=audit,
        remove_tags=stale_level_tags(analysis, rules),
    )


def stale_level_tags(analysis: Analysis, rules: Rules) -> tuple[str, ...]:
    """The other sentiment-level tags: a ticket shows the customer's current mood only."""
    if not rules.tags.level_tags:
        return ()
    return tuple(
        rules.tags.tag(f"sentiment_{level}") for level in LEVELS if level != analysis.level
    )
