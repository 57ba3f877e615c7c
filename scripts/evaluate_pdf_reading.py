#!/usr/bin/env python3
"""Measure the PDF reader against the pdftotext text of the same resolutions.

Usage (from the repository root)::

    python scripts/evaluate_pdf_reading.py [--corpus ../shared/corpus] [--examples N] [--only CLASS]

Parses every ``pdf/*.pdf`` of the corpus (the official 79th-session PDFs) and
the ``text/*.txt`` of the same name (pdftotext's output, read by the other
reader), then lists every difference by class and prints the count per class.
Neither side is the truth: pdftotext drops hyphens at line ends and splits
words at kerning gaps, the PDF reader has its own faults; each class's name
says which way the PDF side differs, and the examples show it.

Paragraphs are aligned by their text (letters and digits only), so that one
split or merged paragraph counts once and does not shift every id after it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from diffcore import Resolution, parse  # noqa: E402
from diffcore.errors import ResdiffError  # noqa: E402
from diffcore.perf import ordered_map  # noqa: E402
from diffcore.text import squash  # noqa: E402

FIELDS = (
    "symbol",
    "title",
    "session",
    "adopted",
    "status",
    "plenary_meeting",
    "agenda_item",
    "committee",
    "committee_report",
    "distributed",
    "distribution",
    "sponsors",
    "organ",
)
Diff = tuple[str, str, str]  # class, document, detail


def _parse_pair(stem_dir: tuple[str, Path]) -> tuple[Resolution | str, Resolution | str]:
    stem, corpus = stem_dir
    out: list[Resolution | str] = []
    for path in (corpus / "pdf" / f"{stem}.pdf", corpus / "text" / f"{stem}.txt"):
        try:
            out.append(parse(path))
        except ResdiffError as exc:
            out.append(str(exc))
    return out[0], out[1]


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def word_class(pdf: str, txt: str) -> str:
    """The kind of a word-level difference, seen from the PDF side.

    >>> word_class("havebeen", "have been"), word_class("strengtheni ng", "strengthening")
    ('glued words', 'split word')
    >>> word_class("self-determination", "selfdetermination")
    'hyphen kept (pdftotext drops it)'
    >>> word_class("food. ¶ Action", "food. Action")
    'sub-paragraph break extra'
    >>> word_class("Strategy;1", "Strategy;")
    'footnote marker left in text'
    """
    if "¶" in pdf + txt and pdf.replace("¶", "").split() == txt.replace("¶", "").split():
        return "sub-paragraph break extra" if pdf.count("¶") > txt.count("¶") else "sub-paragraph break lost"
    if pdf.replace(" ", "") == txt.replace(" ", ""):
        return "glued words" if pdf.count(" ") < txt.count(" ") else "split word"
    if pdf.replace("-", "").replace(" ", "") == txt.replace("-", "").replace(" ", ""):
        return "hyphen kept (pdftotext drops it)" if pdf.count("-") > txt.count("-") else "hyphen lost"
    if re.sub(r"(?:(?<=\D)|^)\d{1,3}(?=\s|$)", "", pdf).strip() == txt:
        return "footnote marker left in text"
    if re.sub(r"(?:(?<=\D)|^)\d{1,3}(?=\s|$)", "", txt).strip() == pdf:
        return "footnote marker lost with its digits"
    return "other text"


def text_diffs(doc: str, where: str, pdf: str, txt: str) -> list[Diff]:
    """Word-level differences between two texts of the same paragraph or footnote."""
    a, b = (squash(t.replace("\n", " ¶ ")).split(" ") for t in (pdf, txt))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            x, y = " ".join(a[i1:i2]), " ".join(b[j1:j2])
            before, after = " ".join(a[max(0, i1 - 4) : i1]), " ".join(a[i2 : i2 + 4])
            detail = f"{where}: pdf [{x[:120]}] txt [{y[:120]}] in '{before} _ {after}'"
            out.append((word_class(x, y), doc, detail))
    return out


def compare(doc: str, pdf: Resolution, txt: Resolution) -> list[Diff]:
    """Every difference between the two readings of one resolution."""
    out: list[Diff] = []
    for f in FIELDS:
        va, vb = getattr(pdf.metadata, f), getattr(txt.metadata, f)
        if squash(str(va)) != squash(str(vb)):
            out.append((f"header {f}", doc, f"pdf [{va}] txt [{vb}]"))
    pa, pb = pdf.paragraphs, txt.paragraphs
    ka, kb = [_key(p.text) for p in pa], [_key(p.text) for p in pb]
    pairs: list[tuple[int, int]] = []
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
            continue
        ids = f"pdf {[p.id for p in pa[i1:i2]]} txt {[p.id for p in pb[j1:j2]]}"
        if "".join(ka[i1:i2]) == "".join(kb[j1:j2]):
            more = pa[i1:i2] if i2 - i1 > j2 - j1 else pb[j1:j2]
            kind = "paragraph split" if i2 - i1 > j2 - j1 else "paragraphs merged"
            seams = " | ".join(
                f"...{squash(x.text)[-40:]} / {squash(y.text)[:40]}..." for x, y in pairwise(more)
            )
            out.append((kind, doc, f"{ids}: {seams}"))
        elif i2 - i1 > j2 - j1:
            out.append(("extra paragraph", doc, f"{ids}: {squash(pa[i1].text)[:100]}"))
        else:
            out.append(("lost paragraph", doc, f"{ids}: {squash(pb[j1].text)[:100]}"))
    for i, j in pairs:
        x, y = pa[i], pb[j]
        if x.id != y.id:
            out.append(("paragraph id", doc, f"pdf {x.id} txt {y.id}"))
        if x.section != y.section:
            out.append(("section heading", doc, f"{x.id}: pdf [{x.section}] txt [{y.section}]"))
        out += text_diffs(doc, x.id, x.text, y.text)
        ma, mb = [n.marker for n in x.notes], [n.marker for n in y.notes]
        if ma != mb:
            kind = "footnote reference lost" if len(ma) < len(mb) else "footnote reference extra or wrong"
            out.append((kind, doc, f"{x.id}: pdf {ma} txt {mb}"))
        elif squash(x.text) == squash(y.text) and [n.offset for n in x.notes] != [n.offset for n in y.notes]:
            out.append(("footnote reference moved", doc, f"{x.id}: pdf {x.notes} txt {y.notes}"))
    fa = {f.marker: f.text for f in pdf.footnotes}
    fb = {f.marker: f.text for f in txt.footnotes}
    for m in sorted(fa.keys() - fb.keys()):
        out.append(("footnote extra", doc, f"{m}: {fa[m][:100]}"))
    for m in sorted(fb.keys() - fa.keys()):
        out.append(("footnote lost", doc, f"{m}: {fb[m][:100]}"))
    for m in sorted(fa.keys() & fb.keys()):
        out += [(f"footnote: {c}", d, w) for c, d, w in text_diffs(doc, f"note {m}", fa[m], fb[m])]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--examples", type=int, default=0, help="print this many examples per class")
    ap.add_argument("--only", default="", help="print examples of this class only")
    args = ap.parse_args()
    stems = sorted(p.stem for p in (args.corpus / "pdf").glob("*.pdf"))
    parsed = ordered_map(_parse_pair, [(s, args.corpus) for s in stems], os.cpu_count() or 1, min_items=2)
    diffs: list[Diff] = []
    for stem, (pdf, txt) in zip(stems, parsed, strict=True):
        if isinstance(pdf, str) or isinstance(txt, str):
            errors = [x if isinstance(x, str) else "" for x in (pdf, txt)]
            diffs.append(("unreadable", stem, f"pdf [{errors[0]}] txt [{errors[1]}]"))
        else:
            diffs += compare(stem, pdf, txt)
    counts = Counter(c for c, _, _ in diffs)
    docs = {c: len({d for k, d, _ in diffs if k == c}) for c in counts}
    print(f"{len(stems)} resolutions, {len(diffs)} differences")
    for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n:6d}  in {docs[c]:4d} docs  {c}")
        if args.examples and (not args.only or args.only == c):
            for _, d, w in [x for x in diffs if x[0] == c][: args.examples]:
                print(f"          {d} {w}".replace("\n", " ¶ "))


if __name__ == "__main__":
    main()
