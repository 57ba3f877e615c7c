"""``resdiff``: parse options, call one library function, write the file.

Errors from the library (:class:`diffcore.ResdiffError`) are caught here,
once, and become a one-line message on standard error and exit status 2.
The library is imported inside the commands, so ``resdiff --help`` does not
pay for it.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import click
import typer
import typer.core

# The vocabulary and the defaults come from the library (cheap modules: the
# package itself loads its stages only when they are used).
from diffcore.model import Collapse, Hide, Paper, PdfEngine, ReportFormat, ShowFormat, View
from diffcore.options import AUTO_JOBS, MAX_AUTO_JOBS, Options

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


def _fail(message: str) -> NoReturn:
    from diffcore.errors import printable

    typer.echo(f"resdiff: error: {printable(message)}", err=True)
    raise typer.Exit(EXIT_INPUT)


# Labels, title and author are one line each: no control characters, no
# undecodable bytes, and a length a report header can show.
_TEXT_LIMIT = 500
_NOT_TEXT = ("Cc", "Cs")


def _check_text(option: str, value: str) -> None:
    """Refuse an option value no report can show as given: one line, bounded, decodable."""
    import unicodedata

    bad = next((ch for ch in value if unicodedata.category(ch) in _NOT_TEXT or ch in "\u2028\u2029"), "")
    if bad:
        _fail(f"{option}: contains the character U+{ord(bad):04X}; give plain one-line text")
    if len(value) > _TEXT_LIMIT:
        _fail(f"{option}: {len(value)} characters; at most {_TEXT_LIMIT}")


# Names of an open stream (/dev/stdout after "> file" is a regular file): written to, not replaced.
_STREAM_PATH = re.compile(r"/(dev/(stdout|stderr|fd/\d+)|proc/(self|\d+)/fd/\d+)\Z")


@dataclass(frozen=True)
class _Target:
    """Where the report goes: standard output (no path), a file replaced whole, or a device or pipe."""

    path: Path | None = None
    direct: bool = False  # a device or pipe (/dev/stdout, /dev/null, a FIFO): written to, never replaced
    mode: int = 0o644


def _target(output: str, fmt: ReportFormat, inputs: tuple[str, ...]) -> _Target:
    """Check ``-o`` before any work: never an input, a read-only file, or binary data on a terminal.

    A symlink is written through (the link stays); a folder (an existing one,
    or a name ending in "/" that must exist) gets ``report.<format>`` in it.
    """
    from diffcore.errors import printable

    binary = fmt in (ReportFormat.DOCX, ReportFormat.PDF)
    hint = "use -o FILE or pipe it to a program"
    if output == "-":
        if binary and sys.stdout.isatty():
            _fail(f"--format {fmt.value} is binary and standard output is a terminal; {hint}")
        return _Target()
    target = Path(output)
    if output.endswith(("/", os.sep)) or target.is_dir():
        if not target.is_dir():
            _fail(f"{output}: no such directory; create it first")
        target = target / f"report.{fmt.value}"
    name = printable(str(target))
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        _fail(f"{name}: cannot write ({exc.strerror or exc})")
    if st is not None:
        for given in inputs:
            try:
                same = os.path.samestat(st, os.stat(given))
            except OSError:
                continue
            if same:
                _fail(f"{name}: is the input file {printable(given)}; choose another output file")
        if stat.S_ISDIR(st.st_mode):
            _fail(f"{name}: is a directory")
        if not stat.S_ISREG(st.st_mode) or _STREAM_PATH.match(str(target.absolute())):
            if binary and stat.S_ISCHR(st.st_mode) and _is_terminal(target):
                _fail(f"--format {fmt.value} is binary and {name} is a terminal; {hint}")
            return _Target(target, direct=True)
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            _fail(f"{name}: the file is read-only; make it writable or choose another output file")
    real = Path(os.path.realpath(target))  # through symlinks: the link is kept, its target written
    if not real.parent.is_dir():
        _fail(f"{name}: directory {printable(str(real.parent))} does not exist")
    if not os.access(real.parent, os.W_OK | os.X_OK):
        _fail(f"{name}: cannot write in directory {printable(str(real.parent))}")
    return _Target(real, mode=stat.S_IMODE(st.st_mode) if st else 0o644)


def _is_terminal(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _write(target: _Target, content: str | bytes) -> None:
    """Write the report as UTF-8 or bytes: a file through a temporary file and a rename, never half.

    The temporary file is removed on every failure, Ctrl-C included.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from diffcore.errors import printable

    name = printable(str(target.path))
    if target.direct:
        try:
            with open(target.path, "ab") as fh:
                fh.write(data)
        except OSError as exc:
            _fail(f"{name}: cannot write ({exc.strerror or exc})")
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp", dir=target.path.parent)
    except OSError as exc:
        _fail(f"{name}: cannot write ({exc.strerror or exc})")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, target.mode)
        os.replace(tmp, target.path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            _fail(f"{name}: cannot write ({exc.strerror or exc})")
        raise


@app.command(cls=_Command)
def compare(
    # Plain strings: the library, not click, says when a file is missing or unreadable.
    old: Annotated[str, typer.Argument(help="The older version (.txt, .pdf or .docx).")],
    new: Annotated[str, typer.Argument(help="The newer version.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="File to write; '-' for standard output.")
    ] = "-",
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.HTML,
    min_similarity: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Weighted word overlap (0-1) below which paragraphs are not paired"
            " (a third of it for a paragraph rewritten in place).",
        ),
    ] = Options.min_similarity,
    title: Annotated[str, typer.Option(help="Report title (default: the two labels).")] = "",
    old_label: Annotated[
        str, typer.Option(help="Name of the old version (default: its symbol, else its year).")
    ] = "",
    new_label: Annotated[
        str, typer.Option(help="Name of the new version (default: its symbol, else its year).")
    ] = "",
    view: Annotated[View, typer.Option(help="HTML: the view the report opens in.")] = View.SIDE,
    hide: Annotated[
        list[Hide] | None,
        typer.Option(help="Start the report with these rows hidden (repeatable); a switch shows them."),
    ] = None,
    collapse: Annotated[
        Collapse,
        typer.Option(help="HTML: fold runs of unchanged paragraphs into one row (auto: in long texts)."),
    ] = Collapse.AUTO,
    paper: Annotated[
        Paper, typer.Option(case_sensitive=False, help="Print and PDF page size (landscape).")
    ] = Paper.A4,
    author: Annotated[str, typer.Option(help="docx: author of the tracked changes.")] = "resdiff",
    date: Annotated[
        str, typer.Option(help="docx: date of tracked changes, e.g. 2024-12-19 (default: the new text's)")
    ] = "",
    pdf_engine: Annotated[
        PdfEngine, typer.Option(help="pdf: the engine (auto: Chromium, else WeasyPrint).")
    ] = PdfEngine.AUTO,
    summary: Annotated[
        bool, typer.Option("--summary", help="Also print the digest of changes to standard error.")
    ] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help=f"Processes that read and diff ({AUTO_JOBS}: one per core, up to {MAX_AUTO_JOBS}).",
        ),
    ] = AUTO_JOBS,
    db: Annotated[
        str, typer.Option("--db", help="Corpus index (resdiff index): say where new wording came from.")
    ] = "",
) -> None:
    """Compare OLD and NEW and write a report: HTML, JSON, Markdown, Word (tracked changes) or PDF."""
    # A process that exits when the report is written: the comparison forms no
    # reference cycles, so the cyclic collector would only rescan the heap
    # (the library pauses it too, but must run one pass when it resumes it).
    gc.disable()
    for option, value in (
        ("--title", title),
        ("--old-label", old_label),
        ("--new-label", new_label),
        ("--author", author),
    ):
        _check_text(option, value)
    import diffcore
    from diffcore.render import ReportOptions, render_digest, render_report

    if date:  # checked before any work (the Word writer is loaded only then)
        from diffcore.render.docx import revision_date

        try:
            revision_date(date)
        except diffcore.ResdiffError as exc:
            _fail(f"--date: {exc}")
    target = _target(output, format, (old, new, db) if db else (old, new))
    try:
        options = Options(min_similarity=min_similarity, jobs=jobs)
        comparison = diffcore.compare(old, new, options)
        if db:
            from diffcore.provenance import with_provenance

            comparison = with_provenance(comparison, db)
        report = ReportOptions(
            title=title,
            hide=frozenset(hide or ()),
            view=view,
            collapse=collapse,
            old_label=old_label,
            new_label=new_label,
            paper=paper,
            author=author,
            date=date,
            pdf_engine=pdf_engine,
        )
        content = render_report(comparison, format, report)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    _write(target, content)
    if summary:
        # The digest goes to standard error when the report itself goes to standard output.
        stream = sys.stderr if target.path is None else sys.stdout
        stream.write(render_digest(comparison))


