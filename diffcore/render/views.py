"""Plain view objects every writer shares: report options, labels, rows and redline lines.

The HTML template, the Markdown writer and the Word writer all show the same
thing: each link's paragraphs cut into lines of pieces (equal, delete,
insert, footnote note). Building those here, once, keeps the writers to
presentation.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

from ..errors import ResdiffError
from ..model import (
    Collapse,
    Comparison,
    Hide,
    Link,
    LinkKind,
    MatchedBy,
    Op,
    Paper,
    Paragraph,
    Part,
    PdfEngine,
    Resolution,
    SectionEvent,
    Segment,
    VerbChange,
    View,
)

_E = TypeVar("_E", bound=StrEnum)

__all__ = [
    "PASS_WORDS",
    "Line",
    "Mark",
    "ParaView",
    "Piece",
    "ReportOptions",
    "Row",
    "Section",
    "change_marks",
    "file_name",
    "footnote_rows",
    "link_note",
    "link_reason",
    "paired_by_line",
    "paragraph_views",
    "redline",
    "report_rows",
    "rows",
    "section_event_text",
    "sections",
    "side_labels",
]

# A text longer than this many paragraphs has its runs of unchanged
# paragraphs collapsed (with collapse="auto"); a run is this long at least.
LONG_TEXT = 40
MIN_RUN = 3
# Characters of a side beyond which a row may break across printed pages: on
# screen, side by side, some six lines; in print, where a row's redline runs
# the width of a landscape page, three. Shorter rows are kept whole.
TALL = 450


@dataclass(frozen=True)
class ReportOptions:
    """How a report looks, whatever its format.

    ``hide`` holds the rows to start hidden (HTML keeps them behind a
    switch; Markdown leaves them out). ``view`` is the HTML view the report
    opens in. ``old_label``/``new_label`` name the versions (default: their
    symbols, else their years). ``paper`` is the print and PDF page size.
    ``author`` and ``date`` go on Word revisions (default date: the new
    text's). ``pdf_engine`` prints PDF reports. ``collapse`` folds each run
    of unchanged paragraphs into one expandable row: "auto" for texts over
    :data:`LONG_TEXT` paragraphs, "always" or "never". The choices are the
    model's enums; their values are accepted too.

    >>> ReportOptions(view="inline").view is View.INLINE
    True
    >>> ReportOptions(paper="A3")
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: paper must be one of A4, Letter, not 'A3'
    """

    title: str = ""
    hide: frozenset[Hide] = frozenset()
    view: View = View.SIDE
    old_label: str = ""
    new_label: str = ""
    paper: Paper = Paper.A4
    author: str = "resdiff"
    date: str = ""
    pdf_engine: PdfEngine = PdfEngine.AUTO
    collapse: Collapse = Collapse.AUTO

    def __post_init__(self) -> None:
        # Plain strings are taken as the enums' values, checked here once.
        for name, kind in (
            ("view", View),
            ("paper", Paper),
            ("pdf_engine", PdfEngine),
            ("collapse", Collapse),
        ):
            object.__setattr__(self, name, _choice(name, kind, getattr(self, name)))
        object.__setattr__(self, "hide", frozenset(_choice("hide", Hide, h) for h in self.hide))


def _choice(name: str, kind: type[_E], value: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise ResdiffError(f"{name} must be one of {', '.join(kind)}, not {value!r}") from None


def side_labels(c: Comparison, options: ReportOptions = ReportOptions()) -> tuple[str, str]:
    """What to call the two versions: the given labels, else symbols, else years, else file names.

    >>> from diffcore import compare
    >>> side_labels(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    ('A/RES/64/177', 'A/RES/66/178')
    """
    for pick in (_symbol, _year, file_name):
        old, new = pick(c.old), pick(c.new)
        if old and new and old != new:
            break
    return options.old_label or old, options.new_label or new


def _symbol(res: Resolution) -> str:
    return res.metadata.symbol


def _year(res: Resolution) -> str:
    return (res.metadata.adopted or res.metadata.distributed)[:4]


def file_name(res: Resolution) -> str:
    return Path(res.source).name


# ---------------------------------------------------------------- pieces and lines


@dataclass(frozen=True)
class Piece:
    """A run of text: op is equal/delete/insert, or note (a footnote marker)."""

    op: str
    text: str


@dataclass(frozen=True)
class ParaView:
    """One paragraph of one side: its id and its lines of pieces."""

    id: str
    lines: tuple[tuple[Piece, ...], ...]
    sub: tuple[bool, ...]  # per line: is it a sub-paragraph


@dataclass(frozen=True)
class Line:
    """One line of a redline (both sides in one column), as in tracked changes.

    ``mark`` is the op of the paragraph break that ends the line: "delete"
    when the new text joins it to the next line, "insert" when only the new
    text breaks here. ``old_id``/``new_id`` name the paragraph that starts on
    this line on each side ("" when the line continues one).
    """

    pieces: tuple[Piece, ...]
    mark: str
    old_id: str
    new_id: str
    sub: bool


def _append(line: list[Piece], op: str, text: str) -> None:
    if line and line[-1].op == op and op != "note":
        line[-1] = Piece(op, line[-1].text + text)
    else:
        line.append(Piece(op, text))


def _is_sub(line: Sequence[Piece]) -> bool:
    start = "".join(p.text for p in line[:3] if p.op != "note")
    return start.startswith("(") and ")" in start[:7]


def _newlines(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Positions of the newlines in ``text[start:end]``."""
    out = []
    i = text.find("\n", start, end)
    while i != -1:
        out.append(i)
        i = text.find("\n", i + 1, end)
    return out


def paragraph_views(
    diff: Sequence[Segment], paragraphs: Sequence[Paragraph], side: str
) -> tuple[ParaView, ...]:
    """One side of a link cut into its paragraphs and lines, with footnote markers.

    One pass over the segments: a segment is cut only where a line or a
    paragraph ends or a footnote marker stands, so the cost follows the
    number of changes, not of characters.

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> split = next(link for link in c.links if link.kind.value == "split")
    >>> [v.id for v in paragraph_views(split.diff, [c.new.paragraph(i) for i in split.new], "new")]
    ['OP4', 'OP6']
    """
    if not paragraphs:
        return ()
    skip = Op.INSERT if side == "old" else Op.DELETE
    # Where each paragraph ends in the joined text, and its markers by position.
    ends: list[int] = []
    notes: list[tuple[int, str]] = []
    offset = 0
    for p in paragraphs:
        notes += [(offset + n.offset, n.marker) for n in p.notes]
        offset += len(p.text)
        ends.append(offset)
        offset += 1  # the newline that joins it to the next
    notes.sort(key=lambda n: n[0])  # stable: markers at one place keep their order
    notes.append((offset + 1, ""))  # a sentinel past the end
    views: list[ParaView] = []
    lines: list[list[Piece]] = [[]]
    k = 0  # the next marker
    pos = 0

    def close_paragraph(at: int) -> None:
        nonlocal k, lines
        while notes[k][0] <= at:
            _append(lines[-1], "note", notes[k][1])
            k += 1
        p = paragraphs[len(views)]
        views.append(ParaView(id=p.id, lines=tuple(map(tuple, lines)), sub=tuple(map(_is_sub, lines))))
        lines = [[]]

    for seg in diff:
        if seg.op is skip or not seg.text:
            continue
        op, t = seg.op.value, seg.text
        stop = pos + len(t)
        if "\n" not in t and notes[k][0] >= stop:  # most segments: nothing to cut
            _append(lines[-1], op, t)
            pos = stop
            continue
        a = 0
        while a < len(t):
            while notes[k][0] <= pos + a and pos + a < ends[len(views)]:
                _append(lines[-1], "note", notes[k][1])
                k += 1
            nl = t.find("\n", a)
            b = min(len(t) if nl < 0 else nl, notes[k][0] - pos)
            if b > a:
                _append(lines[-1], op, t[a:b])
                a = b
                continue
            if t[a] != "\n":  # a marker at a paragraph's end stands here: no cut
                _append(lines[-1], op, t[a])
            elif pos + a == ends[len(views)]:
                close_paragraph(pos + a)
            else:
                lines.append([])
            a += 1
        pos = stop
    close_paragraph(pos)
    return tuple(views)


def _plain_view(p: Paragraph) -> ParaView:
    """A paragraph without footnote markers as one side of an unchanged link, line by line."""
    lines = tuple((Piece("equal", line),) if line else () for line in p.text.split("\n"))
    return ParaView(id=p.id, lines=lines, sub=tuple(map(_is_sub, lines)))


def _starts_and_notes(paragraphs: Sequence[Paragraph]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Where each paragraph starts in the joined text, and its footnote markers by offset."""
    starts: dict[int, str] = {}
    notes: dict[int, list[str]] = {}
    offset = 0
    for p in paragraphs:
        starts[offset] = p.id
        for n in p.notes:
            notes.setdefault(offset + n.offset, []).append(n.marker)
        offset += len(p.text) + 1
    return starts, notes


def redline(link: Link, olds: Sequence[Paragraph], news: Sequence[Paragraph]) -> tuple[Line, ...]:
    """A link's diff as redline lines, cut wherever either side breaks a paragraph or line.

    Footnote markers of the new text are kept, and of the old text only
    where they stood in deleted words, so a renumbered marker shows once.

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> split = next(link for link in c.links if link.kind.value == "split")
    >>> lines = redline(split, [c.old.paragraph("OP5")], [c.new.paragraph(i) for i in split.new])
    >>> [(line.old_id, line.new_id, line.mark) for line in lines]
    [('OP5', 'OP4', 'insert'), ('', 'OP6', 'equal')]
    """
    old_starts, old_notes = _starts_and_notes(olds)
    new_starts, new_notes = _starts_and_notes(news)
    last = "equal" if olds and news else ("insert" if news else "delete")
    lines: list[Line] = []
    current: list[Piece] = []
    o = n = 0
    old_id = old_starts.get(0, "")
    new_id = new_starts.get(0, "")
    for seg in link.diff:
        op, t = seg.op.value, seg.text
        moves_old, moves_new = op != "insert", op != "delete"
        cuts = [0, len(t)] if t else []  # most segments: nothing to cut
        if "\n" in t or new_notes or old_notes:
            # Cut the segment where a line ends or a footnote marker stands.
            breaks = _newlines(t)
            at = {0, len(t), *breaks, *(b + 1 for b in breaks)}
            if moves_new:
                at.update(k - n for k in new_notes if n <= k < n + len(t))
            if op == "delete":
                at.update(k - o for k in old_notes if o <= k < o + len(t))
            elif op == "equal":
                # An old marker in kept text is shown once, from the new text.
                for k in [k for k in old_notes if o <= k < o + len(t)]:
                    del old_notes[k]
            cuts = sorted(at)
        for a, b in pairwise(cuts):
            for marker in new_notes.pop(n + a, ()) if moves_new else ():
                _append(current, "note", marker)
            for marker in old_notes.pop(o + a, ()) if op == "delete" else ():
                _append(current, "note", marker)
            if t[a] != "\n" or b != a + 1:
                _append(current, op, t[a:b])
                continue
            lines.append(Line(tuple(current), op, old_id, new_id, _is_sub(current)))
            current = []
            old_id = old_starts.get(o + b, "") if moves_old else ""
            new_id = new_starts.get(n + b, "") if moves_new else ""
        o += len(t) if moves_old else 0
        n += len(t) if moves_new else 0
    for marker in (new_notes if news else old_notes).pop(n if news else o, ()):
        _append(current, "note", marker)
    lines.append(Line(tuple(current), last, old_id, new_id, _is_sub(current)))
    return tuple(lines)


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Row:
    """One row of the report: a link, both sides, its redline, and where its parts stand.

    A placeholder row (``placeholder`` set) marks where part of a link stood
    in the old order (the old place of a moved paragraph or of a merged
    piece) and links to the full row. An unchanged row has only its new
    side (``old`` is empty): it is shown once. :func:`report_rows` adds
    rows of two more sorts: a piece of a split shown at its own place
    (``piece_of`` set) and a run of unchanged rows folded into one
    (``run`` set).
    """

    kind: str
    change: str
    verbs: tuple[VerbChange, ...]
    qualifiers_added: tuple[str, ...]
    qualifiers_removed: tuple[str, ...]
    label: str
    note: str
    reason: str  # why the aligner made the link, in words
    similarity: float
    words_added: int
    words_removed: int
    old_anchors: tuple[tuple[str, str], ...]  # (anchor, id) of each old paragraph
    new_anchors: tuple[tuple[str, str], ...]
    old: tuple[ParaView, ...]
    new: tuple[ParaView, ...]
    inline: tuple[Line, ...]
    heading: str = ""  # a section heading to show above this row
    counterpart: tuple[tuple[str, str], ...] = ()  # (anchor, text) links to where its parts stand
    placeholder: str = ""  # the anchor this placeholder row's paragraph is shown at
    anchor: str = ""  # a placeholder row's own anchor
    stale: tuple[str, ...] = ()  # its stale cross-references: "“reference” reason", each
    piece_of: str = ""  # a split's piece shown apart: the anchor of its link's row
    run: tuple[Row, ...] = ()  # a folded run of unchanged rows
    section_id: str = ""  # the anchor of ``heading``

    @property
    def first_anchor(self) -> str:
        return (self.new_anchors or self.old_anchors)[0][0]

    @property
    def tall(self) -> bool:
        """Taller than about a third of a printed page: such a row may break across pages."""
        return max(_chars(self.old), _chars(self.new)) > TALL


def _chars(views: Sequence[ParaView]) -> int:
    return sum(len(p.text) for v in views for line in v.lines for p in line)


def _label(link: Link) -> str:
    return f"{', '.join(link.old) or '-'} \u2192 {', '.join(link.new) or '-'}"


def link_note(link: Link) -> str:
    """A sentence for a split, merge, move, addition or deletion; "" otherwise.

    >>> from diffcore import Link, LinkKind
    >>> link_note(Link(("OP5",), ("OP4", "OP6"), LinkKind.SPLIT))
    'OP5 was split into OP4 and OP6'
    """
    if link.kind is LinkKind.SPLIT:
        return f"{link.old[0]} was split into {' and '.join(link.new)}"
    if link.kind is LinkKind.MERGED:
        return f"{' and '.join(link.old)} were merged into {link.new[0]}"
    if link.kind is LinkKind.MOVED:
        return f"moved: was {link.old[0]}, now {link.new[0]}"
    if link.kind is LinkKind.ADDED:
        return "new paragraph"
    if link.kind is LinkKind.DELETED:
        return "paragraph deleted"
    return ""


# The aligner's passes in words (docs/alignment.md), for the digest's counts.
PASS_WORDS = {
    MatchedBy.IDENTICAL: "identical text",
    MatchedBy.BEST_MATCH: "best match",
    MatchedBy.IN_PLACE_OVER_MOVE: "in place rather than moved",
    MatchedBy.SPLIT_PIECE: "split into pieces",
    MatchedBy.MERGE_PIECE: "merged from pieces",
    MatchedBy.CLAUSE_MOVED_OUT: "clause moved out",
    MatchedBy.REWRITTEN_IN_PLACE: "rewritten in place",
    MatchedBy.LONE_REWRITE: "rewritten in place, another opening word",
    MatchedBy.UNMATCHED: "unpaired",
}


def paired_by_line(c: Comparison) -> str:
    """The digest's links per aligner pass, in one line.

    >>> from diffcore import compare
    >>> paired_by_line(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    '1 identical text, 10 best match, 1 split into pieces, 11 unpaired'
    """
    return ", ".join(f"{n} {PASS_WORDS[by]}" for by, n in c.digest.matched_by)


def link_reason(link: Link, between: str = "") -> str:
    """Why the aligner made ``link``, in words; ``between`` says where a rewrite in place stands.

    >>> from diffcore import Link, LinkKind
    >>> from diffcore.model import MatchedBy
    >>> link_reason(Link(("OP5",), ("OP4", "OP6"), LinkKind.SPLIT, matched_by=MatchedBy.SPLIT_PIECE))
    'split: pieces of OP5'
    >>> link_reason(Link(("OP8",), ("OP8",), LinkKind.MODIFIED, matched_by=MatchedBy.REWRITTEN_IN_PLACE),
    ...             "between OP7 and OP9")
    'paired: rewritten in place, between OP7 and OP9'
    """
    by = link.matched_by
    if by is MatchedBy.UNMATCHED:
        return "not paired: no fitting paragraph in the other text"
    if by is MatchedBy.SPLIT_PIECE:
        return f"split: pieces of {link.old[0]}"
    if by is MatchedBy.MERGE_PIECE:
        return f"merged: pieces of {link.new[0]}"
    if by is MatchedBy.CLAUSE_MOVED_OUT:
        if link.kind is LinkKind.SPLIT:
            return f"split: a clause moved out of {link.old[0]}"
        return f"merged: a clause moved into {link.new[0]}"
    reason = {
        MatchedBy.IDENTICAL: "paired: identical text",
        MatchedBy.BEST_MATCH: "paired: best match",
        MatchedBy.IN_PLACE_OVER_MOVE: "paired: in place, preferred to a move that scored a little more",
        MatchedBy.REWRITTEN_IN_PLACE: "paired: rewritten in place",
        MatchedBy.LONE_REWRITE: "paired: rewritten in place, alone in its gap, another opening word",
    }[by]
    if between:
        reason += f", {between}"
    if link.runner_up:
        reason += f"; next best {link.runner_up[0]} ({link.runner_up[1]:.2f})"
    return reason


def _row(
    link: Link, olds: Sequence[Paragraph], news: Sequence[Paragraph], prefix: str = "", between: str = ""
) -> Row:
    return Row(
        kind=link.kind.value,
        change=link.change.value,
        verbs=link.verbs,
        qualifiers_added=link.qualifiers_added,
        qualifiers_removed=link.qualifiers_removed,
        label=_label(link),
        note=link_note(link) if not prefix else "",
        reason=link_reason(link, between),
        similarity=link.similarity,
        words_added=link.words_added,
        words_removed=link.words_removed,
        old_anchors=tuple((f"old-{prefix}{i}", i) for i in link.old),
        new_anchors=tuple((f"new-{prefix}{i}", i) for i in link.new),
        old=paragraph_views(link.diff, olds, "old"),
        new=paragraph_views(link.diff, news, "new"),
        inline=redline(link, olds, news),
        stale=_stale_notes(link),
    )


def _stale_notes(link: Link) -> tuple[str, ...]:
    """The link's stale cross-references as its row says them: "“reference” reason"."""
    return tuple(
        f"{r.new_id + ': ' if len(link.new) > 1 else ''}“{r.text}” {r.reason}" for r in link.stale_refs
    )


def _unchanged_row(link: Link, news: Sequence[Paragraph]) -> Row:
    """An unchanged link's row: its new side once, and that as the inline lines (nothing to redline).

    Where the diff is all equal (no spacing change either) and no footnote
    marker stands, the new paragraphs' text is cut into lines without it.
    """
    if any(p.notes for p in news) or any(seg.op is not Op.EQUAL for seg in link.diff):
        new = paragraph_views(link.diff, news, "new")
    else:
        new = tuple(_plain_view(p) for p in news)
    inline = tuple(
        Line(line, "equal", view.id if k == 0 else "", view.id if k == 0 else "", view.sub[k])
        for view in new
        for k, line in enumerate(view.lines)
    )
    return Row(
        kind=link.kind.value,
        change=link.change.value,
        verbs=(),
        qualifiers_added=(),
        qualifiers_removed=(),
        label=_label(link),
        note="",
        reason=link_reason(link),
        similarity=link.similarity,
        words_added=0,
        words_removed=0,
        old_anchors=tuple((f"old-{i}", i) for i in link.old),
        new_anchors=tuple((f"new-{i}", i) for i in link.new),
        old=(),
        new=new,
        inline=inline,
        stale=_stale_notes(link),
    )


def rows(c: Comparison) -> list[Row]:
    """One row per link in report order, with section headings and placeholder rows.

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_79_218.txt", "samples/A_RES_80_150.pdf")
    >>> [r.note for r in rows(c) if r.anchor == "at-old-OP25"]
    ['OP25 stood here; moved to OP22']
    """
    old_by_id = {p.id: p for p in c.old.paragraphs}
    new_by_id = {p.id: p for p in c.new.paragraphs}
    old_index = {p.id: k for k, p in enumerate(c.old.paragraphs)}
    new_index = {p.id: k for k, p in enumerate(c.new.paragraphs)}
    base: list[Row] = []
    section = ""
    for link, between in zip(c.links, _rewrite_places(c.links), strict=True):
        news = [new_by_id[i] for i in link.new]
        if link.kind is LinkKind.UNCHANGED:
            row = _unchanged_row(link, news)
        else:
            row = _row(link, [old_by_id[i] for i in link.old], news, between=between)
        here = new_by_id[link.new[0]].section if link.new else section
        if here != section:
            row = replace(row, heading=here)
            section = here
        base.append(row)
    row_of_old = {i: k for k, link in enumerate(c.links) for i in link.old}
    row_of_new = {i: k for k, link in enumerate(c.links) for i in link.new}
    # Parts of a link that stand apart from it in the other order get a placeholder row there.
    extra: list[tuple[int, int, Row]] = []
    for k, link in enumerate(c.links):
        links_here: list[tuple[str, str]] = []
        for side, ids, index, ids_in, row_of in (
            ("old", link.old, old_index, c.old.paragraphs, row_of_old),
            ("new", link.new, new_index, c.new.paragraphs, row_of_new),
        ):
            for pos, pid in enumerate(ids):
                before = index[pid] - 1
                # A link out of the aligner's order is shown at its new place; a
                # piece of a split or merge stands apart unless it follows the one before.
                displaced = (
                    (side == "old" and bool(link.new) and not link.in_place)
                    if pos == 0
                    else not (before >= 0 and ids_in[before].id in ids)
                )
                if not displaced:
                    continue
                after = row_of[ids_in[before].id] if before >= 0 else -1
                anchor = f"at-{side}-{pid}"
                where = "old place" if side == "old" else "place in the new text"
                links_here.append((anchor, f"{pid}: {where}"))
                note = (
                    f"{pid} stands here; part of {_label(link)} ({link.kind.value})"
                    if side == "new"
                    else f"{pid} stood here; {_went(link, pid, up=after >= k)}"
                )
                extra.append((after, len(extra), _placeholder(base[k], pid, side, note, anchor)))
        if links_here:
            base[k] = replace(base[k], counterpart=tuple(links_here))
    out = []
    extra.sort(key=lambda e: (e[0], e[1]))
    queue = iter(extra)
    pending = next(queue, None)
    while pending and pending[0] < 0:
        out.append(pending[2])
        pending = next(queue, None)
    for k, row in enumerate(base):
        out.append(row)
        while pending and pending[0] == k:
            out.append(pending[2])
            pending = next(queue, None)
    return out


def section_event_text(e: SectionEvent) -> str:
    """A section event in words.

    >>> section_event_text(SectionEvent("merged", "XIII. Regional cooperation", "XIV. Coordination"))
    'Section “XIII. Regional cooperation” was dissolved into “XIV. Coordination”'
    """
    old, new = f"“{e.old}”", f"“{e.new}”"
    return {
        "renamed": f"Section {old} was renamed {new}",
        "merged": f"Section {old} was dissolved into {new}",
        "removed": f"Section {old} was removed",
        "added": f"Section {new} is new",
    }[e.kind]


def _went(link: Link, pid: str, up: bool) -> str:
    """Where an old paragraph went, for the placeholder at its old place; never "OP28 moved to OP28"."""
    if link.kind is LinkKind.MERGED:
        return f"merged into {link.new[0]}"
    if link.kind is LinkKind.SPLIT:
        return f"split into {' and '.join(link.new)}"
    if link.new[0] != pid:
        return f"moved to {link.new[0]}"
    return f"moved {'up' if up else 'down'}, still {pid}"


def _rewrite_places(links: Sequence[Link]) -> list[str]:
    """For each link rewritten in place, "between X and Y": the new paragraphs of
    the links in place around it (links come in the new text's order); else ""."""
    rewrites = (MatchedBy.REWRITTEN_IN_PLACE, MatchedBy.LONE_REWRITE)
    out = [""] * len(links)
    kept = [k for k, link in enumerate(links) if link.in_place and link.matched_by not in rewrites]
    for k, link in enumerate(links):
        if link.matched_by in rewrites:
            at = bisect.bisect_left(kept, k)
            before = links[kept[at - 1]].new[-1] if at > 0 else ""
            after = links[kept[at]].new[0] if at < len(kept) else ""
            places = [f"after {before}" if before else "", f"before {after}" if after else ""]
            out[k] = f"between {before} and {after}" if before and after else " ".join(p for p in places if p)
    return out


def _placeholder(row: Row, pid: str, side: str, note: str, anchor: str) -> Row:
    return Row(
        kind=row.kind,
        change=row.change,
        verbs=(),
        qualifiers_added=(),
        qualifiers_removed=(),
        label=row.label,
        note=note,
        reason="",
        similarity=row.similarity,
        words_added=0,
        words_removed=0,
        old_anchors=(),
        new_anchors=(),
        old=(),
        new=(),
        inline=(),
        placeholder=f"{side}-{pid}",
        anchor=anchor,
    )


def report_rows(c: Comparison, options: ReportOptions = ReportOptions()) -> list[Row]:
    """The HTML report's rows: :func:`rows` with a split's pieces at their own places,
    runs of unchanged rows folded (see ``ReportOptions.collapse``) and section anchors.

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> [(r.label, [v.id for v in r.new]) for r in report_rows(c) if r.kind == "split"]
    [('OP5 → OP4, OP6', ['OP4']), ('OP5 → OP6', ['OP6'])]
    >>> long = compare("tests/documents/text/A_RES_78_69.txt", "tests/documents/text/A_RES_79_144.txt")
    >>> [(r.label, r.note) for r in report_rows(long) if r.run][:2]
    [('PP5–PP11', '7 unchanged paragraphs'), ('PP16–PP21', '6 unchanged paragraphs')]
    >>> any(r.run for r in report_rows(long, ReportOptions(collapse="never")))
    False
    """
    out = _pieces_apart(rows(c))
    fold = options.collapse == "always" or (options.collapse == "auto" and len(c.new.paragraphs) > LONG_TEXT)
    if fold:
        out = _folded(out)
    numbered = []
    n = 0
    for row in out:
        if row.heading:
            n += 1
            row = replace(row, section_id=f"sec-{n}")
        numbered.append(row)
    return numbered


def _pieces_apart(base: list[Row]) -> list[Row]:
    """Each piece of a split that stands apart shown at its own place, with its own text."""
    prefix = "at-new-"
    apart_all = {r.anchor[len(prefix) :] for r in base if r.anchor.startswith(prefix)}
    if not apart_all:
        return base
    trimmed: dict[int, Row] = {}
    pieces: dict[str, Row] = {}
    for k, row in enumerate(base):
        apart = [pid for _, pid in row.new_anchors if pid in apart_all and not row.placeholder]
        if not apart:
            continue
        kept, lines_of = _lines_by_piece(row.inline, set(apart))
        trimmed[k] = replace(
            row,
            new_anchors=tuple(a for a in row.new_anchors if a[1] not in apart),
            new=tuple(v for v in row.new if v.id not in apart),
            inline=kept,
            counterpart=tuple(
                (f"new-{a[len(prefix) :]}" if a.startswith(prefix) else a, t) for a, t in row.counterpart
            ),
        )
        for pid in apart:
            pieces[pid] = replace(
                row,
                label=f"{', '.join(i for _, i in row.old_anchors)} \u2192 {pid}",
                note=f"{pid} is a piece of {row.label}",
                reason="",
                verbs=(),
                qualifiers_added=(),
                qualifiers_removed=(),
                old_anchors=(),
                new_anchors=((f"new-{pid}", pid),),
                old=(),
                new=tuple(v for v in row.new if v.id == pid),
                inline=lines_of[pid],
                counterpart=((row.first_anchor, f"the whole split: {row.label}"),),
                heading="",
                piece_of=row.first_anchor,
            )
    return [
        pieces[r.anchor[len(prefix) :]] if r.anchor.startswith(prefix) else trimmed.get(k, r)
        for k, r in enumerate(base)
    ]


def _folded(rows_: list[Row]) -> list[Row]:
    """Runs of at least :data:`MIN_RUN` unchanged rows, within a section, folded into one row each."""
    out: list[Row] = []
    run: list[Row] = []

    def flush() -> None:
        if len(run) >= MIN_RUN:
            first, last = run[0].new_anchors[0][1], run[-1].new_anchors[-1][1]
            out.append(
                replace(
                    run[0],
                    label=f"{first}\u2013{last}",
                    note=f"{len(run)} unchanged paragraphs",
                    reason="",
                    old_anchors=(),
                    new_anchors=(),
                    new=(),
                    inline=(),
                    run=tuple(replace(r, heading="") if r.heading else r for r in run),
                )
            )
        else:
            out.extend(run)
        run.clear()

    for row in rows_:
        # A row with a stale cross-reference is never folded away: it is a finding.
        if row.kind == LinkKind.UNCHANGED.value and not row.placeholder and not row.stale:
            if row.heading:
                flush()
            run.append(row)
            continue
        flush()
        out.append(row)
    flush()
    return out


@dataclass(frozen=True)
class Section:
    """A table of contents entry: a section heading, its anchor and its number of changes."""

    id: str
    heading: str
    changes: int


def sections(report: Sequence[Row]) -> list[Section]:
    """The sections of the report's rows, each with its changed rows counted (pieces and places not).

    >>> from diffcore import compare
    >>> c = compare("tests/documents/text/A_RES_78_69.txt", "tests/documents/text/A_RES_79_144.txt")
    >>> toc = sections(report_rows(c))
    >>> [(s.id, s.heading, s.changes) for s in toc[:2]]  # doctest: +NORMALIZE_WHITESPACE
    [('sec-1', 'I. Implementation of the Convention and related agreements and instruments', 0),
     ('sec-2', 'II. Capacity-building', 20)]
    """
    out: list[Section] = []
    counts: list[int] = []
    for row in report:
        if row.section_id:
            out.append(Section(row.section_id, row.heading, 0))
            counts.append(0)
        if counts and _is_change(row) and not row.piece_of:
            counts[-1] += 1
    return [replace(sec, changes=n) for sec, n in zip(out, counts, strict=True)]


def _is_change(row: Row) -> bool:
    return row.kind != LinkKind.UNCHANGED.value and not row.placeholder


@dataclass(frozen=True)
class Mark:
    """A mark of the change map: where a changed row stands (per cent of the text), its kind, its anchor."""

    top: float
    kind: str
    anchor: str
    label: str


def change_marks(report: Sequence[Row]) -> list[Mark]:
    """One mark per changed row, placed by the paragraphs before it (a folded run counts its paragraphs).

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> marks = change_marks(report_rows(c))
    >>> marks[0].anchor, marks[0].kind, 0 <= marks[0].top < marks[-1].top < 100
    ('new-PP2', 'modified', True)
    """
    sizes = [len(r.run) or (0 if r.placeholder else max(1, len(r.new_anchors))) for r in report]
    total = sum(sizes) or 1
    out = []
    seen = 0
    for row, size in zip(report, sizes, strict=True):
        if _is_change(row):
            out.append(Mark(round(100 * seen / total, 2), row.kind, row.first_anchor, row.label))
        seen += size
    return out


def _lines_by_piece(
    lines: Sequence[Line], apart: set[str]
) -> tuple[tuple[Line, ...], dict[str, tuple[Line, ...]]]:
    """A redline's lines cut by their new paragraph: those kept, and those of each piece apart."""
    kept: list[Line] = []
    of: dict[str, list[Line]] = {pid: [] for pid in apart}
    owner = ""
    for line in lines:
        if line.new_id:
            owner = line.new_id
        (of[owner] if owner in apart else kept).append(line)
    return tuple(kept), {pid: tuple(v) for pid, v in of.items()}


def footnote_rows(c: Comparison) -> list[Row]:
    """One row per footnote link; anchors ``old-fn-1``, ``new-fn-1``."""
    out = []
    for link in c.footnote_links:
        old = [Paragraph(m, Part.ANNEX, None, _footnote_text(c.old, m)) for m in link.old]
        new = [Paragraph(m, Part.ANNEX, None, _footnote_text(c.new, m)) for m in link.new]
        out.append(_row(link, old, new, prefix="fn-"))
    return out


def _footnote_text(res: Resolution, marker: str) -> str:
    return next(f.text for f in res.footnotes if f.marker == marker)
