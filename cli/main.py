"""``resdiff``: parse options, call one library function, write the file.

Errors from the library (:class:`diffcore.ResdiffError`) are caught here,
once, and become a one-line message on standard error and exit status 2.
The library is imported inside the commands, so ``resdiff --help`` does not
pay for it.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import click
import typer
import typer.core

app = typer.Typer(
    name="resdiff",
    help="Show how a UN resolution changed from one version to the next.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rendering it with rich costs about 0.1 s at every --help.
    rich_markup_mode=None,
)

EXIT_INPUT = 2


class _Command(typer.core.TyperCommand):
    """A command whose help reads "[default: html]", not "\\[default: html]".

    Where rich is installed, typer escapes the brackets for rich's markup
    even when, as here, help is printed as plain text.
    """

    def get_help(self, ctx: click.Context) -> str:
        return super().get_help(ctx).replace("\\[", "[")


class Format(StrEnum):
    html = "html"
    json = "json"
    md = "md"
    docx = "docx"
    pdf = "pdf"


class View(StrEnum):
    side = "side"
    inline = "inline"


class Paper(StrEnum):
    a4 = "A4"
    letter = "Letter"


class Engine(StrEnum):
    auto = "auto"
    chromium = "chromium"
    weasyprint = "weasyprint"


class Hide(StrEnum):
    unchanged = "unchanged"
    technical = "technical"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


def _fail(message: str) -> NoReturn:
    typer.echo(f"resdiff: error: {message}", err=True)
    raise typer.Exit(EXIT_INPUT)


def _write(output: str, content: str | bytes) -> None:
    """Write text or bytes to a temporary file beside the target, then rename: never half a report."""
    if output == "-":
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
            sys.stdout.flush()
        return
    target = Path(output)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        _fail(f"{output}: directory {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        _fail(f"{output}: cannot write ({exc.strerror or exc})")
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as bh:
                bh.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        _fail(f"{output}: cannot write ({exc.strerror or exc})")


@app.command(cls=_Command)
def compare(
    old: Annotated[Path, typer.Argument(help="The older version (.txt, .pdf or .docx).")],
    new: Annotated[Path, typer.Argument(help="The newer version.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")
    ] = "-",
    format: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.html,
    min_similarity: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Weighted word overlap (0-1) below which paragraphs are not paired"
            " (a third of it for a paragraph rewritten in place).",
        ),
    ] = 0.3,
    title: Annotated[str, typer.Option(help="Report title (default: the two labels).")] = "",
    old_label: Annotated[
        str, typer.Option(help="Name of the old version (default: its symbol, else its year).")
    ] = "",
    new_label: Annotated[
        str, typer.Option(help="Name of the new version (default: its symbol, else its year).")
    ] = "",
    view: Annotated[View, typer.Option(help="HTML: the view the report opens in.")] = View.side,
    hide: Annotated[
        list[Hide] | None,
        typer.Option(help="Start the report with these rows hidden (repeatable); a switch shows them."),
    ] = None,
    paper: Annotated[
        Paper, typer.Option(case_sensitive=False, help="Print and PDF page size (landscape).")
    ] = Paper.a4,
    author: Annotated[str, typer.Option(help="docx: author of the tracked changes.")] = "resdiff",
    date: Annotated[
        str, typer.Option(help="docx: date of the tracked changes, e.g. 2024-12-19 (default: none).")
    ] = "",
    pdf_engine: Annotated[
        Engine, typer.Option(help="pdf: the engine (auto: Chromium, else WeasyPrint).")
    ] = Engine.auto,
    summary: Annotated[
        bool, typer.Option("--summary", help="Also print the digest of changes to standard error.")
    ] = False,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0, help="Processes that read and diff (0: one per core, up to 4)."),
    ] = 0,
) -> None:
    """Compare OLD and NEW and write a report: HTML, JSON, Markdown, Word (tracked changes) or PDF."""
    # A process that exits when the report is written: the comparison forms no
    # reference cycles, so the cyclic collector would only rescan the heap
    # (the library pauses it too, but must run one pass when it resumes it).
    gc.disable()
    import diffcore
    from diffcore.render import ReportOptions, render_digest, render_report

    try:
        options = diffcore.Options(min_similarity=min_similarity, jobs=jobs or min(os.cpu_count() or 1, 4))
        comparison = diffcore.compare(old, new, options)
        report = ReportOptions(
            title=title,
            hide=frozenset(h.value for h in hide or ()),
            view=view.value,
            old_label=old_label,
            new_label=new_label,
            paper=paper.value,
            author=author,
            date=date,
            pdf_engine=pdf_engine.value,
        )
        content = render_report(comparison, format.value, report)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    _write(output, content)
    if summary:
        # The digest goes to standard error when the report itself goes to standard output.
        stream = sys.stderr if output == "-" else sys.stdout
        stream.write(render_digest(comparison))


@app.command(cls=_Command)
def show(
    file: Annotated[Path, typer.Argument(help="A resolution (.txt, .pdf or .docx).")],
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """Print what resdiff understood of one resolution: metadata, paragraphs, footnotes."""
    import json

    import diffcore
    from diffcore.render import resolution_dict

    try:
        res = diffcore.parse(file)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    if format is ShowFormat.json:
        _write("-", json.dumps(resolution_dict(res), ensure_ascii=False, indent=2) + "\n")
    else:
        _write("-", diffcore.render_text(res))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
