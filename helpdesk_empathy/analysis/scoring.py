"""Combine sentiment and signals into one Analysis: level cut-offs and the frustration score."""

from __future__ import annotations

from operator import attrgetter

from helpdesk_empathy.analysis import signals as sig
from helpdesk_empathy.analysis.evidence import Locator
from helpdesk_empathy.analysis.language import SUPPORTED, detect_language
from helpdesk_empathy.analysis.records import record_builder
from helpdesk_empathy.analysis.sentiment import Sentiment, clean_social, score
from helpdesk_empathy.analysis.text import fold, latest_message_start
from helpdesk_empathy.models import (
    LEVELS,
    UNKNOWN_LEVEL,
    UNSUPPORTED_LANGUAGE,
    Analysis,
    Evidence,
    Signal,
)

# Level cut-offs on the adjusted compound (VADER's usual neutral band is +-0.05; support
# messages carry formulaic politeness, so the band is a little wider on the positive side).
VERY_NEGATIVE_MAX = -0.60
NEGATIVE_MAX = -0.05
POSITIVE_MIN = 0.10
VERY_POSITIVE_MIN = 0.60

# Frustration = negativity of the message (up to NEGATIVITY_POINTS) + the signals' points.
# Capitals and "!" already move VADER's compound; their signals add frustration only, never
# compound again, so the same emphasis is not counted twice.
NEGATIVITY_POINTS = 50.0
NO_SENTIMENT = Sentiment(0.0, ())
# Evidence for the first this-many phrases: enough for a note, bounded on hostile input.
MAX_PHRASES = 40
# Only the start of a very long message is analysed (Analysis.truncated says so), which keeps
# every message under ~20 ms; evidence is looked for in the same bounded start of the text.
MAX_ANALYSED_CHARS = 5_000
MAX_EVIDENCE_SOURCE_CHARS = 2 * MAX_ANALYSED_CHARS
_analysis = record_builder(Analysis)  # Analysis(...) without the per-field frozen __init__


def level_for(compound: float) -> str:
    """Map a compound in [-1, 1] to one of LEVELS."""
    if compound <= VERY_NEGATIVE_MAX:
        return LEVELS[0]
    if compound <= NEGATIVE_MAX:
        return LEVELS[1]
    if compound >= VERY_POSITIVE_MIN:
        return LEVELS[4]
    if compound >= POSITIVE_MIN:
        return LEVELS[3]
    return LEVELS[2]


def frustration_for(compound: float, found: tuple[Signal, ...]) -> int:
    """0-100: how much agents should worry; more signals never lower it."""
    total = max(0.0, -compound) * NEGATIVITY_POINTS
    if found:
        total += sum(max(0.0, s.contribution) for s in found)
    return int(round(min(100.0, total)))


def analyze(text: str | None, *, contact_count: int = 0, language: str | None = None) -> Analysis:
    """Score the customer's latest message (None: an empty one); contact_count = their OTHER
    recent tickets."""
    latest, truncated = latest_message_start(text or "", MAX_ANALYSED_CHARS)
    message = clean_social(latest)
    lang = language if language in SUPPORTED else detect_language(message)
    unsupported = lang == UNSUPPORTED_LANGUAGE
    # Another language: no sentiment (our lexicons would read junk into it); the signals that
    # need no language (capitals, "!!", the requester's real contact count) still count.
    sentiment = NO_SENTIMENT if unsupported else score(message, lang)
    hits = sentiment.hits
    found = [s for s in (sig.shouting(message), sig.exclamations(message)) if s is not None]
    stated = sig.stated_contact_number(hits) if hits else 1
    contact_number, repeat = sig.repeat_contact(stated, contact_count)
    if repeat is not None:
        found.append(repeat)
    if hits:
        found.extend(sig.topic_signals(hits))
    signals = tuple(found)
    return _analysis(
        language=lang,
        compound=sentiment.compound,
        level=UNKNOWN_LEVEL if unsupported else level_for(sentiment.compound),
        frustration=frustration_for(sentiment.compound, signals),
        signals=signals,
        contact_number=contact_number,
        evidence=evidence_for(
            (text or "")[:MAX_EVIDENCE_SOURCE_CHARS], message, sentiment, signals
        ),
        truncated=truncated,
    )


_SPAN = attrgetter("start", "end")  # reading order of evidence


def evidence_for(
    text: str, message: str, sentiment: Sentiment, signals: tuple[Signal, ...]
) -> tuple[Evidence, ...]:
    """Exact spans of `text` for each phrase and word that moved the score and each signal."""
    hits = [h for h in sentiment.hits if h.signal or h.valence][:MAX_PHRASES]
    if not (hits or sentiment.words or sentiment.emojis or signals):
        return ()
    # A one-line message reaches the scorer unchanged: its phrase offsets are already exact.
    same = text == message and len(sentiment.view) == len(text)
    locator = Locator(text, sentiment.view if same else None)
    if same:
        found = locator.place_hits(hits)
    else:
        found = locator.locate((h.signal or "sentiment", h.text) for h in hits)
    if sentiment.words:
        found += locator.locate(("sentiment", word) for word in sentiment.words)
    if sentiment.emojis:
        found += locator.locate_exact("sentiment", sentiment.emojis)
    if not signals:
        return tuple(sorted(found, key=_SPAN)) if len(found) > 1 else tuple(found)
    names = {s.name for s in signals}
    if "repeat_contact" in names and not any(e.signal == "repeat_contact" for e in found):
        # "still waiting", "toujours pas": the delay phrase is also what makes it a 2nd contact.
        found += [
            Evidence("repeat_contact", e.start, e.end, e.quote)
            for e in found
            if e.signal == "delay" and sig.implies_earlier_contact(fold(e.quote).lower())
        ][:1]
    if "shouting" in names:
        found += locator.locate_exact("shouting", sig.shouted_words(message))
    if "exclamations" in names:
        found += locator.locate_exact("exclamations", sig.exclamation_runs(message))
    return tuple(sorted(found, key=_SPAN))
