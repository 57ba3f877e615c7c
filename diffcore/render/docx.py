"""A Word blackline: the new text, with its differences from the old as real tracked changes.

What the General Assembly asks for when a draft is based on an earlier text:
the official text as the base, every change shown in Word's Track Changes.
python-docx makes the package; the revision elements it lacks (``w:ins``,
``w:del``, ``w:moveFrom``/``w:moveTo`` with their range markers,
paragraph-mark revisions), the footnotes part and the styles of a UN text are
written here. Accepting every change gives the new text, rejecting every
change the old, footnotes included: paragraphs stand in the new order,
deleted paragraphs where they stood in the old order, a paragraph moved out
of place is a Word move. Paragraph numbers are text, so renumbering is a
tracked change too and every reader shows them
(docs/decisions/0014-word-blackline.md).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..errors import ResdiffError
from ..model import Comparison, Link, LinkKind, Paragraph, Part
from .views import Line, Piece, ReportOptions, link_note, paragraph_views, redline, side_labels

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["blackline_date", "render_docx", "revision_date"]

# Which revision each piece and each paragraph mark gets, by how a link is shown.
REDLINE = {"equal": "", "delete": "del", "insert": "ins"}
MOVE_FROM = {"equal": "moveFrom", "delete": "del"}
MOVE_TO = {"equal": "moveTo", "insert": "ins"}
DELETED = {"equal": "del", "delete": "del"}
INSERTED = {"equal": "ins", "insert": "ins"}
GONE_ON_ACCEPT = ("del", "moveFrom")
NOTES = ("note", "oldnote")  # pieces that are footnote markers: of the redline, or old ones it leaves out

# The date of every revision when none is given and neither text has one.
EPOCH = "1970-01-01T00:00:00Z"

# What XML 1.0 cannot hold: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$")
_TWIPS = {"A4": (11906, 16838), "Letter": (12240, 15840)}
_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>resdiff</Application></Properties>"
)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"

# The styles of a UN text (Times New Roman 12 pt), replacing the template's
# theme fonts; indents in twips (567 = 1 cm).
_STYLES = {
    "ResSymbol": ("Symbol", '<w:spacing w:after="240"/><w:jc w:val="right"/>', ""),
    "ResTitle": ("Resolution title", '<w:keepNext/><w:spacing w:after="240"/>', '<w:b/><w:sz w:val="28"/>'),
    "ResHeading": ("Section heading", '<w:keepNext/><w:spacing w:before="120" w:after="120"/>', "<w:b/>"),
    "ResOrgan": ("Organ", '<w:ind w:firstLine="1134"/>', ""),
    "ResPara": (
        "Paragraph",
        '<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs><w:ind w:firstLine="1134"/>',
        "",
    ),
    "ResSub": ("Sub-paragraph", '<w:ind w:left="1134" w:firstLine="567"/>', ""),
    "FootnoteText": ("footnote text", '<w:spacing w:after="0"/><w:jc w:val="left"/>', '<w:sz w:val="20"/>'),
}


@dataclass
class _Para:
    """One Word paragraph to write: pieces, the revision of each op and of the paragraph mark."""

    pieces: Sequence[Piece]
    revs: dict[str, str]
    mark: str  # revision of the paragraph mark: "", "ins", "del", "moveFrom", "moveTo"
    new_id: str = ""  # the paragraph of the new text this one starts, if any
    old_id: str = ""
    sub: bool = False
    mark_op: str = "equal"  # the op of the paragraph break in the redline


@dataclass
class _Item:
    """Paragraphs that stand together, with an optional comment and move name."""

    key: tuple[int, int, int]
    paras: list[_Para]
    note: str = ""
    move: tuple[str, str] = ("", "")  # ("moveFrom" | "moveTo", name)


def _contiguous(xs: Sequence[int]) -> bool:
    return all(b == a + 1 for a, b in pairwise(xs))


def _line_paras(lines: Sequence[Line], revs: dict[str, str]) -> list[_Para]:
    return [
        _Para(line.pieces, revs, revs.get(line.mark, ""), line.new_id, line.old_id, line.sub, line.mark)
        for line in lines
    ]


def _side_paras(
    link: Link, paragraphs: Sequence[Paragraph], side: str, revs: dict[str, str]
) -> list[list[_Para]]:
    """One side of a link, whole: per paragraph, its lines as Word paragraphs."""
    mark = revs["equal"]
    out = []
    for view in paragraph_views(link.diff, paragraphs, side):
        ids = {"new_id": view.id} if side == "new" else {"old_id": view.id}
        out.append(
            [
                _Para(pieces, revs, mark, sub=view.sub[k], **(ids if k == 0 else {}))
                for k, pieces in enumerate(view.lines)
            ]
        )
    return out


def _is_move(link: Link) -> bool:
    """A one-to-one link out of the aligner's order: a Word move."""
    return len(link.old) == len(link.new) == 1 and not link.in_place


