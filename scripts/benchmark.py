#!/usr/bin/env python3
"""How long resdiff takes on long texts, beside the tools a user would otherwise reach for.

Usage (from the repository root)::

    python scripts/benchmark.py [--sizes 100 1000 5000] [--profile] [--write-docs]

For each size it builds a pair of texts of that many paragraphs a side
(``tests/simulate.py`` drafting a new version of real resolution paragraphs,
the samples' and ``tests/documents/text``'s, concatenated), writes both in the
UN text format and prints, in one table: the wall time and peak memory of
the whole ``resdiff compare ... -o report.html`` process; the library call
alone (``compare`` of the parsed texts + ``render_html``) and its stages; and,
on the same two texts, the whole-process time of ``difflib.HtmlDiff().make_file``
(one paragraph a line) and of the ``redlines`` package (whole text, skipped
when not installed or beyond ``--redlines-max`` paragraphs), with their ratio
to resdiff's. It also prints the time of ``resdiff --help``, of reading a
59-page PDF, and of the whole process on two pairs of official PDFs.
``--profile`` adds the top entries of a profile of the library call at the
middle size. Timings are the best of ``--repeat`` runs.
``--write-docs`` also writes all of it to ``docs/performance.md``, with the
command, the date, the commit and the machine (CPU, cores, memory, Python,
load average before and after the run, since the figures vary with it).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from evaluate_alignment import table  # noqa: E402
from simulate import Rates, simulate  # noqa: E402

from diffcore import Metadata, Options, Paragraph, Part, Resolution, compare, parse, render_html  # noqa: E402
from diffcore.align import align  # noqa: E402

DOCUMENTS = ROOT / "tests" / "documents"
# PDFs not kept in the repository (A/RES/78/69) are taken from ../shared/dev/pdf when it is there.
PDF_DIRS = (DOCUMENTS / "pdf", ROOT.parent / "shared" / "dev" / "pdf")
PDF = DOCUMENTS / "pdf" / "A_RES_79_144.pdf"
PDF_PAIRS = [("A_C.2_80_L.5", "A_C.2_80_L.48"), ("A_RES_78_69", "A_RES_79_144")]

_DIFFLIB = """
import difflib, sys
a = open(sys.argv[1], encoding="utf-8").read().splitlines()
b = open(sys.argv[2], encoding="utf-8").read().splitlines()
open(sys.argv[3], "w", encoding="utf-8").write(difflib.HtmlDiff().make_file(a, b))
"""
_REDLINES = """
import sys
from redlines import Redlines
a = open(sys.argv[1], encoding="utf-8").read()
b = open(sys.argv[2], encoding="utf-8").read()
open(sys.argv[3], "w", encoding="utf-8").write(Redlines(a, b).output_markdown)
"""
_MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def pool() -> list[Paragraph]:
    """Every distinct paragraph of every readable real text, in file order."""
    seen: set[str] = set()
    out = []
    for folder in (ROOT / "samples", DOCUMENTS / "text"):
        for path in sorted(folder.glob("*.txt")):
            try:
                res = parse(path)
            except Exception as exc:  # a reader being written may fail: use the rest
                print(f"skipped {path.name}: {exc}", file=sys.stderr)
                continue
            for p in res.paragraphs:
                if p.text not in seen:
                    seen.add(p.text)
                    out.append(p)
    return out


def build(paragraphs: list[Paragraph], size: int, seed: int) -> tuple[Resolution, Resolution]:
    """A simulated pair with about ``size`` paragraphs a side."""
    base = [paragraphs[k % len(paragraphs)] for k in range(size)]
    base = [
        p if k < len(paragraphs) else Paragraph(p.id, p.part, p.number, f"{p.text} ({k // len(paragraphs)})")
        for k, p in enumerate(base)
    ]
    pair = simulate(base, paragraphs[: max(1, size // 10)], seed, Rates())
    return pair.old, pair.new


def un_text(res: Resolution) -> str:
    """The resolution in the UN text format of the samples, one paragraph a line."""
    lines = ["[DU1]", "Resolution adopted by the General Assembly on 1 December 2025", "80/1.\tBenchmark", ""]
    lines.append("\tThe General Assembly,")
    # A resolution has its preamble first and its operative paragraphs numbered
    # 1, 2, 3...; a simulated pair of concatenated texts has neither, and
    # unnumbered text after an operative paragraph would be read as part of it.
    preamble = [p for p in res.paragraphs if p.part is not Part.OPERATIVE]
    operative = [p for p in res.paragraphs if p.part is Part.OPERATIVE]
    lines += [f"\t{p.text.replace(chr(10), ' ')}" for p in preamble]
    lines += [f"\t{n}.\t{p.text.replace(chr(10), ' ')}" for n, p in enumerate(operative, 1)]
    lines += ["", "1st plenary meeting", "1 December 2025", ""]
    return "\n".join(lines)


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def process(args: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time (s) and peak memory (MB) of a whole process."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True, check=True, cwd=ROOT
        )
        seconds, kilobytes = out.stdout.split()
        runs.append((float(seconds), int(kilobytes) / 1024))
    return min(runs)


def has_redlines() -> bool:
    return subprocess.run([sys.executable, "-c", "import redlines"], capture_output=True).returncode == 0


# Successive versions of real texts in tests/documents, about 1,000 paragraphs a side.
REAL_PAIRS = [
    ("A_RES_78_69", "A_RES_79_144"),
    ("A_RES_78_132", "A_RES_79_194"),
    ("A_RES_79_194", "A_RES_80_118"),
    ("A_RES_78_233", "A_RES_79_218"),
    ("A_RES_79_218", "A_RES_80_150"),
    ("A_RES_78_219", "A_RES_79_182"),
    ("A_RES_79_182", "A_RES_80_221"),
]


def real_pair() -> tuple[Resolution, Resolution] | None:
    """Real drafting: the older versions end to end against the newer ones."""
    folder = DOCUMENTS / "text"
    if not folder.is_dir():
        return None
    sides: list[list[Paragraph]] = [[], []]
    for names in REAL_PAIRS:
        for side, name in zip(sides, names, strict=True):
            # Annexes are left out: the UN text written below has no place for them.
            side.extend(p for p in parse(folder / f"{name}.txt").paragraphs if p.part is not Part.ANNEX)
    old, new = (Resolution("old", "un-text", Metadata(), tuple(side)) for side in sides)
    return old, new


def measure(label: str, old: Resolution, new: Resolution, tmp: Path, args: Any, redlines: bool) -> list[str]:
    """One row of the table: the whole process, the stages, and the peers, on one pair."""
    a, b, out = tmp / "old.txt", tmp / "new.txt", tmp / "out.html"
    a.write_text(un_text(old), encoding="utf-8")
    b.write_text(un_text(new), encoding="utf-8")
    a_lines, b_lines = tmp / "old.lines", tmp / "new.lines"
    a_lines.write_text("\n".join(p.text.replace("\n", " ") for p in old.paragraphs), encoding="utf-8")
    b_lines.write_text("\n".join(p.text.replace("\n", " ") for p in new.paragraphs), encoding="utf-8")
    cli = [sys.executable, "-m", "cli.main", "compare", str(a), str(b), "-o", str(out)]
    whole, memory = process(cli, args.repeat)
    ra, rb = parse(a), parse(b)
    read = best(lambda: (parse(a), parse(b)), args.repeat)
    aligned = best(lambda: align(ra.paragraphs, rb.paragraphs, Options()), args.repeat)
    compared = best(lambda: compare(ra, rb), args.repeat)
    c = compare(ra, rb)
    rendered = best(lambda: render_html(c), args.repeat)
    peer = [str(a_lines), str(b_lines), str(tmp / "peer.html")]
    difflib_s, _ = process([sys.executable, "-c", _DIFFLIB, *peer], args.repeat)
    if redlines and len(old.paragraphs) <= args.redlines_max * 1.1:
        redlines_s = process([sys.executable, "-c", _REDLINES, *peer], 1)[0]
        red = f"{redlines_s:.2f} s ({redlines_s / whole:.0f}x)"
    else:
        red = "not installed" if not redlines else "skipped (minutes)"
    return [
        label,
        f"{len(ra.paragraphs)} / {len(rb.paragraphs)}",
        f"{whole:.2f} s",
        f"{memory:.0f} MB",
        f"{compared + rendered:.3f} s",
        f"{read:.3f} / {aligned:.3f} / {compared - aligned:.3f} / {rendered:.3f}",
        f"{difflib_s:.2f} s ({difflib_s / whole:.1f}x)",
        red,
    ]


DOC = ROOT / "docs" / "performance.md"
# What the figures depend on: a change elsewhere (docs, tests) does not make a run stale.
CODE = ("diffcore", "cli", "templates", "scripts", "pyproject.toml")
DOC_INTRO = """\
# Performance

