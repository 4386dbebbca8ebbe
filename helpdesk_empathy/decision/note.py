"""The internal note agents read: summary, signals, decision and why, then the draft reply."""

from __future__ import annotations

from collections.abc import Sequence

from helpdesk_empathy.decision.trajectory import Trajectory
from helpdesk_empathy.models import Analysis

LANGUAGE_NAMES = {"en": "English", "fr": "French"}
SIGNAL_LABELS = {
    "shouting": "Shouting",
    "exclamations": "Exclamation marks",
    "repeat_contact": "Repeat contact",
    "delay": "Delay",
    "ignored": "Feels ignored",
    "broken": "Something broken",
    "billing": "Billing",
    "churn_threat": "Churn threat",
    "legal_threat": "Legal threat",
    "profanity": "Swearing",
    "anger": "Strong anger",
    "wants_human": "Asks for a person",
    "confusion": "Confused",
    "gratitude": "Thanks",
}
DRAFT_MARKER = "Suggested reply (draft - review before sending)"
RULE = "-" * 40


def level_label(level: str) -> str:
    return level.replace("_", " ").capitalize()


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st..."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _signal_lines(analysis: Analysis) -> list[str]:
    if not analysis.signals:
        return ["- None fired: the score comes from the wording alone."]
    lines = []
    for signal in analysis.signals:
        label = SIGNAL_LABELS.get(signal.name, signal.name.replace("_", " ").capitalize())
        points = f" (+{signal.contribution:.0f})" if signal.contribution > 0 else ""
        reason = f": {signal.reason}" if signal.reason else ""
        lines.append(f"- {label}{points}{reason}")
    return lines


def format_note(
    analysis: Analysis,
    *,
    reply: str,
    escalation: Sequence[str],
    routing: str,
    priority: str,
    tags: Sequence[str],
    trajectory: Trajectory | None = None,
) -> str:
    """Plain-text note body (sent as an internal comment); every line stands on its own."""
    language = LANGUAGE_NAMES.get(analysis.language, analysis.language)
    lines = [
        f"Empathy check: {level_label(analysis.level)} | frustration {analysis.frustration}/100"
        f" | {language}",
    ]
    if analysis.contact_number >= 2:
        lines.append(f"Contact: {ordinal(analysis.contact_number)} about this issue")
    if trajectory is not None and trajectory.direction != "new":
        lines.append(f"Trend: {trajectory.description}")
    lines += ["", "Signals:", *_signal_lines(analysis), ""]
    if escalation:
        lines.append("Decision: ESCALATE to a human. Why:")
        lines += [f"- {reason}" for reason in escalation]
        lines.append("")  # ends the list, so Markdown renderers don't fold the next lines in
    else:
        lines.append("Decision: no escalation (no threshold crossed).")
    lines += [f"Routing: {routing}", f"Priority: {priority}"]
    if tags:
        lines.append(f"Tags added: {', '.join(tags)}")
    lines += [
        "",
        f"{DRAFT_MARKER}. Fill in anything in [brackets]:",
        # Blank lines around the rules: plain text shows dashes, Markdown a separator line
        # (never a heading made of the reply's last paragraph).
        "",
        RULE,
        "",
        reply,
        "",
        RULE,
        "",
        "Internal note from helpdesk-empathy: nothing has been sent to the customer.",
    ]
    return "\n".join(lines)
