"""Read a resolution drafted in Word (.docx) with python-docx.

Word keeps paragraph numbers ("1.", "(a)") in the numbering definitions,
not in the text, and keeps tracked changes as ``w:ins``/``w:del`` runs; this
reader rebuilds the numbers, reads the text with every change accepted and
writes footnote references as NOTE markers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from diffcore.errors import ResdiffError
from diffcore.model import Block, BlockKind, SourceText
from diffcore.read.chars import clean_chars
from diffcore.text import note

__all__ = ["read_docx"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

# Limits that stop a zip bomb before anything is decompressed. A resolution's
# .docx unpacks to about 1 MB in under twenty parts, none compressed more than
# about 32:1 (python-docx's template with the dev texts); the limits leave room
# for embedded images and long annexes.
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000
# Parts smaller than this are not checked for their ratio: small XML parts compress very well.
_RATIO_FROM = 1_000_000
# Word numbers lists on nine levels (ilvl 0 to 8).
_LEVELS = 9

ACCEPTED_NOTE = "tracked changes accepted"


def read_docx(path: str, data: bytes) -> SourceText:
    """Read a .docx into blocks: one per paragraph, then the footnotes."""
    _check_zip(path, data)
    try:
        import docx  # imported here: start-up time matters

        document = docx.Document(io.BytesIO(data))
    except ResdiffError:
        raise
    except Exception as exc:  # python-docx raises many kinds for broken files
        raise ResdiffError(
            f"not a readable .docx ({type(exc).__name__}); save it again from Word", path
        ) from None
    try:
        return _read(path, document)
    except ResdiffError:
        raise
    except Exception as exc:
        raise ResdiffError(
            f"unreadable .docx content ({type(exc).__name__}: {exc}); save it again from Word", path
        ) from None


def _check_zip(path: str, data: bytes) -> None:
    """Refuse non-zips and zip bombs, looking only at the zip's directory."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ResdiffError("not a valid .docx (not a zip file); save it as Word .docx", path) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ResdiffError("suspicious .docx: too many parts in the zip; refusing to open it", path)
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL:
            raise ResdiffError(
                f"suspicious .docx: unpacks to {total // 2**20} MB (zip bomb?); refusing to open it", path
            )
        for i in infos:
            if i.file_size > _RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                ratio = i.file_size // max(i.compress_size, 1)
                raise ResdiffError(
                    f"suspicious .docx: {i.filename} is compressed {ratio}:1 (zip bomb?); refusing to open",
                    path,
                )
        if "word/document.xml" not in zf.namelist():
            raise ResdiffError("not a Word document (no word/document.xml); save it as Word .docx", path)


@dataclass
class _State:
    """What reading the body collects besides text."""

    revised: bool = False
    notes: dict[str, str] = field(default_factory=dict)  # Word footnote id -> marker


def _read(path: str, document: Any) -> SourceText:
    numbering = _Numbering(document)
    styles = _style_numpr(document)
    state = _State()
    blocks: list[Block] = []
    body = document.element.body
    for p in _paragraphs(body):
        text = _para_text(p, state)
        label = numbering.label(_numpr(p, styles))
        text = _tidy(text)
        if not text:
            continue
        if label:
            text = f"{label} {text}"
        blocks.append(Block(BlockKind.TEXT, text))
    footnotes = _footnotes(document, state)
    for marker, text in footnotes:
        blocks.append(Block(BlockKind.FOOTNOTE, text, marker))
    notes = (ACCEPTED_NOTE,) if state.revised else ()
    return SourceText(path, "docx", tuple(blocks), notes)


def _paragraphs(body: Any) -> Iterator[Any]:
    """Body paragraphs in order, including those inside tables."""
    # Nested paragraphs (text boxes) are yielded too and read on their own.
    yield from body.iter(W + "p")


def _para_text(p: Any, state: _State) -> str:
    """A paragraph's text with insertions kept, deletions dropped."""
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag in (W + "ins", W + "del", W + "moveFrom", W + "moveTo"):
            state.revised = True
            continue
        if tag == W + "p" and el is not p:
            continue
        if _inside(el, p, (W + "del", W + "moveFrom")):
            continue
        if _inside(el, p, (W + "p",)):
            continue  # text of a nested paragraph (text box) is read on its own
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "footnoteReference":
            wid = el.get(W + "id", "")
            marker = state.notes.setdefault(wid, str(len(state.notes) + 1))
            parts.append(note(marker))
    return "".join(parts)


def _inside(el: Any, stop: Any, tags: tuple[str, ...]) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _tidy(text: str) -> str:
    text = clean_chars(text)
    return re.sub(r"\s+", " ", text).strip()


