"""When a message hands the ticket to a human, and the reasons in the audit's and note's words."""

from __future__ import annotations

from helpdesk_empathy.decision import note as notes
from helpdesk_empathy.decision.note_frames import FRAMES, level_text, ordinal, signal_label
from helpdesk_empathy.decision.replies import is_pleased
from helpdesk_empathy.decision.rules import Rules
from helpdesk_empathy.decision.trajectory import Trajectory
from helpdesk_empathy.models import UNKNOWN_LEVEL, Analysis


def _signal_reason(analysis: Analysis, name: str) -> str:
    label = signal_label(name)
    for signal in analysis.signals:
        if signal.name == name and signal.reason:
            reason = signal.reason.rstrip()
            return f"{label}: {reason}" + ("" if reason.endswith((".", "!", "?")) else ".")
    return f"{label} detected."


def escalation_triggers(
    analysis: Analysis, rules: Rules, *, trajectory: Trajectory | None = None
) -> list[tuple[str, str]]:
    """(English reason, short reason key) pairs; an unsupported language's tone never counts."""
    esc = rules.escalation
    scored = analysis.level != UNKNOWN_LEVEL
    found: list[tuple[str, str]] = []
    if scored and analysis.frustration >= esc.min_frustration:
        found.append(
            (
                f"Strong frustration: {analysis.frustration}/100 "
                f"(escalates at {esc.min_frustration}).",
                "frustration",
            )
        )
    if scored and analysis.level in esc.levels:
        found.append((f"Sentiment is {notes.level_label(analysis.level).lower()}.", "level"))
    contact = analysis.contact_number
    if contact >= esc.min_contact_number and not is_pleased(analysis):
        found.append(
            (
                f"Repeat contact: this is the customer's {ordinal(contact)} contact "
                f"(escalates from the {ordinal(esc.min_contact_number)}).",
                "contact",
            )
        )
    found += [
        (_signal_reason(analysis, name), f"signal:{name}")
        for name in esc.signals
        if analysis.has(name)
    ]
    rising = scored and trajectory is not None and trajectory.rising
    if esc.rising_trajectory and rising:
        found.append((f"Getting angrier: {trajectory.description}", "rising"))
    return found


def escalation_reasons(
    analysis: Analysis, rules: Rules, *, trajectory: Trajectory | None = None
) -> tuple[str, ...]:
    """Plain-language reasons to hand the ticket to a human; empty means no escalation."""
    return tuple(text for text, _ in escalation_triggers(analysis, rules, trajectory=trajectory))


def short_why(key: str, analysis: Analysis, rules: Rules, language: str) -> str:
    frame = FRAMES[language]
    if key == "frustration":
        return frame["why_frustration"].format(
            value=analysis.frustration, at=rules.escalation.min_frustration
        )
    if key == "level":
        return frame["why_level"].format(level=level_text(analysis.level, language).lower())
    if key == "contact":
        return frame["why_contact"].format(ordinal=ordinal(analysis.contact_number, language))
    if key == "rising":
        return frame["why_rising"]
    return signal_label(key.removeprefix("signal:"), language).lower()
