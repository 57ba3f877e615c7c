"""Read ``pdftotext`` output (default mode, UTF-8, pages split by form feeds).

pdftotext writes each page's text in reading order, but footnote numbers
come out on lines of their own, often away from their texts, and footnote
references in the body are plain digits; this module turns each page into
body lines and numbered footnotes and leaves the rest to
:mod:`diffcore.read.blocks`.
"""

from __future__ import annotations

import re
from collections import Counter

from diffcore.errors import ResdiffError
from diffcore.header import SYMBOL_RE
from diffcore.model import SourceText
from diffcore.read.blocks import build_blocks
from diffcore.read.chars import SOFT_BREAK, clean_chars
from diffcore.read.page import MASTHEAD, RULE_RE, STAR_NOTE_RE, Furniture, Line, Page, full_line_length
from diffcore.read.repair import word_counts
from diffcore.text import MONTHS

__all__ = ["read_pdf_text"]

_NUM_LINE = re.compile(r"^(\d{1,3}|\*{1,3})$")
_INLINE_NUM = re.compile(r"^(\d{1,3}|\*{1,3}) (\S.*)$")
_GLUED_RULE = re.compile(r"^(.*?[^\s_])\s*_{5,}$")
# A footnote line that continues the one before: "17 March 2022, and Doha" (not
# "45 See ISBA/26/A/19."), or one that opens in lower case or with a dash.
_CONTINUATION = re.compile(rf"(?:{'|'.join(MONTHS)})\b|[a-z–-]")
# pdftotext puts the running head (symbol and title) among a page's first
# non-blank lines, with the page counter or a stray footnote line before it.
_HEAD_LINES = 6
# pdftotext glues a line ending in a hyphen to the next: a line this much longer
# than a full line holds two, and lost a hyphen where the first one ended ...
_OVERLONG = 1.2
# ... somewhere between these shares of a full line's length.
_JOIN_FROM, _JOIN_TO = 0.6, 1.1
# A line "NN text" in the footnote zone starts footnote NN only if NN is at most
# this far past the next number expected: a page's footnotes whose numbers stand
# on lines of their own may come between; a larger number is a quantity.
_NOTE_LEAP = 5
# How much a footnote-zone line looks like a footnote's first line: the first
# text line of the zone always starts one; the clues below only weigh against
# each other (a line that starts like a continuation outweighs two other clues).
_FIRST_LINE = 10.0
_CLUE = 1.0
_CONTINUES = 2.0
_OPENS = 0.5
# A line shorter than this share of the zone's longest line ends a footnote.
_SHORT_NOTE_LINE = 0.85


def read_pdf_text(path: str, text: str) -> SourceText:
    """Read the text ``pdftotext`` extracted from a UN resolution PDF."""
    text = clean_chars(text.replace("\r\n", "\n"))
    raw_pages = text.split("\f")
    if raw_pages and not raw_pages[-1].strip():
        raw_pages.pop()
    if not any(p.strip() for p in raw_pages):
        raise ResdiffError("no text: the file is empty or the PDF had no text layer; run OCR first", path)
    pages = [p.split("\n") for p in raw_pages]
    symbol = next((ln.strip() for ln in pages[0] if ln.strip()), "")
    if not SYMBOL_RE.match(symbol):
        symbol = ""
    furniture = Furniture(symbol, len(pages))

    first = _body_and_notes(pages[0], furniture, first=True)
    furniture.learn_title(first[0])
    out = [_page(first)]
    for raw in pages[1:]:
        out.append(_page(_body_and_notes(raw, furniture, first=False)))
    _number_notes(out)
    _restore_hyphens(out, word_counts(raw_pages))
    return SourceText(path, "pdf-text", build_blocks(out, refs_marked=False))


