"""``resdiff session``: many documents in, an overview and a report per comparison out.

Thin like the other commands: parse the options, call
:func:`diffcore.session.run_session`, write its files with the CLI's safe
writer (the reports first, the overview last), then remove the reports of a
previous run into the same folder that this run did not write again. Exit
status 0 when every file was read (files that are not resolutions, such as
amendments, are listed as not compared), 1 when some could not be read (they
are listed in the overview), 2 for bad arguments.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .main import _Command, _fail, _Target, _write, app

EXIT_SOME_FAILED = 1
CACHE_NAME = ".resdiff-cache.sqlite"
# The reports a run has begun to write, one a line, until it has finished: what an interrupted run leaves.
JOURNAL_NAME = ".resdiff-writing"


class _Bar:
    """A progress bar on standard error when it is a terminal: rich's if installed, else one line of text."""

    def __init__(self) -> None:
        self._rich: Any = None
        self._tasks: dict[str, Any] = {}
        try:
            from rich.progress import Progress

            self._rich = Progress(transient=True, console=None)
        except ImportError:
            pass

    def __enter__(self) -> _Bar:
        if self._rich is not None:
            self._rich.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._rich is not None:
            self._rich.__exit__(*exc)
        else:
            sys.stderr.write("\r\x1b[K")

    def __call__(self, label: str, done: int, total: int) -> None:
        if self._rich is not None:
            if label not in self._tasks:
                self._tasks[label] = self._rich.add_task(label, total=total)
            self._rich.update(self._tasks[label], completed=done, total=total)
        else:
            sys.stderr.write(f"\r{label} {done}/{total}\x1b[K")
            sys.stderr.flush()


@app.command(cls=_Command)
def session(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (.txt, .pdf, .docx) and folders, in any order.", show_default=False),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Folder to write the overview and the reports to.")
    ],
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0, help="Local processes that read and compare (0: one per core)."),
    ] = 0,
    scheduler: Annotated[
        str,
        typer.Option(
            help="A Dask scheduler to run the work on, e.g. tcp://host:8786 (pip install 'resdiff[dask]')."
        ),
    ] = "",
    cache: Annotated[
        str, typer.Option(help=f"The SQLite cache of finished work (default: OUTPUT/{CACHE_NAME}).")
    ] = "",
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read and compare everything again.")] = False,
    min_similarity: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="As for compare: the aligner's pairing threshold.")
    ] = 0.3,
) -> None:
    """Chain documents into series, compare each step, write a session overview (OUTPUT/index.html)."""
    import diffcore
    from diffcore.errors import printable
    from diffcore.session import SessionOptions, run_session
    from diffcore.session.overview import listed_reports, overview_csv, overview_html, overview_json

    outdir = Path(output)
    if outdir.exists() and not outdir.is_dir():
        _fail(f"{printable(output)}: exists and is not a folder")
    try:
        (outdir / "reports").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{printable(output)}: cannot create the folder ({exc.strerror or exc})")
    options = SessionOptions(
        compare=diffcore.Options(min_similarity=min_similarity),
        jobs=jobs or os.cpu_count() or 1,
        scheduler=scheduler,
        cache=None if no_cache else Path(cache) if cache else outdir / CACHE_NAME,
    )

    reports = _Reports(outdir)
    try:
        if sys.stderr.isatty():
            with _Bar() as bar:
                result = run_session(paths, options, reports.write, bar)
        else:
            result = run_session(paths, options, reports.write)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    overview = overview_json(result)
    reports.note()  # the previous run's reports, if no report of this run named them yet
    _write(_Target(outdir / "overview.json"), overview)
    _write(_Target(outdir / "overview.csv"), overview_csv(result))
    _write(_Target(outdir / "index.html"), overview_html(result))
    reports.finish(listed_reports(overview))
    where = printable(str(outdir / "index.html"))
    said = {"not compared (not resolutions)": len(result.skipped), "could not be read": len(result.errors)}
    for what, n in said.items():
        if n:
            typer.echo(f"resdiff: {n} file{'s' if n > 1 else ''} {what}; see {where}", err=True)
    if result.errors:
        raise typer.Exit(EXIT_SOME_FAILED)


class _Reports:
    """The reports folder across runs: what earlier runs wrote there, this run's, and the clean-up.

    Until a run has finished, its journal (``JOURNAL_NAME``) names every
    report written by an earlier run and each of its own before it is
    written, so that a run stopped at any point leaves the record the next
    run needs; a finished run removes the old reports it did not write again,
    after its index is in place, and then the journal.
    """

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.journal = outdir / JOURNAL_NAME
        self.previous = _previous_reports(outdir) | _begun_reports(self.journal)
        self._unnoted = sorted(self.previous)

    def note(self, *names: str) -> None:
        """Add ``names``, and the earlier runs' reports if not yet there, to the journal."""
        from diffcore.errors import printable

        if not names and not self._unnoted:
            return
        try:
            with open(self.journal, "a", encoding="utf-8") as fh:
                fh.writelines(f"{n}\n" for n in [*self._unnoted, *names])
        except OSError as exc:
            _fail(f"{printable(str(self.journal))}: cannot write ({exc.strerror or exc})")
        self._unnoted.clear()

    def write(self, name: str, html: str) -> None:
        self.note(name)
        _write(_Target(self.outdir / name), html)

    def finish(self, current: set[str]) -> None:
        """Remove the earlier runs' reports that are not in ``current``, then the journal."""
        from diffcore.errors import printable
        from diffcore.session.overview import stale_reports

        for path in stale_reports(self.outdir, self.previous, current):
            try:
                path.unlink()
            except OSError as exc:
                where, why = printable(str(path)), exc.strerror or exc
                typer.echo(f"resdiff: warning: {where}: cannot remove this old report ({why})", err=True)
        with contextlib.suppress(OSError):  # left behind, it only names this run's reports again
            self.journal.unlink(missing_ok=True)


def _previous_reports(outdir: Path) -> set[str]:
    """The reports a previous run into ``outdir`` wrote, as its ``overview.json`` lists them.

    None for a first run; none, with a one-line warning, when that file is not
    what resdiff wrote (edited, damaged): then no old report is removed.
    """
    from diffcore.errors import ResdiffError, printable
    from diffcore.session.overview import listed_reports

    path = outdir / "overview.json"
    try:
        return listed_reports(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except ResdiffError as exc:
        problem = exc.message
    except (OSError, UnicodeDecodeError) as exc:
        problem = f"cannot read it ({getattr(exc, 'strerror', None) or exc})"
    where = printable(str(path))
    typer.echo(f"resdiff: warning: {where}: {printable(problem)}; no old report is removed", err=True)
    return set()


def _begun_reports(journal: Path) -> set[str]:
    """The reports an interrupted run began to write, as its journal names them (none if it finished)."""
    from diffcore.errors import printable
    from diffcore.session.overview import journal_reports

    try:
        return journal_reports(journal.read_text(encoding="utf-8", errors="replace"))
    except FileNotFoundError:
        return set()
    except OSError as exc:
        typer.echo(
            f"resdiff: warning: {printable(str(journal))}: cannot read it ({exc.strerror or exc})", err=True
        )
        return set()
