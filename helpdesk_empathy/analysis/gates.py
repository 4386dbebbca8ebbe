"""Literal gates: strings without which a regex cannot match, checked first by one fast scan.

A regex of many alternatives that each open with a word boundary ("\\b(?:i|we) (?:forgot|
broke)...") is tried at every position of the message, which costs microseconds even when it
rarely matches. Each of its matches contains one of a few plain strings ("forgot", "broke"),
worked out here from the parsed pattern; a text holding none of them cannot match, so the
regex itself runs only on the few texts that do. Results are exactly the regex's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from re import _constants as sre  # the parser's opcodes: stable since Python 3.11
from re import _parser as sre_parse
from typing import Any

from helpdesk_empathy.analysis.phrases import trie_pattern

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _strength(literals: set[str]) -> int:
    """How selective a set is: its shortest string, spaces aside ("my " says little)."""
    return min(len(literal.strip()) for literal in literals)


def _stronger(candidate: set[str] | None, best: set[str] | None) -> set[str] | None:
    if candidate is None or not candidate:
        return best
    if best is None or _strength(candidate) > _strength(best):
        return candidate
    return best


def _sequence(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
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
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _sequence(parsed.data)
    if not found or _strength(found) == 0:
        return None
    # A string containing another adds nothing ("accidentally" holds "accident").
    return frozenset(s for s in found if not any(o != s and o in s for o in found))


class GatedPattern:
    """A compiled regex that first checks, in one scan, for a string every match contains."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)
        self.pattern = pattern
        required = required_strings(pattern)
        self.gate = None
        if required:  # as a trie: a position costs a few branches, not one per string
            self.gate = re.compile(trie_pattern(sorted(required)))

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is not None and self.gate.search(text) is None:
            return None
        return self.regex.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.gate is not None and self.gate.search(text) is None:
            return iter(())
        return self.regex.finditer(text)


__all__ = ["GatedPattern", "required_strings"]
