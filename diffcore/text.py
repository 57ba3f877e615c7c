"""Small text helpers shared by several stages: words, dates, ordinals, notes."""

from __future__ import annotations

import re

from .model import NOTE_CLOSE, NOTE_OPEN

__all__ = [
    "ADOPTED_RE",
    "ANNEX_RE",
    "DATE_LINE_RE",
    "MONTHS",
    "OPNUM",
    "ORGAN_RE",
    "PARA_LABEL",
    "PLENARY_RE",
    "SC_NUMBER_RE",
    "SUBPARA_RE",
    "SYMBOL_RE",
    "TOKEN_RE",
    "WORD_RE",
    "iso_date",
    "note",
    "ordinal_value",
    "ordinal_words",
    "squash",
    "words",
]

# A word keeps its inner hyphens and apostrophes ("non-State", "Member States'"),
# so that a diff never splits "Counter-Terrorism" into pieces.
WORD_RE = re.compile(r"\w+(?:[-‐‑'’]\w+)*")
# Tokens for the word diff: words, runs of whitespace, single other characters.
TOKEN_RE = re.compile(r"\w+(?:[-‐‑'’]\w+)*|\s+|[^\w\s]")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(MONTHS, 1)}
# A line that is only a date, as under "Distr.:" or after the plenary meeting.
DATE_LINE_RE = re.compile(r"^\d{1,2} (?:" + "|".join(MONTHS) + r") \d{4}$")
# The closing line of an adopted resolution; group 1 is the meeting's number.
PLENARY_RE = re.compile(r"^(\d+)(?:st|nd|rd|th) (?:\(resumed\) )?plenary meeting$")
# The line that opens a resolution's text: the organ adopting it, "The General
# Assembly,", "The Security Council,", "The Economic and Social Council,",
# "The Commission on Narcotic Drugs,", "The Conference of the Parties,".
ORGAN_RE = re.compile(
    r"^The (?:(?:[A-Z][\w’'-]*|and|of|the) ){0,6}(?:Assembly|Council|Conference|Commission|Board|Committee)"
    r"(?: (?:of|on|for) [\w’' -]{2,80})?,$"
)
# An operative paragraph's number: "5." or, as negotiation drafts number a
# paragraph inserted after 5, "5 bis.", "5 ter." (groups: number, suffix).
_INSERTED = r"bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"
OPNUM = rf"(\d{{1,4}})(?: ?({_INSERTED}))?\."
# Negotiation drafts may label every paragraph, "PP3", "PP3 bis", "OP5.", "OP5 ter:"
# (groups: PP or OP, number, suffix).
PARA_LABEL = rf"(PP|OP) ?(\d{{1,3}})(?: ?({_INSERTED}))?[.:]?"
# The adoption line: "Resolution adopted by the General Assembly on ...",
# "Adopted by the Security Council at its 9518th meeting, on ...".
ADOPTED_RE = re.compile(r"^(?:Resolution a|A)dopted by ")
# A Security Council resolution's number line, "Resolution 2719 (2023)" (groups: number, year).
SC_NUMBER_RE = re.compile(r"^Resolution (\d{1,5}) \((\d{4})\)$")
# A sub-paragraph marker, "(a)" to "(zz)" or "(i)" to "(xviii)", at the start of a line.
SUBPARA_RE = re.compile(r"^\((?:[a-z]{1,2}|[ivxlc]{1,6})\)(?:\s|$)")
# The heading of an annex or appendix, "Annex", "Annex II", "Appendix A".
ANNEX_RE = re.compile(r"^(?:Annex|Appendix)(?: [IVXL]+| [A-Z])?$")
# A document symbol such as A/RES/79/144, A/C.2/80/L.48, A/80/L.22/Rev.1 or,
# with its year, S/RES/2719 (2023).
SYMBOL_RE = re.compile(r"^[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+){2,}(?: \(\d{4}\))?$")
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


def ordinal_value(word: str) -> int | None:
    """The number an English ordinal word names, up to a hundred.

    >>> ordinal_value("Sixty-fourth"), ordinal_value("eightieth"), ordinal_value("other")
    (64, 80, None)
    """
    return _ORDINALS.get(word.lower().replace("‑", "-"))


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
