"""Shared line-to-block logic for text that came out of a PDF.

Both PDF readers (``pdftotext`` output in :mod:`diffcore.read.pagetext` and
pypdfium2 in :mod:`diffcore.read.pdf`) reduce each page to body
:class:`Line` objects plus the footnotes found at the page bottom; this
module removes page furniture, splits off the first-page header, joins
hard-wrapped lines into paragraphs, places footnote references and repairs
extraction artefacts, so that both readers give the same blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from diffcore.model import NOTE_CLOSE, NOTE_OPEN, Block, BlockKind
from diffcore.text import (
    ADOPTED_RE,
    ANNEX_RE,
    DATE_LINE_RE,
    MONTHS,
    OPNUM,
    ORGAN_RE,
    PARA_LABEL,
    PLENARY_RE,
    SC_NUMBER_RE,
    SUBPARA_RE,
    SYMBOL_RE,
)

__all__ = [
    "RULE_RE",
    "SOFT_BREAK",
    "SYMBOL_RE",
    "Furniture",
    "Line",
    "Page",
    "build_blocks",
    "clean_chars",
    "note",
    "word_counts",
]

# A footnote rule: a line of underscores.
RULE_RE = re.compile(r"^_{5,}$")
_FURNITURE_TOKEN = re.compile(r"\d\d-\d{5}|\(E\)|\d{6}|\*\d{5,}\*")
OPNUM_RE = re.compile(rf"^{OPNUM}(?:\s+|$)")
LABEL_RE = re.compile(rf"^{PARA_LABEL}\s")  # "PP3 Recalling", "OP5. Decides" in a negotiation draft
ROMAN_RE = re.compile(r"^(?:[IVXL]{1,6}|[A-H])\.?$")

# Spaces of every width become one ordinary space; joiners and soft hyphens
# vanish or become ASCII hyphens, so both readers see the same characters.
_CHAR_MAP = {
    "\u00a0": " ",
    "\u2000": " ",
    "\u2001": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2007": " ",
    "\u2008": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "-",
    "\u2010": "-",
    "\u2011": "-",
}
# pypdfium2's mark for a hyphen at a line end; pdftotext's output gets it
# where a line ending in a hyphen was glued to the footnote rule.
SOFT_BREAK = "\ufffe"
_CHAR_TABLE = str.maketrans(_CHAR_MAP)


def clean_chars(text: str) -> str:
    """Map the odd spaces and hyphens PDF extraction produces to plain ones."""
    return text.translate(_CHAR_TABLE)


def note(marker: str) -> str:
    """The in-text form of a footnote reference."""
    return NOTE_OPEN + marker + NOTE_CLOSE


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

    def __init__(self, symbol: str, pages: int, title: str = "") -> None:
        self.symbol = symbol
        self.pages = pages
        self.title = _squash(title)

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
        for _ in range(2):
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
        for i, ln in enumerate(lines[:4]):
            acc = _squash(acc + ln)
            if not acc or not self.title.startswith(acc):
                return 0
            if acc == self.title:
                return i + 1
        return 0


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---------------------------------------------------------------------------
# First-page header


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
_ENDS_SYMBOL = re.compile(r"\b[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+){2,12}\.?$")
# The organ's line, as text.ORGAN_RE, or "The General Assembly" with its comma lost.
_TGA = re.compile(rf"{ORGAN_RE.pattern}|^The General Assembly$")


def split_header(lines: Sequence[Line]) -> tuple[list[str], list[Line]]:
    """Split page one's lines into header blocks and the rest (from "The General Assembly,").

    Each header item becomes one string; wrapped items (agenda title,
    sponsors, adoption line, committee report, title) are joined.
    """
    idx = next((i for i, ln in enumerate(lines) if _TGA.match(ln.text.strip())), None)
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


# ---------------------------------------------------------------------------
# Paragraphs


def _width(lines: Iterable[Line]) -> float:
    """A full line's length in characters, measured on this document."""
    lens = sorted(len(ln.text) for ln in lines if len(ln.text) > 20)
    if not lens:
        return 80.0
    # Most body lines are full; the 60th percentile is a full line's length.
    return float(lens[int(len(lens) * 0.6)])


