"""French scoring rules: degree words that negate, "trop", multi-word opinions, folding."""

from __future__ import annotations

import pytest

from helpdesk_empathy.analysis import analyze


def _compound(text: str) -> float:
    return analyze(text, language="fr").compound


@pytest.mark.parametrize(
    ("negative", "positive"),
    [
        ("Un livre peu intéressant.", "Un livre intéressant."),
        ("Moins réussi que le premier.", "Au moins c'est réussi."),
        ("Trop de descriptions.", "Trop bien !"),
        ("Je n'ai pas du tout aimé.", "J'ai beaucoup aimé."),
        ("Absolument pas convaincant.", "Absolument convaincant."),
        ("Il ne m'a guère plu.", "Il m'a beaucoup plu."),
        ("Ce livre manque de rythme.", "Il ne manque pas d'humour."),
        ("Je m'attendais à mieux.", "Un vrai coup de cœur."),
        ("Lamentablement écrit.", "Merveilleusement écrit."),
        ("Une histoire banale et ennuyeuse.", "Un chef-d'œuvre."),
    ],
)
def test_french_opinions(negative: str, positive: str) -> None:
    assert _compound(negative) < -0.05
    assert _compound(positive) > 0.05


def test_un_peu_dampens_but_keeps_the_sign() -> None:
    assert _compound("C'est un peu long.") < 0
    assert abs(_compound("C'est un peu long.")) < abs(_compound("C'est très long."))


def test_accents_and_case_do_not_change_the_words_found() -> None:
    assert _compound("Très décevant") == _compound("tres decevant")
    assert _compound("Service DÉCEVANT, vraiment") < 0


def test_mais_makes_the_second_clause_dominate() -> None:
    assert _compound("Le début est excellent mais la fin est décevante.") < 0
    assert _compound("Le début est décevant mais la fin est excellente.") > 0


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        (
            "jusqu'à l'heure qu'il m'a dit",
            ["jusque", "a", "le", "heure", "que", "il", "me", "a", "dit"],
        ),
        ("L'appli s'est fermée", ["le", "appli", "se", "est", "fermee"]),
        ("aujourd'hui presqu'île", ["aujourd", "hui", "presqu", "ile"]),  # no elision inside words
    ],
)
def test_elisions_are_split_only_after_an_elided_word(text: str, tokens: list[str]) -> None:
    from helpdesk_empathy.analysis.sentiment import _analyzers

    french = _analyzers()[1]
    assert french.scored_tokens(text)[0] == tokens
