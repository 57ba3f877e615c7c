"""Benchmark the provenance index at corpus scale: build time, size on disk, trace time, exactness.

Reads the real texts (``../shared/corpus/text``, else ``tests/documents/text``)
on the session engine's workers, then builds a synthetic corpus of
``--paragraphs`` real-looking paragraphs: the real paragraphs re-used in
documents of about 24 paragraphs, each copy kept verbatim or given seeded
edits (words replaced, dropped or inserted), dated one after another. It
then traces a 100-paragraph text (40 copied verbatim from the corpus, 40
edited, 20 of shuffled words) and prints the figures; ``--write`` puts them
in ``docs/performance-provenance.md``.

    .venv/bin/python scripts/benchmark_provenance.py --paragraphs 500000 --write

``--db FILE`` keeps the index in FILE and, when FILE exists, reuses it (the
same ``--paragraphs`` and ``--seed``), so a rerun times only the trace.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diffcore.model import Metadata, Paragraph, Part, Resolution  # noqa: E402
from diffcore.provenance import add_resolution, add_terms, normalise, open_index, trace  # noqa: E402
from diffcore.session.reading import collect, read_all  # noqa: E402

PER_DOC = 24
FILLER = ["development", "cooperation", "sustainable", "international", "States", "Members", "support"]


def edit(text: str, rng: random.Random) -> str:
    """``text`` with one to three seeded word edits (replace, drop, insert)."""
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        if len(words) < 4:
            break
        k = rng.randrange(len(words))
        how = rng.random()
        if how < 0.4:
            words[k] = rng.choice(FILLER)
        elif how < 0.7:
            del words[k]
        else:
            words.insert(k, rng.choice(FILLER))
    return " ".join(words)


def synthetic(texts: list[str], total: int, rng: random.Random) -> list[Resolution]:
    """Documents of ``PER_DOC`` paragraphs, ``total`` paragraphs in all, dated day after day."""
    docs = []
    start = datetime.date(1946, 1, 1)
    for n in range((total + PER_DOC - 1) // PER_DOC):
        count = min(PER_DOC, total - n * PER_DOC)
        paras = []
        for k in range(count):
            text = rng.choice(texts)
            if rng.random() < 0.5:
                text = edit(text, rng)
            paras.append(Paragraph(f"OP{k + 1}", Part.OPERATIVE, k + 1, text))
        date = (start + datetime.timedelta(days=n // 3)).isoformat()
        meta = Metadata(
            symbol=f"A/RES/S/{n + 1}", title=f"Synthetic {n + 1}", adopted=date, session=1 + n // 300
        )
        docs.append(Resolution(f"synthetic-{n + 1}.txt", "un-text", meta, tuple(paras)))
    return docs


def main() -> None:
    """Run the benchmark and print (or write) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=500_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--write", action="store_true", help="write docs/performance-provenance.md")
    parser.add_argument(
        "--db", type=Path, help="keep the index in this file; reuse it when it exists (time only the trace)"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)

    source = ROOT.parent / "shared" / "corpus" / "text"
    if not source.is_dir():
        source = ROOT / "tests" / "documents" / "text"
    files = collect([source])
    t0 = time.perf_counter()
    docs = read_all(files, jobs=args.jobs)
    read_s = time.perf_counter() - t0
    texts = sorted(
        {p.text for d in docs if d.resolution for p in d.resolution.paragraphs if normalise(p.text)}
    )
    read_paras = sum(len(d.resolution.paragraphs) for d in docs if d.resolution)

    corpus = synthetic(texts, args.paragraphs, rng)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "corpus.db"
        build = ""
        if not db.exists():
            conn = open_index(db, create=True)
            t0, cpu0 = time.perf_counter(), time.process_time()
            terms: Counter[str] = Counter()
            with conn:
                for k, res in enumerate(corpus):
                    add_resolution(conn, res, f"synthetic-{k}", res.source, terms)
                add_terms(conn, terms)
            build_s, build_cpu = time.perf_counter() - t0, time.process_time() - cpu0
            conn.close()
            rate = args.paragraphs / build_s
            build = f"{build_s:.1f} s wall, {build_cpu:.1f} s CPU ({rate:,.0f} paragraphs/s)"
        size = db.stat().st_size

        # The traced text: 40 verbatim copies, 40 edited copies, 20 of random words, dated last.
        pool = [p for res in rng.sample(corpus, 200) for p in res.paragraphs]
        picked = rng.sample(pool, 80)
        lines = [p.text for p in picked[:40]] + [edit(p.text, rng) for p in picked[40:]]
        vocabulary = sorted({w for t in texts for w in t.split()})
        for _ in range(20):
            lines.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(15, 60))))
        paras = tuple(Paragraph(f"OP{k + 1}", Part.OPERATIVE, k + 1, t) for k, t in enumerate(lines))
        draft = Resolution("draft.txt", "un-text", Metadata(symbol="A/RES/X/1", adopted="2100-01-01"), paras)
        conn = open_index(db)
        trace(draft, conn)  # warm the page cache once, as a second trace by a user would find it
        t0, cpu0 = time.perf_counter(), time.process_time()
        result = trace(draft, conn)
        trace_s, trace_cpu = time.perf_counter() - t0, time.process_time() - cpu0
        conn.close()

    verbatim_found = sum(p.verbatim for p in result.paragraphs[:40])
    edited_found = sum(bool(p.sources) for p in result.paragraphs[40:80])
    new_found = sum(p.new_language for p in result.paragraphs[80:])
    rows = [
        (
            "Real texts read (parallel, session engine)",
            f"{len(docs)} files, {read_paras} paragraphs in {read_s:.1f} s"
            f" ({len(docs) / read_s:.1f} files/s, {args.jobs} processes)",
        ),
        ("Synthetic corpus", f"{len(corpus)} documents, {args.paragraphs} paragraphs"),
        ("Index build (database only)", build or "not measured (reused the --db file)"),
        ("Index size on disk", f"{size / 1e6:.0f} MB"),
        ("Trace of a 100-paragraph text", f"{trace_s:.2f} s wall, {trace_cpu:.2f} s CPU"),
        ("Verbatim copies found verbatim", f"{verbatim_found}/40"),
        ("Edited copies with a source", f"{edited_found}/40"),
        ("Random-word paragraphs that are new language", f"{new_found}/20"),
    ]
    table = "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    if args.write:
        load = os.getloadavg()[0]
        command = "python scripts/benchmark_provenance.py " + " ".join(sys.argv[1:])
        doc = ROOT / "docs" / "performance-provenance.md"
        doc.write_text(
            "# Provenance index: performance\n\n"
            f"Measured {datetime.date.today().isoformat()} with `{command}` on {os.cpu_count()} cores"
            f" (load average {load:.1f} at the end: the machine was shared).\n\n"
            "| Measure | Figure |\n|---|---|\n" + table + "\n\n"
            "Targets: index build at most 10 minutes for 500,000 paragraphs, trace of a 100-paragraph"
            " text under 1 s, every verbatim source found. The build time of a real corpus adds the"
            " reading: the files per second above, on the session engine's processes or a Dask cluster"
            " (`resdiff index --scheduler`).\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
