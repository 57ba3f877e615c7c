#!/usr/bin/env python3
"""The HTML report's cost on a long, mostly unchanged text, and the printed report's length.

Usage (from the repository root)::

    python scripts/benchmark_report.py [--size 1000] [--repeat 5]

Builds a simulated pair of ``--size`` paragraphs a side of which about 70%
stay unchanged (``tests/simulate.py`` with light drafting rates), and prints
the whole-process time of ``resdiff compare ... -o report.html`` beside
``difflib.HtmlDiff().make_file`` (one paragraph a line) in the same run, and
the report's size against the two input texts together. Then where the
time goes: the interpreter alone, the interpreter importing only the
libraries the design fixes (typer, jinja2, diff-match-patch), ``resdiff
--help``, and the library's stages on the parsed pair (best of the
repeats, in this process). Then, when Chromium and ``pdfinfo`` are there,
the pages of the PDF report of the year-on-year human-rights pair in
``tests/documents`` against the pages of its new document. ``--write`` also
writes all of it to ``docs/performance-report.md`` with the command, the
date, the commit and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from benchmark import _DIFFLIB, best, busy, commit, load, machine, pool, process, un_text  # noqa: E402
from simulate import Rates, simulate  # noqa: E402

from diffcore import Options, compare, parse, render_html  # noqa: E402
from diffcore.align import align  # noqa: E402
from diffcore.options import AUTO_JOBS  # noqa: E402

# Light drafting: about 70% of the paragraphs come out unchanged.
LIGHT = Rates(
    modified=0.15, technical=0.1, added=0.02, deleted=0.02, moved=0.01, crossed=0.0, split=0.01, merged=0.01
)
DOCS = ROOT / "tests" / "documents"
DOC = ROOT / "docs" / "performance-report.md"
# What any process with the design's fixed libraries pays before resdiff's own code runs.
FIXED = "import typer, jinja2, diff_match_patch"
PRINTED = [(DOCS / "text" / "A_RES_79_182.txt", DOCS / "pdf" / "A_C.3_80_L.32.pdf")]


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--write", action="store_true", help=f"also write {DOC.relative_to(ROOT)}")
    args = ap.parse_args()
    started, load_before = datetime.datetime.now(datetime.UTC), load()
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text)
        lines.append(text)

    paragraphs = pool()
    pair = simulate(
        paragraphs[: args.size], paragraphs[args.size : args.size + args.size // 10], args.size, LIGHT
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        a, b, out = tmp / "old.txt", tmp / "new.txt", tmp / "report.html"
        a.write_text(un_text(pair.old), encoding="utf-8")
        b.write_text(un_text(pair.new), encoding="utf-8")
        peer_args = []
        for res, name in ((pair.old, "old.lines"), (pair.new, "new.lines")):
            (tmp / name).write_text(
                "\n".join(p.text.replace("\n", " ") for p in res.paragraphs), encoding="utf-8"
            )
            peer_args.append(str(tmp / name))
        old, new = parse(a), parse(b)
        c = compare(old, new)
        unchanged = c.summary["unchanged"] / len(c.links)
        whole, _ = process(
            [sys.executable, "-m", "cli.main", "compare", str(a), str(b), "-o", str(out)], args.repeat
        )
        peer, _ = process([sys.executable, "-c", _DIFFLIB, *peer_args, str(tmp / "peer.html")], args.repeat)
        size, inputs = out.stat().st_size, a.stat().st_size + b.stat().st_size
        counts = f"{len(old.paragraphs)} / {len(new.paragraphs)} paragraphs"
        say(f"Pair: {counts}, {unchanged:.0%} of the links unchanged.")
        say()
        say("| measure | figure |")
        say("|---|---|")
        say(f"| `resdiff compare` to HTML, whole process | {whole:.3f} s |")
        say(f"| `difflib.HtmlDiff().make_file`, whole process | {peer:.3f} s |")
        say(f"| ratio (target at most 0.5) | {whole / peer:.2f} |")
        ratio = f"{size:,} / {inputs:,} bytes = {size / inputs:.2f}"
        say(f"| HTML size / the two inputs (target at most 1.5) | {ratio} |")
        say()
        say("Where the time goes (best of the repeats; the stages run in this process, one after another):")
        say()
        say("| part | seconds |")
        say("|---|---|")
        bare = process([sys.executable, "-c", "pass"], args.repeat)[0]
        say(f"| interpreter start (`python -c pass`) | {bare:.3f} |")
        fixed = process([sys.executable, "-c", FIXED], args.repeat)[0]
        say(f"| interpreter + the fixed libraries (`{FIXED}`) | {fixed:.3f} |")
        helped = process([sys.executable, "-m", "cli.main", "--help"], args.repeat)[0]
        say(f"| `resdiff --help` | {helped:.3f} |")
        say(f"| read both texts | {best(lambda: (parse(a), parse(b)), args.repeat):.3f} |")
        aligned = best(lambda: align(old.paragraphs, new.paragraphs), args.repeat)
        say(f"| align | {aligned:.3f} |")
        one = best(lambda: compare(old, new, Options(jobs=1)), args.repeat)
        say(f"| word diff, classify, digest (one process) | {one - aligned:.3f} |")
        auto = Options(jobs=AUTO_JOBS)
        parallel = best(lambda: compare(old, new, auto), args.repeat)
        say(f"| compare, one process per core (the command's default) | {parallel:.3f} |")
        say(f"| render HTML | {best(lambda: render_html(c), args.repeat):.3f} |")
        say(f"| half of difflib's time: the target | {peer / 2:.3f} |")
        say()
        if not (shutil.which("pdfinfo") and (shutil.which("chromium") or shutil.which("chromium-browser"))):
            say("PDF pages: skipped (needs Chromium and pdfinfo)")
        else:
            for old_path, new_path in PRINTED:
                pdf = tmp / "report.pdf"
                cli = [sys.executable, "-m", "cli.main", "compare", str(old_path), str(new_path), "-f", "pdf"]
                subprocess.run([*cli, "-o", str(pdf)], check=True, cwd=ROOT)
                say(
                    f"PDF report {old_path.name} -> {new_path.name}: {pages(pdf)} pages;"
                    f" {new_path.name}: {pages(new_path)} pages (target at most 1.5x)."
                )
    if args.write:
        write(args, started, load_before, lines)


def write(
    args: argparse.Namespace, started: datetime.datetime, before: tuple[float, ...], body: list[str]
) -> None:
    """docs/performance-report.md: this run's figures, the command, the date, the commit and the machine."""
    after = load()
    shown = [" / ".join(f"{x:.2f}" for x in averages) or "unknown" for averages in (before, after)]
    warning = busy(before, after)
    text = [
        "# The HTML report at 1,000 paragraphs: performance",
        "",
        "Written by `scripts/benchmark_report.py --write`; do not edit by hand, run the script again.",
        "Why the time target is not met:",
        "[decisions/0017-report-speed-floor.md](decisions/0017-report-speed-floor.md).",
        "",
        f"- command: `python scripts/benchmark_report.py {' '.join(sys.argv[1:])}` (from the repository root;"
        f" best of {args.repeat} runs each)",
        f"- date: {started:%Y-%m-%d %H:%M} UTC; commit: {commit()}",
        *machine(),
        f"- load average (1 / 5 / 15 min) before: {shown[0]}; after: {shown[1]}",
        *(["", warning] if warning else []),
        "",
        *body,
    ]
    DOC.write_text("\n".join(text).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
