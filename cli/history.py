"""``resdiff history``: the life of one text across two or more versions, in one page."""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from diffcore.model import HistoryFormat, ReportFormat
from diffcore.options import AUTO_JOBS, MAX_AUTO_JOBS, Options

from .main import _check_text, _Command, _fail, _target, _write, app


@app.command(cls=_Command)
def history(
    versions: Annotated[
        list[str], typer.Argument(help="Two or more versions, oldest first (.txt, .pdf or .docx).")
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")
    ] = "-",
    format: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Page format.")
    ] = HistoryFormat.HTML,
    title: Annotated[str, typer.Option(help="Page title (default: the labels).")] = "",
    label: Annotated[
        list[str] | None,
        typer.Option(help="Name of each version, in order (repeat once per version; default: symbols)."),
    ] = None,
    min_similarity: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="As for compare.")
    ] = Options.min_similarity,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", "-j", min=0, help=f"Processes ({AUTO_JOBS}: one per core, up to {MAX_AUTO_JOBS})."
        ),
    ] = AUTO_JOBS,
) -> None:
    """Show each paragraph across all VERSIONS: where it came in, each change, where it went."""
    gc.disable()  # as for compare: the work forms no cycles and the process ends with it
    if len(versions) < 2:
        _fail(f"give two or more versions, oldest first (got {len(versions)})")
    labels = tuple(label or ())
    if labels and len(labels) != len(versions):
        _fail(f"--label given {len(labels)} times for {len(versions)} versions")
    for value in (title, *labels):
        _check_text("--title" if value is title else "--label", value)
    import diffcore
    from diffcore.history import history as build
    from diffcore.history import render_history_html, render_history_json, render_history_markdown

    target = _target(output, ReportFormat(format.value), tuple(versions))
    try:
        h = build(versions, Options(min_similarity=min_similarity, jobs=jobs), labels)
        if format is HistoryFormat.JSON:
            content = render_history_json(h)
        elif format is HistoryFormat.MD:
            content = render_history_markdown(h, title)
        else:
            content = render_history_html(h, title)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    _write(target, content)
