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
from .header import ORGAN_RE, parse_metadata
from .model import (
    NOTE_OPEN,
    Block,
    BlockKind,
    Footnote,
    NoteRef,
    Paragraph,
    Part,
    Resolution,
    SourceText,
)
from .read.paragraphs import OPENER_RE
from .text import ANNEX_RE, NOTE_RE, OPNUM, PARA_LABEL, PLENARY_RE, SUBPARA_RE, squash, text_date

__all__ = ["build_resolution"]

_OP_RE = re.compile(rf"^{OPNUM}\s+(\S.*)$", re.S)
_LABEL_RE = re.compile(rf"^{PARA_LABEL}\s+(\S.*)$", re.S)
_HEADING_RE = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.\s+\S.*[^,;:.]$")
# A paragraph number printed without its full stop ("26 Condemns", 79/160): taken
# only when it is the next number, so that a quantity opening a line is not.
_BARE_OP_RE = re.compile(r"^(\d{1,3})()\s+([A-Z][a-z]+\s.*)$", re.S)


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
    new_section = False  # a heading came after the last paragraph
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
        op = _OP_RE.match(text) or _bare_op(text, drafts)
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
        elif new_section and part is Part.OPERATIVE and OPENER_RE.match(text):
            # A part of a multi-part resolution opens with its own preamble
            # ("Having considered the report ..."), not more of the paragraph above.
            part = Part.PREAMBLE
            drafts.append(_Draft(part, None, [text], section))
        elif drafts and (SUBPARA_RE.match(text) or (part is Part.OPERATIVE and not _HEADING_RE.match(text))):
            # Sub-paragraphs, and unnumbered text inside the operative part
            # (a closing chapeau, a quoted passage), belong to the paragraph above.
            drafts[-1].lines.append(text)
        elif _HEADING_RE.match(text):
            section = text
            new_section = True
            continue
        else:
            drafts.append(_Draft(part, None, [text], section))
        new_section = False
    return tuple(_finish(drafts)), trailer


def _bare_op(text: str, drafts: list[_Draft]) -> re.Match[str] | None:
    """``text`` as an operative paragraph whose number lost its full stop, if it follows the last one.

    >>> _bare_op("26 Condemns any denial", [_Draft(Part.OPERATIVE, 25)]).group(1)
    '26'
    >>> _bare_op("27 States have ratified it", [_Draft(Part.OPERATIVE, 25)]) is None
    True
    """
    m = _BARE_OP_RE.match(text)
    last = drafts[-1] if drafts else None
    if m is None or last is None or last.part is not Part.OPERATIVE or last.number is None:
        return None
    return m if int(m.group(1)) == last.number + 1 else None


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
    for m in NOTE_RE.finditer(text):
        parts.append(text[last : m.start()])
        length += m.start() - last
        notes.append(NoteRef(length, m.group(1)))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), tuple(notes)
