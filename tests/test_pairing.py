"""Pairing: which documents form a series, in which order, and how sure that is.

Real documents: the five dev series of ``tests/documents/text`` (resolutions of
the 78th and 79th sessions, drafts and adopted texts of the 80th) and a mini
session in ``tests/documents/text/session`` (78th and 79th-session
resolutions: renewed texts with and without a citation, a renamed series, and
texts that share words, boilerplate or a citation with another series but
are new or skip a session). Synthetic cases are real texts with their header
changed: revisions, an amendment, a short "takes note" text with a long
text's title, an earlier text that put its item on a later session's agenda.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from conftest import TEXTS

from diffcore import Paragraph, Part, Resolution, parse
from diffcore.session.pairing import Chain, Confidence, chain_documents, cited_resolutions

SESSION = TEXTS / "session"


@cache
def _parsed(folder: Path) -> dict[str, Resolution]:
    return {p.stem: parse(p) for p in sorted(folder.glob("*.txt"))}


def docs(folder: Path) -> dict[str, Resolution]:
    """The texts of ``folder`` by file stem (parsed once)."""
    return dict(_parsed(folder))


def by_symbol(chains: tuple[Chain, ...], documents: dict[str, Resolution]) -> list[list[str]]:
    return [[documents[k].metadata.symbol for k in c.documents] for c in chains]


def step(chains: tuple[Chain, ...], old: str, new: str) -> tuple[Confidence, tuple[str, ...]]:
    """The confidence and evidence of the step ``old`` -> ``new``; KeyError if no chain has it."""
    for c in chains:
        for s in c.steps:
            if (s.old, s.new) == (old, new):
                return s.confidence, s.evidence
    raise KeyError((old, new))


def test_dev_texts_form_exactly_the_five_dev_chains() -> None:
    """Earlier resolutions -> original draft -> Vice-Chair's draft -> adopted text, and nothing else."""
    documents = docs(TEXTS)
    assert len(documents) == 22
    got = sorted(by_symbol(chain_documents(documents), documents))
    assert got == sorted(
        [
            ["A/RES/78/233", "A/RES/79/218", "A/C.2/80/L.5", "A/C.2/80/L.48", "A/RES/80/150"],
            ["A/RES/78/160", "A/C.2/80/L.18", "A/C.2/80/L.47", "A/RES/80/147"],
            ["A/RES/78/132", "A/RES/79/194", "A/C.2/80/L.17", "A/C.2/80/L.58", "A/RES/80/118"],
            ["A/RES/78/219", "A/RES/79/182", "A/C.3/80/L.32", "A/RES/80/221"],
            ["A/RES/78/69", "A/RES/79/144", "A/80/L.22", "A/RES/80/110"],
        ]
    )


def test_dev_steps_say_what_they_rest_on() -> None:
    chains = chain_documents(docs(TEXTS))
    assert step(chains, "A_C.2_80_L.5", "A_C.2_80_L.48") == (Confidence.HIGH, ("based on A/C.2/80/L.5",))
    assert step(chains, "A_80_L.22", "A_RES_80_110") == (Confidence.HIGH, ("adopted from A/80/L.22",))
    confidence, evidence = step(chains, "A_RES_79_218", "A_C.2_80_L.5")
    assert confidence is Confidence.HIGH
    assert evidence[:2] == ("cites 79/218", "same title")
    # Two sessions apart (the series is biennial): still found, from the citation.
    assert step(chains, "A_RES_78_160", "A_C.2_80_L.18")[1][0] == "cites 78/160"
    confidence, evidence = step(chains, "A_C.3_80_L.32", "A_RES_80_221")
    assert confidence is Confidence.HIGH and evidence[0] == "same session and committee"
    assert evidence[-1] == "same agenda item 71 (c)"


def test_mini_session_pairs_renewed_texts_and_leaves_the_others_alone() -> None:
    documents = docs(SESSION)
    chains = chain_documents(documents)
    assert sorted(c.documents for c in chains) == sorted(
        [
            ("A_RES_78_163", "A_RES_79_219"),  # renamed (Second -> Third Conference), cited
            ("A_RES_78_315", "A_RES_79_279"),  # the same conference's modalities: another series
            ("A_RES_78_241", "A_RES_79_62"),  # cited by 79/239 too, a new text on another subject
            ("A_RES_79_239",),
            ("A_RES_78_87", "A_RES_79_100"),  # Anguilla, Bermuda: same boilerplate, told by title,
            ("A_RES_78_88", "A_RES_79_101"),  # neither citing its predecessor
            ("A_RES_78_10",),  # Olympic Truce: cited by 79/8 (sport), biennial, put on the 80th agenda
            ("A_RES_79_8",),  # sport: a biennial series whose previous text is of the 77th session
            ("A_RES_78_278",),  # two new international days: same boilerplate, other titles
            ("A_RES_79_143",),
            ("A_RES_78_117",),  # two observer-status requests for different organizations
            ("A_RES_79_131",),
        ]
    )
    confidence, evidence = step(chains, "A_RES_78_87", "A_RES_79_100")
    assert confidence is Confidence.HIGH
    assert "same title" in evidence and not any(e.startswith("cites") for e in evidence)


