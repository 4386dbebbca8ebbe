"""Informal written French (chat, texts, social media): slang, drawn-out letters, spoken
"trop", mock delight without an interjection, contact counts and contempt idioms."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze
from helpdesk_empathy.analysis.french import FrenchAnalyzer


def _compound(text: str) -> float:
    return analyze(text, language="fr").compound


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("je kiffe ce quartier", 1),
        ("mdr il est marrant", 1),
        ("ce collègue est relou", -1),
        ("la flemme, franchement", -1),
        ("quel merdier ce chantier", -1),
        ("j'en peux plus de ces travaux", -1),
    ],
)
def test_informal_words_carry_their_opinion(text: str, sign: int) -> None:
    assert _compound(text) * sign > 0.05


def test_a_drawn_out_letter_reads_as_the_word() -> None:
    french = FrenchAnalyzer({}, {})
    assert french.lookup("nuuuul") == french.lookup("nul") < 0
    assert french.lookup("geniaaal") == french.lookup("genial") > 0
    assert french.lookup("voituuure") is None  # no word under it: nothing invented
    assert _compound("c'est nuuuul") == _compound("c'est nul")


def test_a_drawn_out_word_of_any_length_is_looked_up_in_bounded_time() -> None:
    french = FrenchAnalyzer({}, {})
    assert french.lookup("n" + "u" * 5_000 + "l") == french.lookup("nul")


@pytest.mark.parametrize(
    "praise",
    ["j'adore trop ce film", "je kiffe trop ça", "il est trop drôle", "je l'aime trop"],
)
def test_spoken_trop_after_an_opinion_verb_intensifies_it(praise: str) -> None:
    assert _compound(praise) > 0.05


@pytest.mark.parametrize(
    "excess", ["c'est trop cher", "il y a trop de monde", "bien trop lent", "j'ai trop attendu"]
)
def test_trop_before_what_there_is_too_much_of_stays_a_complaint(excess: str) -> None:
    assert _compound(excess) < -0.05


def test_mock_delight_at_one_more_mishap_without_an_interjection() -> None:
    assert _compound("Génial, encore une panne de métro...") < -0.05
    assert _compound("Super, encore un achat réussi, je recommande.") > 0.05
    # The mishap keeps its own phrase and signal.
    billing = analyze("Génial, encore une facture erronée.", language="fr")
    assert "billing" in {s.name for s in billing.signals}


def test_a_count_before_the_verb_of_contacting_is_a_repeat_contact() -> None:
    analysis = analyze("Ça fait 3 fois que j'appelle et personne ne rappelle.")
    assert analysis.contact_number == 3
    assert analyze("Ça fait trois fois que je vous écris.").contact_number == 3
    assert analyze("Ça fait trois fois que je regarde ce film.").contact_number == 1


@pytest.mark.parametrize(
    "contempt",
    [
        "c'est du foutage de gueule",
        "j'ai la rage",
        "quelle bande de guignols",
        "ils se foutent de ma gueule",
    ],
)
def test_contempt_idioms_are_anger(contempt: str) -> None:
    assert "anger" in {s.name for s in analyze(contempt, language="fr").signals}


def test_on_verra_bien_is_no_praise() -> None:
    assert abs(_compound("nouvelle box installée, on verra bien")) < 0.05


@pytest.mark.parametrize(
    "outage", ["trois semaines sans internet", "ce wifi qui saute sans arrêt", "une box qui rame"]
)
def test_an_outage_said_plainly_is_a_fault(outage: str) -> None:
    analysis = analyze(outage, language="fr")
    assert analysis.compound < -0.05 and "broken" in {s.name for s in analysis.signals}


def test_english_words_borrowed_by_french_chat_keep_their_valence() -> None:
    fail = analyze("gros fail de la banque ce matin, encore", language="fr")
    assert fail.compound < -0.05 and [e.quote for e in fail.evidence] == ["fail"]
    assert _compound("trop love ce petit resto") > 0.05
    assert _compound("j'ai hâte de partir") > 0.05  # French "hâte", not English "hate"
