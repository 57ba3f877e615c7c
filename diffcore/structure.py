"""Stage 2, structure: text blocks -> :class:`~diffcore.model.Resolution`.

A resolution is a header (symbol, title, dates, committee...), the line
"The General Assembly," (or another organ), preambular paragraphs, numbered
operative paragraphs, sometimes under section headings ``I.``, ``II.``,
sub-paragraphs ``(a)``, ``(i)`` kept with their paragraph, a closing
``NNth plenary meeting`` and date, annexes, and footnotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .errors import ResdiffError
from .model import (
    NOTE_CLOSE,
    NOTE_OPEN,
    Block,
    BlockKind,
    Footnote,
    Metadata,
    NoteRef,
    Paragraph,
    Part,
    Resolution,
    SourceText,
)
from .text import (
    ADOPTED_RE,
    ANNEX_RE,
    DATE_LINE_RE,
    OPNUM,
    ORGAN_RE,
    PARA_LABEL,
    PLENARY_RE,
    SC_NUMBER_RE,
    SUBPARA_RE,
    SYMBOL_RE,
    iso_date,
    ordinal_value,
    squash,
)

__all__ = ["build_resolution", "parse_metadata"]

_OP_RE = re.compile(rf"^{OPNUM}\s+(\S.*)$", re.S)
_LABEL_RE = re.compile(rf"^{PARA_LABEL}\s+(\S.*)$", re.S)
_HEADING_RE = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.\s+\S.*[^,;:.]$")
_NOTE_RE = re.compile(f"\\s?{NOTE_OPEN}([^{NOTE_OPEN}{NOTE_CLOSE}]*){NOTE_CLOSE}")
_RES_NUMBER_RE = re.compile(r"^(\d{1,3})/(\d{1,4})\.\s*(.*)$")
_SESSION_RE = re.compile(r"^([A-Z][a-z]+(?:[-‑][a-z]+)?) (?:special )?session$")
_SPONSORS_RE = re.compile(r"^(.+?):[\s*]+(?:revised\s+)?draft resolution(?:\s+(\S.*))?$", re.I)
_VICE_CHAIR_RE = re.compile(
    r"^Draft resolution submitted by (?:the )?(.+?)(?:,? on the basis of informal "
    r"consultations (?:held )?on draft resolution (\S+?))?\.?$"
)


@dataclass
class _Draft:
    """A paragraph being assembled from its blocks."""

    part: Part
    number: int | None
    lines: list[str] = field(default_factory=list)
    section: str = ""
    suffix: str = ""  # "bis", "ter"... of a paragraph inserted in a negotiation draft
    label: str = ""  # the id a negotiation draft gives a preambular paragraph ("PP3bis")


def build_resolution(source: SourceText) -> Resolution:
    """Find the metadata, paragraphs and footnotes in a reader's blocks.

    >>> from diffcore.model import Block, BlockKind, SourceText
    >>> blocks = [Block(BlockKind.TEXT, t) for t in (
    ...     "1/2. Title", "The General Assembly,", "Recalling x,", "1. Decides y;")]
    >>> res = build_resolution(SourceText("f", "un-text", tuple(blocks)))
    >>> [(p.id, p.text) for p in res.paragraphs]
    [('PP1', 'Recalling x,'), ('OP1', 'Decides y;')]
    """
    text_blocks = [b for b in source.blocks if b.kind is BlockKind.TEXT]
    start = next((i for i, b in enumerate(text_blocks) if ORGAN_RE.match(b.text)), None)
    if start is None:
        # A bare list of operative paragraphs (an extract) still compares.
        start = next(
            (i for i, b in enumerate(text_blocks) if _OP_RE.match(b.text) or _LABEL_RE.match(b.text)), None
        )
        if start is None:
            raise ResdiffError(
                "no resolution structure found (no 'The General Assembly,' line and no numbered paragraphs)",
                source.path,
            )
        header, body, organ = text_blocks[:start], text_blocks[start:], ""
    else:
        header, body = text_blocks[:start], text_blocks[start + 1 :]
        organ = squash(text_blocks[start].text)
    paragraphs, trailer = _paragraphs(body)
    footnotes = tuple(
        Footnote(b.marker, squash(b.text)) for b in source.blocks if b.kind is BlockKind.FOOTNOTE
    )
    if not paragraphs:
        raise ResdiffError("no paragraphs found after 'The General Assembly,'", source.path)
    return Resolution(
        source=source.path,
        format=source.format,
        metadata=replace(parse_metadata([b.text for b in header], trailer), organ=organ),
        paragraphs=paragraphs,
        footnotes=footnotes,
        notes=source.notes,
    )


def _paragraphs(body: list[Block]) -> tuple[tuple[Paragraph, ...], list[str]]:
    """Group body blocks into paragraphs; return them and the trailer lines."""
    drafts: list[_Draft] = []
    trailer: list[str] = []
    part = Part.PREAMBLE
    section = ""
    for block in body:
        text = squash(block.text)
        if not text:
            continue
        if PLENARY_RE.match(text) or (trailer and len(trailer) == 1 and text_date(text)):
            trailer.append(text)
            continue
        if ANNEX_RE.match(text):
            part, section = Part.ANNEX, text
            continue
        label = _LABEL_RE.match(text) if part is not Part.ANNEX else None
        op = _OP_RE.match(text)
        if label:  # "PP3 bis Recalling ...", "OP5. Decides ...": the draft names the paragraph
            kind, number, suffix, rest = label.groups()
            suffix = suffix or ""
            if kind == "OP":
                part = Part.OPERATIVE
                drafts.append(_Draft(part, int(number), [rest], section, suffix))
            else:
                drafts.append(_Draft(part, None, [rest], section, label=f"PP{int(number)}{suffix}"))
        elif op and part is not Part.ANNEX:
            part = Part.OPERATIVE
            drafts.append(_Draft(part, int(op.group(1)), [op.group(3)], section, op.group(2) or ""))
        elif drafts and (SUBPARA_RE.match(text) or (part is Part.OPERATIVE and not _HEADING_RE.match(text))):
            # Sub-paragraphs, and unnumbered text inside the operative part
            # (a closing chapeau, a quoted passage), belong to the paragraph above.
            drafts[-1].lines.append(text)
        elif _HEADING_RE.match(text):
            section = text
        else:
            drafts.append(_Draft(part, None, [text], section))
    return tuple(_finish(drafts)), trailer


def text_date(text: str) -> str:
    """The ISO date ``text`` is, if it is nothing but a date; else "".

    >>> text_date("18 December 2009"), text_date("on 18 December 2009")
    ('2009-12-18', '')
    """
    return iso_date(text) if DATE_LINE_RE.match(text) else ""


def _finish(drafts: list[_Draft]) -> list[Paragraph]:
    """Give each paragraph its id and lift footnote references out of its text."""
    out = []
    seen: set[str] = set()
    counters = {Part.PREAMBLE: 0, Part.ANNEX: 0}
    for d in drafts:
        if d.label:
            pid = d.label
        elif d.number is not None:
            pid = f"OP{d.number}{d.suffix}"
        else:
            counters[d.part] = counters.get(d.part, 0) + 1
            pid = f"{'PP' if d.part is Part.PREAMBLE else 'AX'}{counters[d.part]}"
        base, n = pid, 1
        while pid in seen:  # a number used twice in the document
            n += 1
            pid = f"{base}-{n}"
        seen.add(pid)
        text, notes = _lift_notes("\n".join(d.lines))
        out.append(Paragraph(pid, d.part, d.number, text, notes, d.section))
    return out


def _lift_notes(text: str) -> tuple[str, tuple[NoteRef, ...]]:
    """Remove footnote references from ``text``, remembering where they were.

    >>> _lift_notes("Strategy;\\ue0001\\ue001 and")
    ('Strategy; and', (NoteRef(offset=9, marker='1'),))
    """
    if NOTE_OPEN not in text:
        return text, ()
    notes = []
    parts = []
    length = 0
    last = 0
    for m in _NOTE_RE.finditer(text):
        parts.append(text[last : m.start()])
        length += m.start() - last
        notes.append(NoteRef(length, m.group(1)))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), tuple(notes)


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
    lines = [squash(_lift_notes(h)[0]) for h in header if squash(_lift_notes(h)[0])]
    for i, line in enumerate(lines):
        if SYMBOL_RE.match(line) and "symbol" not in fields:
            fields["symbol"] = line
        elif line.startswith("Distr.:"):
            fields["distribution"] = line.split(":", 1)[1].strip()
            if i + 1 < len(lines) and text_date(lines[i + 1]):
                fields["distributed"] = text_date(lines[i + 1])
        elif m := _SESSION_RE.match(line):
            fields["session"] = ordinal_value(m.group(1))
        elif line.startswith("Agenda item"):
            fields["agenda_item"] = line.removeprefix("Agenda item").strip(" s")
        elif ADOPTED_RE.match(line):
            fields["adopted"] = iso_date(line)
            fields["status"] = "adopted"
        elif m := SC_NUMBER_RE.match(line):
            # A Security Council resolution has a number, not a title.
            fields.setdefault("symbol", f"S/RES/{m.group(1)} ({m.group(2)})")
            title = line
        elif m := re.match(
            r"^(?=.*\)\]$)\[(?:on the report of the|without reference to a) (.+?)\s*\((.+)\)\]$", line
        ):
            fields["committee"] = m.group(1) if line.startswith("[on") else "Plenary"
            fields["committee_report"] = m.group(2)
        elif re.fullmatch(r"(First|Second|Third|Fourth|Fifth|Sixth) Committee", line):
            fields["committee"] = line
        elif m := _VICE_CHAIR_RE.match(line):
            sponsors = (m.group(1),)
            fields["basis"] = m.group(2) or ""
        elif m := _SPONSORS_RE.match(line):
            sponsors = tuple(s.strip() for s in re.split(r",\s*|(?<!\s)\s+and\s+", m.group(1)) if s.strip())
            title = m.group(2) or title
        elif m := _RES_NUMBER_RE.match(line):
            fields.setdefault("session", int(m.group(1)))
            fields.setdefault("symbol", f"A/RES/{m.group(1)}/{m.group(2)}")
            title = m.group(3)
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
