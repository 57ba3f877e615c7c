"""Small text helpers shared by several stages: words, dates, ordinals, notes."""

from __future__ import annotations

import re

from .model import NOTE_CLOSE, NOTE_OPEN

__all__ = [
    "ANNEX_RE",
    "CHUNK_RE",
    "DATE_LINE_RE",
    "MONTHS",
    "NOTE_RE",
    "OPNUM",
    "PARA_LABEL",
    "PLENARY_RE",
    "SUBPARA_RE",
    "TOKEN_RE",
    "WORD_RE",
    "iso_date",
    "note",
    "ordinal_value",
    "ordinal_words",
    "squash",
    "text_date",
    "words",
]

# A word keeps its inner hyphens and apostrophes ("non-State", "Member States'"),
# so that a diff never splits "Counter-Terrorism" into pieces.
WORD_RE = re.compile(r"\w+(?:[-‐‑'’]\w+)*")
# A document symbol, "A/79/123", "A/C.2/80/L.5", "S/RES/2719", "S-35/1": upper-case
# letters, then parts after slashes; a dot or hyphen only inside (not a final full stop).
_SYMBOL = r"[A-Z]{1,8}(?:[.-]\w+)*(?:/\w+(?:[.-]\w+)*)+"
# A word or a number as written: "non-State", "3.7", "1,234.5", "78/1", "2023-12-18",
# "18.12.2023", "10 000"; a dot, comma or slash joins only digits ("in 2023." ends
# with a full stop, "3, 4 and 5" are three numbers).
_WORD = r"\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\w+(?:(?:[-‐‑'’]|(?<=\d)[.,/](?=\d))\w+)*"
# Tokens for the word diff: symbols, words and numbers, runs of whitespace, single
# other characters; a change replaces whole tokens ("~~3.7~~ 3.49", not "3.~~7~~49").
TOKEN_RE = re.compile(rf"{_SYMBOL}|{_WORD}|\s+|[^\w\s]")
# A token (as in TOKEN_RE) with the whitespace after it.
CHUNK_RE = re.compile(rf"(?:{_SYMBOL}|{_WORD}|[^\w\s])\s*")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTHS, 1)}
# A line that is only a date, as under "Distr.:" or after the plenary meeting.
DATE_LINE_RE = re.compile(r"^\d{1,2} (?:" + "|".join(MONTHS) + r") \d{4}$")
# The closing line of an adopted resolution; group 1 is the meeting's number.
PLENARY_RE = re.compile(r"^(\d+)(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting$")
# An operative paragraph's number: "5." or, as negotiation drafts number a
# paragraph inserted after 5, "5 bis.", "5 ter." (groups: number, suffix).
_INSERTED = r"bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"
OPNUM = rf"(\d{{1,4}})(?: ?({_INSERTED}))?\."
# Negotiation drafts may label every paragraph, "PP3", "PP3 bis", "OP5.", "OP5 ter:"
# (groups: PP or OP, number, suffix).
PARA_LABEL = rf"(PP|OP) ?(\d{{1,3}})(?: ?({_INSERTED}))?[.:]?"
# A sub-paragraph marker, "(a)" to "(zz)" or "(i)" to "(xviii)", at the start of a line.
SUBPARA_RE = re.compile(r"^\((?:[a-z]{1,2}|[ivxlc]{1,6})\)(?:\s|$)")
# The heading of an annex or appendix, "Annex", "Annex II", "Appendix A".
ANNEX_RE = re.compile(r"^(?:Annex|Appendix)(?: [IVXL]+| [A-Z])?$")
_DATE_RE = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})\b")

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def _ordinals() -> dict[str, int]:
    table = {w: i for i, w in enumerate(_UNITS, 1)}
    table.update({w: i for i, w in enumerate(_TEENS, 10)})
    for i, stem in enumerate(_TENS, 2):
        table[stem + "ieth"] = i * 10
        for j, unit in enumerate(_UNITS, 1):
            table[f"{stem}y-{unit}"] = i * 10 + j
    table["hundredth"] = 100
    return table


_ORDINALS = _ordinals()


def ordinal_words() -> dict[str, int]:
    """Every ordinal word ``ordinal_value`` knows, with its value.

    >>> ordinal_words()["sixty-seventh"]
    67
    """
    return dict(_ORDINALS)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``, punctuation dropped.

    >>> words("Urges Member States, inter alia, to act;")
    ['urges', 'member', 'states', 'inter', 'alia', 'to', 'act']
    """
    return WORD_RE.findall(text.lower())


def iso_date(text: str) -> str:
    """The first date such as ``18 December 2009`` in ``text``, as ISO, or "".

    >>> iso_date("Resolution adopted by the General Assembly on 18 December 2009")
    '2009-12-18'
    """
    for day, month, year in _DATE_RE.findall(text):
        number = _MONTH_NUMBER.get(month.lower())
        if number:
            return f"{int(year):04d}-{number:02d}-{int(day):02d}"
    return ""


def text_date(text: str) -> str:
    """The ISO date ``text`` is, if it is nothing but a date; else "".

    >>> text_date("18 December 2009"), text_date("on 18 December 2009")
    ('2009-12-18', '')
    """
    return iso_date(text) if DATE_LINE_RE.match(text) else ""


def ordinal_value(word: str) -> int | None:
    """The number an English ordinal word names, up to a hundred.

    >>> ordinal_value("Sixty-fourth"), ordinal_value("eightieth"), ordinal_value("other")
    (64, 80, None)
    """
    return _ORDINALS.get(word.lower().replace("‑", "-"))


# A footnote reference in block text, with the space before it (group: the marker).
NOTE_RE = re.compile(f"\\s?{NOTE_OPEN}([^{NOTE_OPEN}{NOTE_CLOSE}]*){NOTE_CLOSE}")


def note(marker: str) -> str:
    """A footnote reference as readers write it into block text.

    >>> note("3") == "\\ue0003\\ue001"
    True
    """
    return f"{NOTE_OPEN}{marker}{NOTE_CLOSE}"


_OTHER_SPACES = r"\t\u00a0\u2000-\u200b\u202f\u205f\u3000"
# Runs of spaces that need replacing: a single plain space is left alone,
# which halves the time on ordinary text.
_SPACES_RE = re.compile(rf" [ {_OTHER_SPACES}]+|[{_OTHER_SPACES}][ {_OTHER_SPACES}]*")


def squash(text: str) -> str:
    """Collapse runs of spaces (including no-break and thin spaces) to one.

    >>> squash("  a \\u00a0 b\\t c ")
    'a b c'
    """
    return _SPACES_RE.sub(" ", text).strip()
