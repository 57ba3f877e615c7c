"""The page model both PDF readers fill, and the page furniture they drop.

A reader reduces each page to body :class:`Line` objects and the footnotes
printed at its bottom (a :class:`Page`); :class:`Furniture` recognises the
symbol, running title, page counter and job number repeated on every page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from diffcore.header import header_title, split_header

__all__ = ["MASTHEAD", "RULE_RE", "STAR_NOTE_RE", "Furniture", "Line", "Page", "full_line_length"]

# The masthead on page one: the Organization and the organ.
MASTHEAD = ("United Nations", "General Assembly", "Security Council", "Economic and Social Council")

# A footnote rule: a line of underscores.
RULE_RE = re.compile(r"^_{5,}$")
# A "* On behalf of ..." note: it can stand at a page foot with no rule above it.
STAR_NOTE_RE = re.compile(r"^\*{1,3}\s+\S")
# Furniture tokens: the job number "24-23315", "(E)", the six-digit date "171224", the barcode "*2423315*".
_FURNITURE_TOKEN = re.compile(r"\d\d-\d{5}|\(E\)|\d{6}|\*\d{5,}\*")
# A running head is the symbol and the title, in either order: two items at most.
_RUNNING_HEAD_ITEMS = 2
# A running title wraps over at most this many lines (on the dev PDFs and their
# pdftotext text it takes one or two: 194 and 144 of 338 running heads).
_TITLE_LINES = 4
# Lines shorter than this (in characters) are headings, numbers or last lines,
# never full lines, and do not count when measuring a full line's length.
_SHORT_LINE = 20
# Most body lines are full, so a quantile above the median is a full line's length.
_FULL_QUANTILE = 0.6


@dataclass
class Line:
    """One physical line of body text.

    ``gap`` says a blank line (text) or extra vertical space (PDF) came
    before it; ``indent`` and ``full`` are known only to the PDF reader
    (None otherwise): whether the line starts further right than the line
    before, and whether it runs to the right margin.
    """

    text: str
    gap: bool = False
    indent: bool | None = None
    full: bool | None = None


@dataclass
class Page:
    """A page's body lines and the footnotes printed at its bottom.

    A footnote with marker ``""`` continues the last footnote of an earlier
    page.
    """

    lines: list[Line] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)


class Furniture:
    """Recognises page furniture: symbol, running title, page counter, job number."""

    def __init__(self, symbol: str, pages: int) -> None:
        self.symbol = symbol
        self.pages = pages
        self.title = ""

    def learn_title(self, first_page: Sequence[Line]) -> None:
        """Take the running title from page one's header: later pages repeat it at their top."""
        header, _ = split_header(first_page)
        self.title = _squash(header_title(header))

    def is_line(self, text: str) -> bool:
        """True if the whole line is furniture (possibly several items run together)."""
        s = text.strip()
        if not s:
            return False
        if self.symbol and s == self.symbol:
            return True
        tokens = s.split()
        return all(self._token(t) for t in tokens)

    def _token(self, tok: str) -> bool:
        if _FURNITURE_TOKEN.fullmatch(tok):
            return True
        m = re.fullmatch(r"(\d{1,4})/(\d{1,4})", tok)
        # A page counter k/N names this document's page count.
        return bool(m and int(m.group(2)) == self.pages and 1 <= int(m.group(1)) <= self.pages)

    def strip_running_head(self, lines: list[str]) -> list[str]:
        """Drop the symbol and running title from the top of a page after the first."""
        out = list(lines)
        # The symbol is among the first few lines; a running title sits just
        # before or after it, possibly wrapped differently from page one.
        for _ in range(_RUNNING_HEAD_ITEMS):
            if not out:
                break
            first = out[0].strip()
            if self.symbol and first == self.symbol:
                out.pop(0)
                continue
            if self.symbol and (first.startswith(self.symbol + " ") or first.endswith(" " + self.symbol)):
                out.pop(0)
                continue
            n = self._title_lines(out)
            if n:
                del out[:n]
                continue
            break
        return out

    def _title_lines(self, lines: list[str]) -> int:
        if not self.title:
            return 0
        acc = ""
        for i, ln in enumerate(lines[:_TITLE_LINES]):
            acc = _squash(acc + ln)
            if not acc or not self.title.startswith(acc):
                return 0
            if acc == self.title:
                return i + 1
        return 0


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def full_line_length(lines: Iterable[Line]) -> int | None:
    """A full line's length in characters, measured on this document (None if it has no long lines).

    >>> full_line_length([Line("x" * n) for n in (30, 70, 72, 72, 71, 12)])
    72
    """
    lens = sorted(len(ln.text) for ln in lines if len(ln.text) > _SHORT_LINE)
    if not lens:
        return None
    return lens[int(len(lens) * _FULL_QUANTILE)]
