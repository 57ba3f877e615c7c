"""The first-page header: which lines make one item, and what each item says.

The header (symbol, Distr., dates, session, committee, agenda item, sponsors
or the Vice-Chair's line, the adoption line, the committee report, the
resolution number and title) comes before the organ's line, "The General
Assembly,". A PDF reader joins the header's wrapped lines into one string
per item (:func:`split_header`); structure reads the items' meaning
(:func:`parse_metadata`). Both use the patterns defined here, so the reader
joins lines exactly as structure splits them again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

from diffcore.text import ADOPTED_RE, DATE_LINE_RE, ORGAN_RE, SC_NUMBER_RE, SYMBOL_RE

__all__ = ["ORGAN_LINE_RE", "header_title", "split_header"]


class HeaderLine(Protocol):
    """What :func:`split_header` needs of a line: its text, and a blank line before it."""

    text: str
    gap: bool


L = TypeVar("L", bound=HeaderLine)

_HEADER_SINGLE = (
    re.compile(r"^Distr\.:"),
    DATE_LINE_RE,
    re.compile(r"^Original:"),
    re.compile(r"session$", re.I),
    re.compile(r"Committee$"),
    re.compile(r"^Agenda items? "),
    SC_NUMBER_RE,
)
_DRAFT_END = re.compile(r"draft (?:resolution|decision)$", re.I)
_SUBMITTED = re.compile(r"^(?:Revised )?[Dd]raft (?:resolution|decision) submitted by ")
_RESNUM = re.compile(r"^(\d{1,3}/\d{1,4}\.)(?:\s+(.*))?$")
_ENDS_SYMBOL = re.compile(r"\b[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+){2,}\.?$")
# The organ's line, as text.ORGAN_RE, or "The General Assembly" with its comma lost.
ORGAN_LINE_RE = re.compile(rf"{ORGAN_RE.pattern}|^The General Assembly$")


def split_header(lines: Sequence[L]) -> tuple[list[str], list[L]]:
    """Split page one's lines into header blocks and the rest (from "The General Assembly,").

    Each header item becomes one string; wrapped items (agenda title,
    sponsors, adoption line, committee report, title) are joined.
    """
    idx = next((i for i, ln in enumerate(lines) if ORGAN_LINE_RE.match(ln.text.strip())), None)
    if idx is None:
        return [], list(lines)
    head = [ln for ln in lines[:idx] if ln.text.strip()]
    texts = [ln.text.strip() for ln in head]
    out: list[str] = []
    i = 0
    n = len(texts)

    # Leading single-line items: symbol, Distr., date, Original, session, committee, agenda item.
    while i < n and (SYMBOL_RE.match(texts[i]) or any(p.search(texts[i]) for p in _HEADER_SINGLE)):
        out.append(texts[i])
        i += 1
    # Where the agenda title ends: at the adoption line, the Vice-Chair's
    # line, or the sponsor list that ends in "draft resolution".
    stop = n
    sponsors_end = -1
    for j in range(i, n):
        if ADOPTED_RE.match(texts[j]) or _SUBMITTED.match(texts[j]) or _RESNUM.match(texts[j]):
            stop = j
            break
        if _DRAFT_END.search(texts[j]):
            stop = sponsors_end = j
            # Sponsor lists wrap; earlier lines belong to them while they end
            # in a comma or "and", as lists of names do.
            while stop - 1 > i and re.search(r"(?:,\*?|\band|:\*?)$", texts[stop - 1]):
                stop -= 1
            break
    if stop > i:
        out.append(" ".join(texts[i:stop]))
    i = stop
    if sponsors_end >= 0:
        out.append(" ".join(texts[i : sponsors_end + 1]))
        i = sponsors_end + 1
    while i < n:
        t = texts[i]
        if ADOPTED_RE.match(t):
            j = i + 1
            while j < n and not texts[j - 1].endswith(tuple("0123456789")) and not texts[j].startswith("["):
                j += 1
            out.append(" ".join(texts[i:j]))
            i = j
        elif t.startswith("["):
            j = i
            while j < n and not texts[j].endswith("]"):
                j += 1
            j = min(j + 1, n)
            out.append(" ".join(texts[i:j]))
            i = j
        elif _SUBMITTED.match(t):
            j = i + 1
            while j < n and not _ENDS_SYMBOL.search(texts[j - 1]) and not head[j].gap:
                j += 1
            out.append(" ".join(texts[i:j]))
            i = j
        elif _DRAFT_END.search(t):
            out.append(t)
            i += 1
        elif (m := _RESNUM.match(t)) is not None:
            out.append(m.group(1))
            if m.group(2):
                texts[i] = m.group(2)
            else:
                i += 1
        else:
            # Whatever is left before "The General Assembly," is the title.
            out.append(" ".join(texts[i:]))
            break
    return out, list(lines[idx:])


def header_title(header: Sequence[str]) -> str:
    """The document title: the last header item (what running heads repeat)."""
    return header[-1] if header else ""