@app.command(cls=_Command)
def show(
    file: Annotated[str, typer.Argument(help="A resolution (.txt, .pdf or .docx).")],
    format: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.TEXT,
) -> None:
    """Print what resdiff understood of one resolution: metadata, paragraphs, footnotes."""
    import json

    import diffcore
    from diffcore.render import resolution_dict

    try:
        res = diffcore.parse(file)
    except diffcore.ResdiffError as exc:
        _fail(str(exc))
    if format is ShowFormat.JSON:
        _write(_Target(), json.dumps(resolution_dict(res), ensure_ascii=False, indent=2) + "\n")
    else:
        _write(_Target(), diffcore.render_text(res))


# The other commands live in modules of their own and register themselves on
# ``app``; they use the helpers above, so they are imported here.
from . import history as _history  # noqa: E402, F401
from . import provenance as _provenance  # noqa: E402, F401
from . import serve as _serve  # noqa: E402, F401
from . import session as _session  # noqa: E402, F401


def main() -> None:
    """Console-script entry point: usage errors on one line too; SIGTERM unwinds, removing temporary files."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = app(standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        code = exc.exit_code
    except click.UsageError as exc:
        from diffcore.errors import printable

        typer.echo(f"resdiff: error: {printable(exc.format_message())} (see --help)", err=True)
        code = exc.exit_code
    except click.Abort:  # end of input at a prompt
        code = 1
    sys.exit(code or 0)


def _terminate(signum: int, frame: object) -> NoReturn:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    # Run as "python -m cli.main", this file is "__main__" while the other
    # commands register on the app of "<package>.main": run that one.
    import importlib

    importlib.import_module(f"{__package__}.main").main()
