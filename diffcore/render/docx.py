"""A Word redline: the new text, with its differences from the old as real tracked changes.

python-docx makes the document; the revision elements it lacks (``w:ins``,
``w:del``, ``w:moveFrom``/``w:moveTo`` and paragraph-mark revisions) are
written here. Accepting every change gives the new text, rejecting every
change the old: paragraphs stand in the new order, deleted paragraphs where
they stood in the old order, operative paragraphs numbered by Word.

A moved paragraph is a Word move when a revision date is given (the move
range markers require one); without a date it is a deletion and an
insertion, each with a comment saying where the paragraph went.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ..errors import ResdiffError
from ..model import Comparison, Link, LinkKind, Paragraph, Part
from .views import Line, Piece, ReportOptions, link_note, paragraph_views, redline, side_labels

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["render_docx", "revision_date"]

# Which revision each piece and each paragraph mark gets, by how a link is shown.
REDLINE = {"equal": "", "delete": "del", "insert": "ins"}
MOVE_FROM = {"equal": "moveFrom", "delete": "del"}
MOVE_TO = {"equal": "moveTo", "insert": "ins"}
DELETED = {"equal": "del", "delete": "del"}
INSERTED = {"equal": "ins", "insert": "ins"}

# What XML 1.0 cannot hold: most C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?$")
_TWIPS = {"A4": (11906, 16838), "Letter": (12240, 15840)}


@dataclass
class _Para:
    """One Word paragraph to write: pieces, the revision of each op and of the paragraph mark."""

    pieces: Sequence[Piece]
    revs: dict[str, str]
    mark: str  # revision of the paragraph mark: "", "ins", "del", "moveFrom", "moveTo"
    new_id: str = ""  # the numbered new paragraph this one starts, if any
    old_id: str = ""
    sub: bool = False


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
        _Para(line.pieces, revs, revs.get(line.mark, ""), line.new_id, line.old_id, line.sub)
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


def _layout(c: Comparison, moves: bool) -> list[_Item]:
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
        if link.kind is LinkKind.MOVED:
            mode[k] = "move" if moves else "apart"
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
        if how in ("block", "new"):
            lines = redline(link, olds, news)
            items.append(_Item((new_index[link.new[0]], 0, 0), _line_paras(lines, REDLINE), note))
        elif how == "old":
            lines = redline(link, olds, news)
            items.append(_Item(old_key(link.old[0]), _line_paras(lines, REDLINE)))
        elif how == "chunks":
            groups: list[list[Line]] = []
            for line in redline(link, olds, news):
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


class _Writer:
    """Builds revision elements with unique ids, the author, and a date only if one was given."""

    def __init__(self, doc: Document, author: str, date: str) -> None:
        self.doc = doc
        self.author = author
        self.date = date
        self.next_id = 1

    def _revision(self, tag: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(f"w:{tag}")
        el.set(qn("w:id"), str(self.next_id))
        el.set(qn("w:author"), self.author)
        if self.date:
            el.set(qn("w:date"), self.date)
        self.next_id += 1
        return el

    def run(self, text: str, rev: str) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if rev in ("del", "moveFrom") else "w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = _xml(text)
        r.append(t)
        if not rev:
            return r
        wrap = self._revision(rev)
        wrap.append(r)
        return wrap

    def paragraph(self, para: _Para, num_id: int | None, style: str = "") -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        if style:
            ps = OxmlElement("w:pStyle")
            ps.set(qn("w:val"), style)
            ppr.append(ps)
        if num_id is not None:
            num = OxmlElement("w:numPr")
            for tag, value in (("w:ilvl", "0"), ("w:numId", str(num_id))):
                el = OxmlElement(tag)
                el.set(qn("w:val"), value)
                num.append(el)
            ppr.append(num)
        if para.sub:
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), "1134")
            ppr.append(ind)
        if para.mark:
            rpr = OxmlElement("w:rPr")
            rpr.append(self._revision(para.mark))
            ppr.append(rpr)
        p.append(ppr)
        for piece in para.pieces:
            if piece.op != "note" and piece.text:
                p.append(self.run(piece.text, para.revs[piece.op]))
        return p

    def move_range(self, tag: str, name: str) -> tuple[Any, Any]:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start = self._revision(f"{tag}RangeStart")
        start.set(qn("w:name"), name)
        end = OxmlElement(f"w:{tag}RangeEnd")
        end.set(qn("w:id"), start.get(qn("w:id")))
        return start, end

    def comment(self, first: Any, last: Any, text: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        comment = self.doc.comments.add_comment(text=_xml(text), author=self.author, initials="")
        cid = str(comment.comment_id)
        # python-docx stamps a comment with the current time: keep a date only
        # when one was asked for, so the same inputs give the same file.
        if self.date:
            comment._comment_elm.set(qn("w:date"), self.date)
        else:
            comment._comment_elm.attrib.pop(qn("w:date"), None)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), cid)
        first.insert(1, start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), cid)
        last.append(end)
        ref_run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "CommentReference")
        rpr.append(style)
        ref_run.append(rpr)
        ref = OxmlElement("w:commentReference")
        ref.set(qn("w:id"), cid)
        ref_run.append(ref)
        last.append(ref_run)


def _inserted_number(p: Paragraph) -> str:
    """The written number of a paragraph a negotiation draft inserted ("5 bis."), else "".

    Word's list numbering cannot count "5 bis", so such a paragraph is left
    out of the list and carries its number as text.

    >>> _inserted_number(Paragraph("OP5bis", Part.OPERATIVE, 5, "Urges"))
    '5 bis.'
    >>> _inserted_number(Paragraph("OP5", Part.OPERATIVE, 5, "Urges"))
    ''
    """
    suffix = p.id.removeprefix(f"OP{p.number}")
    return f"{p.number} {suffix}." if p.number is not None and suffix.isalpha() else ""


def _numbering(doc: Document, c: Comparison) -> dict[str, int]:
    """A Word list for operative paragraphs, restarted wherever the new text's numbers jump."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    numbering = doc.part.numbering_part.element
    abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=0
    )
    next_num = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    ids: dict[str, int] = {}
    previous: int | None = None
    current = 0
    for p in c.new.paragraphs:
        if p.number is None or p.part is not Part.OPERATIVE or _inserted_number(p):
            continue
        if previous is None or p.number != previous + 1:
            current = next_num
            next_num += 1
            numbering.append(
                parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{current}"><w:abstractNumId w:val="{abstract_id}"/>'
                    f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{p.number}"/></w:lvlOverride></w:num>'
                )
            )
        ids[p.id] = current
        previous = p.number
    if not ids:  # old-only operative paragraphs still need a list
        ids[""] = next_num
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{next_num}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )
    return ids


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


