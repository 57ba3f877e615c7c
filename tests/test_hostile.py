"""Nothing a user gives resdiff destroys their files, hangs it or crashes it (issue 12).

Each class of hostile input or argument is tried through the command line
(typer's runner, or a real process where a terminal, a signal or a pipe is
needed) and, for the open-ended classes, with hypothesis.
"""

from __future__ import annotations

import functools
import io
import json
import os
import pty
import re
import signal
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import NEW, OLD, ROOT, SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import diffcore
from cli.main import app
from diffcore import Comparison, ResdiffError, compare, parse
from diffcore.model import NOTE_CLOSE, NOTE_OPEN
from diffcore.read import read_bytes
from diffcore.render import ReportOptions, render_docx, render_html, render_json, render_markdown
from diffcore.render.markdown import md_escape

runner = CliRunner()
_FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_RESDIFF = [sys.executable, "-c", "from cli.main import main; main()"]


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(OLD.read_bytes())
    new.write_bytes(NEW.read_bytes())
    return old, new


def _one_line_error(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("resdiff: error: "), result.stderr
    assert all(w in lines[0] for w in words), lines[0]
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- data loss


@pytest.mark.parametrize("how", ["same path", "other path", "hard link", "symlink"])
def test_output_that_is_an_input_is_refused_before_any_work(tmp_path: Path, how: str) -> None:
    old, new = _inputs(tmp_path)
    output = {
        "same path": old,
        "other path": tmp_path / ".." / tmp_path.name / "old.txt",
        "hard link": tmp_path / "hard.txt",
        "symlink": tmp_path / "link.txt",
    }[how]
    if how == "hard link":
        os.link(old, output)
    elif how == "symlink":
        output.symlink_to(old)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(output)])
    _one_line_error(result, "is the input file")
    assert old.read_bytes() == OLD.read_bytes() and new.read_bytes() == NEW.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    link = tmp_path / "link.html"
    link.symlink_to("target.html")
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (tmp_path / "target.html").read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "target.html"]


def test_output_onto_a_device_or_a_fifo_writes_to_it_and_keeps_it(tmp_path: Path) -> None:
    # A terminal device stands for /dev/null, which a broken writer would replace for the whole machine.
    leader, follower = pty.openpty()
    device = f"/proc/self/fd/{follower}"  # /dev/pts may not be mounted in a container
    shown: list[bytes] = []
    drain = threading.Thread(target=lambda: shown.append(_read_all(leader)))
    drain.start()
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", device])
    binary = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", "docx", "-o", device])
    assert stat.S_ISCHR(os.stat(device).st_mode)
    os.close(follower)
    drain.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert b"<!DOCTYPE html>" in shown[0]
    _one_line_error(binary, "is binary and", "is a terminal")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", "json", "-o", str(fifo)])
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert json.loads(got[0])["format"] == "resdiff-comparison"
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and [p.name for p in tmp_path.iterdir()] == ["pipe"]


def _read_all(fd: int) -> bytes:
    """A terminal's output until it is closed."""
    out = b""
    try:
        while chunk := os.read(fd, 65536):
            out += chunk
    except OSError:  # the other end is closed
        pass
    os.close(fd)
    return out


def test_dev_stdout_redirected_to_a_file_is_written_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with out.open("wb") as fh:
        done = subprocess.run(
            [*_RESDIFF, "compare", str(OLD), str(NEW), "-f", "json", "-o", "/dev/stdout"],
            stdout=fh,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        inode = os.fstat(fh.fileno()).st_ino
    assert done.returncode == 0, done.stderr
    assert out.stat().st_ino == inode and json.loads(out.read_bytes())["format"] == "resdiff-comparison"


def test_output_folder_gets_report_file_and_a_missing_one_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", "md", "-o", f"{folder}/"])
    _one_line_error(result, "no such directory")
    assert not folder.exists()
    folder.mkdir()
    for named in (f"{folder}/", str(folder)):
        result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", "md", "-o", named])
        assert result.exit_code == 0, result.output
        assert [p.name for p in folder.iterdir()] == ["report.md"]


def test_a_read_only_output_file_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("mine")
    out.chmod(0o444)
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", str(out)])
    _one_line_error(result, "read-only")
    assert out.read_text() == "mine" and [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_replacing_a_file_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("old report")
    out.chmod(0o600)
    assert runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", str(out)]).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and out.read_text().startswith("<!DOCTYPE")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_formats_are_refused_on_a_terminal_and_written_to_a_pipe(fmt: str) -> None:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*_RESDIFF, "compare", str(OLD), str(NEW), "-f", fmt],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr.decode().strip().splitlines() == [
        f"resdiff: error: --format {fmt} is binary and standard output is a terminal;"
        " use -o FILE or pipe it to a program"
    ]
    if fmt == "docx":  # the PDF engine is the browser tests' business
        piped = subprocess.run(
            [*_RESDIFF, "compare", str(OLD), str(NEW), "-f", fmt],
            capture_output=True,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        assert piped.returncode == 0 and piped.stdout.startswith(b"PK\x03\x04")


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError, OSError])
def test_the_temporary_file_is_removed_on_every_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    def fail(*args: object) -> None:
        raise error("interrupted while writing")

    monkeypatch.setattr(os, "replace", fail)
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert list(tmp_path.iterdir()) == []


