"""The self-contained HTML report: one jinja2 Environment, autoescape on, presentation in templates.

Everything the templates show comes from :mod:`diffcore.render.views`. The
markup built here is a CSS string for the print page header, escaped so that
no document text can end the style sheet, and the lines of paragraph text
(the filters ``pieces``, ``lines`` and ``redline``): the innermost loops of a
long report, which as template loops took half its rendering time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Comparison, LinkKind
from ..perf import collector_paused
from .text import change_counts, digest_sections, summary_line
from .views import (
    Line,
    ParaView,
    Piece,
    ReportOptions,
    change_marks,
    file_name,
    footnote_rows,
    paired_by_line,
    report_rows,
    section_event_text,
    sections,
    side_labels,
)

if TYPE_CHECKING:  # jinja2 is imported only when a report is rendered
    import jinja2
    from markupsafe import Markup

__all__ = [
    "css_string",
    "environment",
    "lines_html",
    "pieces_html",
    "redline_html",
    "render_html",
    "template_dir",
]

# The kinds of change a reader can show on their own (the "Show only" switch).
ONLY = ("modified", "moved", "split", "merged", "added", "deleted", "substantive", "technical")


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string, every character but letters, digits and spaces escaped.

    Safe inside a ``<style>`` element: no quote, backslash or ``<`` survives.

    >>> str(css_string('A/RES/1 "</style>'))
    '"A\\\\2f RES\\\\2f 1 \\\\22 \\\\3c \\\\2f style\\\\3e "'
    """
    from markupsafe import Markup

    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{out}"')


_TAGS = {
    "equal": ("", ""),
    "delete": ("<del>", "</del>"),
    "insert": ("<ins>", "</ins>"),
    "note": ('<sup class="fn">', "</sup>"),
}
_BREAK = {
    "delete": '<del class="mark" title="paragraph break deleted">¶</del>',
    "insert": '<ins class="mark" title="paragraph break inserted">¶</ins>',
}


def _escape(text: str) -> str:
    """``text`` escaped as markupsafe escapes it, without a Markup object per call."""
    if not any(c in text for c in "&<>\"'"):
        return text
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _pieces(pieces: Sequence[Piece]) -> str:
    return "".join(f"{_TAGS[p.op][0]}{_escape(p.text)}{_TAGS[p.op][1]}" for p in pieces)


def pieces_html(pieces: Sequence[Piece]) -> Markup:
    """Pieces of text as HTML, every text escaped: deletions in ``<del>``, insertions in ``<ins>``.

    >>> str(pieces_html([Piece("equal", "a "), Piece("delete", "<b>"), Piece("note", "2")]))
    'a <del>&lt;b&gt;</del><sup class="fn">2</sup>'
    """
    from markupsafe import Markup

    return Markup(_pieces(pieces))


def lines_html(view: ParaView) -> Markup:
    """A paragraph's lines, one ``<p>`` each (a sub-paragraph indented)."""
    from markupsafe import Markup

    return Markup(
        "".join(
            f'<p class="{"line sub" if sub else "line"}">{_pieces(line)}</p>\n'
            for line, sub in zip(view.lines, view.sub, strict=True)
        )
    )


def redline_html(lines: Sequence[Line]) -> Markup:
    """Redline lines, one ``<p>`` each: the paragraph id where one starts, a mark where a break was
    inserted or deleted."""
    from markupsafe import Markup

    out = []
    for k, line in enumerate(lines):
        pid = line.new_id or line.old_id
        cls = "line" + (" sub" if line.sub else "") + (" start" if pid and k else "")
        head = f'<span class="pid">{_escape(pid)}</span>' if pid else ""
        mark = _BREAK.get(line.mark, "") if k + 1 < len(lines) else ""
        out.append(f'<p class="{cls}">{head}{_pieces(line.pieces)}{mark}</p>\n')
    return Markup("".join(out))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one jinja2 Environment, autoescaping everything it renders."""
    import jinja2

    try:
        # Compiling the report template costs more than rendering a short
        # report; jinja2 keeps the compiled code, keyed by the template's
        # checksum, in a private per-user directory and writes it atomically.
        cache: jinja2.BytecodeCache | None = jinja2.FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no safe temporary directory: compile every time
        cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        bytecode_cache=cache,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = css_string
    env.filters["pieces"] = pieces_html
    env.filters["lines"] = lines_html
    env.filters["redline"] = redline_html
    return env


def template_dir() -> Path:
    """The templates: beside the package in a source checkout, inside it when installed."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise FileNotFoundError("resdiff templates not found; reinstall the package")


def render_html(c: Comparison, options: ReportOptions = ReportOptions()) -> str:
    """The self-contained report: side by side and inline views, readable without scripts.

    >>> from diffcore import compare
    >>> html = render_html(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> html.startswith("<!DOCTYPE html>") and "<del" in html and "<ins" in html
    True
    """
    old_label, new_label = side_labels(c, options)
    summary = c.summary
    counts = {**summary, "substantive": 0, "technical": 0}
    for link in c.links:
        if link.change.value in ("substantive", "technical") and link.kind is not LinkKind.UNCHANGED:
            counts[link.change.value] += 1
    shown = report_rows(c, options)
    template = environment().get_template("report.html.j2")
    with collector_paused():
        return template.render(
            title=options.title or f"{old_label} \u2192 {new_label}",
            options=options,
            digest_sections=digest_sections(c),
            summary_line=summary_line(c),
            change_counts=change_counts(c),
            paired_by=paired_by_line(c),
            # The header names each file, never where it was on the user's disk.
            old=replace(c.old, source=file_name(c.old)),
            new=replace(c.new, source=file_name(c.new)),
            old_label=old_label,
            new_label=new_label,
            title_diff=[Piece(s.op.value, s.text) for s in c.title_diff],
            summary=summary,
            kinds=[k.value for k in LinkKind],
            only=[(k, counts[k]) for k in ONLY],
            rows=shown,
            toc=sections(shown),
            section_events=[section_event_text(e) for e in c.digest.sections],
            marks=change_marks(shown),
            footnote_rows=footnote_rows(c),
            provenance=dict(c.provenance),
        )