_TERMINAL = re.compile(r"(?:[,;:.]|[,;:.]\s?\d{1,3}|" + NOTE_CLOSE + r")$")
_ENDS_LIST = re.compile(
    rf"(?:[;:,.]|\band|\bor)(?:\s?\d{{1,3}}|{NOTE_OPEN}[^{NOTE_OPEN}{NOTE_CLOSE}]*{NOTE_CLOSE})?$"
)


_OPENER = re.compile(
    r"^(?:[A-Z][a-z]+(?:ing|ed)|Aware|Mindful|Conscious|Cognizant|Deeply|Gravely|Further|Also|Acknowledging)"
    r"(?: [a-z]|,)"
)


class _Segmenter:
    """Decides where a new block starts, from content and, for PDFs, layout."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.width = _width(lines)
        self.next_op = 1
        self.annex = False

    def is_full(self, line: Line) -> bool:
        if line.full is not None:
            return line.full
        return len(line.text) >= 0.9 * self.width

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
            elif alone or self.annex or num == self.next_op or (num > self.next_op and _TERMINAL.search(p)):
                if not self.annex:
                    self.next_op = num + 1
                return True
        if SUBPARA_RE.match(t) and _ENDS_LIST.search(p):
            return True
        if LABEL_RE.match(t):
            return True
        if ROMAN_RE.match(t) or ANNEX_RE.match(t) or PLENARY_RE.match(t):
            if ANNEX_RE.match(t):
                self.annex = True
            return True
        if _TGA.match(p) or PLENARY_RE.match(p) or ANNEX_RE.match(p):
            return True
        if t[:1].islower():
            return False  # paragraphs open with a capital; this continues a sentence
        if line.indent:
            return True
        if not t[:1].isupper() or not _TERMINAL.search(p):
            return False
        # A preambular paragraph opens with a participle or adjective
        # ("Recognizing that", "Deeply concerned"); a wrapped line that
        # merely starts with a name ("United Nations") does not.
        return not self.is_full(prev) or bool(_OPENER.match(t))


_NUM_ALONE = re.compile(rf"^{OPNUM}$")
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
        if new or not paras:
            paras.append([t])
        elif paras[-1][-1].endswith(SOFT_BREAK) or (
            _LINE_END_HYPHEN.search(paras[-1][-1]) and _HYPHEN_NEXT.match(t)
        ):
            # A hyphen at a line end joins the two halves of a compound.
            paras[-1][-1] = paras[-1][-1][:-1].rstrip() + "-" + t
        else:
            paras[-1].append(t)
        if ROMAN_RE.match(t):
            heading = True
            paras[-1][-1] = t.rstrip(".") + "."
        prev = line
    return [" ".join(p) for p in paras]


# ---------------------------------------------------------------------------
# Footnote references in pdftotext output

# Words after which a bare number is a quantity or a cross-reference, not a
# footnote reference.
_NUM_CONTEXT = frozenset(
    [
        "from",
        "to",
        "between",
        "and",
        "or",
        "paragraph",
        "paragraphs",
        "para",
        "para.",
        "article",
        "articles",
        "chapter",
        "chapters",
        "section",
        "sections",
        "rule",
        "rules",
        "annex",
        "item",
        "items",
        "no.",
        "vol.",
        "page",
        "pages",
        "goal",
        "target",
        "targets",
        "principle",
        "principles",
        "by",
        "than",
        "about",
        "over",
        "under",
        "some",
        "least",
        "nearly",
        "almost",
        "approximately",
        "volume",
        "number",
        "table",
        "figure",
        "box",
        "step",
        "phase",
        "stage",
        "regulation",
        "of",
        "on",
        "at",
        "in",
        "the",
        "its",
        "their",
        "all",
        "first",
        "last",
        "every",
        "with",
        "per",
    ]
)
_UNIT_AFTER = frozenset(
    [
        "per",
        "million",
        "billion",
        "trillion",
        "thousand",
        "hundred",
        "years",
        "year",
        "months",
        "month",
        "days",
        "day",
        "hours",
        "weeks",
        "percent",
        "cent",
        "states",
        "countries",
        "members",
        "and-a-half",
        "times",
        "degrees",
        "metres",
        "meters",
        "kilometres",
        "nautical",
        "tons",
        "tonnes",
        "persons",
        "people",
        "km",
        "m",
    ]
) | frozenset(m.lower() for m in MONTHS)

_CAND_RE = re.compile(
    r"(?P<glued>(?<=[^\W\d_])\d{1,3})(?=[\s,;:.)]|$)"  # Rights3
    r"|(?P<punct>(?<=[,;:.)\]”’])\d{1,3})(?=\s|$)"  # 2034,12
    r"|(?<=\s)(?P<spaced>\d{1,3})(?=\s|$)"  # Countries, 1
    r"|(?P<long>(?<=[\s–-])\d{5,7}|(?<=[^\W\d_]-)\d{3,5})(?=[\s,;:.)]|$)"  # 2015–20308, COVID-1916
)


class RefFinder:
    """Finds footnote references written as plain digits (pdftotext output).

    A reference to footnote k is first made on the page whose bottom holds
    footnote k, and new footnotes are referenced in increasing order, so a
    candidate number is taken only when it is the next expected footnote on
    its page; a repeated reference to an earlier footnote is taken only when
    it is glued to a word, which ordinary numbers never are.
    """

    def __init__(self, all_markers: Iterable[str]) -> None:
        self.markers = {m for m in all_markers if m.isdigit()}
        self.seen: set[str] = set()
        self.order = sorted(self.markers, key=int)
        self.pos = 0

    def _ahead(self, val: str) -> bool:
        # New references come in order; one missed earlier must not block the rest.
        return self.pos < len(self.order) and int(val) >= int(self.order[self.pos])

    def expected(self) -> str | None:
        return self.order[self.pos] if self.pos < len(self.order) else None

    def mark_line(self, text: str, page_markers: set[str]) -> str:
        out: list[str] = []
        last = 0
        for m in _CAND_RE.finditer(text):
            kind = m.lastgroup or ""
            val = m.group(kind)
            exp = self.expected()
            ref: str | None = None
            start = m.start(kind)
            if kind == "long":
                # A year with the reference glued to it: 20308 -> 2030 + 8.
                for k in (1, 2, 3):
                    head, tail = val[:-k], val[-k:]
                    if tail == exp and tail in page_markers and len(head) >= 2 and not tail.startswith("0"):
                        ref = tail
                        start = m.start(kind) + len(head)
                        break
            elif val in page_markers and val not in self.seen and self._ahead(val):
                if kind == "spaced" and not self._plausible(text, m.start(kind), m.end(kind)):
                    ref = None
                elif kind == "punct" and text[start - 1] == "." and text[start - 2 : start - 1].isdigit():
                    ref = None  # a decimal: 1.5
                else:
                    ref = val
            elif (
                kind in ("glued", "punct")
                and val in self.seen
                and (text[start - 1].islower() or text[start - 1] in ",;:)”’")
            ):
                # A repeated reference glued to a word; codes like UNDC2 or G20 end in capitals.
                ref = val
            if ref is None:
                continue
            if ref not in self.seen and ref in self.order:
                self.pos = max(self.pos, self.order.index(ref) + 1)
            self.seen.add(ref)
            out.append(text[last:start].rstrip(" ") if kind == "spaced" else text[last:start])
            out.append(note(ref))
            last = m.end(kind)
        out.append(text[last:])
        return "".join(out)

    @staticmethod
    def _plausible(text: str, start: int, end: int) -> bool:
        before = text[:start].split()
        after = text[end:].split()
        prev = before[-1] if before else ""
        nxt = after[0] if after else ""
        if prev.lower() in _NUM_CONTEXT:
            return False
        if nxt.lower().strip(",;.:") in _UNIT_AFTER and not prev.endswith((",", ";", ")", "”")):
            return False
        # "Goal 14:" is a name; a reference is never followed by a colon.
        return not nxt.startswith((":", "/", "%", "–"))


# ---------------------------------------------------------------------------
# Repairs


_HYPHEN_BEFORE = re.compile(r"(?<=[^\W_]) -(?=[^\W_])")  # non -State
_HYPHEN_AFTER = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|to|as|nor)\b)(?=[^\W_])")  # Secretary- General
_DASH_DIGITS = re.compile(r"(?<=\d) ?– ?(?=\d)")
_SPACE_PUNCT = re.compile(r"(?<! ) +(?=[,;:.)\]](?:\s|$|" + NOTE_OPEN + r"))")
_SPACE_NOTE = re.compile(r"(?<! ) +(?=" + NOTE_OPEN + r")")
_SPACES = re.compile(r"\s+")


def repair(text: str) -> str:
    """Fix spacing artefacts of PDF extraction in one block's text."""
    text = re.sub(r"(?<!\s)\s*" + SOFT_BREAK + r"\s*", "-", text)
    text = _SPACES.sub(" ", text).strip()
    text = _HYPHEN_BEFORE.sub("-", text)
    text = _HYPHEN_AFTER.sub("-", text)
    text = _DASH_DIGITS.sub("–", text)
    text = _SPACE_PUNCT.sub("", text)
    text = _SPACE_NOTE.sub("", text)
    return text


