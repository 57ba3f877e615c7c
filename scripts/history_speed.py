#!/usr/bin/env python3
"""How long ``resdiff history`` takes on a real draft chain, for one and two processes.

Usage (from the repository root)::

    python scripts/history_speed.py [--repeat 5]

Times the history of the least developed countries chain in
``tests/documents/text`` (A/RES/79/218 -> A/C.2/80/L.5 -> A/C.2/80/L.48 ->
A/RES/80/150: three comparisons) and its HTML page, imports and template
already loaded, and prints the best wall time and CPU time (this process
and its workers) of ``--repeat`` runs. On a loaded machine the wall time of
two processes can exceed one's: the CPU time says what the work costs.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from diffcore import Options
from diffcore.history import history, render_history_html

CHAIN = ("A_RES_79_218", "A_C.2_80_L.5", "A_C.2_80_L.48", "A_RES_80_150")
TEXTS = Path(__file__).resolve().parents[1] / "tests" / "documents" / "text"


def _cpu() -> float:
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    paths = [TEXTS / f"{name}.txt" for name in CHAIN]
    render_history_html(history(paths[:2]))  # imports and the compiled template, once
    for jobs in (1, 2):
        runs = []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), _cpu()
            h = history(paths, Options(jobs=jobs))
            render_history_html(h)
            runs.append((time.perf_counter() - wall, _cpu() - cpu))
        print(
            f"{' -> '.join(v.label for v in h.versions)}, jobs={jobs}: history + HTML"
            f" {min(w for w, _ in runs):.3f} s wall, {min(c for _, c in runs):.3f} s CPU"
            f" (best of {args.repeat}; {len(h.lineages)} lineages)"
        )


if __name__ == "__main__":
    main()