def _joined_notes(paragraphs: Sequence[Paragraph]) -> dict[int, list[str]]:
    """Footnote markers by their offset in the paragraphs' text joined by newlines."""
    out: dict[int, list[str]] = {}
    offset = 0
    for p in paragraphs:
        for note in p.notes:
            out.setdefault(offset + note.offset, []).append(note.marker)
        offset += len(p.text) + 1
    return out


def _with_old_notes(
    c: Comparison, lines: Sequence[Line], olds: Sequence[Paragraph], news: Sequence[Paragraph]
) -> list[Line]:
    """A link's redline with the old markers it leaves out, as ``oldnote`` pieces.

    Those are old markers in kept words with no new marker of the same
    footnote beside them (a footnote removed from a kept sentence).

    The redline shows a marker in kept words once, from the new text; the
    blackline must also give the old text's footnotes back on "reject all".
    """
    old_notes, new_notes = _joined_notes(olds), _joined_notes(news)
    if not old_notes:
        return list(lines)
    # A new marker stands for an old one only when their footnotes are paired one to one.
    paired = {link.new[0]: link.old[0] for link in c.footnote_links if len(link.old) == len(link.new) == 1}

    def unpaired(k: int, at_new: int) -> list[Piece]:
        beside = new_notes.get(at_new, [])
        return [Piece("oldnote", m) for m in old_notes.get(k, []) if m not in {paired.get(n) for n in beside}]

    out = []
    o = n = 0
    for line in lines:
        pieces: list[Piece] = []
        for piece in line.pieces:
            if piece.op == "equal":
                a = 0
                for k in sorted(k for k in old_notes if o <= k < o + len(piece.text)):
                    extra = unpaired(k, n + k - o)
                    if extra and k - o > a:
                        pieces.append(Piece("equal", piece.text[a : k - o]))
                        a = k - o
                    pieces += extra
                pieces.append(Piece("equal", piece.text[a:]))
            else:
                pieces.append(piece)
            if piece.op != "note":
                o += len(piece.text) if piece.op != "insert" else 0
                n += len(piece.text) if piece.op != "delete" else 0
        if line.mark == "equal":  # a kept break, or the end of both texts
            pieces += unpaired(o, n)
        o += 1 if line.mark != "insert" else 0
        n += 1 if line.mark != "delete" else 0
        out.append(replace(line, pieces=tuple(pieces)))
    return out


