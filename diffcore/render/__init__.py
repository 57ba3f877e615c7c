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

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ResdiffError
from ..lazy import lazy
from ..model import Comparison, ReportFormat
from .views import ReportOptions

if TYPE_CHECKING:
    from .docx import render_docx
    from .html import render_html
    from .json import comparison_dict, digest_dict, render_json, resolution_dict
    from .markdown import render_markdown
    from .pdf import render_pdf
    from .text import render_digest, render_text

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
_WRITERS = {
    "html": "render_html",
    "json": "render_json",
    "md": "render_markdown",
    "docx": "render_docx",
    "pdf": "render_pdf",
}

# Each writer is imported when first used: an HTML report does not load the
# Word, PDF or Markdown writers (about 20 ms at start-up).
_LAZY = {
    "comparison_dict": ".json",
    "digest_dict": ".json",
    "render_digest": ".text",
    "render_docx": ".docx",
    "render_html": ".html",
    "render_json": ".json",
    "render_markdown": ".markdown",
    "render_pdf": ".pdf",
    "render_text": ".text",
    "resolution_dict": ".json",
}


__getattr__ = lazy(__name__, globals(), _LAZY)


def render_report(
    c: Comparison, fmt: ReportFormat | str, options: ReportOptions = ReportOptions()
) -> str | bytes:
    """The report in format ``fmt`` (one of :data:`FORMATS`): text for html/json/md, bytes for docx/pdf."""
    name = _WRITERS.get(fmt)
    if name:
        writer: Callable[..., str | bytes] = __getattr__(name)
        return writer(c) if fmt == "json" else writer(c, options)
    raise ResdiffError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
