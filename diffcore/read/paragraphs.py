"""Paragraph segmentation: which body lines start a new block.

Hard-wrapped lines are joined into logical paragraphs from their content
(paragraph numbers, sub-paragraph letters, the words a preambular paragraph
opens with) and, for PDFs, their layout (indents, short lines).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from diffcore.header import ORGAN_LINE_RE
from diffcore.model import NOTE_CLOSE, NOTE_OPEN
from diffcore.read.chars import SOFT_BREAK
from diffcore.read.page import Line, full_line_length
from diffcore.text import ANNEX_RE, OPNUM, PARA_LABEL, PLENARY_RE, SUBPARA_RE

__all__ = ["OPENER_RE", "segment"]

OPNUM_RE = re.compile(rf"^{OPNUM}(?:\s+|$)")
LABEL_RE = re.compile(rf"^{PARA_LABEL}\s")  # "PP3 Recalling", "OP5. Decides" in a negotiation draft
ROMAN_RE = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.?$")
# A section heading with its text on the same line: "I. International trade".
_HEADING_RE = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.\s+[A-Z]")


# A full line's length when a document has no long lines to measure it on: a
# line of body text in a UN document holds about 80 characters.
_DEFAULT_WIDTH = 80
# A line at least this share of a full line's length runs to the margin
# (used only when the reader cannot see the margin, as with pdftotext).
_FULL_SHARE = 0.9

_TERMINAL = re.compile(r"(?:[,;:.]|[,;:.]\s?\d{1,3}|" + NOTE_CLOSE + r")$")
_ENDS_LIST = re.compile(
    rf"(?:[;:,.]|\band|\bor)(?:\s?\d{{1,3}}|{NOTE_OPEN}[^{NOTE_OPEN}{NOTE_CLOSE}]*{NOTE_CLOSE})?$"
)


# How a preambular paragraph opens: a participle or an adjective ("Recalling that").
OPENER_RE = re.compile(
    r"^(?:[A-Z][a-z]+(?:ing|ed)|Aware|Mindful|Conscious|Cognizant|Deeply|Gravely|Further|Also|Acknowledging)"
    r"(?: [a-z]|,)"
)


class _Segmenter:
    """Decides where a new block starts, from content and, for PDFs, layout."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.width = full_line_length(lines) or _DEFAULT_WIDTH
        self.next_op = 1
        self.annex = False

    def is_full(self, line: Line) -> bool:
        if line.full is not None:
            return line.full
        return len(line.text) >= _FULL_SHARE * self.width

    def starts(self, prev: Line | None, line: Line) -> bool:
        t = line.text.strip()
        if prev is None:
            return True
        p = prev.text.strip()
        if (m := OPNUM_RE.match(t)) is not None:
            num = int(m.group(1))
            alone = t == m.group(0).strip()
            if m.group(2):  # "5 bis." comes after paragraph 5 and leaves the numbering as it is
                if alone or self.annex or num == self.next_op - 1 or _TERMINAL.search(p):
                    return True
            elif (
                alone
                or self.annex
                or num == self.next_op
                # Higher after a full stop, or 1 again (each part of a multi-part resolution)
                or ((num > self.next_op or num == 1) and _TERMINAL.search(p))
            ):
                if not self.annex:
                    self.next_op = num + 1
                return True
        if SUBPARA_RE.match(t) and _ENDS_LIST.search(p):
            return True
        if LABEL_RE.match(t):
            return True
        if _HEADING_RE.match(t) and not self.is_full(prev):
            return True  # under a short line such as "Priority area 2: Trade"
        if ROMAN_RE.match(t) or ANNEX_RE.match(t) or PLENARY_RE.match(t):
            if ANNEX_RE.match(t):
                self.annex = True
            return True
        if ORGAN_LINE_RE.match(p) or PLENARY_RE.match(p) or ANNEX_RE.match(p):
            return True
        if t[:1].islower():
            return False  # paragraphs open with a capital; this continues a sentence
        if line.indent:
            # An indent opens a paragraph, unless the line above ran to the
            # margin in mid-sentence (a typesetting slip: 79/145).
            return bool(_TERMINAL.search(p)) or not self.is_full(prev)
        if not t[:1].isupper() or not _TERMINAL.search(p):
            return False
        # A preambular paragraph opens with a participle or adjective
        # ("Recognizing that", "Deeply concerned"); a wrapped line that
        # merely starts with a name ("United Nations") does not.
        return not self.is_full(prev) or bool(OPENER_RE.match(t))


_NUM_ALONE = re.compile(rf"^{OPNUM}$")


def _open_heading(paras: list[list[str]], line: Line) -> bool:
    """True if ``line`` continues a heading: one open, unpunctuated, and no space above the line.

    Only a PDF reader sees the space (``gap`` is False and ``indent`` known).
    """
    if line.gap or line.indent is None or not paras or not _HEADING_RE.match(" ".join(paras[-1])):
        return False
    t = line.text.strip()
    return not (OPNUM_RE.match(t) or SUBPARA_RE.match(t) or paras[-1][-1].endswith((".", ";", ":")))


_LINE_END_HYPHEN = re.compile(r"[^\W\d_] ?-$")
# A suspended hyphen ("pre- and post-conflict") keeps its space.
_HYPHEN_NEXT = re.compile(r"^(?!(?:and|or|to|nor)\b)[^\W\d_]")


def segment(lines: Sequence[Line]) -> list[str]:
    """Join body lines into logical paragraphs (one string each)."""
    seg = _Segmenter(lines)
    paras: list[list[str]] = []
    prev: Line | None = None
    heading = False
    for line in lines:
        t = line.text.strip()
        if not t:
            continue
        new = seg.starts(prev, line)
        if heading:
            # A roman numeral alone on a line heads the next line's text.
            paras[-1].append(t)
            heading = False
            prev = line
            continue
        if prev is not None and _NUM_ALONE.match(prev.text.strip()):
            new = False  # "1." alone: its text follows on the next line
        elif new and _open_heading(paras, line):
            new = False  # a heading wrapped over lines set close together
        if new or not paras:
            paras.append([t])
        elif (
            paras[-1][-1].endswith(SOFT_BREAK) or _LINE_END_HYPHEN.search(paras[-1][-1])
        ) and _HYPHEN_NEXT.match(t):
            # A hyphen at a line end joins the two halves of a compound.
            paras[-1][-1] = paras[-1][-1][:-1].rstrip() + "-" + t
        else:
            paras[-1].append(t)
        if ROMAN_RE.match(t):
            heading = True
            paras[-1][-1] = t.rstrip(".") + "."
        prev = line
    return [" ".join(p) for p in paras]