_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TOKEN_STRIP = "“”‘’\"'()[],;:.!?*" + NOTE_CLOSE


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each whole word (lower case) occurs; hyphenated words count whole and by part."""
    counts: Counter[str] = Counter()
    for t in texts:
        for tok in t.split():
            tok = tok.split(NOTE_OPEN)[0].strip(_TOKEN_STRIP)
            if tok and _WORD_RE.fullmatch(tok):
                low = tok.lower()
                counts[low] += 1
                if "-" in low:
                    counts.update(low.split("-"))
    return counts


_TAIL_LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_]+$")
_HEAD_LETTERS = re.compile(r"[^\W\d_]+")


class SplitWords:
    """Rejoins words that extraction split with a space (``A genda``, ``w ell``).

    A pair is joined when the joined form occurs elsewhere in the document
    and one half does not, so real two-word phrases are left alone.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.vocab = word_counts(texts)

    def fix(self, text: str) -> str:
        tokens = text.split(" ")
        out: list[str] = []
        for tok in tokens:
            if out and self._join(out[-1], tok):
                out[-1] = out[-1] + tok
            else:
                out.append(tok)
        return " ".join(out)

    def _join(self, a: str, b: str) -> bool:
        if a.isalpha() and b.isalpha():  # most pairs: two plain words
            wa, wb = a.lower(), b.lower()
        else:
            ma = _TAIL_LETTERS.search(a)
            mb = _HEAD_LETTERS.match(b)
            if not ma or not mb or NOTE_CLOSE in a[-2:]:
                return False
            wa, wb = ma.group().lower(), mb.group().lower()
            # Only the word that ends a and the word that starts b are glued.
            if ma.start() > 0 and a[: ma.start()] not in ("(", "“", "‘", '"'):
                return False
        joined = wa + wb
        v = self.vocab
        if v[joined] == 0:
            return False
        # A half seen nowhere else is a fragment (its one count is this very
        # spot); a half much rarer than the joined word is one split repeatedly.
        rare = min(v[wa], v[wb])
        return rare <= 1 or v[joined] >= 4 * rare


