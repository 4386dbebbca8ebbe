"""What every match of a regex contains or starts with, read from its parsed form.

Both answers are plain strings worked out from the pattern itself, so a text can be ruled out
(or a position skipped) by a cheap literal test before the regex runs, with exactly the
regex's own results. Where the pattern leaves it open (a class, a look-around, a repeat), the
answer stops there: shorter strings, or None, never a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined]  # opcodes: stable since 3.11
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
MAX_STARTS = 64  # start strings followed through groups at most; beyond, shorter ones stand

Item = tuple[Any, Any]  # one parsed (opcode, argument) pair


def _parsed(pattern: str) -> list[Item] | None:
    parsed = sre_parse.parse(pattern)
    return None if parsed.state.flags & re.IGNORECASE else list(parsed.data)


# ---- strings every match contains ----------------------------------------------------------


def _strength(literals: set[str]) -> int:
    """How selective a set is: its shortest string, spaces aside ("my " says little)."""
    return min(len(literal.strip()) for literal in literals)


def _stronger(candidate: set[str] | None, best: set[str] | None) -> set[str] | None:
    if candidate is None or not candidate:
        return best
    if best is None or _strength(candidate) > _strength(best):
        return candidate
    return best


def _sequence(items: Sequence[Item]) -> set[str] | None:
    """Strings one of which every match of the sequence contains (None: no such set known)."""
    best: set[str] | None = None
    run: list[str] = []  # consecutive literal characters form one string
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _stronger({"".join(run)}, best)
            run = []
        best = _stronger(_item(op, av), best)
    if run:
        best = _stronger({"".join(run)}, best)
    return best


def _item(op: Any, av: Any) -> set[str] | None:
    if op is sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & re.IGNORECASE else _sequence(sub.data)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av.data)
    if op in _REPEATS:
        low, _, sub = av
        return _sequence(sub.data) if low >= 1 else None
    if op is sre.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(alternative.data)
            if not found:
                return None  # one alternative needs nothing: neither does the branch
            union |= found
        return union
    return None  # classes, anchors, look-arounds: no literal required


def required_strings(pattern: str) -> frozenset[str] | None:
    """Plain strings one of which every match of `pattern` contains; None if none are known."""
    items = _parsed(pattern)
    found = _sequence(items) if items is not None else None
    if not found or _strength(found) == 0:
        return None
    # A string containing another adds nothing ("accidentally" holds "accident").
    return frozenset(s for s in found if not any(o != s and o in s for o in found))


# ---- strings every match starts with -------------------------------------------------------

Start = tuple[str, bool]  # a start string, and whether the pattern may still extend it


def _extend(items: Sequence[Item], starts: list[Start]) -> list[Start]:
    """Each open start extended through `items`; a start closes where the pattern opens up."""
    for op, av in items:
        if not any(open_ for _, open_ in starts):
            break
        if op is sre.LITERAL:
            grown = [(s + chr(av), True) if open_ else (s, False) for s, open_ in starts]
        elif op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            grown = _extend(av[3].data, starts)
        elif op is sre.BRANCH:
            grown = [start for branch in av[1] for start in _extend(branch.data, starts)]
        elif op in _REPEATS and av[0] == 0 and av[1] == 1:  # optional: with it or without
            grown = starts + _extend(av[2].data, starts)
        else:
            grown = []  # a class, a repeat, a look-around...: the starts end here
        if not grown or len(grown) > MAX_STARTS:
            return [(s, False) for s, _ in starts]
        starts = list(dict.fromkeys(grown))
    return starts


def start_strings(pattern: str) -> frozenset[str] | None:
    """Plain strings one of which every match of `pattern` starts with (None: a match may
    start with anything, e.g. a character class)."""
    items = _parsed(pattern)
    if items is None:
        return None
    starts = _extend(items, [("", True)])
    if any(not s for s, _ in starts):
        return None
    return frozenset(s for s, _ in starts)


__all__ = ["MAX_STARTS", "required_strings", "start_strings"]