@pytest.mark.parametrize("folder", [TEXTS, SESSION], ids=["dev", "session"])
def test_every_document_in_exactly_one_chain_of_consecutive_steps(folder: Path) -> None:
    documents = docs(folder)
    chains = chain_documents(documents)
    keys = [k for c in chains for k in c.documents]
    assert sorted(keys) == sorted(documents)
    for c in chains:
        assert [(s.old, s.new) for s in c.steps] == list(zip(c.documents, c.documents[1:], strict=False))
        assert all(s.evidence for s in c.steps)
        order = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}
        assert c.confidence == max((s.confidence for s in c.steps), key=order.__getitem__, default="high")
        sessions = [documents[k].metadata.session or 0 for k in c.documents]
        assert sessions == sorted(sessions)


def test_input_order_does_not_matter() -> None:
    documents = docs(TEXTS) | docs(SESSION)
    shuffled = dict(sorted(documents.items(), key=lambda kv: kv[0][::-1]))
    assert chain_documents(shuffled) == chain_documents(documents)


def _header(res: Resolution, **fields: object) -> Resolution:
    return replace(res, metadata=replace(res.metadata, **fields))  # type: ignore[arg-type]


def test_revisions_come_between_the_original_and_the_drafts_based_on_it() -> None:
    dev = docs(TEXTS)
    original = dev["A_C.2_80_L.5"]
    documents = {
        "z-adopted": dev["A_RES_80_150"],
        "y-vice-chair": dev["A_C.2_80_L.48"],  # "on the basis of informal consultations on ... L.5"
        "x-rev2": _header(original, symbol="A/C.2/80/L.5/Rev.2", revision="Rev.2"),
        "w-rev1": _header(original, symbol="A/C.2/80/L.5/Rev.1", revision="Rev.1"),
        "v-original": original,
    }
    (chain,) = chain_documents(documents)
    assert chain.documents == ("v-original", "w-rev1", "x-rev2", "y-vice-chair", "z-adopted")
    assert [s.evidence[0] for s in chain.steps[:3]] == [
        "revision of A/C.2/80/L.5",
        "revision of A/C.2/80/L.5",
        "based on A/C.2/80/L.5",
    ]


def test_an_amendment_belongs_to_no_chain() -> None:
    dev = docs(TEXTS)
    amendment = _header(
        dev["A_C.3_80_L.32"], symbol="A/C.3/80/L.70", title="Amendment to draft resolution A/C.3/80/L.32"
    )
    documents = {k: dev[k] for k in ("A_RES_79_182", "A_C.3_80_L.32", "A_RES_80_221")} | {"amend": amendment}
    chains = chain_documents(documents)
    assert ("amend",) in [c.documents for c in chains]
    assert ("A_RES_79_182", "A_C.3_80_L.32", "A_RES_80_221") in [c.documents for c in chains]


def test_a_short_takes_note_text_with_the_same_title_is_not_the_successor() -> None:
    session = docs(SESSION)
    long_text = session["A_RES_79_62"]
    short = replace(
        _header(long_text, symbol="A/RES/79/999"),
        paragraphs=(Paragraph("OP1", Part.OPERATIVE, 1, long_text.paragraphs[-1].text),),
        footnotes=(),
    )
    documents = {"A_RES_78_241": session["A_RES_78_241"], "A_RES_79_62": long_text, "short": short}
    chains = chain_documents(documents)
    assert sorted(c.documents for c in chains) == [("A_RES_78_241", "A_RES_79_62"), ("short",)]


def test_an_item_put_on_a_later_agenda_lowers_the_confidence() -> None:
    """The earlier text scheduled its next consideration after the later text's session."""
    session = docs(SESSION)
    old, new = session["A_RES_78_87"], session["A_RES_79_100"]
    (alone,) = [c for c in chain_documents({"old": old, "new": new}) if len(c.documents) == 2]
    later = Paragraph(
        "OP99",
        Part.OPERATIVE,
        99,
        "Decides to include in the provisional agenda of its "
        "eighty-first session the item entitled “Question of Anguilla”.",
    )
    (demoted,) = [
        c
        for c in chain_documents({"old": replace(old, paragraphs=(*old.paragraphs, later)), "new": new})
        if len(c.documents) == 2
    ]
    assert alone.confidence is Confidence.HIGH
    assert demoted.confidence is Confidence.MEDIUM
    assert demoted.steps[0].evidence[-1] == "78/87 put its item on the agenda of session 81"


def test_a_document_of_unknown_session_is_left_alone() -> None:
    session = docs(SESSION)
    unknown = _header(session["A_RES_78_87"], symbol="", session=None)
    chains = chain_documents({"unknown": unknown, "new": session["A_RES_79_100"]})
    assert sorted(c.documents for c in chains) == [("new",), ("unknown",)]


def test_cited_resolutions_are_the_assemblys_own() -> None:
    text = (
        "Recalling its resolutions 58/5 of 3 November 2003, 59/10 of 27 October 2004 and 77/27 "
        "of 1 December 2022, and General Assembly resolution 75/18,\n\n"
        "Taking note of decision 78/516 and of Human Rights Council resolutions 53/4 and 54/1, "
        "of document A/78/123 and of the Programme for 2024/25,\n\n"
        "Noting 79/5, mentioned without the word, and A/RES/76/3,"
    )
    assert cited_resolutions(text) == {(58, 5), (59, 10), (77, 27), (75, 18), (76, 3)}
