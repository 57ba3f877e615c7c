"""Read the UN publishing system's text format (the samples' format).

One paragraph per line, indented with tabs, an operative number followed by
a tab; ``[DU1]`` and ``<<ODS ...>>`` markers; the masthead (symbol,
``Distr.: General``, dates, session, agenda item) glued together after the
body; footnotes as ``1 Resolution 60/288.`` lines after the closing
``NNth plenary meeting``; footnote references glued to the word before them
(``Strategy;1``, ``Aviation3``).
"""

from __future__ import annotations

import re

from ..header import SYMBOL_RE
from ..model import Block, BlockKind, SourceText
from ..text import PLENARY_RE, iso_date, note, squash

__all__ = ["is_un_text", "read_un_text"]

_MARKER_RE = re.compile(r"\[DU\d*\]|<<ODS [^>]*>>")
_ODS_JOB_RE = re.compile(r"<<ODS JOB NO>>.*?<<ODS JOB NO>>")
_ODS_SYMBOL_RE = re.compile(r"<<ODS DOC SYMBOL1>>(.*?)<<ODS DOC SYMBOL1>>")
_RULE_RE = re.compile(r"^[-_=\s]+$")
_PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_JOB_RE = re.compile(r"^\d{2}-\d{5}(\s*\(E\))?$")
_BARCODE_RE = re.compile(r"^\*\d{5,}\*$")
_FOOTNOTE_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# The masthead pieces, once glued: "United NationsA/RES/64/177General
# AssemblyDistr.: General" and "24 March 2010Sixty-fourth session".
_MASTHEAD_SPLIT_RE = re.compile(
    r"United Nations|General Assembly(?=Distr)|(?=Distr\.:)"
    r"|(?<=\d{4})(?=[A-Z][a-z]+(?:-[a-z]+)? session)"
)
# A footnote reference glued to the end of a word or to punctuation: a
# number of one to three digits, checked in ``_glued`` (a regular expression
# that opened with the look-behinds would be tried at every character).
_NUMBER_RE = re.compile(r"\d+")
_REF_BEFORE = frozenset(',;:)”’"')
_REF_AFTER = frozenset(",;.:)")


def is_un_text(text: str) -> bool:
    """True for the UN text format: ODS or ``[DU1]`` markers, or tab-set paragraphs.

    >>> is_un_text("[DU1]\\nResolution adopted by the General Assembly")
    True
    >>> is_un_text("A/RES/79/144\\n\\nUnited Nations\\n")
    False
    """
    return bool(
        "<<ODS " in text or re.search(r"^\[DU\d*\]", text, re.M) or re.search(r"^\t+\d{1,3}\.\t", text, re.M)
    )


def read_un_text(path: str, text: str) -> SourceText:
    """Turn the UN text format into blocks: masthead, body lines, footnotes.

    >>> src = read_un_text("x", "[DU1]\\n\\tThe General Assembly,\\n\\t1.\\tDecides;1\\n1 Note.")
    >>> [(b.kind.value, b.text) for b in src.blocks]
    [('text', 'The General Assembly,'), ('text', '1. Decides;\\ue0001\\ue001'), ('footnote', 'Note.')]
    """
    header: list[Block] = []
    body: list[str] = []
    footnotes: list[Block] = []
    after_trailer = False
    for raw in text.splitlines():
        symbol = _ODS_SYMBOL_RE.search(raw)
        if symbol and symbol.group(1).strip():
            header.append(Block(BlockKind.TEXT, symbol.group(1).strip()))
            continue
        line = squash(_MARKER_RE.sub("", _ODS_JOB_RE.sub("", raw)).replace("\t", " "))
        if not line or _is_furniture(line):
            continue
        if ("United Nations" in line and "Distr" in line) or (
            line.endswith(" session") and re.search(r"\d{4}[A-Z][a-z]+.* session$", line)
        ):
            header.extend(Block(BlockKind.TEXT, piece) for piece in _split_masthead(line))
            continue
        if line.startswith("Agenda item") and after_trailer:
            header.append(Block(BlockKind.TEXT, line))
            continue
        if SYMBOL_RE.match(line):
            continue  # a running symbol at the top of a page
        # Footnotes follow the closing lines, or at least are not tab-set like the body.
        in_notes = after_trailer or (bool(body) and not raw.startswith("\t"))
        footnote = _FOOTNOTE_RE.match(line) if in_notes else None
        if footnote and not iso_date(line):
            footnotes.append(Block(BlockKind.FOOTNOTE, footnote.group(2), footnote.group(1)))
            continue
        if PLENARY_RE.match(line):
            after_trailer = True
        body.append(line)
    markers = {b.marker for b in footnotes}
    blocks = _dedupe(header) + [Block(BlockKind.TEXT, t) for t in _lift_refs(body, markers)]
    return SourceText(path, "un-text", tuple(blocks + footnotes))


def _is_furniture(line: str) -> bool:
    return bool(
        _RULE_RE.match(line) or _PAGE_NUMBER_RE.match(line) or _JOB_RE.match(line) or _BARCODE_RE.match(line)
    )


def _split_masthead(line: str) -> list[str]:
    pieces = (squash(p) for p in _MASTHEAD_SPLIT_RE.split(line))
    return [p for p in pieces if p and p not in ("United Nations", "General Assembly")]


def _dedupe(blocks: list[Block]) -> list[Block]:
    seen: set[str] = set()
    out = []
    for b in blocks:
        if b.text not in seen:
            seen.add(b.text)
            out.append(b)
    return out


def _lift_refs(lines: list[str], markers: set[str]) -> list[str]:
    """Mark glued footnote references that name a footnote of the document.

    A reference may repeat an earlier number but may not jump ahead by more
    than one, which keeps ``G20`` or ``L.5`` from being read as references.

    >>> _lift_refs(["Strategy;1 and G20", "Aviation2, in 2009."], {"1", "2"}) == [
    ...     "Strategy;" + note("1") + " and G20", "Aviation" + note("2") + ", in 2009."]
    True
    """
    if not markers:
        return lines
    highest = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal highest
        number = match.group()
        value = int(number)
        before = match.string[max(0, match.start() - 3) : match.start()]
        if not _glued(match) or number not in markers or value > highest + 1 or before.isupper():
            return number
        highest = max(highest, value)
        return note(number)

    return [_NUMBER_RE.sub(replace, line) for line in lines]


def _glued(match: re.Match[str]) -> bool:
    """True for a number of 1-3 digits glued to two letters or to punctuation,
    or to a word's full stop ("paras.3 "), and followed by a space, a
    punctuation mark or the end of the line."""
    text, start, end = match.string, match.start(), match.end()
    if end - start > 3:
        return False
    after = text[end : end + 1]
    spaced = not after or after.isspace()
    before = text[max(0, start - 3) : start]
    if (spaced or after in _REF_AFTER) and (
        before[-1:] in _REF_BEFORE or (len(before) >= 2 and before[-2:].isascii() and before[-2:].isalpha())
    ):
        return True
    pair = before[:2]  # "paras.3": two lower-case letters and a full stop
    return spaced and before[2:] == "." and pair.isascii() and pair.isalpha() and pair.islower()
