#!/usr/bin/env python3
"""How long ``resdiff session`` takes on the corpus, and what the whole record since 1946 would take.

Usage (from the repository root)::

    python scripts/benchmark_session.py [--jobs 2] [--write docs/performance-session.md]

Runs the whole ``resdiff session ... -o OUT`` process (a fresh output
folder, so nothing is cached) on three inputs and prints, for each, the wall
time, the CPU time of the process and its workers, and the work done:

1. ``../shared/corpus/text``: the 78th and 79th sessions' 659 texts;
2. the 78th session's texts with the 79th session's PDFs instead of its texts;
3. a rerun of 1 in the same output folder after adding one document
   (``tests/documents/text/A_RES_80_150.txt``): only the new work is done.

Then it measures, in this process and on one core, the CPU time of parsing a
text and a PDF and of one step (compare + report + summary), and from those
figures says how long the ~21,000 resolutions adopted since 1946 would take
on this machine and on N workers. The machine is shared: CPU time is the
figure that does not depend on what else runs, wall time is what the user
waits. ``--write`` puts the figures in a Markdown page.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffcore import Options, Resolution  # noqa: E402
from diffcore.session.reading import collect, parse_bytes  # noqa: E402
from diffcore.session.run import _compare_step  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
NEW_DOCUMENT = ROOT / "tests" / "documents" / "text" / "A_RES_80_150.txt"
WHOLE_RECORD = 21_000  # resolutions adopted since 1946, about


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args: list[str], jobs: int) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``resdiff session`` process (workers included), and its last error line."""
    resdiff = Path(sys.executable).parent / "resdiff"
    cpu, wall = _children_cpu(), time.perf_counter()
    done = subprocess.run([str(resdiff), "session", *args, "-j", str(jobs)], capture_output=True, text=True)
    wall, cpu = time.perf_counter() - wall, _children_cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"resdiff session failed: {done.stderr.strip()}")
    return wall, cpu, done.stderr.strip()


def steps_of(out: Path) -> tuple[int, int, int]:
    import json

    data = json.loads((out / "overview.json").read_text(encoding="utf-8"))
    docs = sum(len(c["documents"]) for c in data["chains"])
    return docs, sum(len(c["steps"]) for c in data["chains"]), len(data["errors"])


def per_item_cpu(sample: int) -> dict[str, float]:
    """CPU seconds, on one core in this process, per text, per PDF, per step."""
    texts = collect([CORPUS / "text"])[:sample]
    pdfs = collect([CORPUS / "pdf"])[:sample]
    out = {}
    for label, paths in (("text", texts), ("pdf", pdfs)):
        items = [(p.read_bytes(), p.name) for p in paths]
        start = time.process_time()
        for item in items:
            parse_bytes(item)
        out[label] = (time.process_time() - start) / len(items)
    # Steps: each 79th-session text against the 78th-session text of the same title, as a stand-in
    # for its predecessor (the figures are per comparison of two real texts of the usual length).
    by_title: dict[str, list[Resolution]] = {}
    for p in collect([CORPUS / "text"]):
        res = parse_bytes((p.read_bytes(), p.name))[0]
        if res is not None:
            by_title.setdefault(res.metadata.title, []).append(res)
    pairs = sorted(
        ((v[0], v[1]) for v in by_title.values() if len(v) == 2), key=lambda pair: pair[1].metadata.symbol
    )[:sample]
    start = time.process_time()
    for old, new in pairs:
        _compare_step((old, new, Options()))
    out["step"] = (time.process_time() - start) / len(pairs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sample", type=int, default=60, help="documents per per-item figure")
    ap.add_argument("--write", type=Path, help="write the figures to this Markdown file")
    a = ap.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS}: not found (the corpus is in ../shared)")
    lines = [
        "# Speed of `resdiff session`",
        "",
        "Written by `scripts/benchmark_session.py`: the whole `resdiff session` process on a fresh output"
        " folder (nothing cached), then a rerun after adding one document. CPU time is the sum over the"
        " process and its workers and does not depend on what else runs on the machine; on an idle machine"
        " the wall time is about the CPU time divided by the cores.",
        "",
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start;"
        f" --jobs {a.jobs}. Command: `python scripts/benchmark_session.py --jobs {a.jobs}`.",
        "",
        "| run | documents | steps | errors | wall s | CPU s (all processes) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        text_78 = sorted(str(p) for p in (CORPUS / "text").glob("A_RES_78_*.txt"))
        cases = [
            ("659 texts (78th + 79th), from text", [str(CORPUS / "text")], "text"),
            ("78th texts + 79th PDFs", [*text_78, str(CORPUS / "pdf")], "pdf"),
        ]
        for label, inputs, name in cases:
            out = tmpdir / name
            wall, cpu, _ = run([*inputs, "-o", str(out)], a.jobs)
            docs, steps, errors = steps_of(out)
            lines.append(f"| {label} | {docs} | {steps} | {errors} | {wall:.1f} | {cpu:.1f} |")
            print(lines[-1], flush=True)
        extra = tmpdir / "extra"
        extra.mkdir()
        shutil.copy(NEW_DOCUMENT, extra)
        wall, cpu, _ = run([str(CORPUS / "text"), str(extra), "-o", str(tmpdir / "text")], a.jobs)
        docs, steps, errors = steps_of(tmpdir / "text")
        label = "rerun of the first after adding one document"
        lines.append(f"| {label} | {docs} | {steps} | {errors} | {wall:.1f} | {cpu:.1f} |")
        print(lines[-1], flush=True)
    per = per_item_cpu(a.sample)
    lines += [
        "",
        f"CPU per item, one core, mean of {a.sample}: text {per['text'] * 1000:.0f} ms,"
        f" PDF {per['pdf'] * 1000:.0f} ms,"
        f" step (compare + report + summary) {per['step'] * 1000:.0f} ms.",
        "",
        f"The whole record since 1946 (~{WHOLE_RECORD:,} resolutions, each read and compared once with"
        " its predecessor), from those figures, without the time of pairing and writing:",
        "",
        "| workers (cores) | from text | from PDF |",
        "|---:|---:|---:|",
    ]
    for n in (1, 2, 8, 32, 128):
        t = WHOLE_RECORD * (per["text"] + per["step"]) / n
        p = WHOLE_RECORD * (per["pdf"] + per["step"]) / n
        lines.append(f"| {n} | {t / 60:.1f} min | {p / 60:.1f} min |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.write:
        a.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
