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

from diffcore.model import Metadata
from diffcore.text import DATE_LINE_RE, NOTE_RE, PLENARY_RE, iso_date, ordinal_value, squash, text_date

__all__ = [
    "ADOPTED_RE",
    "ORGAN_LINE_RE",
    "ORGAN_RE",
    "SC_NUMBER_RE",
    "SYMBOL_RE",
    "header_title",
    "parse_metadata",
    "split_header",
]

# A document symbol such as A/RES/79/144, A/C.2/80/L.48 or A/80/L.22/Rev.1.
_SYMBOL = r"[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+){2,12}"
# A symbol line; a Security Council symbol may carry its year, S/RES/2719 (2023).
SYMBOL_RE = re.compile(rf"^{_SYMBOL}(?: \(\d{{4}}\))?$")
# A line that ends in a symbol: the end of a Vice-Chair's line ("... draft resolution A/C.2/80/L.5.").
_ENDS_SYMBOL = re.compile(rf"\b{_SYMBOL}\.?$")
# The line that opens a resolution's text: the organ adopting it, "The General
# Assembly,", "The Security Council,", "The Economic and Social Council,",
# "The Commission on Narcotic Drugs,", "The Conference of the Parties,".
ORGAN_RE = re.compile(
    r"^The (?:(?:[A-Z][\w’'-]*|and|of|the) ){0,6}(?:Assembly|Council|Conference|Commission|Board|Committee)"
    r"(?: (?:of|on|for) [\w’' -]{2,80})?,$"
)
# The organ's line as a PDF reader may see it: ORGAN_RE, or "The General Assembly" with its comma lost.
ORGAN_LINE_RE = re.compile(rf"{ORGAN_RE.pattern}|^The General Assembly$")
# The adoption line: "Resolution adopted by the General Assembly on ...",
# "Adopted by the Security Council at its 9518th meeting, on ...".
ADOPTED_RE = re.compile(r"^(?:Resolution a|A)dopted by ")
# A Security Council resolution's number line, "Resolution 2719 (2023)" (groups: number, year).
SC_NUMBER_RE = re.compile(r"^Resolution (\d{1,5}) \((\d{4})\)$")
# An adopted resolution's number, alone or before its title, "64/177. Technical
# assistance" (groups: session, number, title).
RES_NUMBER_RE = re.compile(r"^(\d{1,3})/(\d{1,4})\.(?:\s+(.*))?$")
_DISTR_RE = re.compile(r"^Distr\.:")
_AGENDA_RE = re.compile(r"^Agenda items? ")
# The session line, "Sixty-fourth session", "Tenth emergency special session"
# (group: the ordinal); the reader takes any line ending in "session" as one item.
_SESSION_RE = re.compile(r"^([A-Z][a-z]+(?:[-‑][a-z]+)?) (?:special )?session$")
_SESSION_END = re.compile(r"session$", re.I)
# The committee's line, "Third Committee"; the reader takes any line ending in "Committee".
_COMMITTEE_RE = re.compile(r"(First|Second|Third|Fourth|Fifth|Sixth) Committee")
_COMMITTEE_END = re.compile(r"Committee$")
# Header items that always fit on one line.
_HEADER_SINGLE = (
    _DISTR_RE,
    DATE_LINE_RE,
    re.compile(r"^Original:"),
    _SESSION_END,
    _COMMITTEE_END,
    _AGENDA_RE,
    SC_NUMBER_RE,
)
# A sponsor list ends in "draft resolution"; joined, it is "Algeria, ... and
# Zimbabwe: draft resolution", maybe followed by the title (groups: sponsors, title).
_DRAFT_END = re.compile(r"draft (?:resolution|decision)$", re.I)
_SPONSORS_RE = re.compile(r"^(.+?):[\s*]+(?:revised\s+)?draft resolution(?:\s+(\S.*))?$", re.I)
# The Vice-Chair's line, which ends in the symbol of the draft it rests on
# (groups: who submitted it, that symbol).
_SUBMITTED = re.compile(r"^(?:Revised )?[Dd]raft (?:resolution|decision) submitted by ")
_VICE_CHAIR_RE = re.compile(
    r"^Draft resolution submitted by (?:the )?(.+?)(?:,? on the basis of informal "
    r"consultations (?:held )?on draft resolution (\S+?))?\.?$"
)
# The committee report, in brackets (groups: committee, report symbols).
_REPORT_RE = re.compile(r"^(?=.*\)\]$)\[(?:on the report of the|without reference to a) (.+?)\s*\((.+)\)\]$")


class HeaderLine(Protocol):
    """What :func:`split_header` needs of a line: its text, and whether a blank line came before it."""

    text: str
    gap: bool


L = TypeVar("L", bound=HeaderLine)