def _layout(c: Comparison) -> list[_Item]:
    """Every link's paragraphs, placed in the new order; old-only ones where they stood in the old."""
    old_index = {p.id: k for k, p in enumerate(c.old.paragraphs)}
    new_index = {p.id: k for k, p in enumerate(c.new.paragraphs)}
    old_by_id = {p.id: p for p in c.old.paragraphs}
    new_by_id = {p.id: p for p in c.new.paragraphs}
    added = {i for link in c.links if link.kind is LinkKind.ADDED for i in link.new}
    mode: dict[int, str] = {}
    for k, link in enumerate(c.links):
        o = [old_index[i] for i in link.old]
        n = [new_index[i] for i in link.new]
        if _is_move(link):
            mode[k] = "move"
        elif not n:
            mode[k] = "old"
        elif not o:
            mode[k] = "new"
        elif not link.in_place:  # out of the aligner's order: shown in place it would cross others
            mode[k] = "apart"
        elif _contiguous(o) and _contiguous(n):
            mode[k] = "block"
        elif _contiguous(o) and all(
            c.new.paragraphs[j].id in added for j in range(n[0], n[-1] + 1) if j not in n
        ):
            mode[k] = "chunks"  # a split whose parts only have new paragraphs between them
        else:
            mode[k] = "apart"
    anchor: dict[int, int] = {}  # old paragraph index -> new index it is shown after
    for k, link in enumerate(c.links):
        if mode[k] in ("block", "chunks"):
            last = max(new_index[i] for i in link.new)
            for i in link.old:
                anchor[old_index[i]] = last

    def old_key(pid: str) -> tuple[int, int, int]:
        i = old_index[pid]
        before = [anchor[j] for j in anchor if j < i]
        return (max(before) if before else -1, 1, i)

    items: list[_Item] = []
    for k, link in enumerate(c.links):
        olds = [old_by_id[i] for i in link.old]
        news = [new_by_id[i] for i in link.new]
        how = mode[k]
        note = link_note(link) if link.kind in (LinkKind.SPLIT, LinkKind.MERGED, LinkKind.MOVED) else ""
        in_place = how in ("block", "new", "old", "chunks")
        lines = _with_old_notes(c, redline(link, olds, news), olds, news) if in_place else []
        if how in ("block", "new"):
            items.append(_Item((new_index[link.new[0]], 0, 0), _line_paras(lines, REDLINE), note))
        elif how == "old":
            items.append(_Item(old_key(link.old[0]), _line_paras(lines, REDLINE)))
        elif how == "chunks":
            groups: list[list[Line]] = []
            for line in lines:
                if line.new_id or not groups:
                    groups.append([])
                groups[-1].append(line)
            for g, group in enumerate(groups):
                items.append(
                    _Item(
                        (new_index[group[0].new_id], 0, 0),
                        _line_paras(group, REDLINE),
                        note if g == 0 else "",
                    )
                )
        else:
            name = f"move{k}" if how == "move" else ""
            from_revs, to_revs = (MOVE_FROM, MOVE_TO) if how == "move" else (DELETED, INSERTED)
            was = ", ".join(link.old)
            now = ", ".join(link.new)
            shown = "" if how == "move" else " (shown as deletion and insertion)"
            for pid, paras in zip(link.old, _side_paras(link, olds, "old", from_revs), strict=True):
                items.append(
                    _Item(
                        old_key(pid),
                        paras,
                        f"{pid} moved to {now}{shown}; {note}".rstrip("; "),
                        ("moveFrom", name) if name else ("", ""),
                    )
                )
            for pid, paras in zip(link.new, _side_paras(link, news, "new", to_revs), strict=True):
                items.append(
                    _Item(
                        (new_index[pid], 0, 0),
                        paras,
                        f"{pid} moved here from {was}{shown}; {note}".rstrip("; "),
                        ("moveTo", name) if name else ("", ""),
                    )
                )
    items.sort(key=lambda item: item.key)
    return items


def _notes(para: _Para) -> list[tuple[str, str, str]]:
    """Each footnote marker of a paragraph: (marker, "old" or "new" text, revision of the text around it).

    A marker belongs to the text that follows it on the line (the line's
    break when nothing follows): a redline keeps an old marker only where it
    stood in deleted words; one side of a link shown apart has only its own.

    >>> pieces = [Piece("note", "1"), Piece("delete", "x"), Piece("note", "2")]
    >>> _notes(_Para(pieces, REDLINE, ""))
    [('1', 'old', 'del'), ('2', 'new', '')]
    """
    out = []
    for k, piece in enumerate(para.pieces):
        if piece.op == "oldnote":  # an old marker in kept words: deleted
            out.append((piece.text, "old", "del"))
        elif piece.op == "note":
            op = next((p.op for p in para.pieces[k + 1 :] if p.op not in NOTES), para.mark_op)
            old = op == "delete" if para.revs is REDLINE else "delete" in para.revs
            out.append((piece.text, "old" if old else "new", para.revs.get(op, para.mark)))
    return out


def _number(p: Paragraph | None) -> str:
    """The number an operative paragraph is written with ("5.", "5 bis."); "" for others.

    >>> _number(Paragraph("OP5bis", Part.OPERATIVE, 5, "Urges"))
    '5 bis.'
    >>> _number(Paragraph("PP2", Part.PREAMBLE, 2, "Noting"))
    ''
    """
    if p is None or p.number is None or p.part is not Part.OPERATIVE:
        return ""
    suffix = p.id.removeprefix(f"OP{p.number}")
    return f"{p.number} {suffix}." if suffix.isalpha() else f"{p.number}."


def _xml(text: str) -> str:
    """``text`` without the characters XML cannot hold, so any document or option text can be written."""
    return _NOT_XML.sub("", text)


