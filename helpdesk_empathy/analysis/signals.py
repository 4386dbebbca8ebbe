"""Frustration signals: shouting, exclamation runs, repeat contact, and support-phrase topics."""

from __future__ import annotations

import re
from collections.abc import Iterable

from helpdesk_empathy.analysis.sentiment import PhraseHit
from helpdesk_empathy.models import Signal

# Capitals that are not shouting: acronyms, carriers, file types, codes.
ACRONYMS = frozenset(
    [
        "ASAP",
        "UPS",
        "USPS",
        "DHL",
        "TNT",
        "DPD",
        "GLS",
        "PDF",
        "CSV",
        "XML",
        "API",
        "URL",
        "USB",
        "TV",
        "DVD",
        "PC",
        "MAC",
        "IOS",
        "OK",
        "ID",
        "PIN",
        "SIM",
        "SMS",
        "VAT",
        "TVA",
        "IBAN",
        "BIC",
        "RIB",
        "ETA",
        "FAQ",
        "CEO",
        "HR",
        "IT",
        "UK",
        "USA",
        "US",
        "EU",
        "FR",
        "EN",
        "NY",
        "LA",
        "SNCF",
        "RATP",
        "EDF",
        "SFR",
        "VPN",
        "ATM",
        "GPS",
        "CPU",
        "RAM",
        "SSD",
        "HDMI",
        "WIFI",
        "LED",
        "LCD",
        "AM",
        "PM",
        "NB",
        "PS",
        "RE",
        "FW",
        "TR",
        "CC",
        "BCC",
        "FYI",
        "AKA",
        "DIY",
        "AC",
        "HT",
        "TTC",
        "PDG",
        "SAV",
        "CB",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_EXCLAIM_RUN = re.compile(r"[!?]*![!?]*!|\?!|!\?|\?{3,}")

_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "deuxieme": 2, "troisieme": 3, "quatrieme": 4, "cinquieme": 5, "sixieme": 6,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "twice": 2,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
}  # fmt: skip
_NUMBER = re.compile(
    r"\d+|second|third|fourth|fifth|sixth|seventh|deuxieme|troisieme|quatrieme|cinquieme|"
    r"sixieme|two|three|four|five|six|seven|deux|trois|quatre|cinq|sept"
)
# "still waiting", "toujours pas": unresolved after an earlier contact, so at least the 2nd.
STILL_WORDS = ("still", "toujours", "j'attends toujours", "attends toujours", "je attends toujours")
# "still hasn't arrived" is a late delivery, not a sign the customer wrote before.
_ARRIVAL = re.compile(r"\b(?:arrived|received|here|shipped|delivered|recu|arrive|livre|expedie)\b")
_EARLIER = re.compile(r"\b(?:previous|last|earlier|past|prior|other|derniers|dernieres|precedent)")
_UPPER_PAIR = re.compile(r"[A-ZÀ-ÖØ-Þ]{2}")

# Frustration points per phrase signal, and the plain-language reason shown to agents.
TOPICS: dict[str, tuple[float, str]] = {
    "delay": (10.0, "describes waiting or a delay"),
    "ignored": (14.0, "says nobody answered or followed up"),
    "broken": (8.0, "reports something not working or damaged"),
    "billing": (8.0, "raises a billing or refund problem"),
    "churn_threat": (22.0, "says they may cancel or leave"),
    "legal_threat": (28.0, "mentions legal or formal action"),
    "payment_dispute": (26.0, "mentions a bank dispute or chargeback"),
    "profanity": (12.0, "uses strong language"),
    "anger": (40.0, "uses words of strong anger or contempt"),
    "wants_human": (16.0, "asks for a manager or a person to deal with it"),
    "confusion": (4.0, "says they are unsure or confused"),
    "gratitude": (0.0, "thanks the team"),
}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def shouting(text: str) -> Signal | None:
    """Share of words in capitals, ignoring acronyms and one-letter words."""
    if _UPPER_PAIR.search(text) is None:  # cheap exit for the common case
        return None
    words = [w for w in _WORD.findall(text) if len(w) > 1 and w.upper() not in ACRONYMS]
    if len(words) < 2:
        return None
    caps = sum(map(str.isupper, words))
    share = caps / len(words)
    if caps < 2 or share < 0.4:
        return None
    points = round(8.0 + 17.0 * share, 1)
    return Signal(
        "shouting", points, f"about {round(share * 10) * 10}% of the words are in capitals"
    )


def shouted_words(text: str, limit: int = 6) -> list[str]:
    """The first `limit` words in capitals that the shouting signal counted."""
    words = [w for w in _WORD.findall(text) if len(w) > 1 and w.upper() not in ACRONYMS]
    return [w for w in words if w.isupper()][:limit]


def exclamation_runs(text: str, limit: int = 6) -> list[str]:
    """The first `limit` "!!", "?!", "???" runs the exclamations signal counted."""
    return _EXCLAIM_RUN.findall(text)[:limit]


def exclamations(text: str) -> Signal | None:
    """Runs like "!!", "?!" or "???"."""
    if "!" not in text and "??" not in text:
        return None
    runs = _EXCLAIM_RUN.findall(text)
    if not runs:
        return None
    longest = max(len(run) for run in runs)
    points = float(min(12, 4 + 2 * len(runs) + longest))
    noun = "run" if len(runs) == 1 else "runs"
    return Signal("exclamations", points, f"{len(runs)} {noun} of exclamation or question marks")


def stated_contact_number(hits: Iterable[PhraseHit]) -> int:
    """Which contact the customer says this is, from the matched phrases (1 if they do not say)."""
    best = 1
    for hit in hits:
        if hit.signal == "repeat_contact":
            found = _NUMBER.search(hit.text)
            if found is None:
                number = 2
            elif found.group().isdigit():
                number = int(found.group())
            else:
                number = _ORDINALS.get(found.group(), 2)
            if found is not None and _EARLIER.search(hit.text):
                number += 1  # "my previous two tickets": this message is the third contact
            best = max(best, min(number, 20) if number >= 2 else 2)
        elif hit.signal == "delay" and implies_earlier_contact(hit.text):
            best = max(best, 2)
    return best


def implies_earlier_contact(delay_phrase: str) -> bool:
    """A "still ..." delay says the customer wrote before, unless it is about goods arriving."""
    return delay_phrase.startswith(STILL_WORDS) and not _ARRIVAL.search(delay_phrase)


def repeat_contact(stated: int, contact_count: int) -> tuple[int, Signal | None]:
    """Combine what the text says with the requester's real recent tickets; take the larger."""
    if stated < 2 and contact_count <= 0:
        return 1, None  # the usual first contact
    from_history = max(0, contact_count) + 1
    number = max(1, stated, from_history)
    if number < 2:
        return number, None
    if stated >= from_history:
        reason = f"says this is the {_ordinal(number)} time they have written"
        if stated == 2:
            reason = "says they have written about this before"
    else:
        reason = f"this is the {_ordinal(number)} recent ticket from this requester"
    points = float(min(30, 10 * (number - 1)))
    return number, Signal("repeat_contact", points, reason)


def topic_signals(hits: Iterable[PhraseHit]) -> list[Signal]:
    """One signal per topic found among the matched support phrases, in first-seen order."""
    seen: dict[str, int] = {}
    for hit in hits:
        if hit.signal in TOPICS:
            seen[hit.signal] = seen.get(hit.signal, 0) + 1
    return [_TOPIC_SIGNALS[name, min(count, _MAX_COUNTED)] for name, count in seen.items()]


def _topic_signal(name: str, count: int) -> Signal:
    points, reason = TOPICS[name]
    # A second mention of the same topic adds a little, not as much again.
    total = points * (1.0 + 0.25 * min(count - 1, 2))
    return Signal(name, round(total, 1), reason)


# Mentions past the third add nothing, so every topic signal is one of these few (frozen,
# shared): built once here instead of once per message.
_MAX_COUNTED = 3
_TOPIC_SIGNALS = {
    (name, count): _topic_signal(name, count)
    for name in TOPICS
    for count in range(1, _MAX_COUNTED + 1)
}
