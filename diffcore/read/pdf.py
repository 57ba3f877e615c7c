"""Read a UN resolution PDF with pypdfium2.

pypdfium2's text comes in fragments broken at every superscript and in
content-stream order; this module rebuilds physical lines from the
fragments' positions, writes superscript digits as footnote references,
reads the footnotes under each page's rule, and hands the pages to
:mod:`diffcore.read.blocks`, the same line logic the ``pdftotext`` reader
uses.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Any

from diffcore.errors import ResdiffError
from diffcore.header import SYMBOL_RE
from diffcore.model import SourceText
from diffcore.read.blocks import build_blocks
from diffcore.read.chars import clean_chars
from diffcore.read.page import MASTHEAD, RULE_RE, STAR_NOTE_RE, Furniture, Line, Page
from diffcore.text import note

__all__ = ["read_pdf"]

_MASTHEAD = re.compile(rf"^(?:{'|'.join(MASTHEAD)})" r"(?:$|\s+(?=Distr\.|[A-Z]{1,4}/\S+$))")
_STAR_NOTE = re.compile(r"^(\*{1,3})\s*(\S.*)$")

# pdfium error codes (FPDF_GetLastError).
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

# Layout figures, in PDF points, measured on the 22 dev PDFs (one-off script, see
# the commit): body text is 10 pt, footnotes 8.5 pt.
# A fragment's body size is the largest of its first few visible characters
# (a fragment may open with a footnote reference of up to three small digits).
_SIZE_PROBE = 6
# Superscript references measure 0.6-0.7 of the body size (5957 of the digits
# that follow a character), footnote-size text 0.85-0.9: a share below 0.8 is a superscript.
_SMALL = 0.8
# Superscripts sit 3.5 pt above the character before them (all 1231 measured);
# a small digit raised less is a subscript or on the baseline.
_RAISED = 1.5
# Fragments whose baselines differ by less than this share one line.
_SAME_BASELINE = 2.0
# A fragment that starts up to this far left of the last one's right end still follows it.
_OVERLAP = 2.0
# Paragraphs' first lines start 20-28 pt right of the text's left edge, wrapped lines at it.
_INDENT = 8.0
# Lines in a paragraph are 1.2 font sizes apart, paragraphs 1.8: more than 1.6 is a gap.
_GAP = 1.6
# The font size the gap is measured in is at least this (tiny superscript-only lines).
_MIN_SIZE = 8.0
# The right margin: the 95th percentile of where lines end (justified lines end
# there within 2 pt), so that a few lines running wider than the text do not move it.
_MARGIN_QUANTILE = 0.95
# A line ending within this of the right margin runs to the margin.
_FULL_SLACK = 6.0
# On pages after the first, text less than this below the running symbol's baseline is running head.
_HEAD_CLEARANCE = 6.0
# The running head is among a page's first few lines (symbol and title, wrapped).
_HEAD_LINES = 4


@dataclass
class _Frag:
    """A run of text on one baseline, as pdfium reports it."""

    text: str
    x: float
    y: float
    right: float
    size: float


def read_pdf(path: str, data: bytes) -> SourceText:
    """Read a resolution PDF's text layer into blocks."""
    import pypdfium2 as pdfium  # imported here: start-up time matters
    import pypdfium2.raw as pdfium_c

    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise ResdiffError("not a PDF file (no %PDF header); check the file", path)
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = pdfium_c.FPDF_GetLastError()
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise ResdiffError(
                "encrypted PDF: remove the password (e.g. qpdf --decrypt) and try again", path
            ) from None
        if code == 0:  # PDFium refuses a document without pages and reports no error
            raise ResdiffError("PDF with no pages; check the file or download it again", path) from None
        raise ResdiffError(f"corrupt PDF ({exc}); download the file again", path) from None
    try:
        frags = _extract(doc, pdfium_c, path)
    except ResdiffError:
        raise
    except Exception as exc:  # pdfium reports broken files in many ways
        raise ResdiffError(
            f"corrupt PDF ({type(exc).__name__}: {exc}); download the file again", path
        ) from None
    finally:
        doc.close()
    if not any(f.text.strip() for page in frags for f in page):
        raise ResdiffError("scanned PDF: no text layer; run OCR first", path)
    return SourceText(path, "pdf", build_blocks(_pages(frags), refs_marked=True))


