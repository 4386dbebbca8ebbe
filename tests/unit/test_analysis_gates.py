"""Literal gates never change a regex's answer: they only skip texts it cannot match."""

from __future__ import annotations

import re

import pytest

from helpdesk_empathy.analysis import discourse
from helpdesk_empathy.analysis.gates import GatedPattern, required_strings


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
