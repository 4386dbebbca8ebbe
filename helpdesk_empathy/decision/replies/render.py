"""Render the suggested reply (shipped or admin templates, sandboxed) in the customer's language."""

from __future__ import annotations

import functools
import itertools
import logging
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml

from helpdesk_empathy.decision.replies.categories import CATEGORIES
from helpdesk_empathy.decision.replies.question import MAX_QUESTION_CHARS
from helpdesk_empathy.decision.replies.sandbox import (
    TemplateProblem,
    compile_template,
    referenced_names,
    render_sandboxed,
)

log = logging.getLogger(__name__)

LANGUAGES = ("en", "fr")
TEMPLATE_KEYS = ("greeting", *CATEGORIES)
MAX_SUBJECT_CHARS = 80

_ORDINALS = {
    "en": {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"},
    "fr": {2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième", 6: "sixième"},
}

# A representative context used to check admin templates at start-up.
SAMPLE_CONTEXT: dict[str, Any] = {
    "first_name": "Alex",
    "subject": "Order 1042 not delivered",
    "contact_number": 3,
    "ordinal": "third",
    "repeat": True,
    "delay": True,
    "broken": False,
    "billing": False,
    "offer_human": True,
    "escalated": True,
    "question": "Can I change the delivery address?",
}


# Every value each variable can take that can change a template's path or size: both sides
# of each condition and the longest texts build_context() gives. check_template renders all
# combinations of the variables a template reads, so no branch goes unchecked.
_LONGEST_SUBJECT = ("word " * 20)[:MAX_SUBJECT_CHARS].rsplit(" ", 1)[0] + "..."
_LONGEST_QUESTION = ("word " * 40)[:MAX_QUESTION_CHARS].rsplit(" ", 1)[0] + "...?"
CONTEXT_BRANCHES: dict[str, tuple[Any, ...]] = {
    "first_name": (None, "A" * 40),
    "subject": (None, _LONGEST_SUBJECT),
    "contact_number": (1, 2, 3, 7),
    "ordinal": ("", "quatrième"),
    "repeat": (False, True),
    "delay": (False, True),
    "broken": (False, True),
    "billing": (False, True),
    "offer_human": (False, True),
    "escalated": (False, True),
    "question": ("", _LONGEST_QUESTION),
}


@functools.cache
def shipped_sources(language: str) -> dict[str, str]:
    """The shipped template sources for one language, keyed by TEMPLATE_KEYS."""
    text = resources.files(__package__).joinpath("templates", f"{language}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    missing = [key for key in TEMPLATE_KEYS if key not in data]
    if missing:  # pragma: no cover - guarded by tests
        raise RuntimeError(f"shipped templates for {language} lack {missing}")
    return {key: str(data[key]) for key in TEMPLATE_KEYS}


@functools.cache
def _compiled(language: str, key: str, source: str):
    return compile_template(source, name=f"replies.templates.{language}.{key}")


def first_name(full_name: str | None) -> str | None:
    """First word of a display name, or None when it looks like an e-mail or is empty."""
    if not full_name:
        return None
    word = full_name.strip().split()[0] if full_name.strip() else ""
    if not word or "@" in word or any(ch.isdigit() for ch in word):
        return None
    return word[:40]


def clean_subject(subject: str | None) -> str | None:
    """Subject on one line, without reply prefixes, cut at a word boundary."""
    if not subject:
        return None
    text = re.sub(r"\s+", " ", subject).strip()
    text = re.sub(r"^((re|fwd?|tr)\s*:\s*)+", "", text, flags=re.IGNORECASE).strip()
    if len(text) > MAX_SUBJECT_CHARS:
        text = text[:MAX_SUBJECT_CHARS].rsplit(" ", 1)[0] + "..."
    return text or None


def build_context(
    *,
    language: str,
    requester_name: str | None = None,
    subject: str | None = None,
    contact_number: int = 1,
    repeat: bool = False,
    delay: bool = False,
    broken: bool = False,
    billing: bool = False,
    offer_human: bool = False,
    escalated: bool = False,
    question: str | None = None,
) -> dict[str, Any]:
    """Every variable a template may use; values are plain data, never template text."""
    return {
        "first_name": first_name(requester_name),
        "subject": clean_subject(subject),
        "contact_number": contact_number,
        "ordinal": _ORDINALS.get(language, _ORDINALS["en"]).get(contact_number, ""),
        "repeat": repeat,
        "delay": delay,
        "broken": broken,
        "billing": billing,
        "offer_human": offer_human,
        "escalated": escalated,
        "question": question or "",
    }


def tidy(text: str) -> str:
    """Single spaces; every non-empty line is a paragraph, separated by one empty line."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    # "text ," can be left behind by an empty conditional.
    lines = [re.sub(r" +([,.])", r"\1", line) for line in lines if line]
    return "\n\n".join(lines)


def _render_one(language: str, key: str, context: Mapping[str, Any], overrides) -> str:
    source = (overrides or {}).get(language, {}).get(key)
    if source is not None:
        try:
            return render_sandboxed(_compiled(language, key, source), dict(context), name=key)
        except TemplateProblem as problem:
            # Validated at start-up, so this is rare; fall back rather than post nothing.
            log.warning(
                "admin template %s.%s failed (%s); using shipped one",
                language,
                key,
                type(problem).__name__,
            )
    shipped = shipped_sources(language)[key]
    return render_sandboxed(_compiled(language, key, shipped), dict(context), name=key)


def render_reply(
    category: str,
    language: str,
    context: Mapping[str, Any],
    *,
    overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """Greeting + body for a category in the customer's language (English if unsupported)."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown reply category {category!r}; expected one of {CATEGORIES}")
    language = language if language in LANGUAGES else "en"
    greeting = _render_one(language, "greeting", context, overrides)
    body = _render_one(language, category, context, overrides)
    return tidy(f"{greeting}\n\n{body}")


def check_template(source: str, *, language: str, key: str) -> None:
    """Raise TemplateProblem unless source compiles and renders on every branch: each
    combination of the values (CONTEXT_BRANCHES) of the variables it reads."""
    name = f"replies.templates.{language}.{key}"
    template = _compiled(language, key, source)
    names = sorted(referenced_names(source) & CONTEXT_BRANCHES.keys())
    for values in itertools.product(*(CONTEXT_BRANCHES[n] for n in names)):
        render_sandboxed(
            template, {**SAMPLE_CONTEXT, **dict(zip(names, values, strict=True))}, name=name
        )
