"""Word, PDF and Markdown reports, checked the way a reader would open them.

The Word redline is checked by resolving its revisions in the document XML:
accepting every change must give exactly the new text, rejecting every
change exactly the old, with Word's list numbers matching each side's.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from conftest import NEW, OLD, SAMPLES

from diffcore import ResdiffError, Resolution, compare
from diffcore.model import PdfEngine
from diffcore.render import ReportOptions, render_docx, render_markdown, render_pdf
from diffcore.render.pdf import find_chromium

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAIRS = [
    (OLD, NEW),
    (SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf"),
    (SAMPLES / "A_C.2_80_L.5.pdf", SAMPLES / "A_C.2_80_L.48.pdf"),
]


def _resolve(document_xml: bytes, accept: bool) -> list[tuple[str, bool]]:
    """Body paragraphs as (text, numbered) after accepting or rejecting every revision.

    A paragraph whose mark is removed joins the next one, as in Word; the joined
    paragraph keeps the properties of the first part that still has text.
    """
    from lxml import etree

    gone = {"del", "moveFrom"} if accept else {"ins", "moveTo"}
    body = etree.fromstring(document_xml).find(f"{W}body")
    out: list[tuple[str, bool]] = []
    carry: tuple[str, bool] | None = None
    for p in body.iter(f"{W}p"):
        if p.find(f"{W}pPr/{W}pStyle[@{W}val='Heading2']") is not None:
            continue
        text = []
        for t in p.iter(f"{W}t", f"{W}delText"):
            wrappers = {a.tag.removeprefix(W) for a in t.iterancestors() if a.tag.startswith(W)}
            if not wrappers & gone:
                text.append(t.text or "")
        numbered = p.find(f"{W}pPr/{W}numPr") is not None
        mark = p.find(f"{W}pPr/{W}rPr")
        mark_gone = mark is not None and any(child.tag.removeprefix(W) in gone for child in mark)
        here = ("".join(text), numbered)
        if carry is not None:
            here = (carry[0] + here[0], carry[1] if carry[0] else here[1])
        if mark_gone:
            carry = here
        else:
            out.append(here)
            carry = None
    if carry is not None and carry[0]:
        out.append(carry)
    return [(text, numbered) for text, numbered in out if text]


def _expected(res: Resolution) -> list[tuple[str, bool]]:
    lines = [(res.metadata.symbol, False), (res.metadata.title, False), (res.metadata.organ, False)]
    for p in res.paragraphs:
        numbered = p.number is not None and p.part.value == "operative"
        first, *rest = p.text.split("\n")
        if numbered and p.id != f"OP{p.number}":  # "5 bis": its number is text, not Word's
            numbered, first = False, f"{p.number} {p.id.removeprefix(f'OP{p.number}')}. {first}"
        lines.append((first, numbered))
        lines.extend((line, False) for line in rest)
    return [(t, n) for t, n in lines if t]


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=["64-177", "79-218", "L5-L48"])
def test_docx_accept_all_gives_the_new_text_and_reject_all_the_old(old: Path, new: Path) -> None:
    c = compare(old, new)
    xml = zipfile.ZipFile(io.BytesIO(render_docx(c))).read("word/document.xml")
    assert _resolve(xml, accept=True) == _expected(c.new)
    assert _resolve(xml, accept=False) == _expected(c.old)


def test_docx_of_a_draft_with_a_bis_paragraph_and_of_another_organ(tmp_path: Path) -> None:
    text = OLD.read_text(encoding="utf-8")
    bis = "\t2 bis.\tEncourages Member States to share information on good practices;\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(
        text.replace("\t3.\t", bis + "\t3.\t").replace("The General Assembly,", "The Security Council,")
    )
    c = compare(OLD, draft)
    assert [p.id for p in c.new.paragraphs if p.number == 2] == ["OP2", "OP2bis"]
    xml = zipfile.ZipFile(io.BytesIO(render_docx(c))).read("word/document.xml")
    accepted = _resolve(xml, accept=True)
    assert accepted == _expected(c.new)
    assert ("2 bis. Encourages Member States to share information on good practices;", False) in accepted
    assert ("The Security Council,", False) in accepted


def test_docx_revisions_have_the_author_and_a_date_only_when_asked() -> None:
    # 79/218 -> 80/150 moves paragraphs (its order changed), so moves are exercised.
    c = compare(*PAIRS[1])
    assert any(link.kind.value == "moved" for link in c.links)
    plain = zipfile.ZipFile(io.BytesIO(render_docx(c, ReportOptions(author="Delegation X")))).read(
        "word/document.xml"
    )
    assert plain.count(b"<w:ins ") > 20 and plain.count(b"<w:del ") > 20
    assert b'w:author="Delegation X"' in plain and b"w:date=" not in plain
    # Without a date a move is a deletion and an insertion, each with a comment.
    assert b"moveFrom" not in plain and b"commentReference" in plain
    dated = zipfile.ZipFile(io.BytesIO(render_docx(c, ReportOptions(date="2024-12-19")))).read(
        "word/document.xml"
    )
    assert b'w:date="2024-12-19T00:00:00Z"' in dated
    names = re.findall(rb'<w:(moveFrom|moveTo)RangeStart [^>]*w:name="([^"]+)"', dated)
    assert (
        {n for kind, n in names if kind == b"moveFrom"}
        == {n for kind, n in names if kind == b"moveTo"}
        != set()
    )
    with pytest.raises(ResdiffError, match="revision date"):
        render_docx(c, ReportOptions(date="19 December"))


def test_docx_opens_with_python_docx_and_is_deterministic() -> None:
    import docx

    c = compare(OLD, NEW)
    data = render_docx(c)
    again = render_docx(compare(OLD, NEW))
    if data != again:  # name the part that differs
        a, b = (zipfile.ZipFile(io.BytesIO(d)) for d in (data, again))
        assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}
    assert data == again
    # A comment is not stamped with the time it was made (that would vary).
    assert b"w:date" not in zipfile.ZipFile(io.BytesIO(data)).read("word/comments.xml")
    doc = docx.Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert "The General Assembly," in texts
    assert doc.sections[0].page_width == 11906 * 635  # A4, in EMU
    comments = [cm.text for cm in doc.comments]
    assert any("split into OP4 and OP6" in text for text in comments)


@pytest.mark.skipif(
    not shutil.which("libreoffice"),
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)",
)
def test_libreoffice_converts_the_docx(tmp_path: Path) -> None:
    src = tmp_path / "redline.docx"
    src.write_bytes(render_docx(compare(OLD, NEW)))
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

    pdf = pdfium.PdfDocument(tmp_path / "redline.pdf")
    text = "".join(pdf[k].get_textpage().get_text_range() for k in range(len(pdf)))
    assert "Technical assistance" in text and len(pdf) >= 2


def _engines() -> list[str]:
    found = []
    if find_chromium():
        found.append("chromium")
    try:
        import weasyprint  # noqa: F401

        found.append("weasyprint")
    except (ImportError, OSError):
        pass
    return found


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
def test_pdf_has_landscape_pages_with_text_symbols_and_page_numbers(engine: str, tmp_path: Path) -> None:
    if engine not in _engines():
        pytest.skip(f"{engine} not installed")
    import pypdfium2 as pdfium

    started = time.perf_counter()
    data = render_pdf(compare(OLD, NEW), ReportOptions(pdf_engine=PdfEngine(engine)))
    seconds = time.perf_counter() - started
    (tmp_path / f"report-{engine}.pdf").write_bytes(data)
    pdf = pdfium.PdfDocument(data)
    pages = len(pdf)
    assert 3 <= pages <= 40, pages
    for k in range(pages):
        width, height = pdf[k].get_size()
        assert width > height  # landscape
    first = pdf[0].get_textpage().get_text_range()
    last = pdf[pages - 1].get_textpage().get_text_range()
    assert "A/RES/64/177" in first and "A/RES/66/178" in first
    assert f"Page 1 of {pages}" in first and f"Page {pages} of {pages}" in last
    assert "sixty-seventh" in "".join(pdf[k].get_textpage().get_text_range() for k in range(pages))
    print(f"{engine}: {pages} pages in {seconds:.1f} s")


def test_missing_pdf_engine_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setenv("RESDIFF_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ResdiffError, match=r"install Chromium .*pip install 'resdiff\[pdf\]'"):
        render_pdf(compare(OLD, NEW))


def test_markdown_redline_marks_changes_and_escapes_document_text(tmp_path: Path) -> None:
    md = render_markdown(compare(OLD, NEW))
    assert md.startswith("# A/RES/64/177 → A/RES/66/178\n")
    assert "~~sixty-fifth~~ **sixty-seventh**" in md
    assert "#### OP5 → OP4, OP6 (split, substantive)" in md
    hostile = NEW.read_text().replace(
        "Reaffirming all General Assembly", "Reaffirming <b>all</b> [x](http://e.vil) *General* Assembly"
    )
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    md = render_markdown(compare(OLD, path))
    assert not re.search(r"(?<!\\)<b|(?<!\\)\]\(http", md)  # no tag, no link
    assert r"\<b\>all\</b\>" in md and r"\[x\](http\://e\.vil)" in md
