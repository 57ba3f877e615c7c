#!/usr/bin/env python3
"""Measure pairing: predecessor links against a reference made by reading, the dev chains, speed.

Usage (from the repository root)::

    python scripts/evaluate_pairing.py [--corpus ../shared/corpus/text] [--cache /tmp/parsed.pickle] [-v]

Parses every text of the corpus (both sessions, on every core), runs
``chain_documents`` on all of them at once and scores the predicted links
from a 78th-session to a 79th-session resolution against
``tests/gold/sessions/A_RES_78__A_RES_79.json`` (for each 79th-session
resolution, its 78th-session predecessor or none). A predicted link is a
true positive if the reference has it; a link to another 78th-session text,
or where the reference has none, is a false positive. Precision is given
for each confidence level and cumulatively (high, high + medium, all).
Then it removes half the reference's predecessors (twice, the other half
the second time) and counts the links their successors get to other texts,
all wrong. Then it checks that the 22 texts of ``tests/documents/text`` form exactly
the five dev chains (alone, and mixed into the corpus), and times pairing alone on the corpus, and on the
corpus twice over (each text under two keys: about 1,300 documents).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffcore import Resolution, parse  # noqa: E402
from diffcore.perf import ordered_map  # noqa: E402
from diffcore.session.pairing import Chain, Confidence, chain_documents  # noqa: E402

REFERENCE = ROOT / "tests" / "gold" / "sessions" / "A_RES_78__A_RES_79.json"
DEV = ROOT / "tests" / "documents" / "text"
DEV_CHAINS = [
    ["A/RES/78/233", "A/RES/79/218", "A/C.2/80/L.5", "A/C.2/80/L.48", "A/RES/80/150"],
    ["A/RES/78/160", "A/C.2/80/L.18", "A/C.2/80/L.47", "A/RES/80/147"],
    ["A/RES/78/132", "A/RES/79/194", "A/C.2/80/L.17", "A/C.2/80/L.58", "A/RES/80/118"],
    ["A/RES/78/219", "A/RES/79/182", "A/C.3/80/L.32", "A/RES/80/221"],
    ["A/RES/78/69", "A/RES/79/144", "A/80/L.22", "A/RES/80/110"],
]
LEVELS = (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW)


def load(folder: Path, cache: Path | None) -> dict[str, Resolution]:
    """Every text of ``folder`` parsed, by file stem (from ``cache`` when it holds them)."""
    paths = sorted(folder.glob("*.txt"))
    if cache and cache.exists():
        docs: dict[str, Resolution] = pickle.loads(cache.read_bytes())
        if sorted(docs) == [p.stem for p in paths]:
            return docs
    start = time.perf_counter()
    parsed = ordered_map(parse, paths, os.cpu_count() or 1, min_items=2)
    print(f"parsed {len(paths)} texts in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    docs = {p.stem: r for p, r in zip(paths, parsed, strict=True)}
    if cache:
        cache.write_bytes(pickle.dumps(docs))
    return docs


def timed(docs: dict[str, Resolution]) -> tuple[tuple[Chain, ...], str]:
    """Chain ``docs``, and the time it took: wall clock and this process's CPU."""
    wall, cpu = time.perf_counter(), time.process_time()
    chains = chain_documents(docs)
    return chains, f"{time.perf_counter() - wall:.2f} s ({time.process_time() - cpu:.2f} s CPU)"