def _extract(doc: Any, pdfium_c: Any, path: str) -> list[list[_Frag]]:
    """Every page's text fragments, superscript digits written as references."""
    x = ctypes.c_double()
    y = ctypes.c_double()
    left = ctypes.c_double()
    right = ctypes.c_double()
    bottom = ctypes.c_double()
    top = ctypes.c_double()
    pages: list[list[_Frag]] = []
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        raw = tp.raw
        n = tp.count_chars()
        text = tp.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:
            # Characters outside the BMP shift text indices; fall back to
            # one character per index so positions stay aligned.
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, k) or ord(" ")) for k in range(n))
        out: list[_Frag] = []
        for m in re.finditer(r"[^\r\n]+", text):
            seg = m.group(0)
            if not seg.strip():
                continue
            s = m.start() + len(seg) - len(seg.lstrip())
            e = m.start() + len(seg.rstrip()) - 1
            # The body size: the largest of the first few visible characters.
            probe = [k for k in range(s, min(e + 1, s + _SIZE_PROBE)) if not text[k].isspace()]
            sizes = {k: pdfium_c.FPDFText_GetFontSize(raw, k) for k in probe}
            size = max(sizes.values())
            base_k = next((k for k in probe if sizes[k] >= _SMALL * size), s)
            pdfium_c.FPDFText_GetCharOrigin(raw, base_k, x, y)
            base_y = y.value
            pdfium_c.FPDFText_GetCharOrigin(raw, s, x, y)
            fx = x.value
            pdfium_c.FPDFText_GetCharBox(raw, e, left, right, bottom, top)
            frag_right = right.value
            parts: list[str] = []
            last = m.start()
            for d in re.finditer(r"\d+", seg):
                k0 = m.start() + d.start()
                k1 = m.start() + d.end()
                # A reference can be glued to a number (COVID-1916): find
                # where the small digits at the run's end begin.
                k = k1
                while k > k0 and pdfium_c.FPDFText_GetFontSize(raw, k - 1) < _SMALL * size:
                    k -= 1
                if k == k1:
                    continue
                # Raised above the visible character before it (", 7" has a
                # space between): a segment can span a soft-hyphen line
                # break, so the segment's first baseline won't do.
                ref_y = base_y
                before = next((j for j in range(k - 1, m.start() - 1, -1) if not text[j].isspace()), None)
                if before is not None:
                    pdfium_c.FPDFText_GetCharOrigin(raw, before, x, y)
                    ref_y = y.value
                pdfium_c.FPDFText_GetCharOrigin(raw, k, x, y)
                if y.value < ref_y + _RAISED:
                    continue  # smaller but not raised: a subscript, not a reference
                parts.append(text[last:k])
                parts.append(note(text[k:k1]))
                last = k1
            parts.append(text[last : m.end()])
            out.append(_Frag(clean_chars("".join(parts)).strip(), fx, base_y, frag_right, size))
        pages.append(out)
        tp.close()
        page.close()
    return pages


def _merge(frags: list[_Frag]) -> list[_Frag]:
    """Join fragments that share a baseline (split by a superscript) into lines."""
    out: list[_Frag] = []
    for f in frags:
        if (
            out
            and f.text.isdigit()
            and f.size < _SMALL * out[-1].size
            and f.y > out[-1].y + _RAISED
            and f.x >= out[-1].right - _OVERLAP
        ):
            # pdfium sometimes gives a superscript a fragment of its own.
            p = out[-1]
            out[-1] = _Frag(p.text + note(f.text), p.x, p.y, max(p.right, f.right), p.size)
            continue
        if (
            out
            and out[-1].text.isdigit()
            and out[-1].size < _SMALL * f.size
            and out[-1].y > f.y + _RAISED
            and f.x >= out[-1].right - _OVERLAP
        ):
            # ... and a footnote's number too, just before its text.
            p = out[-1]
            out[-1] = _Frag(note(p.text) + " " + f.text, p.x, f.y, f.right, f.size)
            continue
        if out and abs(out[-1].y - f.y) < _SAME_BASELINE and f.x >= out[-1].right - _OVERLAP:
            p = out[-1]
            out[-1] = _Frag(p.text + " " + f.text, p.x, p.y, max(p.right, f.right), max(p.size, f.size))
        else:
            out.append(f)
    return out