# ---------------------------------------------------------------------------
# Assembly


def _star_refs(text: str, stars: set[str]) -> str:
    """Mark ``*`` footnote references in header lines (``Singapore:* draft``)."""
    if not stars:
        return text
    return re.sub(
        r"(?<=[^\s*])(\*{1,3})(?=\s|$)",
        lambda m: note(m.group(1)) if m.group(1) in stars else m.group(1),
        text,
    )


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
            text = _unmark_unknown(text, notes) if refs_marked else finder.mark_line(text, here)
            body.append(Line(text, ln.gap, ln.indent, ln.full))

    header, rest = split_header(body)
    paras = segment(rest)
    texts = [repair(_star_refs(h, stars)) for h in header] + [repair(p) for p in paras]
    note_texts = {m: repair(t) for m, t in notes.items()}
    words = SplitWords(list(texts) + list(note_texts.values()))
    blocks = [Block(BlockKind.TEXT, words.fix(t)) for t in texts if t]
    for m in sorted(order, key=lambda k: (not k.isdigit(), int(k) if k.isdigit() else 0, k)):
        blocks.append(Block(BlockKind.FOOTNOTE, words.fix(note_texts[m]), m))
    return tuple(blocks)


def _unmark_unknown(text: str, notes: dict[str, str]) -> str:
    """Turn superscripts that name no footnote back into plain digits."""
    return re.sub(
        NOTE_OPEN + r"([^" + NOTE_OPEN + NOTE_CLOSE + r"]*)" + NOTE_CLOSE,
        lambda m: m.group(0) if m.group(1) in notes else m.group(1),
        text,
    )
