"""Where an escalated ticket goes, and why it stays put when a person or a rule says so (pure)."""

from __future__ import annotations

from helpdesk_empathy.decision.note_frames import FRAMES, signal_label
from helpdesk_empathy.decision.rules import Rules
from helpdesk_empathy.models import Analysis, TicketEvent

# Why a group was not changed, per note language.
_KEPT = {
    "en": {
        "assigned": "an agent already owns this ticket.",
        "protected": "group {group} is protected.",
        "no_group": "no escalation group is configured (tagged only).",
    },
    "fr": {
        "assigned": "un agent s'occupe déjà de ce ticket.",
        "protected": "le groupe {group} est protégé.",
        "no_group": "aucun groupe d'escalade n'est configuré (tags seulement).",
    },
}


def escalation_groups(rules: Rules) -> set[str]:
    """Every group the rules may send an escalated ticket to."""
    routing = rules.routing
    groups = {routing.default_group_id, *routing.by_language.values(), *routing.by_signal.values()}
    return {str(group) for group in groups if group}


def choose_route(
    analysis: Analysis, event: TicketEvent, rules: Rules, *, escalate: bool, language: str = "en"
) -> tuple[str | None, str, str | None]:
    """(group to move to or None, an English sentence for the audit, the note's line or None)."""
    routing = rules.routing
    kept = _KEPT.get(language, _KEPT["en"])
    frame = FRAMES.get(language, FRAMES["en"])
    if not escalate:
        return None, "not changed (no escalation).", None
    target, because = None, ""
    for name, group in routing.by_signal.items():
        if analysis.has(name) and group:
            target, because = group, signal_label(name, language).lower()
            break
    if target is None and routing.by_language.get(analysis.language):
        target = routing.by_language[analysis.language]
        because = f"{analysis.language} escalation group"
    if target is None and routing.default_group_id:
        target, because = routing.default_group_id, "default escalation group"
        if language == "fr":
            because = "groupe d'escalade par défaut"
    if target is None:
        audit = "not changed: no escalation group is configured (tagged only)."
        return None, audit, frame["route_kept"].format(why=kept["no_group"])
    if routing.never_route_assigned and event.assignee_id:
        audit = "not changed: an agent already owns this ticket (rule never_route_assigned)."
        return None, audit, frame["route_kept"].format(why=kept["assigned"])
    if event.group_id and str(event.group_id) in routing.protected_group_ids:
        audit = f"not changed: group {event.group_id} is protected (protected_group_ids)."
        why = kept["protected"].format(group=event.group_id)
        return None, audit, frame["route_kept"].format(why=why)
    if event.group_id and str(event.group_id) == target:
        return None, f"already in escalation group {target}.", None
    audit = f"move to group {target} ({because})."
    return target, audit, frame["route"].format(group=target, why=because)
