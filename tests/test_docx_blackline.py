"""The Word blackline, checked the way the General Assembly's secretariat would use it.

Its revisions are resolved in the XML, as Word's "accept all" and "reject
all" do, in the body and in the footnotes: accepting every change must give
exactly the new text, rejecting every change exactly the old, with each
side's paragraph numbers and footnotes. LibreOffice then opens it and must
show the numbers and the footnotes.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import NEW, OLD, PDFS, SAMPLES, TEXTS
from lxml import etree

from diffcore import Comparison, ResdiffError, Resolution, compare
from diffcore.render import ReportOptions, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAIRS = {
    "64-177": (OLD, NEW),
    "79-218-moves": (SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf"),
    "L5-L48": (SAMPLES / "A_C.2_80_L.5.pdf", SAMPLES / "A_C.2_80_L.48.pdf"),
    "L32-80-221-footnotes": (PDFS / "A_C.3_80_L.32.pdf", PDFS / "A_RES_80_221.pdf"),
    "78-219-79-182-footnotes": (TEXTS / "A_RES_78_219.txt", TEXTS / "A_RES_79_182.txt"),
    "oceans-sections-170-footnotes": (TEXTS / "A_RES_79_144.txt", TEXTS / "A_80_L.22.txt"),
}
_CACHE: dict[str, tuple[Comparison, bytes]] = {}


def _blackline(name: str) -> tuple[Comparison, bytes]:
    if name not in _CACHE:
        c = compare(*PAIRS[name])
        _CACHE[name] = (c, render_docx(c))
    return _CACHE[name]


def _part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def _text(el: etree._Element, gone: set[str]) -> str:
    """The text of ``el`` that stays once the revisions in ``gone`` are resolved (tabs as tabs)."""
    out = []
    for t in el.iter(f"{W}t", f"{W}delText", f"{W}tab"):
        wrappers = {a.tag.removeprefix(W) for a in t.iterancestors() if a.tag.startswith(W)}
        if not wrappers & gone:
            out.append("\t" if t.tag == f"{W}tab" else t.text or "")
    return "".join(out)


def resolve(data: bytes, accept: bool) -> tuple[list[str], list[str]]:
    """Body paragraphs and footnotes, in order, after accepting or rejecting every revision.

    A paragraph whose mark is removed joins the next one, as in Word; a
    footnote whose reference is removed is gone with it.
    """
    gone = {"del", "moveFrom"} if accept else {"ins", "moveTo"}
    body = etree.fromstring(_part(data, "word/document.xml")).find(f"{W}body")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    notes = {}
    if "word/footnotes.xml" in names:
        notes = {fn.get(f"{W}id"): fn for fn in etree.fromstring(_part(data, "word/footnotes.xml"))}
    out: list[str] = []
    footnotes: list[str] = []
    carry = ""
    for p in body.iter(f"{W}p"):
        for ref in p.iter(f"{W}footnoteReference"):
            if not {a.tag.removeprefix(W) for a in ref.iterancestors()} & gone:
                note = notes[ref.get(f"{W}id")]
                footnotes.append("\n".join(_text(q, gone) for q in note.iter(f"{W}p")).strip())
        mark = p.find(f"{W}pPr/{W}rPr")
        carry += _text(p, gone)
        if not (mark is not None and any(child.tag.removeprefix(W) in gone for child in mark)):
            out.append(carry)
            carry = ""
    out.append(carry)
    return [t for t in out if t], footnotes


def expected(res: Resolution) -> tuple[list[str], list[str]]:
    """What a side must read: its headings, its paragraphs with their written numbers, its footnotes."""
    lines = [res.metadata.symbol, res.metadata.title, res.metadata.organ]
    notes = {f.marker: f.text for f in res.footnotes}
    footnotes = []
    section = ""
    for p in res.paragraphs:
        if p.section != section:
            section = p.section
            lines.append(section)
        first, *rest = p.text.split("\n")
        if p.number is not None and p.part.value == "operative":
            suffix = p.id.removeprefix(f"OP{p.number}")  # "5 bis"
            first = f"{p.number}{' ' + suffix if suffix else ''}.\t{first}"
        lines += [first, *rest]
        footnotes += [notes[n.marker].strip() for n in p.notes if n.marker in notes]
    return [t for t in lines if t], footnotes


@pytest.mark.parametrize("name", PAIRS)
def test_accept_all_gives_the_new_text_and_reject_all_the_old_footnotes_included(name: str) -> None:
    c, data = _blackline(name)
    assert resolve(data, accept=True) == expected(c.new)
    assert resolve(data, accept=False) == expected(c.old)


def test_footnotes_are_word_footnotes_with_their_changes_tracked() -> None:
    c, data = _blackline("78-219-79-182-footnotes")
    assert len(c.new.footnotes) > 20
    types = _part(data, "[Content_Types].xml").decode()
    assert 'PartName="/word/footnotes.xml"' in types and "wordprocessingml.footnotes+xml" in types
    assert "relationships/footnotes" in _part(data, "word/_rels/document.xml.rels").decode()
    notes = etree.fromstring(_part(data, "word/footnotes.xml"))
    kinds = [(fn.get(f"{W}type"), fn.get(f"{W}id")) for fn in notes][:2]
    assert kinds == [("separator", "-1"), ("continuationSeparator", "0")]
    settings = etree.fromstring(_part(data, "word/settings.xml"))
    order = [child.tag.removeprefix(W) for child in settings]
    assert order.index("footnotePr") + 1 == order.index("compat")  # Word reads the schema's order
    assert [n.get(f"{W}id") for n in settings.find(f"{W}footnotePr")] == ["-1", "0"]
    body = _part(data, "word/document.xml")
    assert body.count(b"<w:footnoteReference ") == len(notes) - 2
    changed = [link for link in c.footnote_links if link.kind.value == "modified"]
    assert changed, "the pair has footnotes whose text changed"
    tracked = [fn for fn in notes if fn.find(f".//{W}ins") is not None and fn.find(f".//{W}del") is not None]
    assert tracked  # a footnote kept in place whose words changed: tracked inside the footnote


def test_moves_are_word_moves_by_default_with_the_new_texts_date() -> None:
    c, data = _blackline("79-218-moves")
    moved = [link for link in c.links if len(link.old) == len(link.new) == 1 and not link.in_place]
    assert moved
    xml = _part(data, "word/document.xml").decode()
    starts = re.findall(r"<w:(moveFrom|moveTo)RangeStart ([^>]*)/>", xml)
    names: dict[str, list[str]] = {"moveFrom": [], "moveTo": []}
    for kind, attrs in starts:
        names[kind] += re.findall(r'w:name="([^"]+)"', attrs)
    assert sorted(names["moveFrom"]) == sorted(names["moveTo"]) and len(names["moveTo"]) == len(moved)
    for _, attrs in starts:
        assert f'w:date="{c.new.metadata.adopted}T00:00:00Z"' in attrs
    for kind in ("moveFrom", "moveTo"):
        ids = re.findall(rf'<w:{kind}RangeStart w:id="(\d+)"', xml)
        assert sorted(ids) == sorted(re.findall(rf'<w:{kind}RangeEnd w:id="(\d+)"', xml))
        assert f"<w:{kind} " in xml
    dated = _part(render_docx(c, ReportOptions(date="2024-12-19")), "word/document.xml")
    assert b'w:date="2024-12-19T00:00:00Z"' in dated and b"2025-" not in dated
    with pytest.raises(ResdiffError, match="revision date"):
        render_docx(c, ReportOptions(date="19 December"))


def test_it_looks_like_a_un_text() -> None:
    c, data = _blackline("L32-80-221-footnotes")
    styles = etree.fromstring(_part(data, "word/styles.xml"))
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert fonts.find(f"{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert fonts.find(f"{W}sz").get(f"{W}val") == "24"  # 12 pt
    body = etree.fromstring(_part(data, "word/document.xml")).find(f"{W}body")
    paras = list(body.iter(f"{W}p"))
    used = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paras}
    assert "Title" not in used and {"ResSymbol", "ResTitle", "ResOrgan", "ResPara"} <= used

    def italic(p: etree._Element) -> str:
        return "".join(_text(r, set()) for r in p.iter(f"{W}r") if r.find(f"{W}rPr/{W}i") is not None)

    organ = next(p for p in paras if p.find(f"{W}pPr/{W}pStyle[@{W}val='ResOrgan']") is not None)
    assert italic(organ) == "The General Assembly"
    texts = {p.text.split()[0]: p for p in c.new.paragraphs}
    firsts = [p for p in paras if p.find(f"{W}pPr/{W}pStyle[@{W}val='ResPara']") is not None]
    openers = [italic(p) for p in firsts[:5]]
    assert openers[:3] == ["Guided by", "Recalling", "Recalling also"], openers
    assert all(o.split()[0] in texts for o in openers)
    op1 = next(p for p in firsts if _text(p, set()).startswith("1.\t"))
    assert italic(op1) == "Expresses grave concern"


def test_properties_carry_no_template_date_no_generator_and_no_path(tmp_path: Path) -> None:
    folder = tmp_path / "Private folder of delegate"
    folder.mkdir()
    old, new = folder / "old.txt", folder / "new.txt"
    old.write_bytes(OLD.read_bytes())
    new.write_bytes(NEW.read_bytes())
    c = compare(old, new)
    data = render_docx(c)
    core = _part(data, "docProps/core.xml").decode()
    assert "2011-12-19T00:00:00Z" in core and c.new.metadata.adopted == "2011-12-19"
    archive = zipfile.ZipFile(io.BytesIO(data))
    everything = b"".join(archive.read(n) for n in archive.namelist())
    for stray in (b"2013-", b"python-docx", b"Private folder", str(tmp_path).encode(), b"Macintosh"):
        assert stray not in everything, stray
    assert not [n for n in archive.namelist() if "thumbnail" in n]
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert render_docx(compare(old, new)) == data  # byte-identical


def test_a_draft_with_a_bis_paragraph_and_another_organ(tmp_path: Path) -> None:
    text = OLD.read_text(encoding="utf-8")
    bis = "\t2 bis.\tEncourages Member States to share information on good practices;\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(
        text.replace("\t3.\t", bis + "\t3.\t").replace("The General Assembly,", "The Security Council,")
    )
    c = compare(OLD, draft)
    assert [p.id for p in c.new.paragraphs if p.number == 2] == ["OP2", "OP2bis"]
    data = render_docx(c)
    accepted, _ = resolve(data, accept=True)
    assert (accepted, _) == expected(c.new) and resolve(data, accept=False) == expected(c.old)
    assert "2 bis.\tEncourages Member States to share information on good practices;" in accepted
    assert "The Security Council," in accepted


def test_comments_and_revisions_carry_the_author_and_the_one_date() -> None:
    import docx

    c, data = _blackline("64-177")
    plain = _part(render_docx(c, ReportOptions(author="Delegation X")), "word/document.xml")
    assert plain.count(b"<w:ins ") > 20 and plain.count(b"<w:del ") > 20
    assert b'w:author="Delegation X"' in plain
    assert set(re.findall(rb'w:date="([^"]+)"', plain)) == {b"2011-12-19T00:00:00Z"}
    assert set(re.findall(rb'w:date="([^"]+)"', _part(data, "word/comments.xml"))) == {
        b"2011-12-19T00:00:00Z"
    }
    document = docx.Document(io.BytesIO(data))
    assert "The General Assembly," in [p.text for p in document.paragraphs]
    assert document.sections[0].page_width == 11906 * 635  # A4, in EMU
    assert any("split into OP4 and OP6" in comment.text for comment in document.comments)


@pytest.mark.skipif(
    not shutil.which("libreoffice"),
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)",
)
def test_libreoffice_shows_the_numbers_and_the_footnotes(tmp_path: Path) -> None:
    c, data = _blackline("L32-80-221-footnotes")
    src = tmp_path / "blackline.docx"
    src.write_bytes(data)
    done = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(tmp_path / "blackline.pdf")
    text = "\n".join(pdf[k].get_textpage().get_text_range() for k in range(len(pdf)))
    operative = [p for p in c.new.paragraphs if p.part.value == "operative" and p.number]
    for p in operative:
        assert re.search(rf"(?m)^\s*{p.number}\.\s+{re.escape(p.text.split()[0])}", text), p.id
    assert not re.search(r"\[\d+\.\]", text)  # LibreOffice's mark of a list number it lost
    assert "Resolution 217 A (III)." in text and "Resolution 2200 A (XXI), annex." in text
