"""From blocks to the Resolution model: metadata, parts, sub-paragraphs, notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOLD, NEW, OLD, TEXTS

from diffcore import ResdiffError, parse
from diffcore.model import Block, BlockKind, Part, SourceText
from diffcore.structure import build_resolution
from diffcore.text import note


def source(*lines: str) -> SourceText:
    return SourceText("t.txt", "un-text", tuple(Block(BlockKind.TEXT, t) for t in lines))


@pytest.mark.parametrize(("side", "path"), [("old", OLD), ("new", NEW)])
def test_sample_metadata_and_counts_match_the_reference(side: str, path: Path) -> None:
    gold = json.loads(GOLD.read_text())
    res = parse(path)
    m = res.metadata
    got = {k: getattr(m, k) for k in gold["metadata"][side]}
    assert got == gold["metadata"][side]
    pp = sum(p.part is Part.PREAMBLE for p in res.paragraphs)
    op = sum(p.part is Part.OPERATIVE for p in res.paragraphs)
    assert {"PP": pp, "OP": op} == gold["counts"][side]


def test_sample_title_distribution_and_ids() -> None:
    res = parse(OLD)
    assert res.metadata.title.startswith("Technical assistance for implementing")
    assert res.metadata.distributed == "2010-03-24"
    assert res.metadata.committee == "Third Committee"
    assert [p.id for p in res.paragraphs][:6] == ["PP1", "PP2", "PP3", "PP4", "PP5", "OP1"]
    op7 = res.paragraph("OP7")
    assert op7.number == 7
    assert op7.text.endswith("Counter-Terrorism Strategy;")
    assert [n.marker for n in op7.notes] == ["1"]
    assert op7.notes[0].offset == len(op7.text)


def test_sub_paragraphs_stay_with_their_paragraph_and_headings_are_sections() -> None:
    res = build_resolution(
        source(
            "The General Assembly,",
            "Recalling x,",
            "(a) first point;",
            "I. Capacity-building",
            "1. Decides:",
            "(a) To act;",
            "(b) To report;",
            "II. Other matters",
            "2. Requests y.",
            "52nd plenary meeting",
            "12 December 2024",
        )
    )
    assert [p.id for p in res.paragraphs] == ["PP1", "OP1", "OP2"]
    assert res.paragraph("PP1").text == "Recalling x,\n(a) first point;"
    assert res.paragraph("OP1").text == "Decides:\n(a) To act;\n(b) To report;"
    assert res.paragraph("OP1").section == "I. Capacity-building"
    assert res.paragraph("OP2").section == "II. Other matters"
    assert res.metadata.plenary_meeting == 52
    assert res.metadata.adopted == "2024-12-12"


def test_footnote_references_are_lifted_out_of_the_text() -> None:
    res = build_resolution(source("The General Assembly,", f"Recalling the Strategy,{note('1')} and x,"))
    p = res.paragraphs[0]
    assert p.text == "Recalling the Strategy, and x,"
    assert [(n.offset, n.marker) for n in p.notes] == [(23, "1")]


def test_draft_metadata() -> None:
    res = build_resolution(
        source(
            "A/C.2/80/L.48/Rev.1",
            "Distr.: Limited",
            "17 November 2025",
            "Eightieth session",
            "Second Committee",
            "Agenda item 21 (a)",
            "Draft resolution submitted by the Vice-Chair of the Committee, Jenni Mikkola "
            "(Finland), on the basis of informal consultations on draft resolution A/C.2/80/L.5",
            "Follow-up to the Fifth United Nations Conference on the Least Developed Countries",
            "The General Assembly,",
            "1. Decides z.",
        )
    )
    m = res.metadata
    assert m.status == "draft"
    assert m.distribution == "Limited" and m.distributed == "2025-11-17"
    assert m.session == 80 and m.committee == "Second Committee" and m.agenda_item == "21 (a)"
    assert m.basis == "A/C.2/80/L.5" and m.revision == "Rev.1"
    assert m.title.startswith("Follow-up to the Fifth")


def test_sponsor_line() -> None:
    m = build_resolution(
        source(
            "Bangladesh, Nepal and Iraq: draft resolution",
            "Some title",
            "The General Assembly,",
            "1. Decides z.",
        )
    ).metadata
    assert m.sponsors == ("Bangladesh", "Nepal", "Iraq")
    assert m.status == "draft"


def test_text_without_structure_is_refused() -> None:
    with pytest.raises(ResdiffError, match="no resolution structure found"):
        build_resolution(source("Just a letter.", "Nothing numbered here."))


ORGANS = [
    "The Security Council,",
    "The Human Rights Council,",
    "The Economic and Social Council,",
    "The Commission on Narcotic Drugs,",
    "The Conference of the Parties,",
]


@pytest.mark.parametrize("organ", ORGANS)
@pytest.mark.parametrize("source", [OLD, TEXTS / "A_RES_79_182.txt"], ids=["un-text", "pdftotext"])
def test_other_organs_open_the_text_like_the_general_assembly(
    tmp_path: Path, source: Path, organ: str
) -> None:
    text = source.read_text(encoding="utf-8")
    assert "The General Assembly," in text
    other = tmp_path / source.name
    other.write_text(text.replace("The General Assembly,", organ), encoding="utf-8")
    want, got = parse(source), parse(other)
    assert got.metadata.title == want.metadata.title
    assert [(p.id, p.text) for p in got.paragraphs] == [(p.id, p.text) for p in want.paragraphs]
    assert sum(p.part is Part.PREAMBLE for p in got.paragraphs) > 0


def test_a_sentence_opening_with_the_is_not_an_organ() -> None:
    from diffcore.header import ORGAN_RE

    assert not ORGAN_RE.match("The United Nations Convention on the Law of the Sea,")
    assert not ORGAN_RE.match("The Assembly decides to continue,")


BIS = "Encourages Member States to share information on good practices in countering terrorism;"


@pytest.mark.parametrize(
    "source, before, insert",
    [
        (OLD, "\t3.\t", f"\t2 bis.\t{BIS}\n"),  # the UN text format
        (TEXTS / "A_RES_79_182.txt", "4.\nDemands", f"3 bis.\n{BIS}\n"),  # pdftotext, number alone
        (TEXTS / "A_RES_79_182.txt", "4.\nDemands", f"3 bis. {BIS}\n"),  # pdftotext, number and text
    ],
    ids=["un-text", "pdftotext-alone", "pdftotext-inline"],
)
def test_a_paragraph_inserted_as_bis_keeps_the_numbering(
    tmp_path: Path, source: Path, before: str, insert: str
) -> None:
    text = source.read_text(encoding="utf-8")
    assert text.count(before) == 1
    other = tmp_path / source.name
    other.write_text(text.replace(before, insert + before), encoding="utf-8")
    want, got = parse(source), parse(other)
    number = int(insert.strip().split()[0])
    inserted = [p for p in got.paragraphs if p.id == f"OP{number}bis"]
    assert [(p.number, p.text) for p in inserted] == [(number, BIS)]
    assert [(p.id, p.text) for p in got.paragraphs if p.id != f"OP{number}bis"] == [
        (p.id, p.text) for p in want.paragraphs
    ]


LABELLED = """Zero draft, 3 March 2026

The General Assembly,

PP1 Recalling its resolution 79/182 of 17 December 2024,

PP2 Reaffirming its commitment to the rights of minorities,

PP2 bis Expressing concern at the humanitarian situation,

OP1. Expresses grave concern at the continuing reports of violations;

OP1 bis. Calls upon all parties to protect civilians;

OP2. Decides to remain seized of the matter.
"""


def test_a_negotiation_draft_labelling_its_paragraphs_keeps_the_labels(tmp_path: Path) -> None:
    draft = tmp_path / "zero-draft.txt"
    draft.write_text(LABELLED, encoding="utf-8")
    res = parse(draft)
    assert [(p.id, p.part, p.number, p.text.split()[0]) for p in res.paragraphs] == [
        ("PP1", Part.PREAMBLE, None, "Recalling"),
        ("PP2", Part.PREAMBLE, None, "Reaffirming"),
        ("PP2bis", Part.PREAMBLE, None, "Expressing"),
        ("OP1", Part.OPERATIVE, 1, "Expresses"),
        ("OP1bis", Part.OPERATIVE, 1, "Calls"),
        ("OP2", Part.OPERATIVE, 2, "Decides"),
    ]
    assert res.metadata.organ == "The General Assembly,"