def _body_and_notes(raw: list[str], furniture: Furniture, first: bool) -> tuple[list[Line], list[str]]:
    """Split a page's lines at the footnote rule, dropping furniture."""
    lines = [ln.rstrip() for ln in raw]
    if not first:
        nonblank = [ln for ln in lines if ln.strip()]
        kept = furniture.strip_running_head(nonblank[:_HEAD_LINES])
        dropped = len(nonblank[:_HEAD_LINES]) - len(kept)
        # Remove the first `dropped` non-blank lines.
        i = 0
        while dropped and i < len(lines):
            if lines[i].strip():
                lines[i] = ""
                dropped -= 1
            i += 1
    body: list[Line] = []
    zone: list[str] = []
    in_notes = False
    gap = False
    seen_distr = False
    keep_symbol = first
    for ln in lines:
        s = ln.strip()
        if not s:
            gap = True
            continue
        if keep_symbol and s == furniture.symbol:
            keep_symbol = False  # the header's own symbol line is content
        elif furniture.is_line(s):
            continue
        if first and not seen_distr:
            if s in MASTHEAD:
                continue
            if s.startswith("Distr."):
                seen_distr = True
        if RULE_RE.match(s):
            in_notes = True
            continue
        glued = _GLUED_RULE.match(s)
        if glued and not in_notes:
            # pdftotext joins a line ending in a hyphen with the next line,
            # and at a page foot that next line is the footnote rule.
            body.append(Line(glued.group(1) + SOFT_BREAK, gap=gap))
            in_notes = True
            continue
        if not in_notes and STAR_NOTE_RE.match(s):
            in_notes = True
        if in_notes:
            zone.append(s)
        else:
            body.append(Line(s, gap=gap))
        gap = False
    return body, zone


def _restore_hyphens(pages: list[Page], vocab: Counter[str]) -> None:
    """Put back the hyphens pdftotext drops when it joins a line ending in one.

    pdftotext glues ``capacity-`` at a line end to the next line as
    ``capacitybuilding`` (or ``capacity building``), leaving an overlong
    line; near where the first line would have ended, a word that occurs
    nowhere else but splits into two known words gets its hyphen back.
    """
    width = full_line_length(ln for p in pages for ln in p.lines)
    if width is None:
        return
    for page in pages:
        for ln in page.lines:
            if len(ln.text) > _OVERLONG * width:
                ln.text = _fix_long_line(ln.text, width, vocab)


def _fix_long_line(text: str, width: int, vocab: Counter[str]) -> str:
    lo, hi = int(_JOIN_FROM * width), int(_JOIN_TO * width)
    tokens = list(re.finditer(r"\S+", text))
    for i, m in enumerate(tokens):
        if not lo <= m.start() <= hi:
            continue
        core = re.match(r"^([“‘(]?)([^\W\d_]+(?:-[^\W\d_]+)*)(.*)$", m.group(0))
        if core is None:
            continue
        word = core.group(2)
        low = word.lower()
        if vocab[low] <= 1:
            for k in range(2, len(word) - 1):
                left, right = low[:k], low[k:]
                last = left.rsplit("-", 1)[-1]
                if vocab[left + "-" + right] or (vocab[last] > 1 and vocab[right] > 1 and len(right) > 2):
                    fixed = core.group(1) + word[:k] + "-" + word[k:] + core.group(3)
                    return text[: m.start()] + fixed + text[m.end() :]
        # "capacity building": the space where the hyphen was.
        if i + 1 < len(tokens) and core.group(3) == "":
            nxt = re.match(r"^([^\W\d_]+)", tokens[i + 1].group(0))
            if (
                nxt
                and vocab[low + "-" + nxt.group(1).lower()] >= 2
                and vocab[low + " " + nxt.group(1).lower()] == 0
            ):
                return text[: m.end()] + "-" + text[tokens[i + 1].start() :]
    return text


def _page(parts: tuple[list[Line], list[str]]) -> Page:
    page = Page(lines=parts[0])
    page.notes = [("?", z) for z in parts[1]]  # raw zone lines; numbered later
    return page


def _number_notes(pages: list[Page]) -> None:
    """Attach footnote numbers to footnote texts on every page.

    The zone below the rule holds number lines and text lines in a muddled
    order: a number directly before a text line usually starts that
    footnote, the others pile up at the start or end of the zone. Texts are
    in footnote order, so the numbers sorted are matched to runs of text
    lines, splitting runs where a line looks like a footnote's end.
    """
    last = 0
    for page in pages:
        zone = [z for _, z in page.notes]
        page.notes = _zone_notes(zone, last)
        nums = [int(m) for m, _ in page.notes if m.isdigit()]
        if nums:
            last = max(last, max(nums))