def split_header(lines: Sequence[L]) -> tuple[list[str], list[L]]:
    """Split page one's lines into header blocks and the rest (from "The General Assembly,").

    Each header item becomes one string; wrapped items (agenda title,
    sponsors, adoption line, committee report, title) are joined.

    >>> from diffcore.read.page import Line
    >>> lines = [Line(t) for t in ("Resolution adopted by the General Assembly", "on 18 December 2009",
    ...     "[on the report of the Third Committee", "(A/64/440)]", "64/177. Technical", "assistance",
    ...     "The General Assembly,", "Recalling x,")]
    >>> header, rest = split_header(lines)
    >>> header
    ['Resolution adopted by the General Assembly on 18 December 2009', \
'[on the report of the Third Committee (A/64/440)]', '64/177.', 'Technical assistance']
    >>> [ln.text for ln in rest]
    ['The General Assembly,', 'Recalling x,']
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
        if ADOPTED_RE.match(texts[j]) or _SUBMITTED.match(texts[j]) or RES_NUMBER_RE.match(texts[j]):
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
        elif (m := RES_NUMBER_RE.match(t)) is not None:
            out.append(f"{m.group(1)}/{m.group(2)}.")
            if m.group(3):
                texts[i] = m.group(3)
            else:
                i += 1
        else:
            # Whatever is left before "The General Assembly," is the title.
            out.append(" ".join(texts[i:]))
            break
    return out, list(lines[idx:])


def header_title(header: Sequence[str]) -> str:
    """The document title: the last header item (what running heads repeat).

    >>> header_title(["64/177.", "Technical assistance"]), header_title([])
    ('Technical assistance', '')
    """
    return header[-1] if header else ""


def parse_metadata(header: list[str], trailer: tuple[str, ...] | list[str] = ()) -> Metadata:
    """Read symbol, title, dates, session, committee and sponsors from header lines.

    >>> m = parse_metadata(["Resolution adopted by the General Assembly on 18 December 2009",
    ...     "[on the report of the Third Committee (A/64/440 and Corr.1)]",
    ...     "64/177. Technical assistance"], ["65th plenary meeting", "18 December 2009"])
    >>> m.symbol, m.title, m.adopted, m.session, m.committee_report, m.plenary_meeting
    ('A/RES/64/177', 'Technical assistance', '2009-12-18', 64, 'A/64/440 and Corr.1', 65)
    """
    fields: dict[str, object] = {}
    title = ""
    sponsors: tuple[str, ...] = ()
    lines = [squash(NOTE_RE.sub("", h)) for h in header if squash(NOTE_RE.sub("", h))]
    for i, line in enumerate(lines):
        if SYMBOL_RE.match(line) and "symbol" not in fields:
            fields["symbol"] = line
        elif _DISTR_RE.match(line):
            fields["distribution"] = line.split(":", 1)[1].strip()
            if i + 1 < len(lines) and text_date(lines[i + 1]):
                fields["distributed"] = text_date(lines[i + 1])
        elif m := _SESSION_RE.match(line):
            fields["session"] = ordinal_value(m.group(1))
        elif _AGENDA_RE.match(line):
            fields["agenda_item"] = line.removeprefix("Agenda item").strip(" s")
        elif ADOPTED_RE.match(line):
            fields["adopted"] = iso_date(line)
            fields["status"] = "adopted"
        elif m := SC_NUMBER_RE.match(line):
            # A Security Council resolution has a number, not a title.
            fields.setdefault("symbol", f"S/RES/{m.group(1)} ({m.group(2)})")
            title = line
        elif m := _REPORT_RE.match(line):
            fields["committee"] = m.group(1) if line.startswith("[on") else "Plenary"
            fields["committee_report"] = m.group(2)
        elif _COMMITTEE_RE.fullmatch(line):
            fields["committee"] = line
        elif m := _VICE_CHAIR_RE.match(line):
            sponsors = (m.group(1),)
            fields["basis"] = m.group(2) or ""
        elif m := _SPONSORS_RE.match(line):
            sponsors = tuple(s.strip() for s in re.split(r",\s*|(?<!\s)\s+and\s+", m.group(1)) if s.strip())
            title = m.group(2) or title
        elif m := RES_NUMBER_RE.match(line):
            fields.setdefault("session", int(m.group(1)))
            fields.setdefault("symbol", f"A/RES/{m.group(1)}/{m.group(2)}")
            title = m.group(3) or ""
            if not title and i + 1 < len(lines):
                title = lines[i + 1]
    if not title and lines:
        title = lines[-1]  # a draft's title stands just above "The General Assembly,"
    for line in trailer:
        if m := PLENARY_RE.match(line):
            fields["plenary_meeting"] = int(m.group(1))
        elif text_date(line) and not fields.get("adopted"):
            fields["adopted"] = text_date(line)
    symbol = str(fields.get("symbol", ""))
    if symbol:
        if m := re.search(r"/(Rev\.\d+)", symbol):
            fields["revision"] = m.group(1)
        if m := re.search(r"/(Corr\.\d+)", symbol):
            fields["corrigendum"] = m.group(1)
        if "session" not in fields and (m := re.search(r"/(\d{2,3})/", symbol)):
            fields["session"] = int(m.group(1))
        fields.setdefault("status", "adopted" if "/RES/" in symbol else "draft" if "/L." in symbol else "")
    if sponsors:
        fields["status"] = "draft"
    return Metadata(title=title, sponsors=sponsors, **fields)  # type: ignore[arg-type]
