"""The internal note agents read: short by default (summary, quoted reasons, decision, draft)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpdesk_empathy.decision.note_frames import (
    FRAMES,
    LANGUAGE_NAMES,
    level_text,
    ordinal,
    signal_label,
)
from helpdesk_empathy.decision.note_frames import SIGNAL_LABELS as ALL_LABELS
from helpdesk_empathy.decision.trajectory import Trajectory
from helpdesk_empathy.models import Analysis

DRAFT_MARKER = "Draft reply"  # starts the English draft line (FRAMES["en"]["draft"])
RULE = "-" * 40
MAX_BULLETS = 4
MAX_QUOTE_CHARS = 80
QUOTES = {"en": ("\u201c", "\u201d"), "fr": ("\u00ab\u00a0", "\u00a0\u00bb")}
# English labels, for callers outside notes (preview, dashboard).
SIGNAL_LABELS = dict(ALL_LABELS["en"])


def level_label(level: str) -> str:
    return level.replace("_", " ").capitalize()


@dataclass(frozen=True)
class NoteInput:
    """Everything a note says, already decided; the note only words it."""

    analysis: Analysis
    language: str  # the frame's language ("en" or "fr")
    contact: int  # contact number shown: never lower than earlier in the ticket
    escalation: str  # "new" | "already" | "in_group" | "none"
    why: tuple[str, ...] = ()  # short reasons for a new escalation, in `language`
    reasons: tuple[str, ...] = ()  # the long English reasons, for the full note
    route: str | None = None  # the group change (or why not), in `language`; None: nothing
    priority: str | None = None  # the priority change, in `language`; None: unchanged
    tags: tuple[str, ...] = ()
    trajectory: Trajectory | None = None
    reply: str | None = None  # None: same draft as the previous note, not repeated


def _frame(language: str) -> dict[str, str]:
    return FRAMES.get(language, FRAMES["en"])


def quote(text: str, language: str = "en") -> str:
    """The customer's words on one line, shortened, in the note language's quotation marks."""
    words = re.sub(r"\s+", " ", text).strip()
    if len(words) > MAX_QUOTE_CHARS:
        words = words[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + "..."
    left, right = QUOTES.get(language, QUOTES["en"])
    return f"{left}{words}{right}"


def _first_quote(analysis: Analysis, name: str) -> str | None:
    for item in analysis.evidence:
        if item.signal == name and item.quote.strip():
            return item.quote
    return None


def reason_bullets(note: NoteInput, limit: int = MAX_BULLETS) -> list[str]:
    """One bullet per reason, strongest first, each quoting the customer where we can."""
    analysis, lang = note.analysis, note.language
    signals = sorted(analysis.signals, key=lambda s: -s.contribution)
    if len(signals) > 1:
        signals = [s for s in signals if s.name != "gratitude"]
    bullets = []
    for signal in signals[:limit]:
        words = _first_quote(analysis, signal.name)
        if words is not None:
            detail = quote(words, lang)
        elif signal.name == "repeat_contact":
            detail = _frame(lang)["contact_nth"].format(ordinal=ordinal(note.contact, lang))
        else:
            detail = signal.reason if lang == "en" else ""
        label = signal_label(signal.name, lang)
        bullets.append(f"- {label}: {detail}" if detail else f"- {label}")
    tone = [e.quote for e in analysis.evidence if e.signal == "sentiment" and e.quote.strip()]
    if tone and not bullets:  # the wording alone moved the score: show which words
        quoted = ", ".join(quote(words, lang) for words in dict.fromkeys(tone[:2]))
        bullets.append(f"- {signal_label('sentiment', lang)}: {quoted}")
    trajectory = note.trajectory
    if trajectory is not None and trajectory.rising and len(bullets) < limit:
        bullets.append(f"- {_frame(lang)['rising']}: {trend_numbers(trajectory, lang)}")
    return bullets


def trend_numbers(trajectory: Trajectory, language: str = "en") -> str:
    """The numbers that rose, named: tone (compound) or frustration, oldest first."""
    if trajectory.tones:
        word = "ton" if language == "fr" else "tone"
        return f"{word} " + " -> ".join(f"{value:+.2f}" for value in trajectory.tones)
    return "frustration " + " -> ".join(str(value) for value in trajectory.frustrations)


def summary_line(note: NoteInput) -> str:
    frame, analysis, lang = _frame(note.language), note.analysis, note.language
    contact = (
        frame["contact_first"]
        if note.contact < 2
        else frame["contact_nth"].format(ordinal=ordinal(note.contact, lang))
    )
    names = LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"])
    return frame["summary"].format(
        level=level_text(analysis.level, lang),
        frustration=analysis.frustration,
        contact=contact,
        language=names.get(analysis.language, analysis.language),
    )


def decision_line(note: NoteInput) -> str:
    frame = _frame(note.language)
    if note.escalation == "new":
        line = frame["escalate"].format(why=", ".join(note.why))
    elif note.escalation == "already":
        line = frame["already_escalated"]
    elif note.escalation == "in_group":
        line = frame["already_in_group"]
    else:
        line = frame["no_escalation"]
    changes = " ".join(part for part in (note.route, note.priority) if part)
    return f"{line}\n{changes}" if changes else line


def draft_lines(note: NoteInput) -> list[str]:
    frame = _frame(note.language)
    if note.reply is None:
        return [frame["same_draft"]]
    return [frame["draft"], note.reply]


def format_short(note: NoteInput) -> str:
    """At most about 12 lines: summary, quoted reasons, the decision, the draft."""
    lines = [summary_line(note)]
    if note.analysis.truncated:
        lines.append(_frame(note.language)["truncated"])
    bullets = reason_bullets(note)
    # A blank line ends the list, so Markdown renderers don't fold the decision into it.
    lines += [*bullets, ""] if bullets else []
    lines += [decision_line(note), "", *draft_lines(note)]
    return "\n".join(lines)


def format_unsupported(note: NoteInput) -> str:
    """One line: we do not score this language; what still counted."""
    frame = _frame(note.language)
    extra = frame["unsupported_escalated"].format(why=", ".join(note.why)) if note.why else ""
    return frame["unsupported"].format(extra=extra)


def format_full(note: NoteInput) -> str:
    """The long form (notes.detail: full): every signal, every reason, tags and the draft."""
    frame, analysis, lang = _frame(note.language), note.analysis, note.language
    lines = [summary_line(note)]
    if analysis.truncated:
        lines.append(frame["truncated"])
    trend = note.trajectory
    if trend is not None and trend.direction != "new":
        # The analysis explains itself in English; a French frame shows the numbers only.
        text = (
            trend.description
            if lang == "en"
            else f"{trend.direction}, {trend_numbers(trend, lang)}"
        )
        lines.append(f"{'Trend' if lang == 'en' else 'Tendance'}: {text}")
    lines += ["", "Signals:" if lang == "en" else "Signaux :"]
    if not analysis.signals:
        lines.append(
            "- None fired: the score comes from the wording alone."
            if lang == "en"
            else "- Aucun : le score vient de la formulation seule."
        )
    for signal in analysis.signals:
        points = f" (+{signal.contribution:.0f})" if signal.contribution > 0 else ""
        words = _first_quote(analysis, signal.name)
        said = quote(words, lang) if words else ""
        reason = signal.reason if lang == "en" else ""
        detail = ": " + " ".join(part for part in (reason, said) if part) if reason or said else ""
        lines.append(f"- {signal_label(signal.name, lang)}{points}{detail}")
    lines.append("")
    lines.append(decision_line(note))
    if note.escalation == "new" and note.reasons and lang == "en":
        lines += [f"- {reason}" for reason in note.reasons]
    if note.tags:
        lines.append(f"Tags: {', '.join(note.tags)}")
    lines.append("")
    if note.reply is None:
        lines.append(frame["same_draft"])
    else:
        lines += [frame["draft"], "", RULE, "", note.reply, "", RULE]
    lines += ["", frame["footer"]]
    return "\n".join(lines)
