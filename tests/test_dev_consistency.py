"""The real documents in tests/documents: PDF and pdftotext text agree, and layout is no change."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import PDFS, TEXTS

from diffcore import LinkKind, Resolution, compare, parse
from diffcore.classify import layout_key

# The documents whose official PDF is in the repository (the texts of all of them are).
NAMES = sorted(p.stem for p in PDFS.glob("*.pdf"))
# Each Vice-Chair's or sponsors' final draft and the resolution adopted from it (documents/README.md).
DRAFT_ADOPTED = [
    ("A_C.2_80_L.48", "A_RES_80_150"),
    ("A_C.2_80_L.47", "A_RES_80_147"),
    ("A_C.2_80_L.58", "A_RES_80_118"),
    ("A_C.3_80_L.32", "A_RES_80_221"),
    ("A_80_L.22", "A_RES_80_110"),
]


@cache
def load(name: str, kind: str) -> Resolution:
    return parse((PDFS if kind == "pdf" else TEXTS) / f"{name}.{kind}")


def signature(res: Resolution) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(p.id, layout_key(p.text), tuple(n.marker for n in p.notes)) for p in res.paragraphs]


@pytest.mark.parametrize("name", NAMES)
def test_pdf_and_extracted_text_give_the_same_paragraphs(name: str) -> None:
    from_pdf, from_text = load(name, "pdf"), load(name, "txt")
    assert [p.id for p in from_pdf.paragraphs] == [p.id for p in from_text.paragraphs]
    a, b = signature(from_pdf), signature(from_text)
    differ = [x[0] for x, y in zip(a, b, strict=True) if x != y]
    # pdftotext prints a few lines out of reading order (one paragraph in a
    # few documents); everything else must agree, footnote markers included.
    assert len(differ) <= max(1, len(a) // 200), differ
    assert [f.marker for f in from_pdf.footnotes] == [f.marker for f in from_text.footnotes]
    assert from_pdf.metadata == from_text.metadata


@pytest.mark.parametrize(
    ("draft", "adopted", "kind"),
    [(d, a, "txt") for d, a in DRAFT_ADOPTED]
    + [(d, a, "pdf") for d, a in DRAFT_ADOPTED if d in NAMES and a in NAMES],
)
def test_a_draft_and_its_adopted_text_link_same_words_as_unchanged(
    draft: str, adopted: str, kind: str
) -> None:
    old, new = load(draft, kind), load(adopted, kind)
    c = compare(old, new)
    new_keys = {layout_key(p.text) for p in new.paragraphs}
    old_by_id = {p.id: p for p in old.paragraphs}
    new_by_id = {p.id: p for p in new.paragraphs}
    for link in c.links:
        if len(link.old) == 1 and len(link.new) == 1:
            same = layout_key(old_by_id[link.old[0]].text) == layout_key(new_by_id[link.new[0]].text)
            assert same == (link.kind is LinkKind.UNCHANGED), (link.old, link.new, link.kind)
    unchanged_old = {i for link in c.links if link.kind is LinkKind.UNCHANGED for i in link.old}
    for p in old.paragraphs:
        if layout_key(p.text) in new_keys:
            assert p.id in unchanged_old, p.id
    # A draft and its adopted text are mostly the same paragraphs.
    assert c.summary["unchanged"] >= 0.9 * len(new.paragraphs)