def revision_date(date: str) -> str:
    """The ``w:date`` of the tracked changes for a ``--date`` value ("" for none); refuses a bad one.

    >>> revision_date("2024-12-19"), revision_date("")
    ('2024-12-19T00:00:00Z', '')
    >>> revision_date("2024-13-45")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: revision date must be a real date like 2024-12-19 ... not '2024-13-45'
    """
    if not date:
        return ""
    from datetime import datetime

    full = date if "T" in date else f"{date}T00:00:00Z"
    try:
        if not _ISO.match(date):
            raise ValueError(date)
        datetime.fromisoformat(full.replace("Z", "+00:00"))
    except ValueError:
        raise ResdiffError(
            f"revision date must be a real date like 2024-12-19 or 2024-12-19T10:00:00Z, not {date!r}"
        ) from None
    return full


def blackline_date(c: Comparison, options: ReportOptions = ReportOptions()) -> str:
    """The one date of every revision and of the file: ``--date``, else the new text's, else the old's.

    Word's move markers need a date, and a date from the documents keeps the
    same inputs giving the same file; with no date anywhere it is the epoch.

    >>> from diffcore import compare
    >>> blackline_date(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    '2011-12-19T00:00:00Z'
    """
    if options.date:
        return revision_date(options.date)
    for res in (c.new, c.old):
        for day in (res.metadata.adopted, res.metadata.distributed):
            try:
                if day:
                    return revision_date(day)
            except ResdiffError:
                continue
    return EPOCH


