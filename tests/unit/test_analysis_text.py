"""Quote and signature stripping, language detection on short messages."""

from __future__ import annotations

import sys

import pytest

from helpdesk_empathy.analysis import detect_language, latest_message


@pytest.mark.parametrize(
    ("raw", "kept", "dropped"),
    [
        (
            "Still broken.\n\nOn Mon, 3 Mar 2025 at 10:12, Support <s@example.com> wrote:\n"
            "> We are delighted to help!",
            "Still broken.",
            "delighted",
        ),
        (
            "Toujours rien.\n\nLe lun. 3 mars 2025 à 10:12, Support <s@example.com> a écrit :\n"
            "> Nous sommes ravis",
            "Toujours rien.",
            "ravis",
        ),
        ("Fixed, thanks!\n-----Original Message-----\nFrom: Support\nAngry text", "Fixed", "Angry"),
        ("Merci !\n\nDe : Support\nEnvoyé : mardi\nTexte en colère", "Merci", "colère"),
        ("Router is down.\n> quoted line\nPlease call.", "Please call.", "quoted line"),
        ("Router is down.\n\nThanks,\nPaul\nSent from my iPhone", "Router is down.", "Paul"),
        ("Ma box clignote.\n\nCordialement,\nMarie Dupont", "Ma box clignote.", "Marie"),
        ("Ma box clignote.\nEnvoyé de mon iPhone", "Ma box clignote.", "iPhone"),
        ("Invoice please.\n-- \nJenny Hall | Finance", "Invoice please.", "Jenny"),
    ],
)
def test_latest_message_strips_history_and_signature(raw: str, kept: str, dropped: str) -> None:
    cleaned = latest_message(raw)
    assert kept in cleaned
    assert dropped not in cleaned


def test_latest_message_keeps_genuine_thanks_in_the_body() -> None:
    text = "Thank you so much, it works now and the team was great."
    assert latest_message(text) == text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Still waiting", "en"),
        ("refund please", "en"),
        ("Where is my order?", "en"),
        ("merci", "fr"),
        ("Bonjour", "fr"),
        ("Colis pas reçu", "fr"),
        ("Remboursement svp", "fr"),
        ("Toujours pas de réponse !", "fr"),
        ("Je n'ai toujours pas reçu ma commande", "fr"),
        ("", "en"),
        ("   ", "en"),
        ("12345 !!!", "en"),
    ],
)
def test_detect_language_short_messages(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("a\t\tb  c\u00a0d e", "a b c d e"),  # runs, tabs and a lone Unicode space: one space
        ("one two\nthree", "one two\nthree"),  # plain spaces and line breaks stay
        ("x \u2003 y\u3000z", "x y z"),
    ],
)
def test_white_space_runs_become_one_space(raw: str, kept: str) -> None:
    assert latest_message(raw) == kept


def test_every_white_space_but_the_plain_space_becomes_one_space() -> None:
    # One line of plain single spaces is left as it is (a fast path): every other white space
    # must still be rewritten, whichever it is.
    others = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    others = [w for w in others if w not in " \n\r"]
    assert len(others) > 20
    for white in others:
        assert latest_message(f"a{white}b") == "a b", hex(ord(white))
    assert latest_message("a  b c") == "a b c"
