"""Suggested replies: every category in English and French, adapted to the signals."""

from __future__ import annotations

import re

import pytest
from builders import analysis_at, message_event

from helpdesk_empathy.decision.policy import suggest_reply
from helpdesk_empathy.decision.replies import CATEGORIES, choose_category, find_forbidden
from helpdesk_empathy.decision.rules import default_rules


def analysis(language="en", *, level="neutral", **fields):
    return analysis_at(level, language=language, **fields)


# One message per category: (analysis kwargs, English marker, French marker).
CASES = {
    "legal": (
        dict(level="negative", frustration=55, signals=["legal_threat"]),
        "reviewed in full",
        "dans son intégralité",
    ),
    "churn": (
        dict(level="negative", frustration=50, signals=["churn_threat"]),
        "still want to cancel",
        "résilier",
    ),
    "repeat_contact_3plus": (
        dict(level="negative", frustration=50, signals=["repeat_contact"], contact=3),
        "third time",
        "troisième fois",
    ),
    "angry": (
        dict(level="very_negative", frustration=75, signals=["shouting", "broken"]),
        "hasn't gone the way it should",
        "ne se sont pas passées comme",
    ),
    "repeat_contact": (
        dict(level="negative", frustration=40, signals=["repeat_contact"], contact=2),
        "already contacted us",
        "déjà contactés",
    ),
    "delay": (
        dict(level="negative", frustration=35, signals=["delay"]),
        "kept waiting",
        "cette attente",
    ),
    "confused": (
        dict(level="neutral", frustration=10, signals=["confusion"]),
        "[step 1]",
        "[étape 1]",
    ),
    "positive": (
        dict(level="very_positive", frustration=0, signals=["gratitude"]),
        "taking the time to contact us",
        "pris le temps de nous contacter",
    ),
    "dispute": (
        dict(level="negative", frustration=50, signals=["payment_dispute"]),
        "disputing this payment with your bank",
        "contester ce paiement auprès de votre",
    ),
    "human": (
        dict(level="negative", frustration=40, signals=["wants_human"]),
        "is taking over your case personally and will contact you by [day/time]",
        "reprend personnellement votre dossier et vous contactera au plus tard le [jour/heure]",
    ),
    "question": (
        dict(level="neutral", frustration=0),
        '"Can I move my delivery to next Tuesday?"',
        "« Can I move my delivery to next Tuesday? »",
    ),
    "neutral": (
        dict(level="neutral", frustration=5),
        "looking into this now",
        "Je m'occupe de votre demande",
    ),
}
# "human" and "dispute" already hand the customer to a person, by [day/time].
ANGRY_CATEGORIES = {"angry", "legal", "churn", "repeat_contact_3plus"}


QUESTION = "Hello. Can I move my delivery to next Tuesday? Thanks"


def event(name="Marie Dupont", subject="Order 1042 not delivered", text="..."):
    return message_event(requester_name=name, subject=subject, text=text)


def reply_for(category, language, **changes):
    kwargs, *_ = CASES[category]
    item = analysis(language, **{**kwargs, **changes})
    text = QUESTION if category == "question" else "..."
    return suggest_reply(item, event(text=text), default_rules(), escalate=False)


def body_of(reply: str) -> str:
    return reply.split("\n\n", 1)[1]


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


def test_every_category_has_a_case():
    assert set(CASES) == set(CATEGORIES)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("category", list(CASES))
def test_each_category_reads_well_in_each_language(category, language):
    chosen, reply = reply_for(category, language)
    assert chosen == category
    marker = CASES[category][1 if language == "en" else 2]
    assert marker in reply
    assert reply.startswith("Hi Marie," if language == "en" else "Bonjour Marie,")
    subject = '"Order 1042 not delivered"' if language == "en" else "« Order 1042 not delivered »"
    assert subject in reply
    assert 2 <= sentences(body_of(reply)) <= 5
    assert find_forbidden(reply) == []
    assert "{" not in reply and "}" not in reply  # nothing left unrendered
    if language == "fr":
        assert re.search(r"\bvous\b", reply)
        assert not re.search(r"\b(tu|te|toi|ton|ta|tes)\b", reply, re.IGNORECASE)


@pytest.mark.parametrize("language, offer", [("en", "phone number"), ("fr", "numéro")])
@pytest.mark.parametrize("category", sorted(ANGRY_CATEGORIES))
def test_angry_customers_are_offered_a_human(category, language, offer):
    _, reply = reply_for(category, language, frustration=80)
    assert offer in reply


@pytest.mark.parametrize("language, offer", [("en", "phone number"), ("fr", "numéro")])
def test_calm_customers_are_not_pushed_to_a_call(language, offer):
    for category in ("neutral", "confused", "positive", "delay"):
        _, reply = reply_for(category, language)
        assert offer not in reply, category