class _Writer:
    """Builds the revision, paragraph and footnote elements with unique ids, the author and the date."""

    def __init__(self, doc: Document, author: str, date: str) -> None:
        self.doc = doc
        self.author = author
        self.date = date
        self.next_id = 1
        self.footnotes: list[Any] = []

    def el(self, tag: str, **attrs: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(f"w:{tag}")
        for name, value in attrs.items():
            el.set(qn(f"w:{name}"), value)
        return el

    def revision(self, tag: str) -> Any:
        el = self.el(tag, id=str(self.next_id), author=self.author, date=self.date)
        self.next_id += 1
        return el

    def wrap(self, run: Any, rev: str) -> Any:
        if not rev:
            return run
        wrap = self.revision(rev)
        wrap.append(run)
        return wrap

    def run(self, text: str, rev: str, italic: bool = False) -> Any:
        """A run of text (tabs as Word tabs) inside its revision element, if any."""
        r = self.el("r")
        if italic:
            rpr = self.el("rPr")
            rpr.append(self.el("i"))
            r.append(rpr)
        tag = "delText" if rev in GONE_ON_ACCEPT else "t"
        for k, part in enumerate(text.split("\t")):
            if k:
                r.append(self.el("tab"))
            if part:
                t = self.el(tag)
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                t.text = _xml(part)
                r.append(t)
        return self.wrap(r, rev)

    def paragraph(self, style: str, mark: str = "") -> Any:
        p = self.el("p")
        ppr = self.el("pPr")
        ppr.append(self.el("pStyle", val=style))
        if mark:
            rpr = self.el("rPr")
            rpr.append(self.revision(mark))
            ppr.append(rpr)
        p.append(ppr)
        return p

    def styled(self, style: str, child: Any) -> Any:
        """A run of one element (a footnote or comment reference) in a character style."""
        r = self.el("r")
        rpr = self.el("rPr")
        rpr.append(self.el("rStyle", val=style))
        r.append(rpr)
        r.append(child)
        return r

    def reference(self, note_id: int, rev: str) -> Any:
        return self.wrap(self.styled("FootnoteReference", self.el("footnoteReference", id=str(note_id))), rev)

    def footnote(self, lines: Sequence[Sequence[tuple[str, str]]]) -> int:
        """A footnote of lines of (text, revision); returns its id (1, 2, ...)."""
        note_id = len(self.footnotes) + 1
        fn = self.el("footnote", id=str(note_id))
        for k, line in enumerate(lines):
            p = self.paragraph("FootnoteText")
            if k == 0:  # the note's own number, tracked when the whole note is
                first_rev = next((rev for _, rev in line if rev), "")
                whole = first_rev if all(rev == first_rev for _, rev in line) else ""
                p.append(self.wrap(self.styled("FootnoteReference", self.el("footnoteRef")), whole))
                p.append(self.run(" ", whole))
            for text, rev in line:
                if text:
                    p.append(self.run(text, rev))
            fn.append(p)
        self.footnotes.append(fn)
        return note_id

    def move_range(self, tag: str, name: str) -> tuple[Any, Any]:
        start = self.revision(f"{tag}RangeStart")
        start.set(f"{_W}name", name)
        end = self.el(f"{tag}RangeEnd", id=start.get(f"{_W}id"))
        return start, end

    def comment(self, first: Any, last: Any, text: str) -> None:
        from docx.oxml.ns import qn

        comment = self.doc.comments.add_comment(text=_xml(text), author=self.author, initials="")
        cid = str(comment.comment_id)
        # python-docx stamps a comment with the current time: the blackline's date instead.
        comment._comment_elm.set(qn("w:date"), self.date)
        first.insert(1, self.el("commentRangeStart", id=cid))
        last.append(self.el("commentRangeEnd", id=cid))
        last.append(self.styled("CommentReference", self.el("commentReference", id=cid)))


class _Footnotes:
    """Which Word footnote each marker in the text refers to, and how it is tracked.

    Every reference gets a footnote of its own. A marker kept in place refers
    to its footnote's redline; a marker shown deleted (or inserted) refers to
    the old (new) footnote, deleted (inserted) whole.
    """

    def __init__(self, c: Comparison, writer: _Writer, shown_old: set[str]) -> None:
        self.writer = writer
        self.old_text = {f.marker: f.text for f in c.old.footnotes}
        self.new_text = {f.marker: f.text for f in c.new.footnotes}
        self.link_of_new = {m: link for link in c.footnote_links for m in link.new}
        self.shown_old = shown_old

    def _whole(self, text: str, rev: str) -> int:
        return self.writer.footnote([[(line, rev)] for line in text.split("\n")])

    def reference(self, marker: str, side: str, rev: str) -> Any:
        """The reference run for ``marker`` of ``side`` standing in text of revision ``rev``."""
        if side == "old":
            if marker not in self.old_text:
                return None
            return self.writer.reference(self._whole(self.old_text[marker], "del"), rev)
        if marker not in self.new_text:
            return None
        link = self.link_of_new.get(marker)
        paired = (
            link is not None
            and len(link.old) == len(link.new) == 1
            and link.old[0] in self.old_text
            and link.old[0] not in self.shown_old
        )
        if rev == "" and link is not None and paired:
            old = Paragraph(link.old[0], Part.ANNEX, None, self.old_text[link.old[0]])
            new = Paragraph(marker, Part.ANNEX, None, self.new_text[marker])
            lines = [
                [(p.text, REDLINE[p.op]) for p in line.pieces if p.op != "note"]
                for line in redline(link, [old], [new])
            ]
            return self.writer.reference(self.writer.footnote(lines), "")
        return self.writer.reference(self._whole(self.new_text[marker], "ins"), rev or "ins")


def _opening_length(p: Paragraph | None) -> int:
    """How many characters of a paragraph's first line are its opening phrase (in italics in UN texts)."""
    if p is None or p.part not in (Part.PREAMBLE, Part.OPERATIVE):
        return 0
    from ..classify import opening_phrase

    phrase = opening_phrase(p.text)
    return len(phrase) if phrase and p.text.startswith(phrase) else 0


def _italics(pieces: Sequence[Piece], old_len: int, new_len: int) -> list[tuple[Piece, bool]]:
    """The pieces cut where the opening phrase of either side ends, each with whether it is italic.

    >>> pieces = [Piece("delete", "Notes"), Piece("insert", "Welcomes"), Piece("equal", " the x")]
    >>> cut = _italics(pieces, 5, 8)
    >>> [(piece.text, italic) for piece, italic in cut]
    [('Notes', True), ('Welcomes', True), (' the x', False)]
    """
    out: list[tuple[Piece, bool]] = []
    old = new = 0
    for piece in pieces:
        if piece.op in NOTES:
            out.append((piece, False))
            continue
        at = old if piece.op == "delete" else new
        limit = old_len if piece.op == "delete" else new_len
        cut = max(0, min(len(piece.text), limit - at))
        if cut:
            out.append((Piece(piece.op, piece.text[:cut]), True))
        if cut < len(piece.text):
            out.append((Piece(piece.op, piece.text[cut:]), False))
        old += len(piece.text) if piece.op != "insert" else 0
        new += len(piece.text) if piece.op != "delete" else 0
    return out


def _number_pieces(old: str, new: str, revs: dict[str, str]) -> list[Piece]:
    """The written number of a paragraph line and its tab: kept, changed, new or gone.

    >>> [p.text for p in _number_pieces("5.", "6.", REDLINE)]
    ['5.', '6.', '\\t']
    """
    if not old and not new:
        return []
    if old == new:
        return [Piece("equal", f"{new}\t")]
    if revs is not REDLINE:  # one side of a link shown apart: its own number
        return [Piece("equal", f"{new or old}\t")]
    if old and new:
        return [Piece("delete", old), Piece("insert", new), Piece("equal", "\t")]
    return [Piece("insert" if new else "delete", f"{new or old}\t")]


def _heading(shown: dict[str, str], old: Paragraph | None, new: Paragraph | None) -> tuple[list[Piece], str]:
    """The section heading to write before a paragraph line, tracked, and the op of its break.

    ``shown`` holds the heading each text is under so far; a heading is
    written where either text enters another section: kept, renamed, new or gone.

    >>> shown = {"old": "I. A", "new": "I. A"}
    >>> p = Paragraph("OP9", Part.OPERATIVE, 9, "Notes", section="II. B")
    >>> _heading(shown, p, replace(p, section="II. C"))
    ([Piece(op='delete', text='II. B'), Piece(op='insert', text='II. C')], 'equal')
    >>> _heading(shown, None, replace(p, section="III. D"))
    ([Piece(op='insert', text='III. D')], 'insert')
    """
    sides = {"old": old, "new": new}
    entered = {side: p.section for side, p in sides.items() if p is not None and p.section != shown[side]}
    shown.update(entered)
    was, now = entered.get("old", ""), entered.get("new", "")
    if not was and not now:
        return [], ""
    if was == now:
        return [Piece("equal", now)], "equal"
    pieces = [piece for piece in (Piece("delete", was), Piece("insert", now)) if piece.text]
    return pieces, "equal" if was and now else pieces[0].op


def _styles(doc: Document) -> None:
    """Times New Roman 12 pt for everything, and the paragraph styles of a UN text."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    styles = doc.styles.element
    defaults = styles.find(f"{_W}docDefaults")
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman"'
            ' w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
        ),
    )
    for style_id, (name, ppr, rpr) in _STYLES.items():
        old = styles.find(f"{_W}style[@{_W}styleId='{style_id}']")
        if old is not None:
            styles.remove(old)
        styles.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
                f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
            )
        )
    for style_id, name in (
        ("FootnoteReference", "footnote reference"),
        ("CommentReference", "annotation reference"),
    ):
        if styles.find(f"{_W}style[@{_W}styleId='{style_id}']") is None:
            vert = '<w:vertAlign w:val="superscript"/>' if style_id == "FootnoteReference" else ""
            styles.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="character" w:styleId="{style_id}">'
                    f'<w:name w:val="{name}"/><w:rPr>{vert}</w:rPr></w:style>'
                )
            )


def _footnotes_part(doc: Document, notes: Iterable[Any]) -> None:
    """The footnotes part, with Word's two separator notes, related from the document."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part as OpcPart
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    root = parse_xml(
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
    )
    for note in notes:
        root.append(note)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = OpcPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    # Word reads the settings in the schema's order: footnotePr stands before compat.
    settings = doc.settings.element
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    )
    after = settings.find(f"{_W}endnotePr")
    if after is None:
        after = settings.find(f"{_W}compat")
    if after is not None:
        after.addprevious(footnote_pr)
    else:
        settings.append(footnote_pr)


