"""The self-contained HTML report: one jinja2 Environment, autoescape on, presentation in templates.

Everything the templates show comes from :mod:`diffcore.render.views`; the
only markup built here is a CSS string for the print page header, escaped
so that no document text can end the style sheet.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Comparison, LinkKind
from ..perf import collector_paused
from .text import change_counts, digest_sections, summary_line
from .views import Piece, ReportOptions, _file_name, footnote_rows, paired_by_line, rows, side_labels

if TYPE_CHECKING:  # jinja2 is imported only when a report is rendered
    import jinja2
    from markupsafe import Markup

__all__ = ["css_string", "render_html"]

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


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
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
        loader=jinja2.FileSystemLoader(str(_template_dir())),
        bytecode_cache=cache,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = css_string
    return env


def _template_dir() -> Path:
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
    template = _environment().get_template("report.html.j2")
    with collector_paused():
        return template.render(
            title=options.title or f"{old_label} \u2192 {new_label}",
            options=options,
            digest_sections=digest_sections(c),
            summary_line=summary_line(c),
            change_counts=change_counts(c),
            paired_by=paired_by_line(c),
            # The header names each file, never where it was on the user's disk.
            old=replace(c.old, source=_file_name(c.old)),
            new=replace(c.new, source=_file_name(c.new)),
            old_label=old_label,
            new_label=new_label,
            title_diff=[Piece(s.op.value, s.text) for s in c.title_diff],
            summary=summary,
            kinds=[k.value for k in LinkKind],
            only=[(k, counts[k]) for k in ONLY],
            rows=rows(c),
            footnote_rows=footnote_rows(c),
            provenance=dict(c.provenance),
        )
