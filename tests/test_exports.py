"""PDF and Markdown reports, checked the way a reader would open them.

The Word blackline has its own tests (test_docx_blackline.py).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import NEW, OLD

from diffcore import ResdiffError, compare
from diffcore.model import PdfEngine
from diffcore.render import ReportOptions, render_markdown, render_pdf
from diffcore.render.pdf import find_chromium


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