def _properties(doc: Document, c: Comparison, options: ReportOptions, date: str) -> None:
    """Core properties from the comparison only: no template dates, no generator notes, no paths."""
    from datetime import datetime

    old_label, new_label = side_labels(c, options)
    props = doc.core_properties
    # Word's core properties hold at most 255 characters.
    props.title = _xml(options.title or f"{old_label} \u2192 {new_label}")[:255]
    props.author = props.last_modified_by = _xml(options.author)[:255]
    props.comments = _xml(f"Made by resdiff: {old_label} compared with {new_label}.")[:255]
    props.created = props.modified = datetime.fromisoformat(date.replace("Z", "+00:00"))
    props.revision = 1
    pkg = doc.part.package
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rels, dropped in ((pkg.rels, RT.THUMBNAIL), (doc.part.rels, _STYLES_WITH_EFFECTS)):
        # The template's picture of an empty page, and its Word 2010 copy of the styles in Calibri.
        for rid, rel in list(rels.items()):
            if rel.reltype == dropped:
                del rels[rid]
    preview = doc.settings.element.find(f"{_W}savePreviewPicture")
    if preview is not None:
        doc.settings.element.remove(preview)
    for part in pkg.iter_parts():
        if part.partname == "/docProps/app.xml":  # the template's "Microsoft Macintosh Word"
            part._blob = _APP_XML


