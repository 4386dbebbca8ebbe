"""Text clean-up: keep only the customer's latest message (no quoted history, no signature).

Every pattern here runs in time linear in the text: each line is normalised first (any run of
white space, Unicode ones included, becomes one space; ends trimmed), so a `\\s` matches one
character, patterns are anchored at the line start (`re.match`), and every unbounded
repeat is possessive (it never gives back what it took, so nothing backtracks).
"""

from __future__ import annotations

import re
import unicodedata

# A line that starts quoted history: everything from it on is older mail, not the customer now.
_HISTORY_START = re.compile(
    r"""(?:
        on\s.{0,200}\swrote:?$                          # On Mon, 3 Mar ..., X wrote:
      | le\s.{0,200}\sa\s[ée]crit\s?:?$                 # Le lun. 3 mars ..., X a écrit :
      | -{2,}+\s?(?:original\smessage|message\sd'origine|message\soriginal)\s?-{2,}+
      | -{2,}+\s?(?:forwarded\smessage|message\stransf[ée]r[ée])\s?-{2,}+
      | _{8,}+$                                          # Outlook's separator line
      | (?:from|de)\s?:\s.++$                            # From: / De : header block
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A line that starts a signature or a mobile footer.
_SIGNATURE_START = re.compile(
    r"""(?:
        --$                                             # the standard "-- " delimiter
      | sent\sfrom\smy\s\w
      | get\soutlook\sfor\s\w
      | envoy[ée]\s(?:de|depuis)\smon\s\w
      | (?:bien\s|tr[eè]s\s)?cordialement\s?,?$
      | (?:kind|best|warm|many\sthanks\sand)\sregards\s?,?$
      | regards\s?,?$
      | (?:bien\s)?[àa]\svous\s?,?$
      | (?:best\swishes|sincerely|yours\s(?:sincerely|faithfully)|best)\s?,?$
      | (?:bonne\s(?:journ[ée]e|soir[ée]e)|salutations(?:\sdistingu[ée]es)?)\s?[,.!]?$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# A bare closing line ("Thanks," / "Merci,") followed only by a short name block.
_CLOSING = re.compile(
    r"(?:thanks|thank\syou|many\sthanks|cheers|merci(?:\sd'avance|\sbeaucoup)?)\s?[,.!]?$",
    re.IGNORECASE,
)
_MAX_NAME_BLOCK_LINES = 3
# A run of white space other than one plain space, line breaks aside (no-break, em and other
# Unicode spaces too; most messages have none, so nothing is rewritten). Written to start
# with a character class so the regex engine jumps from one white space to the next instead
# of trying every position: two or more, or a lone one that is not a plain space.
_SPACES = re.compile(r"[^\S\n](?:[^\S\n]++|(?<=[^\S \n]))")
# Invisible characters that would hide a sign-off from the patterns ("Cordialement\u200b,").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))


# Quoted lines ("> ...") and runs of blank lines, dropped or folded before the line loop.
_QUOTED_LINE = re.compile(r"^ ?>[^\n]*+", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n(?: ?\n)++")
# With a limit, at most this many times `limit` characters of raw text are read.
_SCAN_FACTOR = 4
# A cut falls on the last space within this many characters, not inside a word.
_WORD_BOUNDARY_WINDOW = 100


_INVISIBLE_CHARS = tuple(map(chr, _INVISIBLE))


def _normalise(text: str) -> str:
    """One line break style, no invisible characters, each white-space run one space."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and any(map(text.__contains__, _INVISIBLE_CHARS)):  # C-level tests
        text = text.translate(_INVISIBLE)
    # Every white space but the plain space is unprintable: one line of single spaces (most
    # messages) has nothing to rewrite.
    if text.isprintable() and "  " not in text:
        return text
    return _SPACES.sub(" ", text)


def latest_message(text: str) -> str:
    """Return the newest part of a message: quoted replies and signature blocks removed."""
    return _latest(text, None)[0]


def latest_message_start(text: str, limit: int) -> tuple[str, bool]:
    """The latest message's first `limit` characters (cut between words) and whether it was
    longer. At most a few times `limit` characters of `text` are read, whatever its size."""
    # One short line of single spaces (most chat and e-mail replies): nothing to rewrite, no
    # quoted history, no signature, nothing to cut.
    one_line = len(text) <= limit and text.isprintable() and "  " not in text
    if one_line and not text.lstrip().startswith(">"):
        return text.strip(), False
    message, longer = _latest(text, limit)
    if len(message) <= limit:
        return message, longer
    cut = message[:limit]
    if not message[limit].isspace():
        space = max(cut.rfind(" "), cut.rfind("\n"))
        if space > limit - _WORD_BOUNDARY_WINDOW:
            cut = cut[:space]
    return cut.rstrip(), True


def _latest(text: str, limit: int | None) -> tuple[str, bool]:
    """(latest message, whether reading stopped before its end)."""
    if not text:
        return "", False
    unread = limit is not None and len(text) > _SCAN_FACTOR * limit
    if limit is not None:
        text = text[: _SCAN_FACTOR * limit]
    text = _normalise(text)
    if "\n" not in text and not text.lstrip().startswith(">"):
        return text.strip(), unread  # one line: no quoted history, no signature
    text = _BLANK_RUN.sub("\n\n", _QUOTED_LINE.sub("", text))
    kept: list[str] = []
    budget = len(text) if limit is None else limit
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            kept.append(line)
            continue
        if budget < 0:  # more message than the caller reads
            return "\n".join(kept).strip(), True
        if _HISTORY_START.match(line) and any(kept):
            break
        if _SIGNATURE_START.match(line):
            break
        kept.append(line)
        budget -= len(line) + 1
    else:
        return "\n".join(_drop_closing(kept)).strip(), unread
    return "\n".join(_drop_closing(kept)).strip(), False


def _drop_closing(lines: list[str]) -> list[str]:
    """Drop a trailing "Thanks,\\nName" block: a sign-off, not gratitude for help."""
    content = [i for i, line in enumerate(lines) if line]
    for index in reversed(content[-(_MAX_NAME_BLOCK_LINES + 1) :]):
        if _CLOSING.match(lines[index]):
            after = [line for line in lines[index + 1 :] if line]
            if after and all(len(line.split()) <= 4 for line in after):
                return lines[:index]
            return lines
    return lines


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_table() -> dict[int, str]:
    """Accented Latin letters (and NBSP) -> their ASCII base, for one C-level translate()."""
    table = {ord("œ"): "oe", ord("æ"): "ae", ord("’"): "'"}
    for code in range(0xA0, 0x250):
        char = chr(code)
        base = _strip_marks(char)
        lower_or_symbol = char.islower() or not char.isalpha()
        if lower_or_symbol and base.isascii() and base != char and code not in table:
            table[code] = base
    return table


_FOLD = _fold_table()
# The same table as a list indexed by code point: str.translate() looks a list up about twice
# as fast as a dict; characters past its end raise IndexError (a LookupError) and stay as
# they are, as characters missing from the dict do.
_FOLD_LIST: list[int | str] = list(range(max(_FOLD) + 1))
for _code, _base in _FOLD.items():
    _FOLD_LIST[_code] = _base
# Most French text is Latin-1: there a byte table folds it in one bytes.translate(), ten times
# quicker than a str.translate() that looks each character up. The few Latin-1 characters
# folded into two ("æ" -> "ae") keep the full table.
_LATIN1_FOLD = bytes(
    ord(base) if isinstance(base, str) and len(base) == 1 and ord(base) < 256 else code
    for code, base in enumerate(_FOLD_LIST[:256])
)
_FOLD_WIDENS = tuple(chr(code) for code, base in _FOLD.items() if code < 256 and len(base) > 1)


def _fold_latin1(lowered: str) -> str | None:
    """The byte-table fold of lower-cased Latin-1 text; None for any other text."""
    if any(map(lowered.__contains__, _FOLD_WIDENS)):
        return None
    try:
        data = lowered.encode("latin-1")
    except UnicodeEncodeError:  # "€", "œ", "…": past Latin-1
        return None
    return data.translate(_LATIN1_FOLD).decode("latin-1")


def fold(text: str) -> str:
    """Lower-case and strip accents, so French patterns need not spell every accent."""
    if text.isascii():
        return text.lower()
    lowered = text.lower()
    folded = _fold_latin1(lowered)
    if folded is None:
        folded = lowered.translate(_FOLD_LIST)
    if folded.isascii():  # the common case: only accented Latin letters
        return folded
    return _strip_marks(folded)


def normalise_quotes(text: str) -> str:
    """Typographic apostrophes to ASCII, so "don’t" matches like "don't"."""
    return text.replace("’", "'").replace("‘", "'")
