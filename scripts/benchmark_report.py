#!/usr/bin/env python3
"""The HTML report's cost on a long, mostly unchanged text, and the printed report's length.

Usage (from the repository root)::

    python scripts/benchmark_report.py [--size 1000] [--repeat 5]

Builds a simulated pair of ``--size`` paragraphs a side of which about 70%
stay unchanged (``tests/simulate.py`` with light drafting rates), and prints
the whole-process time of ``resdiff compare ... -o report.html`` beside
``difflib.HtmlDiff().make_file`` (one paragraph a line) in the same run, and
the report's size against the two input texts together. Then, when
Chromium and ``pdfinfo`` are there, the pages of the PDF report of the
year-on-year human-rights pair in ``tests/documents`` against the pages of
its new document.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from benchmark import _DIFFLIB, pool, process, un_text  # noqa: E402
from simulate import Rates, simulate  # noqa: E402

from diffcore import compare, parse  # noqa: E402

# Light drafting: about 70% of the paragraphs come out unchanged.
LIGHT = Rates(
    modified=0.15, technical=0.1, added=0.02, deleted=0.02, moved=0.01, crossed=0.0, split=0.01, merged=0.01
)
DOCS = ROOT / "tests" / "documents"
PRINTED = [(DOCS / "text" / "A_RES_79_182.txt", DOCS / "pdf" / "A_C.3_80_L.32.pdf")]


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paragraphs = pool()
    pair = simulate(
        paragraphs[: args.size], paragraphs[args.size : args.size + args.size // 10], args.size, LIGHT
    )
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        a, b, out = tmp / "old.txt", tmp / "new.txt", tmp / "report.html"
        a.write_text(un_text(pair.old), encoding="utf-8")
        b.write_text(un_text(pair.new), encoding="utf-8")
        lines = []
        for res, name in ((pair.old, "old.lines"), (pair.new, "new.lines")):
            (tmp / name).write_text(
                "\n".join(p.text.replace("\n", " ") for p in res.paragraphs), encoding="utf-8"
            )
            lines.append(str(tmp / name))
        c = compare(parse(a), parse(b))
        unchanged = c.summary["unchanged"] / len(c.links)
        whole, _ = process(
            [sys.executable, "-m", "cli.main", "compare", str(a), str(b), "-o", str(out)], args.repeat
        )
        peer, _ = process([sys.executable, "-c", _DIFFLIB, *lines, str(tmp / "peer.html")], args.repeat)
        size, inputs = out.stat().st_size, a.stat().st_size + b.stat().st_size
        print(
            f"{len(c.old.paragraphs)} / {len(c.new.paragraphs)} paragraphs,",
            f"{unchanged:.0%} of the links unchanged",
        )
        print(
            f"resdiff compare -> HTML: {whole:.3f} s; difflib.HtmlDiff: {peer:.3f} s;",
            f"ratio {whole / peer:.2f}",
        )
        print(f"HTML {size:,} bytes; inputs {inputs:,} bytes; ratio {size / inputs:.2f}")
        if not (shutil.which("pdfinfo") and (shutil.which("chromium") or shutil.which("chromium-browser"))):
            print("PDF pages: skipped (needs Chromium and pdfinfo)")
            return
        for old, new in PRINTED:
            pdf = tmp / "report.pdf"
            cli = [
                sys.executable,
                "-m",
                "cli.main",
                "compare",
                str(old),
                str(new),
                "-f",
                "pdf",
                "-o",
                str(pdf),
            ]
            subprocess.run(cli, check=True, cwd=ROOT)
            print(f"PDF report {old.name} -> {new.name}: {pages(pdf)} pages; {new.name}: {pages(new)} pages")


if __name__ == "__main__":
    main()