def _pages(raw_pages: list[list[_Frag]]) -> list[Page]:
    """Turn fragments into the shared page form: body lines and footnotes."""
    merged = [_merge(p) for p in raw_pages]
    first = merged[0] if merged else []
    symbol = ""
    for f in first[:3]:
        t = _MASTHEAD.sub("", f.text).strip()
        if SYMBOL_RE.match(t):
            symbol = t
            break
    furniture = Furniture(symbol, len(merged))
    split = [_split_page(p, furniture, i == 0) for i, p in enumerate(merged)]
    body_frags = [f for body, _ in split for f in body]
    # Layout measures over the whole document: where continuation lines
    # start and where full lines end.
    lefts = sorted(round(f.x) for f in body_frags)
    left = max(set(lefts), key=lefts.count) if lefts else 0.0
    rights = sorted(f.right for f in body_frags)
    margin = rights[int(len(rights) * _MARGIN_QUANTILE)] if rights else 0.0

    pages: list[Page] = []
    for idx, (body, notes) in enumerate(split):
        lines: list[Line] = []
        prev: _Frag | None = None
        for f in body:
            indent = f.x > (prev.x if prev else left) + _INDENT
            gap = prev is not None and prev.y - f.y > _GAP * max(prev.size, _MIN_SIZE)
            lines.append(Line(f.text, gap=gap, indent=indent, full=f.right >= margin - _FULL_SLACK))
            prev = f
        if idx == 0:
            furniture.learn_title(lines)
        elif furniture.title:
            texts = furniture.strip_running_head([ln.text for ln in lines[:_HEAD_LINES]])
            del lines[: min(_HEAD_LINES, len(lines)) - len(texts)]
        pages.append(Page(lines, notes))
    return pages


def _split_page(
    frags: list[_Frag], furniture: Furniture, first: bool
) -> tuple[list[_Frag], list[tuple[str, str]]]:
    """Drop furniture and split a page into body fragments and footnotes."""
    body: list[_Frag] = []
    notes: list[tuple[str, str]] = []
    in_notes = False
    seen_symbol = False
    # The masthead shares its lines with the symbol and the Distr. line: below
    # them, "General Assembly" is the end of a wrapped title, not masthead.
    distr = [f.y for f in frags if "Distr." in f.text] if first else []
    masthead_floor = min(distr) - _SAME_BASELINE if distr else float("-inf")
    if not first and furniture.symbol:
        # The running head (symbol and title, the title maybe wrapped) sits
        # level with or above the symbol; pdfium may list it anywhere.
        sym = furniture.symbol
        heads = [
            f.y for f in frags if f.text == sym or f.text.startswith(sym + " ") or f.text.endswith(" " + sym)
        ]
        if heads:
            top = max(heads) - _HEAD_CLEARANCE
            frags = [f for f in frags if f.y < top]
    for f in frags:
        t = f.text
        if first and f.y > masthead_floor:
            t = _MASTHEAD.sub("", t).strip()
            if not t:
                continue
            f = _Frag(t, f.x, f.y, f.right, f.size)
        if t == furniture.symbol:
            if first and not seen_symbol:
                seen_symbol = True
                body.insert(0, f)  # the header's symbol line comes first
            continue
        if furniture.is_line(t):
            continue
        if RULE_RE.match(t):
            in_notes = True
            continue
        if not in_notes and STAR_NOTE_RE.match(t):
            in_notes = True
        if not in_notes:
            body.append(f)
            continue
        m = re.match(r"^\ue000([^\ue001]+)\ue001\s*(.*)$", t)
        star = _STAR_NOTE.match(t)
        if m:
            notes.append((m.group(1), m.group(2)))
        elif star:
            notes.append((star.group(1), star.group(2)))
        elif notes:
            notes[-1] = (notes[-1][0], notes[-1][1] + " " + t)
        else:
            notes.append(("", t))
    return body, notes
