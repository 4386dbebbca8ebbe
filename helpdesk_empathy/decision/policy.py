"""Turn an analysis into a decision: tags, fields, raise-only priority, routing, a note (pure)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from helpdesk_empathy.decision import note as notes
from helpdesk_empathy.decision.escalation import (
    escalation_reasons,
    escalation_triggers,
    short_why,
)
from helpdesk_empathy.decision.note_frames import (
    FRAMES,
    note_language,
    signal_label,
)
from helpdesk_empathy.decision.placeholders import neutralise_placeholders
from helpdesk_empathy.decision.replies import (
    build_context,
    choose_category,
    is_angry,
    render_reply,
)
from helpdesk_empathy.decision.replies.question import find_question
from helpdesk_empathy.decision.routing import choose_route, escalation_groups
from helpdesk_empathy.decision.rules import Rules
from helpdesk_empathy.decision.thread import (
    SERIOUS_SIGNALS,
    ThreadFacts,
    ThreadState,
    note_triggers,
)
from helpdesk_empathy.decision.trajectory import Trajectory
from helpdesk_empathy.models import (
    LEVELS,
    PRIORITIES,
    UNKNOWN_LEVEL,
    Analysis,
    Decision,
    TicketEvent,
)

__all__ = ["choose_route", "decide", "decide_with_facts", "escalation_reasons"]

UNSUPPORTED_TAG = "language_unsupported"


def decision_tags(
    analysis: Analysis, rules: Rules, *, escalate: bool, trajectory: Trajectory | None
) -> tuple[str, ...]:
    """Namespaced tags to add; the marker tag is always among them (trigger loop guard)."""
    tag_rules = rules.tags
    names = []
    if tag_rules.level_tags:
        names.append(f"sentiment_{analysis.level}")
    if analysis.level == UNKNOWN_LEVEL:
        names.append(UNSUPPORTED_TAG)
    fired = {signal.name for signal in analysis.signals}
    if analysis.contact_number >= 2:
        fired.add("repeat_contact")
    names += [name for name in tag_rules.signal_tags if name in fired]
    if trajectory is not None and trajectory.rising and analysis.level != UNKNOWN_LEVEL:
        names.append(tag_rules.trajectory)
    if escalate:
        names.append(tag_rules.escalated)
    names.append(tag_rules.marker)
    return tuple(dict.fromkeys(tag_rules.tag(name) for name in names))


def target_priority(analysis: Analysis, rules: Rules, *, escalate: bool) -> tuple[str | None, list]:
    """The lowest priority this ticket deserves, and the plain reasons for it."""
    wanted: list[tuple[str, str]] = []
    prio = rules.priority
    scored = analysis.level != UNKNOWN_LEVEL  # no tone, no priority from tone
    if scored and analysis.level in prio.by_level:
        level = analysis.level
        wanted.append((prio.by_level[level], f"{notes.level_label(level).lower()} tone"))
    for at, level in prio.by_frustration if scored else ():
        if analysis.frustration >= at:
            wanted.append((level, f"frustration {analysis.frustration} >= {at}"))
    for name, level in prio.by_signal.items():
        if analysis.has(name):
            wanted.append((level, signal_label(name).lower()))
    if escalate and prio.escalated:
        wanted.append((prio.escalated, "escalated"))
    if not wanted:
        return None, []
    top = max(PRIORITIES.index(level) for level, _ in wanted)
    return PRIORITIES[top], [why for level, why in wanted if PRIORITIES.index(level) == top]


def _current_priority(event: TicketEvent) -> str | None:
    value = (event.priority or "").lower()
    return value if value in PRIORITIES else None


def suggest_reply(
    analysis: Analysis, event: TicketEvent, rules: Rules, *, escalate: bool
) -> tuple[str, str]:
    """(category, reply text) in the customer's language, offering a human when angry."""
    question = find_question(event.text or "")
    category = choose_category(analysis, angry_at=rules.replies.angry_at, question=question)
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
        # The "human" reply already says a person takes over: no second offer of a call.
        offer_human=offer_human and category != "human",
        escalated=escalate,
        question=question if category == "question" else None,
    )
    reply = render_reply(category, analysis.language, context, overrides=rules.replies.templates)
    # The subject, name and question are the customer's: no helpdesk placeholder may survive.
    return category, neutralise_placeholders(reply)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _escalation_state(
    event: TicketEvent, rules: Rules, state: ThreadState, *, escalate: bool
) -> tuple[bool, str]:
    """(already escalated before this message, the status the note shows)."""
    already = state.escalated or rules.tags.tag(rules.tags.escalated) in event.tags
    if escalate and not already:
        return already, "new"
    if already:
        return already, "already"
    if event.group_id and str(event.group_id) in escalation_groups(rules):
        return already, "in_group"
    return already, "none"


