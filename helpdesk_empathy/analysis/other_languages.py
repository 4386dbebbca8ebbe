"""Messages in neither English nor French: frequent function words of other European
languages, and letters outside the Latin script, so such messages are not scored as junk."""

from __future__ import annotations

import re

# The commonest words of German, Spanish, Italian, Portuguese and Dutch support messages that
# are not also English or French words ("die", "non", "con", "per", "son" are left out).
_FUNCTION_WORDS = """
der das und ist nicht ich ein eine einen auf für sie wir mein meine meinen habe haben
wurde wurden kein keine noch schon bitte danke hallo aber oder warum wieso bestellung geld
zurück sehr immer auch nach vom zum zur bei ihre ihr ihnen leider
el los las por pero muy gracias hola está están tengo para una todavía pedido dinero hace
han nada cuando porque qué cómo mis fue hasta desde buenos días usted ustedes también
esto esta ese estoy nunca ningún ninguna hoy ayer
di è sono grazie ciao mio mia della dello questo questa ho gli anche ancora ordine ricevuto
perché molto buongiorno sempre nessuno nessuna soldi rimborso vostro vostra
não nao obrigado obrigada olá meu minha uma você vocês foi ainda muito isso estou tem
dinheiro hoje ontem nunca nenhum nenhuma
het een niet ik mijn dank bedankt nog wel geen bestelling graag alstublieft wat waarom
jullie zijn heb heeft maar ook geld
"""
OTHER_WORDS = frozenset(_FUNCTION_WORDS.split())

# At least this many such words, and more than twice the English and French ones together.
MIN_OTHER_WORDS = 2
# Latin letters run up to U+024F; Latin Extended Additional (U+1E00-U+1EFF) is Latin too.
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00AA\u00B5\u00BA\u00C0-\u024F\u1E00-\u1EFF]")


# Latin-1 text (most English and French messages) holds only a few such characters ("²",
# "½"...): deleting every other byte tells whether it has any, quicker than a regex scan.
_LATIN1_NON_LATIN = "".join(ch for ch in map(chr, range(256)) if _NON_LATIN.match(ch))
_NOT_NON_LATIN_BYTES = bytes(code for code in range(256) if chr(code) not in _LATIN1_NON_LATIN)


def has_non_latin(text: str) -> bool:
    """Whether text has a letter outside the Latin script (_NON_LATIN.search, quicker)."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:  # past Latin-1: "€", "œ", another script
        return _NON_LATIN.search(text) is not None
    return bool(data.translate(None, _NOT_NON_LATIN_BYTES))


def _non_latin_share(text: str) -> float:
    """Share of letters outside the Latin script (Cyrillic, Greek, Arabic, CJK...)."""
    if not has_non_latin(text):  # the common case
        return 0.0
    other = len(_NON_LATIN.findall(text))
    return other / (other + len(_LATIN.findall(text)))


def is_unsupported(text: str, others: int, english: int, french: int) -> bool:
    """True when the message is clearly in another language than English or French, given
    its counts of function words of other languages, of English and of French."""
    if not text.isascii() and _non_latin_share(text) > 0.5:
        return True
    return others >= MIN_OTHER_WORDS and others > 2 * (english + french)


__all__ = ["OTHER_WORDS", "is_unsupported"]