Written by `scripts/benchmark.py --write-docs`; do not edit by hand, run the script again.

The script builds pairs of texts and times, in the same run on the same texts, the whole
`resdiff compare` process to HTML (best of the repeats, with its peak memory), the library
call (`compare` + `render_html` of the parsed texts) and its stages, and the tools a user
would otherwise reach for: `difflib.HtmlDiff().make_file` with one paragraph a line (which
pairs paragraphs by position only) and `redlines` on the whole text. A ratio is the peer's
time over resdiff's whole process. "Real successive texts" is seven real year-on-year pairs
from `tests/documents` end to end; the simulated pairs (`tests/simulate.py`) change most
paragraphs (about 30% of their words), so every one of them costs a word diff. Past about
3,600 paragraphs the simulated pair repeats its pool of real paragraphs, and near duplicates
give most paragraphs the full 24 candidates to score. Below the table: start-up
(`resdiff --help`), reading a 59-page PDF, and what users run most, the whole process from
two official PDFs to the HTML report, with the default workers and with `--jobs 1`.

The machine's speed varies from one run to the next on a shared machine (runs of the same
code have differed by up to half), so the ratios within one run are the steadier figure; the
load average below says how busy the machine was. What was done for speed, and what was
tried and not kept: [decisions/0013-speed-work.md](decisions/0013-speed-work.md).
"""


def machine() -> list[str]:
    """The facts about this machine that the figures depend on, one Markdown item each."""
    cpu = platform.processor() or platform.machine()
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = "unknown"
    if meminfo.exists():
        kilobytes = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f"{kilobytes / 1024 / 1024:.1f} GB"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- memory: {memory}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}",
    ]


def load() -> tuple[float, ...]:
    """The 1-, 5- and 15-minute load averages, or () where the system has none."""
    try:
        return os.getloadavg()
    except OSError:
        return ()


def busy(before: tuple[float, ...], after: tuple[float, ...]) -> str:
    """A warning when other work shared the cores during the run, else ''."""
    cores = os.cpu_count() or 1
    # The 5-minute average at the end covers most of a run of several minutes.
    peak = max([before[0], after[1]] if before and after else [0.0])
    if peak <= cores:
        return ""
    return (
        f"**This run was noisy**: the load average reached {peak:.1f} on {cores} cores, so other work"
        " shared the machine and the times are slower than on a quiet one; the ratios within the run"
        " are the steadier figure."
    )


def commit() -> str:
    """The commit measured, with a note when the code measured differs from it."""

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
        return out.stdout.strip() if out.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", *CODE)
    return head + (" + uncommitted changes to the code" if changed else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--redlines-max", type=int, default=1000, help="larger pairs take redlines minutes")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--write-docs", action="store_true", help=f"also write {DOC.relative_to(ROOT)}")
    args = ap.parse_args()
    started, load_before, measured = datetime.datetime.now(datetime.UTC), load(), commit()
    report: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        report.append(text)

    paragraphs = pool()
    redlines = has_redlines()
    if not redlines:
        say("redlines is not installed (pip install redlines): its column is left empty")
    profile = ""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pairs = [(f"simulated, {size}", *build(paragraphs, size, seed=size)) for size in args.sizes]
        real = real_pair()
        if real:
            pairs.insert(0, ("real successive texts", *real))
        for label, old, new in pairs:
            rows.append(measure(label, old, new, Path(tmp), args, redlines))
            size = len(old.paragraphs)
            if args.profile and label == pairs[len(pairs) // 2][0]:
                ra, rb = parse(Path(tmp) / "old.txt"), parse(Path(tmp) / "new.txt")
                profiler = cProfile.Profile()
                profiler.enable()
                render_html(compare(ra, rb))
                profiler.disable()
                stream = io.StringIO()
                pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats("tottime").print_stats(12)
                title = f"Profile of compare + render_html, {size} paragraphs a side (top 12 by own time):"
                profile = f"{title}\n{stream.getvalue().strip()}"
                print(profile)
    head = [
        "pair",
        "paragraphs old / new",
        "resdiff compare (process)",
        "peak memory",
        "compare + render (library)",
        "stages: read / align / diff+classify / render",
        "difflib.HtmlDiff (process, ratio)",
        "redlines (process, ratio)",
    ]
    say(table(head, rows))
    say()
    help_s, _ = process([sys.executable, "-m", "cli.main", "--help"], args.repeat)
    say(f"- resdiff --help: {help_s:.3f} s")
    if PDF.exists():
        try:
            say(f"- read {PDF.name} (59 pages): {best(lambda: parse(PDF), args.repeat):.3f} s")
        except Exception as exc:
            say(f"- read {PDF.name}: skipped, the PDF reader failed: {exc}")
    else:
        say(f"- read {PDF.name}: skipped, not found")
    # What users run most: two official PDFs to an HTML report, whole process.
    for old_pdf, new_pdf in PDF_PAIRS:
        a, b = (
            next((d / f"{name}.pdf" for d in PDF_DIRS if (d / f"{name}.pdf").exists()), None)
            for name in (old_pdf, new_pdf)
        )
        if a is not None and b is not None:
            with tempfile.TemporaryDirectory() as tmp:
                out = str(Path(tmp) / "r.html")
                cli = [sys.executable, "-m", "cli.main", "compare", str(a), str(b), "-o", out]
                whole, memory = process(cli, args.repeat)
                one, _ = process([*cli, "--jobs", "1"], args.repeat)
            say(
                f"- resdiff compare {a.name} {b.name} -o r.html: {whole:.2f} s, {memory:.0f} MB"
                f" (--jobs 1: {one:.2f} s)"
            )
    if args.write_docs:
        write_docs(args, started, load_before, measured, report, profile)


def write_docs(
    args: argparse.Namespace,
    started: datetime.datetime,
    load_before: tuple[float, ...],
    measured: str,
    body: list[str],
    profile: str,
) -> None:
    """docs/performance.md: the figures of this run, how they were made and on what."""
    load_after = load()

    def shown(averages: tuple[float, ...]) -> str:
        return " / ".join(f"{x:.2f}" for x in averages) or "unknown"

    command = " ".join(["python scripts/benchmark.py", *sys.argv[1:]])
    minutes = (datetime.datetime.now(datetime.UTC) - started).total_seconds() / 60
    lines = [
        DOC_INTRO,
        "## The run",
        "",
        f"- command: `{command}` (from the repository root; best of {args.repeat} runs each, redlines one)",
        f"- date: {started:%Y-%m-%d %H:%M} UTC, {minutes:.1f} minutes",
        f"- commit: {measured}",
        *machine(),
        f"- load average (1 / 5 / 15 min) before: {shown(load_before)}; after: {shown(load_after)}",
        *(["", warning] if (warning := busy(load_before, load_after)) else []),
        "",
        "## Figures",
        "",
        *body,
    ]
    if profile:
        lines += ["", "## Profile", "", "```", profile, "```"]
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
