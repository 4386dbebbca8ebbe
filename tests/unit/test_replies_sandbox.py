"""Admin templates render in a sandbox: no file access, no code, no escape, bounded output."""

from __future__ import annotations

import logging

import pytest
from builders import message_event

from helpdesk_empathy.decision.policy import suggest_reply
from helpdesk_empathy.decision.replies import (
    TemplateProblem,
    build_context,
    check_template,
    render_reply,
)
from helpdesk_empathy.decision.rules import parse_rules
from helpdesk_empathy.errors import ConfigError
from helpdesk_empathy.models import Analysis

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ first_name.__class__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{% include '/etc/passwd' %}",
    "{% extends 'base.txt' %}",
    "{% import 'macros.txt' as m %}",
    "{% from 'macros.txt' import x %}",
    "{{ range(10) | list }}",
    "{{ 'x' * 10000000 }}",
    "{{ 9 ** 9999999 }}",
    "{{ first_name.format.__globals__ }}",
    "{{ config }}",
    "{{ request }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_attempts_are_rejected(source):
    with pytest.raises(TemplateProblem):
        check_template(source, language="en", key="angry")


@pytest.mark.parametrize("source", ESCAPES[:6])
def test_escape_attempts_in_the_rules_file_stop_start_up_with_the_line(source):
    text = f"replies:\n  templates:\n    en:\n      angry: {source!r}\n"
    with pytest.raises(ConfigError) as caught:
        parse_rules(text, source="rules.yaml")
    assert "rules.yaml: line 4, replies.templates.en.angry:" in str(caught.value)


def test_misspelt_variable_is_caught_at_start_up():
    with pytest.raises(ConfigError, match="'frist_name' is undefined"):
        parse_rules("replies:\n  templates:\n    fr:\n      greeting: 'Bonjour {{ frist_name }}'\n")


def test_a_reasonable_admin_template_is_used():
    rules = parse_rules(
        "replies:\n"
        "  templates:\n"
        "    en:\n"
        "      greeting: '{% if first_name %}Dear {{ first_name | upper }},{% else %}Hello,"
        "{% endif %}'\n"
        "      neutral: 'Thanks for writing{% if subject %} about {{ subject }}{% endif %}. "
        "We will look at it and reply by [day].'\n"
    )
    item = Analysis(language="en", compound=0.0, level="neutral", frustration=0)
    event = message_event(text="", requester_name="Sam Lee", subject="Login")
    _, reply = suggest_reply(item, event, rules, escalate=False)
    assert (
        reply
        == "Dear SAM,\n\nThanks for writing about Login. We will look at it and reply by [day]."
    )
    # French keeps the shipped templates.
    french = Analysis(language="fr", compound=0.0, level="neutral", frustration=0)
    assert suggest_reply(french, event, rules, escalate=False)[1].startswith("Bonjour Sam,")


def test_customer_text_in_variables_is_never_evaluated():
    context = build_context(
        language="en", requester_name="{{7*7}} Smith", subject="{% for x in y %}{{ 7*7 }}"
    )
    reply = render_reply("neutral", "en", context)
    assert "{{ 7*7 }}" in reply and "49" not in reply
    assert reply.startswith("Hello,")  # "{{7*7}}" is not a plausible first name


def test_a_broken_override_at_run_time_falls_back_to_the_shipped_template(caplog):
    overrides = {"en": {"neutral": "{{ ''.__class__ }}"}}
    context = build_context(language="en", requester_name="Sam")
    with caplog.at_level(logging.WARNING):
        reply = render_reply("neutral", "en", context, overrides=overrides)
    assert "looking into this now" in reply
    assert "failed" in caplog.text


def test_unknown_category_is_an_error():
    with pytest.raises(ValueError, match="unknown reply category"):
        render_reply("grumpy", "en", build_context(language="en"))
