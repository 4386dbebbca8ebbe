"""Literal gates and start strings never change a regex's answer: they only rule out texts
and positions where it cannot match."""

from __future__ import annotations

import random
import re

import pytest

from helpdesk_empathy.analysis import discourse
from helpdesk_empathy.analysis.gates import GatedPattern
from helpdesk_empathy.analysis.literals import MAX_STARTS, required_strings, start_strings


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (
            r"\b(?:i|we) (?:forgot|broke)\b|by (?:mistake|accident)",
            {"forgot", "broke", "mistake", "accident"},
        ),
        (r"\bmy (?:bad|fault)\b", {"bad", "fault"}),  # "my " says less than the words after it
        (r"(?:accidentally|accident)\b", {"accident"}),  # a string holding another adds nothing
        (r"\?|\bplease\b", {"?", "please"}),
        (r"x+y", {"x"}),
    ],
)
def test_required_strings(pattern: str, required: set[str]) -> None:
    assert required_strings(pattern) == required


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:foo)?bar|\w+",  # one alternative needs no literal at all
        r"[abc]\d",
        r"(?i)sorry",  # case-insensitive: a literal gate would miss "SORRY"
        r"(?:x )?",
    ],
)
def test_no_gate_when_nothing_is_required(pattern: str) -> None:
    assert required_strings(pattern) is None
    assert GatedPattern(pattern).gate is None


TEXTS = [
    "",
    "i forgot my password, can you reset it?",
    "we broke it by mistake",
    "my bad, i ordered the wrong size",
    "nothing wrong here",
    "it was fixed but not really resolved",
    "le colis a ete recu, tout fonctionne",
    "j'ai casse l'ecran par erreur",
    "iforgot",
    "by accidentally",
]


@pytest.mark.parametrize("rules", [discourse._EN, discourse._FR], ids=["en", "fr"])
def test_gated_rules_answer_as_the_regex_does(rules: dict) -> None:
    gated = [rule for rule in rules.values() if isinstance(rule, GatedPattern)]
    assert gated
    for rule in gated:
        plain = re.compile(rule.pattern)
        for text in TEXTS:
            found = rule.search(text)
            expected = plain.search(text)
            assert (found and found.span()) == (expected and expected.span()), (rule.pattern, text)
            spans = [m.span() for m in rule.finditer(text)]
            assert spans == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (
            "je (?:me )?suis arretee?",
            {"je suis arrete", "je suis arretee", "je me suis arrete", "je me suis arretee"},
        ),  # fmt: skip
        ("(?:ab|cd)?ef", {"ef", "abef", "cdef"}),
        ("ab*c", {"a"}),  # a repeat ends the start
        ("x[yz]", {"x"}),  # so does a class
        ("plain", {"plain"}),
    ],
)
def test_start_strings(pattern: str, starts: set[str]) -> None:
    assert start_strings(pattern) == starts


@pytest.mark.parametrize("pattern", [r"(?:for )?(?:\d+|a) hours?", r"(?:\w+ )?foo", r"(?i)sorry"])
def test_no_start_strings_when_a_match_can_start_anywhere(pattern: str) -> None:
    assert start_strings(pattern) is None


def test_start_strings_stop_growing_at_the_limit() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = "|".join(f"{letter}x" for letter in letters)
    assert MAX_STARTS < 26 * 26
    # 26 starts after the first group, 676 after the second: too many, the 26 stand.
    expected = {f"go {letter}x" for letter in letters}
    assert start_strings(f"go (?:{words})(?:{words}) now") == expected


def test_every_match_starts_with_a_start_string() -> None:
    rng = random.Random(11)
    patterns = [
        "je (?:me )?suis arretee?",
        "(?:my|our) (?:(?:previous|last) (?:two|three)|other) tickets?",
        "(?:a |the )?(?:order|parcel) (?:is |was )?(?:late|lost)",
        "no(?:t| longer)? work(?:s|ing)?",
    ]
    alphabet = "abcdeilmnoprstuvwy "
    for pattern in patterns:
        starts = start_strings(pattern)
        assert starts
        regex = re.compile(pattern)
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for found in regex.finditer(text):
                assert any(found.group().startswith(s) for s in starts), (pattern, found.group())
        for start in starts:  # and each start can begin a match
            assert any(m.startswith(start) for m in _samples(regex, start)), start


def _samples(regex: re.Pattern[str], start: str) -> list[str]:
    tails = ["", " late", " lost", "s", "ing", " tickets", "e", " tickets", " work", " working"]
    return [m.group() for tail in tails if (m := regex.match(start + tail))]
