"""Messages in neither English nor French: language "other", level "unknown", no junk score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpdesk_empathy.analysis import analyze, detect_language
from helpdesk_empathy.models import UNKNOWN_LEVEL, UNSUPPORTED_LANGUAGE

DATA = Path(__file__).resolve().parent.parent / "data"
LANGUAGE_NEUTRAL = {"shouting", "exclamations", "repeat_contact"}

OTHER = [
    "Hallo, meine Bestellung ist immer noch nicht angekommen. Das ist eine Katastrophe.",
    "Ich habe keine Antwort auf meine E-Mail bekommen, bitte helfen Sie mir.",
    "Hola, mi pedido no ha llegado todavía y nadie contesta. Es horrible.",
    "Buenos días, quiero cancelar mi suscripción porque el servicio es muy malo.",
    "Ciao, non ho ancora ricevuto il mio ordine, pessimo servizio.",
    "Olá, ainda não recebi o meu pedido e ninguém responde.",
    "Hallo, ik heb mijn bestelling nog niet ontvangen, wat is er aan de hand?",
    "Мой заказ до сих пор не пришёл, это ужасно",
    "我的订单还没有到，太糟糕了",
    "طلبي لم يصل بعد",
]


@pytest.mark.parametrize("text", OTHER)
def test_other_languages_get_no_sentiment(text: str) -> None:
    analysis = analyze(text)
    assert analysis.language == UNSUPPORTED_LANGUAGE
    assert analysis.level == UNKNOWN_LEVEL
    assert analysis.compound == 0.0
    assert {s.name for s in analysis.signals} <= LANGUAGE_NEUTRAL
    assert all(e.signal in LANGUAGE_NEUTRAL for e in analysis.evidence)


def test_language_neutral_signals_still_count() -> None:
    text = "Ich habe SCHON DREIMAL ANGERUFEN UND KEINE ANTWORT!!!"
    analysis = analyze(text, contact_count=3)
    assert analysis.level == UNKNOWN_LEVEL
    names = {s.name for s in analysis.signals}
    assert {"shouting", "exclamations", "repeat_contact"} <= names
    assert analysis.contact_number == 4
    assert analysis.frustration > analyze("Ich habe eine Frage zu meiner Rechnung.").frustration
    for item in analysis.evidence:
        assert text[item.start : item.end] == item.quote


@pytest.mark.parametrize(
    "text",
    [
        "Hola! I need help with my order please, gracias",
        "The Los Angeles store was great",
        "Das Boot is my favourite film, can you ship the DVD?",
        "Bonjour, mon colis n'est toujours pas arrivé, je suis déçue.",
        "Merci pour la réponse rapide, tout est réglé.",
    ],
)
def test_english_and_french_with_foreign_words_stay_supported(text: str) -> None:
    assert detect_language(text) in ("en", "fr")


def test_no_corpus_message_is_taken_for_another_language() -> None:
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                assert analyze(record["text"]).language != UNSUPPORTED_LANGUAGE, record["id"]