@pytest.mark.parametrize(
    "language, apology",
    [("en", "again"), ("fr", "relance")],
)
def test_repeat_contact_apology_only_when_repeat_contact_was_detected(language, apology):
    _, angry_first = reply_for("angry", language)
    _, angry_again = reply_for("angry", language, contact=2)
    assert apology not in angry_first
    assert apology in angry_again
    _, delay_first = reply_for("delay", language)
    assert "follow up" not in delay_first and "relance" not in delay_first
    # Waiting AND writing again: the repeat-contact reply, which also mentions the wait.
    chosen, delay_again = reply_for("delay", language, signals=["delay", "repeat_contact"])
    assert chosen == "repeat_contact"
    assert ("still waiting" in delay_again) if language == "en" else ("attente" in delay_again)
    _, repeat_only = reply_for("repeat_contact", language)
    assert "still waiting" not in repeat_only and "attente" not in repeat_only


@pytest.mark.parametrize("language, fallback", [("en", "Hello,"), ("fr", "Bonjour,")])
def test_no_name_and_no_subject_still_read_naturally(language, fallback):
    kwargs, *_ = CASES["angry"]
    item = analysis(language, **kwargs)
    _, reply = suggest_reply(item, event(name=None, subject=None), default_rules(), escalate=False)
    assert reply.startswith(fallback)
    assert '""' not in reply and "« »" not in reply and " ." not in reply


def test_email_as_name_is_not_used_as_a_first_name():
    _, reply = suggest_reply(
        analysis(), event(name="marie@example.com"), default_rules(), escalate=False
    )
    assert reply.startswith("Hello,")
    assert "@" not in reply


def test_subject_is_cleaned_and_shortened():
    long_subject = "RE: Fwd: " + "very long subject words " * 10
    _, reply = suggest_reply(
        analysis(), event(subject=long_subject), default_rules(), escalate=False
    )
    assert "RE:" not in reply and "Fwd:" not in reply
    assert "very long subject words" in reply
    assert "..." in reply


def test_third_contact_without_known_count_says_several_times():
    _, reply = reply_for("repeat_contact_3plus", "en", contact=9)
    assert "several times" in reply


def test_unsupported_language_falls_back_to_english():
    item = analysis("de", level="neutral")
    _, reply = suggest_reply(item, event(), default_rules(), escalate=False)
    assert reply.startswith("Hi Marie,")


def test_category_precedence():
    legal_and_churn = analysis(signals=["legal_threat", "churn_threat"], contact=4)
    assert choose_category(legal_and_churn) == "legal"
    assert choose_category(analysis(signals=["churn_threat"], contact=4)) == "churn"
    angry_second = analysis(level="very_negative", frustration=80, contact=2)
    assert choose_category(angry_second) == "angry"
    thanks_but_waiting = analysis(level="positive", signals=["gratitude", "delay"])
    assert choose_category(thanks_but_waiting) == "delay"
    swearing = analysis(level="negative", frustration=30, signals=["profanity"])
    assert choose_category(swearing) == "angry"
    assert choose_category(analysis(level="negative", frustration=30)) == "neutral"


def test_angry_threshold_comes_from_the_rules():
    item = analysis(level="negative", frustration=50)
    assert choose_category(item, angry_at=60) == "neutral"
    assert choose_category(item, angry_at=50) == "angry"


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("category", list(CASES))
def test_no_draft_says_write_while_the_channel_is_unknown(category, language):
    """A chat or phone customer did not "write": drafts say contact / get back to you."""
    for frustration in (0, 80):
        _, reply = reply_for(category, language, frustration=frustration, contact=3)
        _, first = reply_for(category, language, frustration=frustration)
        for text in (reply, first):
            assert not re.search(r"\b(write|writing|wrote|written)\b", text, re.I), text
            assert not re.search(r"\b(écri\w*)\b", text, re.I), text


def test_asking_for_a_person_gets_a_person_by_a_time_not_a_call_offer():
    chosen, reply = reply_for("human", "en", frustration=80, level="very_negative")
    assert chosen == "human"
    assert "[day/time]" in reply and "taking over" in reply
    assert "phone number" not in reply


def test_a_dispute_outranks_churn_and_asking_for_a_person():
    item = analysis(signals=["churn_threat", "wants_human", "payment_dispute"])
    assert choose_category(item) == "dispute"
    assert choose_category(analysis(signals=["churn_threat", "wants_human"])) == "churn"


def test_a_question_with_a_complaint_is_not_a_plain_question():
    item = analysis(level="negative", frustration=30, signals=["delay"])
    chosen, _ = suggest_reply(item, event(text=QUESTION), default_rules(), escalate=False)
    assert chosen == "delay"
    chosen, reply = suggest_reply(
        analysis(), event(text="Hi, any news"), default_rules(), escalate=False
    )
    assert chosen == "neutral"
