"""Run resdiff on hostile inputs and arguments it makes itself, and count what went wrong.

    python scripts/fuzz.py [--seed N] [--timeout S] [--jobs N]

Every case runs the command line in a process of its own, in a folder of its
own, with a time limit. The inputs are generated here from the samples (no
network, nothing from ../shared): random and truncated bytes, documents with
control characters, escape sequences, footnote marks, URLs and markup in
them, Windows encodings, pipes and devices as inputs, file names that are
not UTF-8 or hold a newline, hostile option values, and outputs that are an
input, a symlink, a device, a pipe, a folder, a read-only file or a terminal.

It prints how many inputs were tried and, for each kind of failure, how many
there were (tracebacks, wrong exit codes, error messages not on one line,
files left behind, unescaped outputs, data loss, hangs), with the first few
cases of each; it exits 1 if any count is not zero.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import pty
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
OLD = SAMPLES / "A_RES_64_177.txt"
NEW = SAMPLES / "A_RES_66_178.txt"
PDF = SAMPLES / "A_C.2_80_L.5.pdf"
TTY = "{terminal}"  # replaced by the path of a pseudo-terminal made for the run
COUNTS = (
    "tracebacks",
    "wrong exit codes",
    "errors not on one line",
    "files left",
    "unescaped outputs",
    "data loss",
    "hangs",
)
# What no report may hold raw: controls (tab and newline aside), the readers'
# footnote marks, and a document's markup; Markdown: no autolink left.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000\ue001]")
_MD_LINK = re.compile(r"(?i)(https?|ftp)://|www\.|[\w.+-]@[\w-]")
_MARKUP = "<script>alert(1)</script>"
_HOSTILE = (
    f"\x00\x1b[2J\x1b]0;owned\x07 \x9b31m {_MARKUP} \ue0007\ue001"
    " https://evil.example/x www.evil.example a@evil.example"
)


@dataclass
class Case:
    """One run: arguments (paths relative to the case's folder), what it may exit with, what to check."""

    name: str
    args: list[str]
    exits: tuple[int, ...]
    setup: Callable[[Path], None] = lambda folder: None
    outputs: tuple[str, ...] = ()  # files the run may create in its folder
    stdout_tty: bool = False
    reader: str = ""  # a FIFO output to read from while the run writes to it


@dataclass
class Result:
    case: Case
    problems: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- inputs


def _with_hostile_text(text: str, rng: random.Random) -> str:
    """The sample with hostile text put into its last operative paragraphs (past the first 4 KB)."""
    lines = text.splitlines()
    for k in sorted(rng.sample(range(len(lines) // 2, len(lines)), 3)):
        lines[k] += " " + _HOSTILE
    return "\n".join(lines) + "\n"


def _docx_bytes() -> bytes:
    """A real Word document: resdiff's own report of the samples."""
    from diffcore import compare
    from diffcore.render import render_docx

    return render_docx(compare(OLD, NEW))


def _documents(rng: random.Random) -> dict[str, bytes]:
    """Hostile and odd documents, by name: each is compared with a sample and shown."""
    text = OLD.read_text(encoding="utf-8")
    pdf, docx = PDF.read_bytes(), _docx_bytes()
    docs = {
        "hostile.txt": _with_hostile_text(text, rng).encode("utf-8"),
        "utf16le.txt": b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"),
        "utf16be.txt": b"\xfe\xff" + text.encode("utf-16-be"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
        "cp1252.txt": text.replace("’", "'").encode("cp1252", "replace"),
        "empty.txt": b"",
        "spaces.txt": b" \n\t\n" * 100,
        "only-bom.txt": b"\xff\xfe",
        "nul-start.txt": b"\x00" + text.encode("utf-8"),
        "long-line.txt": b"The General Assembly,\n" + b"x" * 300_000 + b"\n",
        "no-structure.txt": b"Dear colleagues,\nplease find the draft attached.\n",
        "ole.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "hostile.docx": docx.replace(b"A/RES/66/178", b"A/RES/66/1\x1b8"),
    }
    for k in range(2):
        cut = rng.randrange(10, len(pdf))
        docs[f"cut{k}.pdf"] = pdf[:cut]
        docs[f"cut{k}.docx"] = docx[: rng.randrange(10, len(docx))]
        docs[f"flip{k}.pdf"] = bytes(b ^ 0xFF if rng.random() < 0.001 else b for b in pdf)
    for k, prefix in enumerate((b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xff\xfe", b"[DU1]\n")):
        docs[f"random{k}.bin"] = prefix + rng.randbytes(rng.randrange(1, 3000))
    return docs


def _write_doc(name: str, data: bytes) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / name).write_bytes(data)
        shutil.copy(NEW, folder / "new.txt")

    return setup


def _copy_inputs(folder: Path) -> None:
    shutil.copy(OLD, folder / "old.txt")
    shutil.copy(NEW, folder / "new.txt")


def _cases(rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    readable = ("hostile.txt", "utf16le.txt", "utf16be.txt", "bom.txt", "crlf.txt", "cp1252.txt")
    for name, data in _documents(rng).items():
        ok = (0,) if name in readable else (0, 2)
        fmt = rng.choice(["html", "json", "md", "docx"])
        cases.append(Case(f"show {name}", ["show", name], ok, _write_doc(name, data)))
        out = f"r.{fmt}"
        cases.append(
            Case(
                f"compare {name} -f {fmt}",
                ["compare", name, "new.txt", "-f", fmt, "-o", out],
                ok,
                _write_doc(name, data),
                outputs=(out,),
            )
        )

    # Inputs that are not regular files: refused at once, never read.
    def fifo(f: Path) -> None:
        os.mkfifo(f / "doc.txt")

    def folder(f: Path) -> None:
        (f / "doc.txt").mkdir()

    def missing(f: Path) -> None:
        pass

    def link_to_fifo(f: Path) -> None:
        os.mkfifo(f / "fifo")
        (f / "doc.txt").symlink_to("fifo")

    for name, prepare in (
        ("a FIFO", fifo),
        ("a folder", folder),
        ("missing", missing),
        ("a symlink to a FIFO", link_to_fifo),
    ):
        cases.append(Case(f"show {name}", ["show", "doc.txt"], (2,), prepare))
        cases.append(
            Case(f"compare {name}", ["compare", "doc.txt", "doc.txt", "-o", "r.html"], (2,), prepare)
        )
    for device in ("/dev/zero", "/dev/null", "/dev/urandom"):
        cases.append(Case(f"show {device}", ["show", device], (2,)))
    # File names that are not UTF-8, hold a newline or an escape sequence.
    for raw in (b"caf\xe9.txt", b"two\nlines.txt", b"esc\x1b[31m.txt", b"-dash.txt"):
        name = os.fsdecode(raw)

        def setup(folder: Path, name: str = name) -> None:
            shutil.copy(OLD, folder / name)
            shutil.copy(NEW, folder / "new.txt")

        for fmt in rng.sample(["html", "json", "md", "docx"], 2):
            cases.append(
                Case(
                    f"name {raw!r} -f {fmt}",
                    ["compare", "-f", fmt, "-o", f"r.{fmt}", "--", name, "new.txt"],
                    (0,),
                    setup,
                    outputs=(f"r.{fmt}",),
                )
            )
        cases.append(Case(f"name {raw!r} missing", ["show", "--", name + ".gone"], (2,)))
    # Option values.
    values = {
        "control": ("a\x1b[2Jb", (2,)),
        "newline": ("two\nlines", (2,)),
        "NUL-free C1": ("x\x9by", (2,)),
        "long": ("L" * 501, (2,)),
        "255+": ("T" * 300, (0,)),
        "unicode": ("Résolution — 第一 \u202e RTL 🎉 " + _MARKUP, (0,)),
        "surrogate": (os.fsdecode(b"\xff\xfe"), (2,)),
    }
    for label, (value, exits) in values.items():
        for option in rng.sample(["--title", "--author", "--old-label", "--new-label"], 2):
            fmt = rng.choice(["html", "md", "docx", "json"])
            cases.append(
                Case(
                    f"{option} {label} -f {fmt}",
                    ["compare", "old.txt", "new.txt", "-f", fmt, "-o", f"r.{fmt}", option, value],
                    exits,
                    _copy_inputs,
                    outputs=(f"r.{fmt}",),
                )
            )
    for date in ("2024-02-30", "tomorrow", "2024-12-19\n", "2024-12-19T25:00:00Z", "2024-12-19"):
        exits = (0,) if date == "2024-12-19" else (2,)
        cases.append(
            Case(
                f"--date {date!r}",
                ["compare", "old.txt", "new.txt", "-f", "docx", "-o", "r.docx", "--date", date],
                exits,
                _copy_inputs,
                outputs=("r.docx",),
            )
        )

    # Outputs.
    def hard(folder: Path) -> None:
        _copy_inputs(folder)
        os.link(folder / "new.txt", folder / "hard.txt")

    def sym(folder: Path) -> None:
        _copy_inputs(folder)
        (folder / "sym.txt").symlink_to("old.txt")

    def link_out(folder: Path) -> None:
        _copy_inputs(folder)
        for fmt in ("html", "docx"):
            (folder / f"link.{fmt}").symlink_to(f"target.{fmt}")

    def read_only(folder: Path) -> None:
        _copy_inputs(folder)
        (folder / "ro.html").write_text("mine")
        (folder / "ro.html").chmod(0o444)

    def sub(folder: Path) -> None:
        _copy_inputs(folder)
        (folder / "sub").mkdir()

    def fifo_out(folder: Path) -> None:
        _copy_inputs(folder)
        os.mkfifo(folder / "pipe")

    for fmt in ("html", "docx"):
        cases += [
            Case(
                f"-o the input -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "old.txt"],
                (2,),
                _copy_inputs,
            ),
            Case(
                f"-o ./input -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "./new.txt"],
                (2,),
                _copy_inputs,
            ),
            Case(
                f"-o hard link -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "hard.txt"],
                (2,),
                hard,
            ),
            Case(
                f"-o symlink to input -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "sym.txt"],
                (2,),
                sym,
            ),
            Case(
                f"-o symlink -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", f"link.{fmt}"],
                (0,),
                link_out,
                outputs=(f"target.{fmt}",),
            ),
            Case(
                f"-o read-only -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "ro.html"],
                (2,),
                read_only,
            ),
            Case(
                f"-o folder/ -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "sub/"],
                (0,),
                sub,
                outputs=(f"sub/report.{fmt}",),
            ),
            Case(
                f"-o missing/ -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "missing/"],
                (2,),
                _copy_inputs,
            ),
            # A terminal, not /dev/null: a writer that replaced that would break the machine.
            Case(
                f"-o a terminal device -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", TTY],
                (0,) if fmt == "html" else (2,),
                _copy_inputs,
            ),
            Case(
                f"-o FIFO -f {fmt}",
                ["compare", "old.txt", "new.txt", "-f", fmt, "-o", "pipe"],
                (0,),
                fifo_out,
                reader="pipe",
            ),
            Case(
                f"-f {fmt} to a terminal",
                ["compare", "old.txt", "new.txt", "-f", fmt],
                (0,) if fmt == "html" else (2,),
                _copy_inputs,
                stdout_tty=True,
            ),
        ]
    return cases


# ---------------------------------------------------------------- running and checking


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry under the folder: a regular file's hash, else its kind (and a link's target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        key = os.fsencode(path.relative_to(folder)).decode("utf-8", "backslashreplace")
        if stat.S_ISLNK(st.st_mode):
            out[key] = f"link->{os.readlink(path)}"
        elif stat.S_ISREG(st.st_mode):
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = stat.filemode(st.st_mode)[0]
    return out


def _unescaped(name: str, data: bytes) -> str:
    """Why an output is unsafe, or ""."""
    if name.endswith(".docx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                xml = z.read("word/document.xml").decode("utf-8")
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
            return f"not a Word file ({exc})"
        return "control character in document.xml" if _RAW_CONTROL.search(xml) else ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8"
    if _RAW_CONTROL.search(text.replace("\r\n", "\n")):
        return "control character"
    if name.endswith(".html") and _MARKUP in text:
        return "document markup left raw"
    if name.endswith(".json"):
        try:
            json.loads(text)
        except ValueError:
            return "invalid JSON"
    if name.endswith(".md") and _MD_LINK.search(text):
        return "live link"
    return ""


def _drain(fd: int) -> None:
    """Read a terminal's output until it is closed, so that a text report never blocks on it."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # the terminal is gone
        pass
    finally:
        os.close(fd)


def _run(case: Case, base: Path, timeout: float) -> Result:
    result = Result(case)
    folder = Path(tempfile.mkdtemp(dir=base))
    case.setup(folder)
    before = _snapshot(folder)
    # A temporary folder of its own, which must be left as it was (jinja2's cache aside).
    scratch = Path(tempfile.mkdtemp(dir=base))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "cli.main", *case.args]
    got: list[bytes] = []
    if case.reader:
        threading.Thread(target=lambda: got.append((folder / case.reader).read_bytes()), daemon=True).start()
    terminal = case.stdout_tty or TTY in case.args
    leader = follower = -1
    if terminal:
        leader, follower = pty.openpty()
        threading.Thread(target=_drain, args=(leader,), daemon=True).start()
        # Its path in /dev/pts may not exist in a container: the child opens its own descriptor.
        command = [f"/proc/self/fd/{follower}" if a == TTY else a for a in command]
    try:
        done = subprocess.run(
            command,
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=follower if case.stdout_tty else subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(follower,) if terminal else (),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        result.problems["hangs"] = f"over {timeout:.0f} s"
        return result
    finally:
        if terminal:
            if not stat.S_ISCHR(os.fstat(follower).st_mode):
                result.problems["data loss"] = "the terminal device was replaced"
            os.close(follower)
    err = done.stderr.decode("utf-8", "backslashreplace")
    if "Traceback" in err:
        result.problems["tracebacks"] = err.strip().splitlines()[-1]
    if done.returncode not in case.exits:
        result.problems["wrong exit codes"] = f"exit {done.returncode}: {err.strip()[:200]!r}"
    if done.returncode == 2 and (
        len(err.strip().splitlines()) != 1 or not err.startswith("resdiff: error: ")
    ):
        result.problems["errors not on one line"] = repr(err[:200])
    after = _snapshot(folder)
    allowed = set(case.outputs) if done.returncode == 0 else set()
    left = [k for k in after if k not in before and k not in allowed]
    left += [p.name for p in scratch.iterdir() if not p.name.startswith("_jinja2-cache")]
    if left:
        result.problems["files left"] = ", ".join(left)
    lost = [k for k, v in before.items() if after.get(k) != v and k not in allowed]
    if lost:
        result.problems["data loss"] = ", ".join(lost)
    outputs = [(name, (folder / name).read_bytes()) for name in allowed if (folder / name).is_file()]
    if done.returncode == 0 and case.args[0] == "show":
        outputs.append(("show.txt", done.stdout))
    if case.reader and got:
        outputs.append(("pipe." + case.args[case.args.index("-f") + 1], got[0]))
    for name, data in outputs:
        why = _unescaped(name, data)
        if why:
            result.problems["unescaped outputs"] = f"{name}: {why}"
    if done.returncode == 2 and _RAW_CONTROL.search(err.rstrip("\n")):
        result.problems["unescaped outputs"] = f"message: {err!r}"
    shutil.rmtree(folder, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=30.0)
    # Runs mostly wait for a process to start: more of them than cores.
    parser.add_argument("--jobs", type=int, default=2 * (os.cpu_count() or 1))
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    cases = _cases(rng)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="resdiff-fuzz-") as tmp, ThreadPoolExecutor(opts.jobs) as pool:
        results = list(pool.map(lambda c: _run(c, Path(tmp), opts.timeout), cases))
    elapsed = time.perf_counter() - start
    print(f"inputs tried: {len(cases)} (seed {opts.seed}, {elapsed:.0f} s)")
    failed = False
    for kind in COUNTS:
        bad = [r for r in results if kind in r.problems]
        failed = failed or bool(bad)
        print(f"{kind}: {len(bad)}")
        for r in bad[:5]:
            print(f"    {r.case.name!r}: {r.problems[kind]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