def render_docx(c: Comparison, options: ReportOptions = ReportOptions()) -> bytes:
    """The new version as a .docx whose differences from the old are tracked changes.

    >>> from diffcore import compare
    >>> data = render_docx(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> import zipfile
    >>> data[:2], b"<w:ins " in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    (b'PK', True)
    """
    date = blackline_date(c, options)
    import docx
    from docx.shared import Twips

    doc = docx.Document()
    old_label, new_label = side_labels(c, options)
    section = doc.sections[0]
    section.page_width, section.page_height = (Twips(v) for v in _TWIPS[options.paper])
    section.header.paragraphs[0].text = _xml(f"{new_label} — tracked changes against {old_label}")
    _styles(doc)
    _properties(doc, c, options, date)
    writer = _Writer(doc, _xml(options.author), date)
    body = doc.element.body
    sect_pr = body.find(f"{_W}sectPr")
    for p in body.findall(f"{_W}p"):  # the template's empty paragraph
        body.remove(p)

    def add(el: Any) -> None:
        sect_pr.addprevious(el)

    def plain(style: str, pieces: Sequence[Piece], italic: tuple[int, int] = (0, 0), mark: str = "") -> None:
        p = writer.paragraph(style, mark)
        for piece, slanted in _italics(pieces, *italic):
            if piece.text:
                p.append(writer.run(piece.text, REDLINE[piece.op], slanted))
        add(p)

    def replaced(old: str, new: str) -> list[Piece]:
        return [Piece("equal", new)] if old == new else [Piece("delete", old), Piece("insert", new)]

    plain("ResSymbol", replaced(c.old.metadata.symbol, c.new.metadata.symbol))
    title = [Piece(s.op.value, s.text) for s in c.title_diff] or [Piece("equal", c.new.metadata.title)]
    plain("ResTitle", title)
    if c.new.paragraphs or c.old.paragraphs:
        # "The General Assembly," in italics, its comma not.
        organs = c.old.metadata.organ, c.new.metadata.organ
        plain("ResOrgan", replaced(*organs), (len(organs[0].rstrip(",")), len(organs[1].rstrip(","))))

    items = _layout(c)
    shown_old = {m for item in items for para in item.paras for m, side, _ in _notes(para) if side == "old"}
    notes = _Footnotes(c, writer, shown_old)
    old_by_id = {p.id: p for p in c.old.paragraphs}
    new_by_id = {p.id: p for p in c.new.paragraphs}
    shown = {"old": "", "new": ""}
    for item in items:
        written = []
        for para in item.paras:
            new_p, old_p = new_by_id.get(para.new_id), old_by_id.get(para.old_id)
            heading, op = _heading(shown, old_p, new_p)
            if heading:
                plain("ResHeading", heading, mark=REDLINE[op])
            p = writer.paragraph("ResSub" if para.sub else "ResPara", para.mark)
            pieces = _italics(para.pieces, _opening_length(old_p), _opening_length(new_p))
            refs = iter(_notes(para))
            numbered = _number_pieces(_number(old_p), _number(new_p), para.revs)
            for piece, italic in [(n, False) for n in numbered] + pieces:
                if piece.op in NOTES:
                    ref = notes.reference(*next(refs))
                    if ref is not None:
                        p.append(ref)
                elif piece.text:
                    p.append(writer.run(piece.text, para.revs[piece.op], italic))
            add(p)
            written.append(p)
        if item.move[1] and written:
            start, end = writer.move_range(item.move[0], item.move[1])
            written[0].insert(1, start)
            written[-1].append(end)
        if item.note and written:
            writer.comment(written[0], written[-1], item.note)
    if writer.footnotes:
        _footnotes_part(doc, writer.footnotes)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times, so the same inputs give the same bytes."""
    import zipfile  # only Word reports need it: not imported at every run

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