def decide(
    analysis: Analysis,
    event: TicketEvent,
    rules: Rules,
    *,
    trajectory: Trajectory | None = None,
    thread: ThreadState | None = None,
) -> Decision:
    """Everything to write back for one customer message, each part with its reason."""
    decision, _ = decide_with_facts(analysis, event, rules, trajectory=trajectory, thread=thread)
    return decision


def decide_with_facts(
    analysis: Analysis,
    event: TicketEvent,
    rules: Rules,
    *,
    trajectory: Trajectory | None = None,
    thread: ThreadState | None = None,
) -> tuple[Decision, ThreadFacts]:
    """decide(), plus what this message leaves for the ticket's next one (no text)."""
    state = thread or ThreadState()
    # Contact numbers never go backwards within a ticket.
    analysis = replace(analysis, contact_number=max(analysis.contact_number, state.max_contact))
    unknown = analysis.level == UNKNOWN_LEVEL
    triggers = escalation_triggers(analysis, rules, trajectory=trajectory)
    escalate = bool(triggers)
    already, status = _escalation_state(event, rules, state, escalate=escalate)
    tags = decision_tags(analysis, rules, escalate=escalate, trajectory=trajectory)
    target, priority_why = target_priority(analysis, rules, escalate=escalate)
    current = _current_priority(event)
    lang = note_language(rules.notes.language, analysis.language)
    frame = FRAMES[lang]
    min_priority, priority_line = None, None
    if target is None:
        priority_text = "not changed."
    elif current is not None and PRIORITIES.index(current) >= PRIORITIES.index(target):
        priority_text = f"left at {current} (already at or above {target})."
    else:
        min_priority = target
        was = f"was {current}" if current else "was not set"
        priority_text = f"raise to {target} ({was}): {', '.join(priority_why)}."
        priority_line = frame["priority"].format(to=target, was=current or frame["priority_unset"])
    route_group_id, route_text, route_line = choose_route(
        analysis, event, rules, escalate=escalate, language=lang
    )
    reply = None if unknown else suggest_reply(analysis, event, rules, escalate=escalate)[1]
    digest = _digest(reply) if reply else ""
    rising = bool(trajectory and trajectory.rising and not unknown)
    why_note = note_triggers(
        replace(state, escalated=already),
        level=analysis.level,
        signals=[signal.name for signal in analysis.signals],
        escalate=escalate,
        rising=rising,
        mode=rules.notes.mode,
    )
    content = notes.NoteInput(
        analysis=analysis,
        language=lang,
        contact=analysis.contact_number,
        escalation=status,
        why=tuple(short_why(key, analysis, rules, lang) for _, key in triggers),
        reasons=tuple(text for text, _ in triggers),
        # Why the group stayed is news once, with the escalation; a move is always news.
        route=route_line if route_group_id or status == "new" else None,
        priority=priority_line,
        tags=tags,
        trajectory=trajectory,
        reply=None if digest and digest == state.last_draft else reply,
    )
    note = ""
    if why_note:
        if unknown:
            note = notes.format_unsupported(content)
        elif rules.notes.detail == "full":
            note = notes.format_full(content)
        else:
            note = notes.format_short(content)
        note = neutralise_placeholders(note)  # quotes are the customer's words
    audit = (
        *content.reasons,
        f"Routing: {route_text}",
        f"Priority: {priority_text}",
        f"Note: {', '.join(why_note) or 'none (nothing changed)'}",
    )
    decision = Decision(
        add_tags=tags,
        min_priority=min_priority,
        route_group_id=route_group_id,
        escalate=escalate,
        note=note,
        reasons=audit,
        escalation_keys=tuple(key for _, key in triggers),
        remove_tags=stale_level_tags(analysis, rules),
        fields={
            # As Zendesk's drop-down stores it: the option's value, our level tag.
            "sentiment_level": rules.tags.tag(f"sentiment_{analysis.level}"),
            # No score from a language we do not read: blank, not a reassuring 0.
            "frustration": None if unknown and not analysis.frustration else analysis.frustration,
            "escalated": escalate or already,
        },
    )
    facts = ThreadFacts(
        at=round(event.received_at, 3),
        level=analysis.level,
        contact=analysis.contact_number,
        serious=tuple(name for name in SERIOUS_SIGNALS if analysis.has(name)),
        escalated=escalate or already,
        rising=rising,
        noted=bool(note),
        draft=digest if note and reply else "",
        priority=min_priority,
    )
    return decision, facts


def stale_level_tags(analysis: Analysis, rules: Rules) -> tuple[str, ...]:
    """The other sentiment-level tags: a ticket shows the customer's current mood only."""
    if not rules.tags.level_tags:
        return ()
    return tuple(
        rules.tags.tag(f"sentiment_{level}")
        for level in (*LEVELS, UNKNOWN_LEVEL)
        if level != analysis.level
    )
