#!/usr/bin/env python3
"""How the time of the word diff and the text patterns grows on pathological inputs.

Usage (from the repository root)::

    python scripts/growth.py [--base 500] [--repeat 3] [--limit 20]

For each family of hostile inputs (issue 12: a title or a paragraph of
punctuation, one word repeated, two tokens alternating, all tokens distinct,
and, for the patterns over document text, long runs of what each pattern
once rescanned) it times the work at 1x, 10x and 100x ``--base`` tokens
and prints the times and the growth from each size to the next. Linear
work grows about 10x per step; a quadratic one 100x. The title and
paragraph families go through ``diffcore.compare`` on two generated
resolution texts, the reading families through ``diffcore.parse`` of a
generated draft in pdftotext's layout; the others call ``word_diff``,
``technical_form`` or ``parse_metadata`` directly. Exits 1 when a family's time grows
more than ``--limit`` times from 10x to 100x. Each time is the best of ``--repeat`` runs.
Inputs are generated (seeded), so the figures depend only on the machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffcore import compare, parse  # noqa: E402
from diffcore.classify import technical_form  # noqa: E402
from diffcore.header import parse_metadata  # noqa: E402
from diffcore.worddiff import word_diff  # noqa: E402

SAMPLE = ROOT / "samples" / "A_RES_64_177.txt"
TITLE = (
    "Technical assistance for implementing the international conventions and protocols related to terrorism"
)
PARAGRAPH = (
    "Reaffirming all General Assembly and Security Council resolutions related to technical assistance"
)


DRAFT = ROOT / "samples" / "A_C.2_80_L.5.txt"
DRAFT_LINE = "throughout the coming decade, including its six priority areas,"
_TMP = tempfile.TemporaryDirectory(prefix="growth")


def _mutated(tokens: list[str], choices: list[str], rate: float, seed: int) -> list[str]:
    """``tokens`` with a share ``rate`` of them replaced by one of ``choices`` (seeded)."""
    rng = random.Random(seed)
    return [rng.choice(choices) if rng.random() < rate else t for t in tokens]


def _punctuation(n: int) -> tuple[str, str]:
    """``n`` tokens of ": *" pairs, and a copy with a fifth of the marks changed."""
    old = [":", "*"] * (n // 2)
    return "".join(p + (" " if p == ":" else "") for p in old), "".join(
        p + (" " if p == ":" else "") for p in _mutated(old, [":", "*", ",", ";"], 0.2, n)
    )


def _through_compare(place: str) -> Callable[[int], Callable[[], object]]:
    """A family whose punctuation sits in the title or the first paragraph of a sample resolution."""
    text = SAMPLE.read_text(encoding="utf-8")

    def make(n: int) -> Callable[[], object]:
        old, new = _punctuation(n)
        folder = Path(tempfile.mkdtemp(dir=_TMP.name))
        paths: list[Path] = []
        for name, punct in (("old.txt", old), ("new.txt", new)):
            body = (
                text.replace(TITLE, punct)
                if place == "title"
                else text.replace(PARAGRAPH, f"Reaffirming {punct}")
            )
            (folder / name).write_text(body, encoding="utf-8")
            paths.append(folder / name)
        return lambda: compare(paths[0], paths[1])

    return make


def _words(old: list[str], new: list[str]) -> Callable[[], object]:
    a, b = " ".join(old), " ".join(new)
    return lambda: word_diff(a, b)


def _repeated(n: int) -> Callable[[], object]:
    old = ["the"] * n
    return _words(old, _mutated(old, ["a", "the"], 0.1, n))


def _alternating(n: int) -> Callable[[], object]:
    old = ["States", ","] * (n // 2)
    return _words(old, _mutated(old, ["States", ",", ";"], 0.2, n))


def _spacing(n: int) -> Callable[[], object]:
    words = [f"w{i % 50}" for i in range(n)]
    a, b = " ".join(words), "  ".join(words)
    return lambda: word_diff(a, b)


def _distinct(n: int) -> Callable[[], object]:
    old = [f"w{i}" for i in range(n)]
    return _words(old, _mutated(old, [f"v{i}" for i in range(n)], 0.3, n))


def _all_different(n: int) -> Callable[[], object]:
    return _words([f"w{i}" for i in range(n)], [f"v{i}" for i in range(n)])


def _reading(line: Callable[[int], str]) -> Callable[[int], Callable[[], object]]:
    """A family that reads a draft whose line ``DRAFT_LINE`` became ``line(n)``."""
    text = DRAFT.read_text(encoding="utf-8")

    def make(n: int) -> Callable[[], object]:
        path = Path(tempfile.mkdtemp(dir=_TMP.name)) / "draft.txt"
        path.write_text(text.replace(DRAFT_LINE, line(n), 1), encoding="utf-8")
        return lambda: parse(path)

    return make


def _ordinals(n: int) -> Callable[[], object]:
    text = "at its " + "twentieth, " * n + "and"
    return lambda: technical_form(text)


def _committee(n: int) -> Callable[[], object]:
    lines = ["[on the report of the " + "(" * n + "x"]
    return lambda: parse_metadata(lines)


FAMILIES: dict[str, Callable[[int], Callable[[], object]]] = {
    "punctuation title (compare)": _through_compare("title"),
    "punctuation paragraph (compare)": _through_compare("paragraph"),
    "repeated word": _repeated,
    "alternating tokens": _alternating,
    "every space doubled": _spacing,
    "distinct tokens, 30% changed": _distinct,
    "distinct tokens, all changed": _all_different,
    "ordinal list (classify)": _ordinals,
    "committee line (structure)": _committee,
    "note markers (read, structure)": _reading(lambda n: DRAFT_LINE + " \ue000" * n),
    "commas and note markers (read)": _reading(lambda n: DRAFT_LINE + ",\ue000" * n),
    "run of spaces (read)": _reading(lambda n: "throughout the" + " " * n + DRAFT_LINE[14:]),
}


def _seconds(run: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` runs: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=int, default=500, help="tokens at 1x (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size, the best counts (default 3)")
    parser.add_argument("--limit", type=float, default=20.0, help="largest growth allowed from 10x to 100x")
    args = parser.parse_args()
    print(f"{'family':34} {'1x':>8} {'10x':>8} {'100x':>8} {'1->10':>7} {'10->100':>8}")
    failed = []
    for name, make in FAMILIES.items():
        times = [_seconds(make(args.base * k), args.repeat) for k in (1, 10, 100)]
        grow = [times[1] / max(times[0], 1e-4), times[2] / max(times[1], 1e-4)]
        print(
            f"{name:34} {times[0]:8.3f} {times[1]:8.3f} {times[2]:8.3f} {grow[0]:7.1f} {grow[1]:8.1f}",
            flush=True,
        )
        if grow[1] > args.limit:
            failed.append(name)
    if failed:
        print("grows faster than linear:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