def test_sigterm_while_writing_leaves_nothing(tmp_path: Path) -> None:
    # A process that stops itself with SIGTERM once the temporary file is open.
    script = (
        "import os, signal, cli.main as m\n"
        "real = os.fdopen\n"
        "def slow(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return real(*a, **k)\n"
        "m.os.fdopen = slow\n"
        "m.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "compare", str(OLD), str(NEW), "-o", str(tmp_path / "r.html")],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 128 + signal.SIGTERM and b"Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_pdf_print_leaves_no_browser_and_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from diffcore.render import pdf

    # A stand-in browser whose helper keeps writing into its profile folder.
    browser = tmp_path / "browser"
    browser.write_text(
        "#!/bin/sh\n"
        'dir=$(printf "%s\\n" "$@" | sed -n "s/^--user-data-dir=//p")\n'
        'mkdir -p "$dir"; echo $$ > "$TMP_PIDS/browser"\n'
        '(while :; do date > "$dir/f$(date +%N)"; done) &\n'
        'echo $! > "$TMP_PIDS/helper"; wait\n'
    )
    browser.chmod(0o755)
    pids = tmp_path / "pids"
    pids.mkdir()
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setenv("TMP_PIDS", str(pids))
    monkeypatch.setattr(tempfile, "tempdir", str(work))

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with pytest.raises(KeyboardInterrupt):
            pdf._chromium_pdf(str(browser), "<p>x</p>")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert list(work.iterdir()) == []
    for name in ("browser", "helper"):
        status = Path("/proc") / (pids / name).read_text().strip() / "stat"
        # Gone, or a zombie whose parent is gone too (nothing runs, nothing writes).
        # A killed process may take a moment to be reaped on a loaded machine.
        assert _ends(functools.partial(_stopped, status)), name


def _stopped(status: Path) -> bool:
    return not status.exists() or status.read_text().split(") ")[1][:1] in "ZX"


def _ends(done: Callable[[], bool], tries: int = 100) -> bool:
    """Whether ``done()`` becomes true within ``tries`` tenths of a second (a wait, not a timing)."""
    import time

    for _ in range(tries):
        try:
            if done():
                return True
        except FileNotFoundError:  # the process went between two looks
            return True
        time.sleep(0.1)
    return False


# ---------------------------------------------------------------- inputs


def test_a_fifo_or_a_device_as_input_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "doc.txt"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a pipe"), (Path("/dev/zero"), "a device")):
        for command in (["show", str(path)], ["compare", str(path), str(NEW)]):
            done = subprocess.run(
                [*_RESDIFF, *command], capture_output=True, cwd=ROOT, timeout=60, check=False
            )
            assert done.returncode == 2
            assert done.stderr.decode().splitlines() == [
                f"resdiff: error: {path}: not a regular file ({kind}); save the document to a file first"
            ]


def test_an_unreadable_or_missing_file_gets_resdiffs_own_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["show", str(tmp_path / "none.txt")])
    _one_line_error(result, "none.txt: file not found")
    locked = tmp_path / "locked.txt"
    locked.write_bytes(OLD.read_bytes())
    locked.chmod(0)
    real_open = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(locked):  # root reads any file: deny it as the kernel would for a user
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    result = runner.invoke(app, ["compare", str(locked), str(NEW)])
    _one_line_error(result, "locked.txt: permission denied")


