"""No shipped template (or rendered reply) claims shared feelings or makes unilateral promises."""

from __future__ import annotations

import itertools
from importlib import resources

import pytest
import yaml

from helpdesk_empathy.decision.replies import CATEGORIES, LANGUAGES, build_context, find_forbidden
from helpdesk_empathy.decision.replies.render import render_reply

FLAGS = ("repeat", "delay", "broken", "billing", "offer_human", "escalated")


def shipped_template_files():
    folder = resources.files("helpdesk_empathy.decision.replies").joinpath("templates")
    return sorted(entry for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def test_there_is_a_template_file_per_language():
    assert {entry.name for entry in shipped_template_files()} == {f"{x}.yaml" for x in LANGUAGES}


@pytest.mark.parametrize("entry", shipped_template_files(), ids=lambda entry: entry.name)
def test_shipped_template_sources_are_clean(entry):
    for key, source in yaml.safe_load(entry.read_text("utf-8")).items():
        assert find_forbidden(source) == [], f"{entry.name}:{key}"


def test_every_rendered_variant_is_clean():
    # Conditionals could join clean fragments into a forbidden phrase: check every combination.
    checked = 0
    for language, category in itertools.product(LANGUAGES, CATEGORIES):
        for values in itertools.product((False, True), repeat=len(FLAGS)):
            for contact in (1, 2, 3, 7):
                context = build_context(
                    language=language,
                    requester_name="Sam",
                    subject="Invoice",
                    contact_number=contact,
                    **dict(zip(FLAGS, values, strict=True)),
                )
                reply = render_reply(category, language, context)
                assert find_forbidden(reply) == [], (language, category, values, reply)
                checked += 1
    assert checked == len(LANGUAGES) * len(CATEGORIES) * 2 ** len(FLAGS) * 4


def test_shipped_default_rules_overrides_are_clean():
    text = (
        resources.files("helpdesk_empathy.decision")
        .joinpath("default_rules.yaml")
        .read_text("utf-8")
    )
    templates = yaml.safe_load(text)["replies"]["templates"] or {}
    for language, keys in templates.items():
        for key, source in keys.items():
            assert find_forbidden(source) == [], f"{language}.{key}"


@pytest.mark.parametrize(
    "text",
    [
        "I know how you feel.",
        "I completely understand how frustrating this must be.",
        "Honestly, I feel your pain here.",
        "We guarantee delivery tomorrow.",
        "Rest assured, you will be refunded.",
        "This will never happen again.",
        "Je comprends parfaitement ce que vous ressentez.",
        "Je comprends  parfaitement ce que vous ressentez",  # odd spacing
        "JE SAIS CE QUE VOUS RESSENTEZ",
        "Je partage votre frustration.",
        "Nous garantissons une livraison demain.",
        "Soyez assuré que cela ne se reproduira plus.",
        "Vous serez remboursé sous 48 heures.",
        "À votre place, je serais furieux.",
    ],
)
def test_lint_catches_forbidden_phrases(text):
    assert find_forbidden(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "I can see this is the third time you've written, and I'm sorry for that.",
        "Your device is still under warranty.",
        "Votre appareil est toujours sous garantie.",
        "Je comprends votre demande et je regarde votre dossier.",
        "I'll check whether a refund is possible and reply by Friday.",
    ],
)
def test_lint_leaves_honest_acknowledgements_alone(text):
    assert find_forbidden(text) == []
