#!/usr/bin/env python3
"""Measure the aligner: simulated drafting by edit intensity, then hand-made references.

Usage (from the repository root)::

    python scripts/evaluate_alignment.py [--seeds 2] [--min-similarity 0.3]

The first table runs the aligner over pairs drafted by ``tests/simulate.py``
from every real text it can read (``samples/`` and ``tests/documents/text/``),
each text's added paragraphs taken from a text with another title, and
prints precision, recall and F1 of the link pairs, and the recall of the
truth's split and merge pairs, for each share of words changed in edited
paragraphs. The second scores ``compare`` against every reference alignment
in ``tests/documents/gold/`` and ``tests/gold/`` the way ``score_alignment.py`` does
(a split counts as one pair per new paragraph; optional pairs are ignored).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from simulate import Rates, Score, TruthLink, simulate  # noqa: E402

from diffcore import Options, Resolution, compare, parse  # noqa: E402
from diffcore.align import align  # noqa: E402

DOCUMENTS = ROOT / "tests" / "documents"
TEXT_DIRS = [ROOT / "samples", DOCUMENTS / "text"]
GOLD_DIRS = [DOCUMENTS / "gold", ROOT / "tests" / "gold"]
INTENSITIES = (0.1, 0.3, 0.5)


def load_texts() -> list[tuple[str, Resolution]]:
    """Every readable text, by file name; a text the reader cannot handle is skipped with a note."""
    texts = []
    for folder in TEXT_DIRS:
        for path in sorted(folder.glob("*.txt")):
            try:
                texts.append((path.name, parse(path)))
            except Exception as exc:  # a reader being written may fail: measure the rest
                print(f"skipped {path.name}: {exc}", file=sys.stderr)
    return texts


def simulated(texts: list[tuple[str, Resolution]], seeds: int, options: Options) -> list[list[str]]:
    """One table row per intensity, over every text and seed."""
    rows = []
    for intensity in INTENSITIES:
        score = Score()
        pairs = 0
        for k, (_, res) in enumerate(texts):
            title = res.metadata.title
            donor = next(
                (r for _, r in texts[k + 1 :] + texts[:k] if r.metadata.title != title), texts[k - 1][1]
            )
            for seed in range(seeds):
                pair = simulate(res.paragraphs, donor.paragraphs, seed * 1000 + k, Rates(intensity=intensity))
                links = align(pair.old.paragraphs, pair.new.paragraphs, options)
                score.add({(o, n) for link in links for o in link.old for n in link.new}, pair.links)
                pairs += 1
        rows.append(
            [
                f"{intensity:.0%}",
                str(pairs),
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                f"{score.split_recall:.3f} ({score.split_all})",
                f"{score.merge_recall:.3f} ({score.merge_all})",
            ]
        )
    return rows


def find_text(name: str) -> Path | None:
    return next((d / name for d in TEXT_DIRS if (d / name).exists()), None)


def gold_rows(options: Options, verbose: bool) -> list[list[str]]:
    """Scores of ``compare`` on each reference alignment whose two texts are at hand."""
    rows = []
    for folder in GOLD_DIRS:
        for path in sorted(folder.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            old, new = find_text(gold["old"]), find_text(gold["new"])
            if old is None or new is None:
                print(f"skipped {path.name}: texts not found", file=sys.stderr)
                continue
            comparison = compare(old, new, options)
            found = {(o, n) for link in comparison.links for o in link.old for n in link.new}
            optional = {(o, n) for link in gold.get("optional", []) for o in link["old"] for n in link["new"]}
            truth = [TruthLink(tuple(link["old"]), tuple(link["new"])) for link in gold["links"]]
            score = Score()
            score.add(found - optional, truth)
            if verbose:
                want = {(o, n) for link in truth for o in link.old for n in link.new}
                for o, n in sorted(want - found):
                    print(f"  {path.stem}: missed {o} -> {n}")
                for o, n in sorted(found - optional - want):
                    print(f"  {path.stem}: extra  {o} -> {n}")
            rows.append(
                [
                    path.stem,
                    f"{score.precision:.3f}",
                    f"{score.recall:.3f}",
                    f"{score.f1:.3f}",
                    f"{score.hit + score.missed}",
                ]
            )
    return rows


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, columns padded."""
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"
        for row in [head, *rows]
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=2, help="simulated pairs per text and intensity")
    ap.add_argument("--min-similarity", type=float, default=Options().min_similarity)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the gold pairs missed and extra")
    args = ap.parse_args()
    options = Options(min_similarity=args.min_similarity)
    start = time.perf_counter()
    texts = load_texts()
    head = [
        "words changed",
        "pairs",
        "precision",
        "recall",
        "F1",
        "split recall (pairs)",
        "merge recall (pairs)",
    ]
    print(f"Simulated drafting over {len(texts)} real texts, {args.seeds} seeds each\n")
    print(table(head, simulated(texts, args.seeds, options)))
    print("\nHand-made reference alignments\n")
    print(table(["pair", "precision", "recall", "F1", "gold pairs"], gold_rows(options, args.verbose)))
    print(f"\n{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