def test_a_pdf_without_pages_is_said_so(tmp_path: Path) -> None:
    import pypdfium2

    buffer = io.BytesIO()
    pypdfium2.PdfDocument.new().save(buffer)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["show", str(empty)])
    _one_line_error(result, "empty.pdf: PDF with no pages")
    assert "PDFium" not in result.stderr


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: b"\xff\xfe" + t.replace("\n", "\r\n").encode("utf-16-le"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-8-bom", "crlf", "utf-16-crlf"],
)
def test_windows_encodings_and_line_ends_read_as_the_same_text(
    tmp_path: Path, encode: Callable[[str], bytes]
) -> None:
    for sample in (OLD, SAMPLES / "A_C.2_80_L.5.txt"):
        given = tmp_path / sample.name
        given.write_bytes(encode(sample.read_text(encoding="utf-8")))
        got, want = parse(given), parse(sample)
        assert (got.metadata, got.paragraphs, got.footnotes) == (
            want.metadata,
            want.paragraphs,
            want.footnotes,
        )


# ---------------------------------------------------------------- file names


_ODD_NAMES = [b"caf\xe9 \xff.txt", b"two\nlines.txt", b"esc\x1b[2J.txt"]


@pytest.mark.parametrize("raw", _ODD_NAMES, ids=["not-utf-8", "newline", "escape"])
def test_odd_file_names_in_every_message_and_format(tmp_path: Path, raw: bytes) -> None:
    odd = os.fsdecode(os.path.join(os.fsencode(tmp_path), raw))
    Path(odd).write_bytes(OLD.read_bytes())
    shown = diffcore.errors.printable(os.path.basename(odd))
    assert "\n" not in shown and "\x1b" not in shown
    for fmt in ("html", "json", "md", "docx"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(app, ["compare", odd, str(NEW), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "r.json").read_bytes())
    assert doc["old"]["source"] == shown
    assert shown in (tmp_path / "r.html").read_text(encoding="utf-8")
    result = runner.invoke(
        app, ["compare", odd, str(tmp_path / "missing.txt"), "-o", os.path.join(odd + "-dir", "r")]
    )
    _one_line_error(result)
    result = runner.invoke(app, ["show", odd + ".gone"])
    _one_line_error(result, shown + ".gone: file not found")
    assert {p.name for p in tmp_path.iterdir()} == {
        os.path.basename(odd),
        *(f"r.{f}" for f in ("html", "json", "md", "docx")),
    }


def test_json_and_html_are_the_same_for_relative_and_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    for fmt in ("json", "html", "md"):
        relative = runner.invoke(app, ["compare", "old.txt", "./new.txt", "-f", fmt])
        absolute = runner.invoke(app, ["compare", str(old), str(new.resolve()), "-f", fmt])
        assert relative.exit_code == absolute.exit_code == 0
        assert relative.stdout_bytes == absolute.stdout_bytes
        assert str(tmp_path) not in relative.stdout


# ---------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--title", "line\nbreak", "--title: contains the character U+000A"),
        ("--author", "\x1b[31mred", "--author: contains the character U+001B"),
        ("--old-label", "nul\x00", "--old-label: contains the character U+0000"),
        ("--new-label", "x" * 501, "--new-label: 501 characters; at most 500"),
        ("--date", "2024-02-30", "--date: revision date must be a real date"),
        ("--date", "tomorrow", "--date: revision date must be a real date"),
    ],
)
def test_bad_arguments_are_one_line_errors_before_any_work(
    tmp_path: Path, option: str, value: str, words: str
) -> None:
    out = tmp_path / "r.docx"
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", "docx", "-o", str(out), option, value])
    _one_line_error(result, words)
    assert list(tmp_path.iterdir()) == []


def test_the_word_writer_takes_any_text(sample_comparison: Comparison) -> None:
    hostile = "T\x00i\x1bt\x0bl\ud800e\ufffe " + "long " * 100
    data = render_docx(sample_comparison, ReportOptions(title=hostile, author=hostile, old_label=hostile))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        header = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header")).decode("utf-8")
    title = core.split("<dc:title>")[1].split("</dc:title>")[0]
    assert title.startswith("Title long") and len(title) == 255
    assert "Title long" in header and "\x00" not in header + core


# ---------------------------------------------------------------- hostile text


_HOSTILE_TEXT = "\x00NUL \x1b]0;owned\x07\x1b[2J ESC \x9bC1 \x7f \ue0009\ue001 fake note"


def _hostile_document(tmp_path: Path) -> Path:
    lines = OLD.read_text(encoding="utf-8").splitlines()
    # The last operative paragraph: past the first 4 KB, where a NUL does not make the file "binary".
    k = max(i for i, line in enumerate(lines) if "Requests" in line)
    lines[k] = lines[k] + " " + _HOSTILE_TEXT + " see https://example.org/x, www.un.org, a@b.org."
    doc = tmp_path / "hostile.txt"
    doc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return doc


