"""Admin templates are bounded in time, memory and depth: bombs are refused before they
allocate, the language has no loops or recursion, and every branch is checked at start-up."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from helpdesk_empathy.decision.replies import TemplateProblem, check_template
from helpdesk_empathy.decision.replies.render import CONTEXT_BRANCHES, shipped_sources
from helpdesk_empathy.decision.replies.sandbox import MAX_OUTPUT_CHARS
from helpdesk_empathy.decision.rules import parse_rules
from helpdesk_empathy.errors import ConfigError

PEAK_BYTES = 20 * 1024 * 1024  # the bombs below asked for ~400 MB before the output cap
BOUND_SECONDS = 2.0

BOMBS = {
    "center": "{{ subject | center(400000000) }}",
    "printf width": '{{ "%400000000d" % 1 }}',
    "printf precision": '{{ "%.400000000f" % 1 }}',
    "format filter": '{{ "%400000000d" | format(1) }}',
    "format star width": '{{ "%*d" | format(400000000, 1) }}',
    "indent": "{{ subject | indent(400000000) }}",
    "indent keyword": "{{ subject | indent(width=400000000, first=true) }}",
    "wordwrap": "{{ subject | wordwrap(400000000) }}",
    "truncate": "{{ subject | truncate(400000000) }}",
    "chained replace": "{{ subject | replace('', subject) | replace('', subject) }}",
    "replace growth": "{{ 'aaaa' | replace('a', 'aaaaaaaaaaaaaaaaaaaa') | replace('a', "
    "'aaaaaaaaaaaaaaaaaaaa') | replace('a', 'aaaaaaaaaaaaaaaaaaaa') }}",
    "computed width": "{{ subject | center(contact_number * 100000000) }}",
    "repeat": "{{ 'x' * 10000000 }}",
    "nested repeat": "{{ ('x' * 1000) * 1000 }}",
    "power": "{{ 9 ** 9999999 }}",
}


@pytest.mark.parametrize("source", BOMBS.values(), ids=BOMBS.keys())
def test_template_bombs_are_refused_without_allocating(source: str) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(TemplateProblem):
            check_template(source, language="en", key="neutral")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < BOUND_SECONDS
    assert peak < PEAK_BYTES


HIDDEN = {
    "behind three flags": "{% if billing and escalated and not repeat %}"
    "{{ subject | center(400000000) }}{% endif %}",
    "on a late contact": "{% if contact_number > 5 %}"
    "{{ subject | center(contact_number * 99999999) }}{% endif %}",
    "on a long question": "{% if question | length > 150 %}{{ question | replace(' ', question) }}"
    "{% endif %}",
    "without a name": "{% if not first_name %}{{ '%400000000s' % 'x' }}{% endif %}",
    "in an elif": "{% if repeat %}a{% elif delay %}b{% elif broken %}{{ 1 // 0 }}{% endif %}",
}


@pytest.mark.parametrize("source", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_bomb_behind_a_condition_stops_start_up(source: str) -> None:
    text = f"replies:\n  templates:\n    en:\n      neutral: {source!r}\n"
    with pytest.raises(ConfigError, match="replies.templates.en.neutral"):
        parse_rules(text, source="rules.yaml")


LANGUAGE = {
    "recursive macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "loop": "{% for a in subject %}{% for b in subject %}{{ a }}{% endfor %}{% endfor %}",
    "set": "{% set s = subject ~ subject %}{{ s }}",
    "call": "{{ subject.center(400000000) }}",
    "attribute": "{{ subject.upper }}",
    "filter outside the list": "{{ subject | map('upper') | join }}",
    "call block": "{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}x{% endcall %}",
    "deep nesting": "{{ " + "(" * 2500 + "1" + ")" * 2500 + " }}",
    "too long": "x" * 9000,
}


@pytest.mark.parametrize("source", LANGUAGE.values(), ids=LANGUAGE.keys())
def test_constructs_outside_the_template_language_are_refused(source: str) -> None:
    with pytest.raises(TemplateProblem):
        check_template(source, language="en", key="neutral")


def test_a_plain_admin_template_with_filters_passes_every_branch() -> None:
    source = (
        "{% if first_name %}Dear {{ first_name | title }},{% endif %} About "
        "{{ subject | default('your request', true) | truncate(40) }}: "
        "{{ 'contact #%d' % contact_number }}{{ question | replace('?', '') | center(10) }}"
    )
    check_template(source, language="en", key="neutral")


def test_every_shipped_template_passes_every_branch() -> None:
    for language in ("en", "fr"):
        for key, source in shipped_sources(language).items():
            check_template(source, language=language, key=key)


def test_branch_values_include_the_longest_texts() -> None:
    assert max(len(v or "") for v in CONTEXT_BRANCHES["subject"]) >= 80
    assert max(len(v or "") for v in CONTEXT_BRANCHES["question"]) >= 160
    assert MAX_OUTPUT_CHARS >= 1000
