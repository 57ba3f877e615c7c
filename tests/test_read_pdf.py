"""Tests for the PDF readers: pypdfium2 (read_pdf) and pdftotext output (read_pdf_text)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache

import pytest
from conftest import PDFS, TEXTS

from diffcore import parse
from diffcore.errors import ResdiffError
from diffcore.model import NOTE_CLOSE, NOTE_OPEN, Block, BlockKind, SourceText
from diffcore.read.pagetext import read_pdf_text
from diffcore.read.pdf import read_pdf

# Every pdftotext output in the repository, and the documents whose PDF is there too.
TEXT_NAMES = sorted(p.stem for p in TEXTS.glob("*.txt"))
PDF_NAMES = sorted(p.stem for p in PDFS.glob("*.pdf"))

Reader = Callable[[str], SourceText]
NOTE_RE = re.compile(NOTE_OPEN + "([^" + NOTE_CLOSE + "]*)" + NOTE_CLOSE)


@cache
def from_text(name: str) -> SourceText:
    return read_pdf_text(name, (TEXTS / f"{name}.txt").read_text(encoding="utf-8"))


@cache
def from_pdf(name: str) -> SourceText:
    return read_pdf(name, (PDFS / f"{name}.pdf").read_bytes())


def texts(st: SourceText) -> list[str]:
    return [b.text for b in st.blocks if b.kind is BlockKind.TEXT]


def footnotes(st: SourceText) -> dict[str, str]:
    return {b.marker: b.text for b in st.blocks if b.kind is BlockKind.FOOTNOTE}


def loose(text: str) -> str:
    """Text compared across readers: pdftotext splits and joins words at spaces and hyphens."""
    return re.sub(r"[\s\-]", "", text)


# ---------------------------------------------------------------------------
# Every real document, both readers


@pytest.mark.parametrize("name", PDF_NAMES)
def test_pdf_and_text_agree(name: str) -> None:
    """Both readers find the same footnotes and (nearly) the same paragraphs."""
    a, b = from_text(name), from_pdf(name)
    assert a.format == "pdf-text" and b.format == "pdf"
    fa = {m: loose(t) for m, t in footnotes(a).items()}
    fb = {m: loose(t) for m, t in footnotes(b).items()}
    assert fa == fb
    ta = [loose(t) for t in texts(a)]
    tb = [loose(t) for t in texts(b)]
    same = difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio()
    # pdftotext occasionally prints a paragraph's lines out of order, which
    # no line logic can undo; everything else must line up.
    assert same >= 0.98, f"{name}: only {same:.3f} of the paragraphs agree"
    assert ta[:12] == tb[:12], "header and first paragraphs differ"


_FURNITURE = [
    re.compile(r"(?:^|\s)\d{1,3}/\d{1,3}$"),  # page counter at a block end
    re.compile(r"\b\d\d-\d{5}\b"),  # job number
    re.compile(r"\*\d{5,}\*"),  # barcode
    re.compile(r"\f"),
    re.compile(r"_{5,}"),  # footnote rule
]


@pytest.mark.parametrize(
    ("name", "reader"),
    [pytest.param(n, from_text, id=f"{n}-text") for n in TEXT_NAMES]
    + [pytest.param(n, from_pdf, id=f"{n}-pdf") for n in PDF_NAMES],
)
def test_no_furniture_and_notes_resolved(name: str, reader: Reader) -> None:
    st = reader(name)
    symbol = st.blocks[0].text
    assert re.fullmatch(r"A/[\w./]+", symbol), "the first block is the document symbol"
    notes = footnotes(st)
    assert notes, "every test document has footnotes"
    for block in st.blocks[1:]:
        for pat in _FURNITURE:
            assert not pat.search(block.text), f"furniture {pat.pattern!r} in {block.text[:80]!r}"
        assert symbol not in block.text.split(), f"symbol left in {block.text[:80]!r}"
        if block.kind is BlockKind.TEXT:
            for marker in NOTE_RE.findall(block.text):
                assert marker in notes, f"reference {marker} has no footnote"
            plain = NOTE_RE.sub(" ", block.text)
            # A reference glued to a word ("Rights3") was missed.
            glued = re.findall(r"\b[a-z]{3,}\d{1,3}\b", plain)
            assert not glued, f"glued digits {glued} in {block.text[:80]!r}"
            assert "  " not in block.text and block.text == block.text.strip()
    # Footnotes are referenced from the text.
    referenced = {m for b in st.blocks for m in NOTE_RE.findall(b.text)}
    missing = set(notes) - referenced
    assert len(missing) <= max(1, len(notes) // 20), f"footnotes never referenced: {sorted(missing)}"


# ---------------------------------------------------------------------------
# Exact content checked by reading the documents


@pytest.mark.parametrize("reader", [from_text, from_pdf], ids=["text", "pdf"])
def test_vice_chair_draft(reader: Reader) -> None:
    st = reader("A_C.2_80_L.48")
    t = texts(st)
    assert t[:10] == [
        "A/C.2/80/L.48",
        "Distr.: Limited",
        "17 November 2025",
        "Original: English",
        "Eightieth session",
        "Second Committee",
        "Agenda item 21 (a)",
        "Groups of countries in special situations: follow-up to the Fifth United Nations "
        "Conference on the Least Developed Countries",
        "Draft resolution submitted by the Vice-Chair of the Committee, Jenni Mikkola (Finland), "
        "on the basis of informal consultations on draft resolution A/C.2/80/L.5",
        "Follow-up to the Fifth United Nations Conference on the Least Developed Countries",
    ]
    assert t[10] == "The General Assembly,"
    assert t[11] == (
        "Recalling the Doha Programme of Action for the Least Developed Countries,\ue0001\ue001 "
        "and the Doha Political Declaration, adopted during the second part of the Fifth United "
        "Nations Conference on the Least Developed Countries, held in Doha from 5 to 9 March 2023,"
        "\ue0002\ue001 in which the Heads of State and Government and representatives of States "
        "strongly committed to the implementation of the Doha Programme of Action throughout the "
        "coming decade, including its six priority areas,"
    )
    # A reference glued to a word, and one glued to a year range.
    assert any("Universal Declaration of Human Rights\ue0003\ue001 and international" in x for x in t)
    assert any("Reduction 2015–2030\ue0008\ue001 and the New Urban Agenda" in x for x in t)
    # Repaired spacing: "scaled -up" in the pdftotext output.
    assert any("based on scaled-up and diverse support" in x for x in t)
    assert footnotes(st)["1"] == "Resolution 76/258, annex."
    assert footnotes(st)["2"] == (
        "Report of the Fifth United Nations Conference on the Least Developed Countries, New York, "
        "17 March 2022, and Doha, 5–9 March 2023 (A/CONF.219/2023/3), chap. I, resolution 2."
    )
    assert footnotes(st)["4"] == "Resolution 70/1."  # its number came last on the page
    # Operative paragraph 1: the number was alone on a line in pdftotext output.
    assert any(x.startswith("1. Takes note of the reports of the Secretary-General") for x in t)


@pytest.mark.parametrize("reader", [from_text, from_pdf], ids=["text", "pdf"])
def test_adopted_resolution(reader: Reader) -> None:
    st = reader("A_RES_79_144")
    t = texts(st)
    assert t[:11] == [
        "A/RES/79/144",
        "Distr.: General",
        "16 December 2024",
        "Seventy-ninth session",
        "Agenda item 75 (a)",
        "Oceans and the law of the sea: oceans and the law of the sea",
        "Resolution adopted by the General Assembly on 12 December 2024",
        "[without reference to a Main Committee (A/79/L.37)]",
        "79/144.",
        "Oceans and the law of the sea",
        "The General Assembly,",
    ]
    i = t.index("I. Implementation of the Convention and related agreements and instruments")
    assert (
        t[i + 1] == "1. Reaffirms the unified character of the Convention and the vital importance "
        "of preserving its integrity;"
    )
    assert "II. Capacity-building" in t
    # A paragraph broken by a page (running head, counter, footnotes) stays whole.
    noting = next(x for x in t if x.startswith("Noting with satisfaction that 16 November 2024"))
    assert "commemorated the anniversary, and recognizing the pre-eminent contribution" in noting
    assert noting.endswith("sustainable development of the oceans and seas,")
    end = t.index("52nd plenary meeting")
    assert t[end + 1 : end + 3] == ["12 December 2024", "Annex"]
    assert (
        t[end - 1] == "381. Decides to include in the provisional agenda of its eightieth session "
        "the item entitled “Oceans and the law of the sea”."
    )
    assert max(int(m) for m in footnotes(st)) == 170


@pytest.mark.parametrize("reader", [from_text, from_pdf], ids=["text", "pdf"])
def test_sponsors_and_star_footnote(reader: Reader) -> None:
    st = reader("A_C.3_80_L.32")
    t = texts(st)
    sponsors = t[8]
    assert sponsors.startswith("Austria, Belgium, Bulgaria,")
    assert sponsors.endswith("Spain, Sweden and Ukraine: draft resolution")
    assert "Saudi Arabia,\ue000*\ue001 Slovakia" in sponsors
    assert footnotes(st)["*"].startswith(
        "On behalf of the States that are members of the Organization of Islamic Cooperation"
    )
    assert t[9] == "Situation of human rights of Rohingya Muslims and other minorities in Myanmar"


def test_long_pdf_reads_whole() -> None:
    # Its reading time is a figure scripts/benchmark.py prints, not a test: timings fail under load.
    st = read_pdf("A_RES_79_144.pdf", (PDFS / "A_RES_79_144.pdf").read_bytes())
    assert len(st.blocks) > 500


# ---------------------------------------------------------------------------
# Faults found by scripts/evaluate_pdf_reading.py on the 79th session's PDFs
# (whole PDFs, or their first page and the page that shows the fault)

CORPUS_PDFS = PDFS / "corpus"


def test_title_ending_in_masthead_words() -> None:
    # The title's last line, "General Assembly", is set below the Distr. line: not masthead.
    res = parse(CORPUS_PDFS / "A_RES_79_131.pdf")
    title = "Observer status for the International Coffee Organization in the General Assembly"
    assert res.metadata.title == title
    assert res.metadata.symbol == "A/RES/79/131"


def test_reference_after_comma_and_space() -> None:
    # "in October 2023, 7 and": a space between the comma and the superscript, on a
    # line that continues a soft-hyphen break ("seventy-/eighth").
    res = parse(CORPUS_PDFS / "A_RES_79_104_p1-3.pdf")
    para = next(p for p in res.paragraphs if "in October 2023," in p.text)
    assert "in October 2023, and of the statement" in para.text
    assert [n.marker for n in para.notes] == ["7"]
    assert para.text[: para.notes[0].offset].endswith("in October 2023,")


def test_reference_glued_to_the_next_word() -> None:
    # 79/289 prints "basis ¹no later": the reference ends "basis", and "no" keeps a space.
    res = parse(CORPUS_PDFS / "A_RES_79_289_p1-3.pdf")
    para = next(p for p in res.paragraphs if p.notes)
    offset = para.notes[0].offset
    assert para.text[:offset].endswith("on a non-objection basis")
    assert para.text[offset:].startswith(" no later than July 2025")


def test_suspended_hyphen_at_a_line_end() -> None:
    # "indirect short-" ends a line and "and long-term" starts the next: the hyphen
    # is suspended, so it keeps the space after it.
    res = parse(CORPUS_PDFS / "A_RES_79_158_p1-4.pdf")
    assert any("direct and indirect short- and long-term costs on society" in p.text for p in res.paragraphs)


def test_paragraph_number_without_full_stop() -> None:
    # 79/160 prints "26 Condemns" and "27 Affirms" without the full stop after the number.
    res = parse(CORPUS_PDFS / "A_RES_79_160_p1-6.pdf")
    ops = {p.id: p.text for p in res.paragraphs if p.number is not None}
    assert [f"OP{n}" for n in range(22, 31)] == list(ops)
    assert ops["OP26"].startswith("Condemns without reservation any denial of or attempt to deny")
    assert ops["OP27"].startswith("Affirms its deep commitment")
    assert "Condemns" not in ops["OP25"]


def test_indented_line_in_mid_sentence_continues() -> None:
    # 79/145 sets "Organization of the United Nations," indented under a full
    # line that ends "Food and Agriculture": one paragraph, not two.
    res = parse(CORPUS_PDFS / "A_RES_79_145_p1-5.pdf")
    assert not any(p.text.startswith("Organization of the United Nations") for p in res.paragraphs)
    recalling = next(p for p in res.paragraphs if p.text.startswith("Recalling the International Plan"))
    assert recalling.text.endswith("adopted by the Food and Agriculture Organization of the United Nations,")


def test_headings_after_a_short_line_and_wrapped() -> None:
    res = parse(CORPUS_PDFS / "A_RES_79_233_p1-15-47-48.pdf")
    sections = {p.id: p.section for p in res.paragraphs}
    # "I. International trade" under the unpunctuated line "Priority area 2: ...".
    assert sections["OP104"] == "I. International trade"
    # Headings wrapped over two and three lines, the later lines indented.
    assert sections["OP354"] == (
        "XI. Role of the Office of the High Representative for the Least Developed Countries, "
        "Landlocked Developing Countries and Small Island Developing States"
    )
    assert sections["OP356"] == (
        "XII. Midterm review and the Fourth United Nations Conference on Landlocked Developing Countries"
    )
    assert res.paragraphs[-1].id == "OP356"


def test_numbering_restarts_in_each_part() -> None:
    # 79/258 numbers each part's paragraphs from 1; its headings put the numeral
    # alone on a line and wrap after a comma.
    res = parse(CORPUS_PDFS / "A_RES_79_258_p1-2-22.pdf")
    texts = {p.id: p.text for p in res.paragraphs}
    assert texts["OP1-2"] == "Takes note of the report of the Secretary-General;"
    assert texts["OP2-2"].startswith("Endorses the conclusions and recommendations")
    # Each part opens with its own preamble ("Having considered ..."), not more of
    # the last operative paragraph of the part before.
    assert [p.id for p in res.paragraphs if p.section.startswith("II.")][:3] == ["PP3", "PP4", "OP1-2"]
    last = [p for p in res.paragraphs if p.section.startswith("XVIII.")]
    assert [p.id for p in last] == ["PP5", "OP1-3", "OP2-3", "OP3-2"]
    assert last[0].text.startswith("Having considered the report of the Secretary-General")
    assert "Having considered" not in texts["OP31"]
    assert last[0].section == (
        "XVIII. Revised estimates relating to the programme budget for 2024 under section 1, "
        "Overall policymaking, direction and coordination, and section 29B, Department of Operational Support"
    )


# ---------------------------------------------------------------------------
# Bad input


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file with a correct cross-reference table around ``objects``."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


_PAGE_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    # Paints a grey rectangle: a page with marks but no text, like a scan.
    b"<< /Length 35 >>\nstream\n0.5 g 72 72 468 648 re f\nendstream",
]


def _one_line(exc: pytest.ExceptionInfo[ResdiffError]) -> str:
    msg = str(exc.value)
    assert ("\n" not in msg and msg.startswith("bad.pdf: ")) or msg.startswith("bad.docx: ")
    return msg


def test_image_only_pdf() -> None:
    with pytest.raises(ResdiffError) as exc:
        read_pdf("bad.pdf", _pdf(_PAGE_OBJECTS))
    assert "scanned PDF: no text layer; run OCR first" in _one_line(exc)


def test_encrypted_pdf() -> None:
    # A standard security handler whose user password is not empty: pdfium
    # cannot open it without the password.
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>"
    data = _pdf(
        [*_PAGE_OBJECTS, encrypt],
        b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ",
    )
    with pytest.raises(ResdiffError) as exc:
        read_pdf("bad.pdf", data)
    assert "encrypted PDF" in _one_line(exc)


def test_corrupt_pdf() -> None:
    data = _pdf(_PAGE_OBJECTS)
    with pytest.raises(ResdiffError) as exc:
        read_pdf("bad.pdf", data[:60])
    assert "PDF" in _one_line(exc)


def test_truncated_real_pdf() -> None:
    data = (PDFS / "A_C.2_80_L.48.pdf").read_bytes()
    with pytest.raises(ResdiffError) as exc:
        read_pdf("bad.pdf", data[: len(data) // 3])
    _one_line(exc)


def test_not_a_pdf() -> None:
    with pytest.raises(ResdiffError) as exc:
        read_pdf("bad.pdf", b"PK\x03\x04 this is a zip, not a PDF")
    assert "not a PDF" in _one_line(exc)


def test_empty_text() -> None:
    with pytest.raises(ResdiffError):
        read_pdf_text("empty.txt", "\f\f")


def test_text_reader_small_document() -> None:
    """A hand-made two-page pdftotext output: furniture, footnotes, references."""
    page1 = "\n".join(
        [
            "A/RES/99/1",
            "",
            "United Nations",
            "",
            "General Assembly",
            "",
            "Distr.: General",
            "3 January 2030",
            "",
            "Ninety-ninth session",
            "Agenda item 7",
            "Testing",
            "",
            "Resolution adopted by the General Assembly",
            "on 2 January 2030",
            "[without reference to a Main Committee (A/99/L.1)]",
            "",
            "99/1.",
            "",
            "Testing things",
            "The General Assembly,",
            "Recalling the Universal Declaration of Human Rights, 1 the ideas of all",
            "peoples and the spirit of the times,",
            "1.",
            "Decides that the non -State actors meet from 5 to 9 March, and that the",
            "__________________",
            "1",
            "",
            "30-00001 (E)",
            "Resolution 217 A (III).",
            "",
            "*3000001*",
        ]
    )
    page2 = "\n".join(
        [
            "A/RES/99/1",
            "",
            "Testing things",
            "",
            "Secretary- General reports on it;",
            "2. Requests a report.",
            "2/2",
            "30-00001",
        ]
    )
    st = read_pdf_text("t.txt", page1 + "\f" + page2 + "\f")
    assert [b.text for b in st.blocks] == [
        "A/RES/99/1",
        "Distr.: General",
        "3 January 2030",
        "Ninety-ninth session",
        "Agenda item 7",
        "Testing",
        "Resolution adopted by the General Assembly on 2 January 2030",
        "[without reference to a Main Committee (A/99/L.1)]",
        "99/1.",
        "Testing things",
        "The General Assembly,",
        "Recalling the Universal Declaration of Human Rights,\ue0001\ue001 the ideas of all peoples "
        "and the spirit of the times,",
        "1. Decides that the non-State actors meet from 5 to 9 March, and that the "
        "Secretary-General reports on it;",
        "2. Requests a report.",
        "Resolution 217 A (III).",
    ]
    assert st.blocks[-1] == Block(BlockKind.FOOTNOTE, "Resolution 217 A (III).", "1")