def _footnotes(document: Any, state: _State) -> list[tuple[str, str]]:
    """Footnote texts, numbered in the order the body refers to them."""
    part = None
    for rel in document.part.rels.values():
        if rel.reltype == _FOOTNOTES_REL and not rel.is_external:
            part = rel.target_part
            break
    if part is None or not state.notes:
        return []
    from lxml import etree  # python-docx depends on lxml

    root = etree.fromstring(part.blob)
    texts: dict[str, str] = {}
    for fn in root.iter(W + "footnote"):
        wid = fn.get(W + "id", "")
        if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        inner = _State()
        paras = [_para_text(p, inner) for p in fn.iter(W + "p")]
        state.revised = state.revised or inner.revised
        # The footnote's own reference mark is not part of its text.
        texts[wid] = _tidy(re.sub("\ue000[^\ue000\ue001]*\ue001", "", " ".join(paras)))
    out = [(marker, texts.get(wid, "")) for wid, marker in state.notes.items()]
    return sorted(out, key=lambda mt: int(mt[0]))


# ---------------------------------------------------------------------------
# Automatic numbering


def _style_numpr(document: Any) -> dict[str, tuple[str, int]]:
    """Numbering that paragraph styles carry (style id -> numId, ilvl)."""
    out: dict[str, tuple[str, int]] = {}
    styles = document.styles.element
    based: dict[str, str] = {}
    for st in styles.iter(W + "style"):
        sid = st.get(W + "styleId", "")
        b = st.find(W + "basedOn")
        if b is not None:
            based[sid] = b.get(W + "val", "")
        num = st.find(f"{W}pPr/{W}numPr")
        if num is not None:
            nid = num.find(W + "numId")
            lvl = num.find(W + "ilvl")
            if nid is not None:
                out[sid] = (nid.get(W + "val", ""), int(lvl.get(W + "val", "0")) if lvl is not None else 0)
    # Inherit along basedOn chains.
    for sid in list(based):
        seen = {sid}
        cur = sid
        while cur not in out and based.get(cur) and based[cur] not in seen:
            cur = based[cur]
            seen.add(cur)
        if cur in out and sid not in out:
            out[sid] = out[cur]
    return out


def _numpr(p: Any, styles: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph, from its own properties or its style."""
    ppr = p.find(W + "pPr")
    style_num: tuple[str, int] | None = None
    if ppr is not None:
        ps = ppr.find(W + "pStyle")
        if ps is not None:
            style_num = styles.get(ps.get(W + "val", ""))
        num = ppr.find(W + "numPr")
        if num is not None:
            nid = num.find(W + "numId")
            lvl = num.find(W + "ilvl")
            level = int(lvl.get(W + "val", "0")) if lvl is not None else (style_num[1] if style_num else 0)
            if nid is not None:
                return nid.get(W + "val", ""), level
            if style_num:
                return style_num[0], level
    return style_num


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class _Numbering:
    """Turns (numId, ilvl) into labels like "1." or "(a)", counting as it goes."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iter(W + "abstractNum"):
            abstract[an.get(W + "abstractNumId", "")] = {
                int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in an.iter(W + "lvl")
            }
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId", "")
            aid = num.find(W + "abstractNumId")
            levels = dict(abstract.get(aid.get(W + "val", "") if aid is not None else "", {}))
            for ov in num.iter(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                so = ov.find(W + "startOverride")
                if so is not None:
                    base = levels.get(ilvl, _Level())
                    levels[ilvl] = _Level(int(so.get(W + "val", "1")), base.fmt, base.text)
            self.levels[nid] = levels

    def label(self, numpr: tuple[str, int] | None) -> str:
        if numpr is None:
            return ""
        nid, ilvl = numpr
        levels = self.levels.get(nid)
        if not levels or nid == "0" or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(nid, [0] * _LEVELS)
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        if counts[ilvl] == 0:
            counts[ilvl] = levels[ilvl].start
        else:
            counts[ilvl] += 1
        for deeper in range(ilvl + 1, _LEVELS):
            counts[deeper] = 0  # a higher level restarts the ones below it
        lvl = levels[ilvl]
        if lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            return ""  # bullets carry no number worth comparing

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            n = counts[k] if counts[k] else levels.get(k, _Level()).start
            return _format(n, levels.get(k, lvl).fmt)

        return re.sub(r"%([1-9])", sub, lvl.text).strip()


def _level(el: Any) -> _Level:
    start = el.find(W + "start")
    fmt = el.find(W + "numFmt")
    text = el.find(W + "lvlText")
    return _Level(
        int(start.get(W + "val", "1")) if start is not None else 1,
        fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
        text.get(W + "val", "") if text is not None else "",
    )


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(n)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        r = _roman(n)
        return r.lower() if fmt == "lowerRoman" else r
    return str(n)


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a..z, aa..zz, aaa...
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    vals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)
