"""Pages to blocks: the one path both PDF readers share.

Both PDF readers (``pdftotext`` output in :mod:`diffcore.read.pagetext` and
pypdfium2 in :mod:`diffcore.read.pdf`) reduce each page to a
:class:`~diffcore.read.page.Page`; this module gathers the footnotes, places
footnote references, splits off the first-page header, joins lines into
paragraphs and repairs extraction artefacts, so that both readers give the
same blocks.
"""

from __future__ import annotations

from collections.abc import Sequence

from diffcore.header import split_header
from diffcore.model import Block, BlockKind
from diffcore.read.noterefs import RefFinder, star_refs, unmark_unknown
from diffcore.read.page import Line, Page
from diffcore.read.paragraphs import segment
from diffcore.read.repair import SplitWords, repair

__all__ = ["build_blocks"]


def build_blocks(pages: Sequence[Page], refs_marked: bool) -> tuple[Block, ...]:
    """Turn cleaned pages into blocks: header lines, paragraphs, footnotes.

    ``refs_marked`` says the reader already wrote footnote references as
    NOTE markers (PDF superscripts); otherwise they are found in the text.
    """
    notes: dict[str, str] = {}
    order: list[str] = []
    page_markers: list[set[str]] = []
    for page in pages:
        here: set[str] = set()
        for marker, text in page.notes:
            if not marker:
                if order:
                    notes[order[-1]] += " " + text
                continue
            if marker not in notes:
                order.append(marker)
                notes[marker] = text
            here.add(marker)
        page_markers.append(here)
    stars = {m for m in notes if m.startswith("*")}

    finder = RefFinder(notes)
    body: list[Line] = []
    for page, here in zip(pages, page_markers, strict=True):
        for ln in page.lines:
            text = ln.text
            text = unmark_unknown(text, notes) if refs_marked else finder.mark_line(text, here)
            body.append(Line(text, ln.gap, ln.indent, ln.full))

    header, rest = split_header(body)
    paras = segment(rest)
    texts = [repair(star_refs(h, stars)) for h in header] + [repair(p) for p in paras]
    note_texts = {m: repair(t) for m, t in notes.items()}
    words = SplitWords(list(texts) + list(note_texts.values()))
    blocks = [Block(BlockKind.TEXT, words.fix(t)) for t in texts if t]
    for m in sorted(order, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)):
        blocks.append(Block(BlockKind.FOOTNOTE, words.fix(note_texts[m]), m))
    return tuple(blocks)