def _zone_notes(zone: list[str], last: int) -> list[tuple[str, str]]:
    # Number lines (and numbers written inline before a text) versus texts.
    numbers: list[str] = []
    texts: list[str] = []
    anchors: dict[int, str] = {}  # text index -> number that directly precedes it
    pending: str | None = None
    prev_was_num = False
    expected = last + 1
    for z in zone:
        m = _NUM_LINE.match(z)
        if m:
            numbers.append(m.group(1))
            # Only a lone number (not one of a stack) marks where its text starts.
            pending = None if prev_was_num else m.group(1)
            prev_was_num = True
            continue
        mi = _INLINE_NUM.match(z)
        if (
            mi
            and (mi.group(1).startswith("*") or _fits(mi.group(1), expected, numbers))
            and _starts_note(mi.group(2))
        ):
            numbers.append(mi.group(1))
            anchors[len(texts)] = mi.group(1)
            texts.append(mi.group(2))
        else:
            if pending is not None:
                anchors[len(texts)] = pending
            texts.append(z)
        pending = None
        prev_was_num = False
        if numbers and numbers[-1].isdigit():
            expected = max(expected, int(numbers[-1]) + 1)
    if not texts:
        return []
    stars = [n for n in numbers if n.startswith("*")]
    digits = sorted({int(n) for n in numbers if n.isdigit()})
    ordered = stars + [str(d) for d in digits]
    if not ordered:
        return [("", " ".join(texts))]
    return _assign(texts, ordered, anchors)


def _fits(num: str, expected: int, numbers: list[str]) -> bool:
    return (
        num.isdigit()
        and int(num) >= expected - 1
        and num not in numbers
        and int(num) <= expected + _NOTE_LEAP
    )


def _starts_note(text: str) -> bool:
    # "17 March 2022, and Doha" continues a footnote; "45 See ISBA/26/A/19." starts one.
    return not _CONTINUATION.match(text)


def _assign(texts: list[str], markers: list[str], anchors: dict[int, str]) -> list[tuple[str, str]]:
    """Split text lines into len(markers) footnotes, in order, respecting anchors."""
    n, k = len(texts), len(markers)
    pos = {m: i for i, m in enumerate(markers)}
    # Fixed starts: text index -> marker index.
    fixed = {t: pos[m] for t, m in anchors.items() if m in pos}
    width = max(len(t) for t in texts)
    # Lines before the first footnote's text continue an earlier page's footnote.
    lead = 0
    if fixed:
        first_t = min(fixed)
        if fixed[first_t] == 0:
            lead = first_t
    # DP over (text index, footnotes started) maximising boundary scores.
    neg = float("-inf")
    best = [[neg] * (k + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (k + 1) for _ in range(n + 1)]
    best[lead][0] = 0.0
    for i in range(lead, n):
        for j in range(k + 1):
            if best[i][j] == neg:
                continue
            # Option 1: line i starts footnote j.
            if j < k and fixed.get(i, j) == j and _order_ok(fixed, i, j):
                s = best[i][j] + _start_score(texts, i, width, lead)
                if s > best[i + 1][j + 1]:
                    best[i + 1][j + 1] = s
                    back[i + 1][j + 1] = j
            # Option 2: line i continues footnote j-1.
            if j > 0 and i not in fixed:
                s = best[i][j] - _start_score(texts, i, width, lead)
                if s > best[i + 1][j]:
                    best[i + 1][j] = s
                    back[i + 1][j] = j
    if best[n][k] == neg:
        # No consistent split: fall back to one footnote per line, extras joined.
        groups = [[t] for t in texts[lead:]]
        while len(groups) > k:
            groups[-2] += groups.pop()
        result = [(markers[i], " ".join(g)) for i, g in enumerate(groups)]
    else:
        starts: list[int] = []
        j = k
        for i in range(n, lead, -1):
            pj = back[i][j]
            if pj != j:
                starts.append(i - 1)
            j = pj
        starts.reverse()
        bounds = [*starts, n]
        result = [(markers[x], " ".join(texts[bounds[x] : bounds[x + 1]])) for x in range(k)]
    if lead:
        result.insert(0, ("", " ".join(texts[:lead])))
    return result


def _order_ok(fixed: dict[int, int], i: int, j: int) -> bool:
    # An anchor further down must name a later footnote than j.
    return all(mj > j for ti, mj in fixed.items() if ti > i) and all(
        mj < j for ti, mj in fixed.items() if ti < i
    )


def _start_score(texts: list[str], i: int, width: int, lead: int) -> float:
    """How much line i looks like the first line of a footnote."""
    if i == lead:
        return _FIRST_LINE
    prev, cur = texts[i - 1], texts[i]
    score = 0.0
    if re.search(r"[.)]$", prev):
        score += _CLUE
    if len(prev) < _SHORT_NOTE_LINE * width:
        score += _CLUE
    else:
        score -= _CLUE
    if cur[:1].islower() or re.match(r"\d{1,2} [A-Z][a-z]+ \d{4}|\d{4}\b|[–(,;]", cur):
        score -= _CONTINUES
    if re.match(r"(?:See|Resolution|Ibid|Official Records|A/|E/|S/|[A-Z])", cur):
        score += _OPENS
    return score
