"""Footnote references in extracted text, where they are plain digits.

pdftotext writes a superscript reference as an ordinary number
(``Rights3``, ``2034,12``); :class:`RefFinder` tells them from quantities.
The PDF reader sees superscripts and marks them itself; what both share is
the marking of ``*`` references in the header and the unmarking of
superscripts that name no footnote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diffcore.model import NOTE_CLOSE, NOTE_OPEN
from diffcore.text import MONTHS, note

__all__ = ["RefFinder", "star_refs", "unmark_unknown"]

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

# Footnote numbers run to three digits (the most in the 177 inputs compared for this module: 172).
_MAX_REF_DIGITS = 3
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
                for k in range(1, _MAX_REF_DIGITS + 1):
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


def star_refs(text: str, stars: set[str]) -> str:
    """Mark ``*`` footnote references in header lines (``Singapore:* draft``)."""
    if not stars:
        return text
    return re.sub(
        r"(?<=[^\s*])(\*{1,3})(?=\s|$)",
        lambda m: note(m.group(1)) if m.group(1) in stars else m.group(1),
        text,
    )


def unmark_unknown(text: str, notes: dict[str, str]) -> str:
    """Turn superscripts that name no footnote back into plain digits."""
    return re.sub(
        NOTE_OPEN + r"([^" + NOTE_OPEN + NOTE_CLOSE + r"]*)" + NOTE_CLOSE,
        lambda m: m.group(0) if m.group(1) in notes else m.group(1),
        text,
    )