def test_control_characters_and_footnote_marks_never_leave_the_reader(tmp_path: Path) -> None:
    doc = _hostile_document(tmp_path)
    res = parse(doc)
    text = "\n".join(p.text for p in res.paragraphs)
    assert "NUL ]0;owned[2J ESC C1 9 fake note" in text
    assert not any(ch in text for ch in "\x00\x1b\x07\x9b\x7f" + NOTE_OPEN + NOTE_CLOSE)
    assert [n.marker for p in res.paragraphs for n in p.notes] == [
        n.marker for p in parse(OLD).paragraphs for n in p.notes
    ]
    result = runner.invoke(app, ["show", str(doc)])
    assert result.exit_code == 0 and "\x1b" not in result.stdout and "fake note" in result.stdout
    c = compare(OLD, doc)
    for output in (render_html(c), render_json(c), render_markdown(c)):
        assert not any(ch in output for ch in "\x00\x1b\x07\x9b\x7f" + NOTE_OPEN + NOTE_CLOSE)


def test_control_characters_are_removed_from_word_and_pdf_readers_too() -> None:
    from diffcore.model import Block, BlockKind, SourceText
    from diffcore.read import _without_junk

    source = SourceText(
        "x.pdf", "pdf", (Block(BlockKind.TEXT, f"a\x1b[2Jb{NOTE_OPEN}1{NOTE_CLOSE} c{NOTE_OPEN} d\x00"),)
    )
    assert _without_junk(source).blocks[0].text == f"a[2Jb{NOTE_OPEN}1{NOTE_CLOSE} c d"


def test_markdown_makes_no_link_of_document_text(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    md = render_markdown(compare(OLD, _hostile_document(tmp_path)))
    assert "https\\://example\\.org/x" in md and "www\\.un\\.org" in md and "a\\@b\\.org" in md
    html = MarkdownIt("commonmark").render(md)
    # The only links are the digest's, to the report's own headings.
    assert re.findall(r"<a [^>]*>", html) == re.findall(r'<a href="#[\w-]+">', html)
    assert "https://example.org/x" in html and "a@b.org" in html


@given(st.text(alphabet=st.sampled_from(list("ahtps:/.@wx-_ 1")), max_size=40))
@_FAST
def test_escaped_markdown_has_no_autolink_left(text: str) -> None:
    import re

    escaped = md_escape(text)
    # GFM's extended autolinks and e-mail links, and a bare domain, start where these match.
    assert not re.search(r"(?i)(https?|ftp)://|www\.|[\w.+-]@[\w-]|\w\.[a-z]{2}", escaped)


# ---------------------------------------------------------------- properties

_PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"[DU1]\n"]
)


@given(_PREFIXES, st.binary(max_size=600))
@_FAST
def test_any_bytes_are_a_document_or_a_resdiff_error(prefix: bytes, body: bytes) -> None:
    try:
        read_bytes(prefix + body, "fuzz.bin")
    except ResdiffError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.bin: ")


@given(st.text(max_size=300))
@_FAST
def test_any_text_document_compares_or_is_a_resdiff_error(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "doc.txt"
        doc.write_text(OLD.read_text(encoding="utf-8")[:800] + text, encoding="utf-8", errors="surrogatepass")
        try:
            c = compare(doc, NEW, diffcore.Options(jobs=1))
        except ResdiffError as exc:
            assert "\n" not in str(exc)
        else:
            render_json(c)
            render_markdown(c)


@given(st.sampled_from(["--title", "--author", "--old-label", "--new-label"]), st.text(max_size=600))
@_FAST
def test_any_option_text_is_written_by_every_format_or_refused(
    monkeypatch_comparison: None, option: str, value: str
) -> None:
    for fmt in ("html", "json", "md", "docx"):
        result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", fmt, option, value])
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1 and option in result.stderr
        else:
            assert result.stdout_bytes


@pytest.fixture(scope="module")
def monkeypatch_comparison() -> Iterator[None]:
    """The CLI's comparison of the samples, made once: the property is about writing the options."""
    done = compare(OLD, NEW)
    mp = pytest.MonkeyPatch()
    mp.setattr(diffcore, "compare", lambda *args, **kwargs: done)
    yield
    mp.undo()
