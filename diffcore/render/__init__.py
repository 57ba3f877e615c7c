"""Stage 6, render: a :class:`~diffcore.model.Comparison` -> HTML, JSON, text, Markdown, Word, PDF.

One module per format; :mod:`.views` builds the rows and redline lines they
share. Heavy libraries are imported by the writer that needs them, when it
runs: jinja2 for HTML, python-docx for Word, a PDF engine for PDF.

>>> from diffcore import compare
>>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
>>> render_report(c, "md").splitlines()[0]
'# A/RES/64/177 → A/RES/66/178'
"""

from __future__ import annotations

from ..errors import ResdiffError
from ..model import Comparison, ReportFormat
from .docx import render_docx
from .html import render_html
from .json import comparison_dict, digest_dict, render_json, resolution_dict
from .markdown import render_markdown
from .pdf import render_pdf
from .text import render_digest, render_text
from .views import ReportOptions

__all__ = [
    "FORMATS",
    "ReportOptions",
    "comparison_dict",
    "digest_dict",
    "render_digest",
    "render_docx",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_report",
    "render_text",
    "resolution_dict",
]

FORMATS = tuple(ReportFormat)


def render_report(
    c: Comparison, fmt: ReportFormat | str, options: ReportOptions = ReportOptions()
) -> str | bytes:
    """The report in format ``fmt`` (one of :data:`FORMATS`): text for html/json/md, bytes for docx/pdf."""
    if fmt == "html":
        return render_html(c, options)
    if fmt == "json":
        return render_json(c)
    if fmt == "md":
        return render_markdown(c, options)
    if fmt == "docx":
        return render_docx(c, options)
    if fmt == "pdf":
        return render_pdf(c, options)
    raise ResdiffError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
