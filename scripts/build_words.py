#!/usr/bin/env python3
"""Rebuild ``diffcore/read/words.txt``, the common words the readers' repairs trust.

Usage (from the repository root)::

    python scripts/build_words.py [--corpus ../shared/corpus]

A word is listed when it stands whole (lower case, letters and inner hyphens)
in at least two of the corpus PDFs as the PDF reader reads them and in at
least two of the pdftotext texts of the same resolutions: a fragment one
extraction makes ("strengtheni ng") is rarely made alike by the other, and a
lone letter ("(e)") is no word ("a" is). Glued compounds both readings agree
on in one resolution ("counterterrorism") are listed too, so that no compound
gets a hyphen against its own spelling. The documents are read with an
empty list and no hyphens put back, so that the list does not depend on itself.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffcore.perf import ordered_map  # noqa: E402
from diffcore.read import read_source, repair  # noqa: E402

OUT = ROOT / "diffcore" / "read" / "words.txt"


def whole_words(path: Path) -> set[str]:
    """The whole words of one document, read trusting no common word and adding no hyphen."""
    repair.common_words = frozenset  # type: ignore[assignment]
    repair.SplitWords._hyphenate = lambda self, token: token  # type: ignore[method-assign]
    return {w for block in read_source(path).blocks for w in repair.whole_words(block.text)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    stems = sorted(p.stem for p in (args.corpus / "pdf").glob("*.pdf"))
    pdf: Counter[str] = Counter()
    txt: Counter[str] = Counter()
    for kind, counter in (("pdf", pdf), ("text", txt)):
        ext = "pdf" if kind == "pdf" else "txt"
        paths = [args.corpus / kind / f"{s}.{ext}" for s in stems]
        for words in ordered_map(whole_words, paths, os.cpu_count() or 1, min_items=2):
            counter.update(words)
    common = {w for w in pdf if pdf[w] >= 2 and txt[w] >= 2 and (len(w) > 1 or w == "a")}
    hyphenated = {w for w in pdf if "-" in w}
    glued = {
        w
        for w in pdf
        if txt[w] and w not in common and len(w) >= 6
        if any(
            "-" not in w[k - 1 : k + 1] and w[:k] + "-" + w[k:] in hyphenated for k in range(2, len(w) - 1)
        )
    }
    OUT.write_text("".join(w + "\n" for w in sorted(common | glued)), encoding="utf-8")
    print(f"{len(common)} common words, {len(glued)} glued compounds, {len(stems)} resolutions: {OUT}")


if __name__ == "__main__":
    main()
