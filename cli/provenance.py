"""``resdiff index`` and ``resdiff trace``: the corpus index and where a text's wording came from."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from diffcore.model import ReportFormat
from diffcore.options import AUTO_JOBS, MAX_AUTO_JOBS, Options

from .main import _Command, _fail, _target, _write, app


class TraceFormat(StrEnum):
    """What ``trace`` writes."""

    HTML = "html"
    JSON = "json"


@app.command(cls=_Command)
def index(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .pdf, .docx) and folders to add.")],
    db: Annotated[str, typer.Option("--db", help="The corpus database (SQLite; created if absent).")],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help=f"Reading processes ({AUTO_JOBS}: one per core, up to {MAX_AUTO_JOBS}).",
        ),
    ] = AUTO_JOBS,
    scheduler: Annotated[
        str, typer.Option(help="Read on this Dask cluster (tcp://host:8786) instead of local processes.")
    ] = "",
) -> None:
    """Add documents to the corpus index; those already in it (same content) are skipped."""
    import diffcore
    from diffcore.provenance import index_paths

    try:
        report = index_paths(paths, db, Options(jobs=jobs).workers, scheduler)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    for line in report.failed:
        typer.echo(f"resdiff: skipped: {line}", err=True)
    typer.echo(
        f"{report.added} added, {report.known} already indexed, {len(report.failed)} failed;"
        f" {report.documents} documents, {report.paragraphs} paragraphs in {Path(db).name}"
    )


@app.command(cls=_Command)
def trace(
    file: Annotated[str, typer.Argument(help="The text to trace (.txt, .pdf or .docx).")],
    db: Annotated[str, typer.Option("--db", help="The corpus database made by resdiff index.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")
    ] = "-",
    format: Annotated[TraceFormat, typer.Option("--format", "-f", help="Report format.")] = TraceFormat.HTML,
) -> None:
    """Where each paragraph's wording came from: verbatim or close earlier sources, or new language."""
    import diffcore
    from diffcore.provenance import open_index, trace_json
    from diffcore.provenance import trace as run_trace
    from diffcore.provenance.html import render_trace

    target = _target(output, ReportFormat(format.value), (file, db))
    try:
        res = diffcore.parse(file)
        conn = open_index(db)
        try:
            t = run_trace(res, conn, _sha256(file))
        finally:
            conn.close()
        content = trace_json(t) if format is TraceFormat.JSON else render_trace(t, Path(db).name)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    _write(target, content)


def _sha256(file: str) -> str:
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except OSError:
        return ""