def render_docx(c: Comparison, options: ReportOptions = ReportOptions()) -> bytes:
    """The new version as a .docx whose differences from the old are tracked changes.

    >>> from diffcore import compare
    >>> data = render_docx(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> import zipfile
    >>> data[:2], b"<w:ins " in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    (b'PK', True)
    """
    date = revision_date(options.date)
    import docx
    from docx.shared import Pt, Twips

    doc = docx.Document()
    old_label, new_label = side_labels(c, options)
    section = doc.sections[0]
    section.page_width, section.page_height = (Twips(v) for v in _TWIPS[options.paper])
    section.header.paragraphs[0].text = _xml(f"{new_label} — tracked changes against {old_label}")
    doc.styles["Normal"].font.size = Pt(11)
    props = doc.core_properties
    # Word's core properties hold at most 255 characters.
    props.title = _xml(options.title or f"{old_label} \u2192 {new_label}")[:255]
    props.author = props.last_modified_by = _xml(options.author)[:255]
    props.comments = _xml(f"Made by resdiff: {old_label} compared with {new_label}.")[:255]
    if date:
        from datetime import datetime

        props.created = props.modified = datetime.fromisoformat(date.replace("Z", "+00:00"))
    writer = _Writer(doc, _xml(options.author), date)
    body = doc.element.body
    sect_pr = body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")

    def add(el: Any) -> None:
        sect_pr.addprevious(el)

    old_symbol, new_symbol = c.old.metadata.symbol, c.new.metadata.symbol
    symbol = (
        [Piece("equal", new_symbol)]
        if old_symbol == new_symbol
        else [Piece("delete", old_symbol), Piece("insert", new_symbol)]
    )
    add(writer.paragraph(_Para(symbol, REDLINE, ""), None))
    title = [Piece(s.op.value, s.text) for s in c.title_diff] or [Piece("equal", c.new.metadata.title)]
    title_p = writer.paragraph(_Para(title, REDLINE, ""), None, style="Title")
    add(title_p)
    if c.new.paragraphs or c.old.paragraphs:
        organ = c.new.metadata.organ or c.old.metadata.organ or "The General Assembly,"
        add(writer.paragraph(_Para([Piece("equal", organ)], REDLINE, ""), None))

    num_ids = _numbering(doc, c)
    numbered_old = {p.id for p in c.old.paragraphs if p.part is Part.OPERATIVE and p.number is not None}
    numbered_new = {p.id for p in c.new.paragraphs if p.part is Part.OPERATIVE and p.number is not None}
    inserted = {p.id: number for p in c.new.paragraphs if (number := _inserted_number(p))}
    new_section = {p.id: p.section for p in c.new.paragraphs}
    current_num = next(iter(num_ids.values()))
    heading = ""
    for item in _layout(c, moves=bool(date)):
        written = []
        for para in item.paras:
            if para.new_id and new_section.get(para.new_id, "") != heading:
                heading = new_section[para.new_id]
                add(writer.paragraph(_Para([Piece("equal", heading)], REDLINE, ""), None, style="Heading 2"))
            num_id = None
            if para.new_id in inserted:
                # The number is new when the paragraph's text starts new.
                op = "insert" if para.pieces and para.pieces[0].op == "insert" else "equal"
                para = replace(para, pieces=[Piece(op, f"{inserted[para.new_id]} "), *para.pieces])
            elif para.new_id in numbered_new:
                num_id = current_num = num_ids[para.new_id]
            elif para.old_id in numbered_old and not para.new_id:
                num_id = current_num
            p = writer.paragraph(para, num_id)
            add(p)
            written.append(p)
        if item.move[1] and written:
            start, end = writer.move_range(item.move[0], item.move[1])
            written[0].insert(1, start)
            written[-1].append(end)
        if item.note and written:
            writer.comment(written[0], written[-1], item.note)
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
