"""Tests for the .docx reader, on documents built with python-docx."""

from __future__ import annotations

import io
import struct
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from diffcore.errors import ResdiffError
from diffcore.model import BlockKind
from diffcore.read.docx import ACCEPTED_NOTE, read_docx
from diffcore.structure import build_resolution
from diffcore.text import note

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'

NUMBERING = f"""
<w:abstractNum {NS} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
"""
HEADINGS = f"""
<w:abstractNum {NS} w:abstractNumId="92">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
"""


def _numbered_document() -> bytes:
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    # abstractNum elements must precede num elements.
    first_num = numbering.find(f"{{{W_NS}}}num")
    for xml in (NUMBERING, HEADINGS):
        el = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    numbering.append(parse_xml(f'<w:num {NS} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="93"><w:abstractNumId w:val="92"/></w:num>'))

    def para(text: str, num: str | None = None, level: int = 0) -> None:
        p = doc.add_paragraph(text)
        if num is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(
                parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>')
            )

    para("The General Assembly,")
    para("Recalling its resolutions,")
    para("Implementation", "93")
    para("Decides to act;", "91")
    para("Requests the Secretary-General:", "91")
    para("To report;", "91", 1)
    para("To consult:", "91", 1)
    para("States;", "91", 2)
    para("Organizations;", "91", 2)
    para("Also requests a report;", "91")
    para("To act now;", "91", 1)
    para("Follow-up", "93")
    para("Decides to continue.", "91")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_automatic_numbering_is_reconstructed() -> None:
    st = read_docx("n.docx", _numbered_document())
    assert st.format == "docx"
    assert st.notes == ()
    assert [b.text for b in st.blocks] == [
        "The General Assembly,",
        "Recalling its resolutions,",
        "I. Implementation",
        "1. Decides to act;",
        "2. Requests the Secretary-General:",
        "(a) To report;",
        "(b) To consult:",
        "(i) States;",
        "(ii) Organizations;",
        "3. Also requests a report;",
        "(a) To act now;",  # a new parent restarts the sub-level
        "II. Follow-up",
        "4. Decides to continue.",
    ]


def _tracked_document() -> bytes:
    doc = docx.Document()
    doc.add_paragraph("The General Assembly,")
    p = doc.add_paragraph("1. ")
    p.add_run("Urges")
    p._p.append(
        parse_xml(
            f'<w:ins {NS} w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve"> strongly</w:t></w:r></w:ins>'
        )
    )
    p._p.append(
        parse_xml(
            f'<w:del {NS} w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z">'
            '<w:r><w:delText xml:space="preserve"> weakly</w:delText></w:r></w:del>'
        )
    )
    p.add_run(" all States\u00a0to act;")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_tracked_changes_are_accepted() -> None:
    st = read_docx("t.docx", _tracked_document())
    assert [b.text for b in st.blocks] == ["The General Assembly,", "1. Urges strongly all States to act;"]
    assert all(b.kind is BlockKind.TEXT for b in st.blocks)
    assert st.notes == (ACCEPTED_NOTE,)


def _footnoted_document() -> bytes:
    """Two footnotes, referred to in the opposite order of their Word ids."""
    doc = docx.Document()
    doc.add_paragraph("The General Assembly,")
    for text, wid in (("Recalling its resolution 70/1,", 9), ("1. Decides to act;", 7)):
        p = doc.add_paragraph(text)
        p._p.append(parse_xml(f'<w:r {NS}><w:footnoteReference w:id="{wid}"/></w:r>'))
    buf = io.BytesIO()
    doc.save(buf)
    notes = (
        f"<w:footnotes {NS}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="7"><w:p><w:r><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> See A/80/1.</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="9"><w:p><w:r><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> Resolution </w:t></w:r><w:r><w:t>70/1.</w:t></w:r>'
        "</w:p></w:footnote>"
        "</w:footnotes>"
    )
    members = {}
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        for name in zf.namelist():
            members[name] = zf.read(name)
    members["word/footnotes.xml"] = notes.encode()
    rels = "word/_rels/document.xml.rels"
    members[rels] = members[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Target="footnotes.xml" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/footnotes"/></Relationships>',
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    return _zip(members)


def test_footnotes_are_numbered_in_reading_order_and_marked_in_the_text() -> None:
    st = read_docx("f.docx", _footnoted_document())
    assert [b.text for b in st.blocks if b.kind is BlockKind.TEXT] == [
        "The General Assembly,",
        f"Recalling its resolution 70/1,{note('1')}",
        f"1. Decides to act;{note('2')}",
    ]
    assert [(b.marker, b.text) for b in st.blocks if b.kind is BlockKind.FOOTNOTE] == [
        ("1", "Resolution 70/1."),
        ("2", "See A/80/1."),
    ]
    res = build_resolution(st)
    assert [(f.marker, f.text) for f in res.footnotes] == [("1", "Resolution 70/1."), ("2", "See A/80/1.")]
    assert [(p.id, p.text, [n.marker for n in p.notes]) for p in res.paragraphs] == [
        ("PP1", "Recalling its resolution 70/1,", ["1"]),
        ("OP1", "Decides to act;", ["2"]),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _one_line(exc: pytest.ExceptionInfo[ResdiffError]) -> str:
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith("bad.docx: ")
    return msg


def test_not_a_zip() -> None:
    with pytest.raises(ResdiffError) as exc:
        read_docx("bad.docx", b"%PDF-1.4 not a docx at all")
    assert "not a valid .docx" in _one_line(exc)


def test_zip_bomb_by_ratio() -> None:
    # 20 MB of zeros deflate to about 20 kB.
    data = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (20 * 2**20)})
    with pytest.raises(ResdiffError) as exc:
        read_docx("bad.docx", data)
    assert "zip bomb" in _one_line(exc)


def test_zip_bomb_by_declared_size() -> None:
    # The directory claims 300 MB: refused before anything is decompressed.
    data = bytearray(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w:document/>"}))
    at = data.rfind(b"PK\x01\x02")  # the last central directory entry
    struct.pack_into("<I", data, at + 24, 300 * 2**20)
    with pytest.raises(ResdiffError) as exc:
        read_docx("bad.docx", bytes(data))
    assert "zip bomb" in _one_line(exc)


def test_zip_without_document() -> None:
    with pytest.raises(ResdiffError) as exc:
        read_docx("bad.docx", _zip({"hello.txt": b"hi"}))
    assert "no word/document.xml" in _one_line(exc)


def test_broken_document_xml() -> None:
    good = zipfile.ZipFile(io.BytesIO(_tracked_document()))
    members = {n: good.read(n) for n in good.namelist()}
    members["word/document.xml"] = b"<w:document><unclosed>"
    with pytest.raises(ResdiffError) as exc:
        read_docx("bad.docx", _zip(members))
    _one_line(exc)