def score(docs: dict[str, Resolution], chains: tuple[Chain, ...], verbose: bool) -> None:
    """Print precision and recall of the 78 -> 79 links, by confidence level."""
    pairs = json.loads(REFERENCE.read_text(encoding="utf-8"))["pairs"]
    truth = {p["new"]: p["old"] for p in pairs}
    symbol = {k: r.metadata.symbol for k, r in docs.items()}
    found = {
        (symbol[s.old], symbol[s.new]): s
        for c in chains
        for s in c.steps
        if symbol[s.old].startswith("A/RES/78/") and symbol[s.new].startswith("A/RES/79/")
    }
    expected = sum(old is not None for old in truth.values())
    print(f"reference: {len(truth)} 79th-session resolutions, {expected} with a 78th-session predecessor")
    print(f"{'confidence':<16}{'links':>6}{'right':>7}{'wrong':>7}{'precision':>11}{'recall':>8}")
    rows: list[tuple[str, int, int]] = []
    right_so_far = wrong_so_far = 0
    for k, level in enumerate(LEVELS):
        links = [truth.get(n) == o for (o, n), s in found.items() if s.confidence is level]
        right, wrong = sum(links), len(links) - sum(links)
        rows.append((level.value, right, wrong))
        right_so_far, wrong_so_far = right_so_far + right, wrong_so_far + wrong
        if k:
            rows.append(("+".join(x.value for x in LEVELS[: k + 1]), right_so_far, wrong_so_far))
    for name, right, wrong in rows:
        precision = f"{right / (right + wrong):.3f}" if right + wrong else "-"
        print(f"{name:<16}{right + wrong:>6}{right:>7}{wrong:>7}{precision:>11}{right / expected:>8.3f}")
    if verbose:
        for (o, n), s in sorted(found.items()):
            if truth.get(n) != o:
                print(
                    f"  wrong: {o} -> {n} ({s.confidence.value}; {', '.join(s.evidence)}); "
                    f"reference: {truth.get(n)}"
                )
        for n, o in truth.items():
            if o is not None and (o, n) not in found:
                print(f"  missed: {o} -> {n}")


def without_predecessors(docs: dict[str, Resolution]) -> None:
    """Print what happens to texts whose predecessor is missing: they should stay alone.

    Twice, each time with half the reference's predecessors removed (every
    other one): a link from one of their successors to any other text is wrong.
    """
    pairs = json.loads(REFERENCE.read_text(encoding="utf-8"))["pairs"]
    truth = {p["new"]: p["old"] for p in pairs}
    symbol = {k: r.metadata.symbol for k, r in docs.items()}
    olds = [p["old"] for p in pairs if p["old"]]
    for half in (0, 1):
        gone = set(olds[half::2])
        chains = chain_documents({k: r for k, r in docs.items() if symbol[k] not in gone})
        orphans = {n for n, o in truth.items() if o in gone}
        linked = [s for c in chains for s in c.steps if symbol[s.new] in orphans]
        levels = ", ".join(f"{sum(s.confidence is x for s in linked)} {x.value}" for x in LEVELS)
        print(
            f"{len(gone)} predecessors removed: {len(linked)} of their successors linked to another text "
            f"({levels})"
        )


def check_dev(corpus: dict[str, Resolution]) -> bool:
    """Whether the dev texts form exactly the five dev chains, alone and among the corpus.

    Among the corpus (which holds the dev texts' 78th and 79th-session
    resolutions), the chains holding an 80th-session text must be the dev chains.
    """
    dev = {p.stem: parse(p) for p in sorted(DEV.glob("*.txt"))}
    ok = True
    for name, docs in (
        ("dev texts alone", dev),
        (
            "corpus + 80th-session dev texts",
            corpus | {f"dev:{k}": r for k, r in dev.items() if r.metadata.session == 80},
        ),
    ):
        symbol = {k: r.metadata.symbol for k, r in docs.items()}
        got = sorted(
            [symbol[k] for k in c.documents]
            for c in chain_documents(docs)
            if any(docs[k].metadata.session == 80 for k in c.documents)
        )
        same = got == sorted(DEV_CHAINS)
        ok = ok and same
        print(
            f"dev chains, {name} ({len(docs)} texts): {'exactly the five expected' if same else 'DIFFERENT'}"
        )
        if not same:
            for chain in got:
                print("  " + " -> ".join(chain))
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "text")
    ap.add_argument("--cache", type=Path, help="pickle of the parsed corpus, written once, read after")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every wrong and missed link")
    args = ap.parse_args()
    docs = load(args.corpus, args.cache)
    chains, seconds = timed(docs)
    score(docs, chains, args.verbose)
    without_predecessors(docs)
    ok = check_dev(docs)
    twice = {f"{k}#{copy}": r for k, r in docs.items() for copy in (1, 2)}
    _, seconds_twice = timed(twice)
    print(f"pairing time: {len(docs)} documents {seconds}; {len(twice)} documents {seconds_twice}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
