"""What changed, in a drafter's terms: verbs, qualifiers, technical updates, digest."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import GOLD

from diffcore import Comparison, compare, parse, render_json
from diffcore.classify import classify, opening_phrase, technical_form, verb_direction
from diffcore.model import Change, Link, LinkKind, Paragraph, Part
from diffcore.render import render_digest, render_html, render_markdown
from diffcore.render.markdown import heading_slug
from diffcore.render.text import DIGEST_TOP, change_counts, digest_sections, summary_line
from diffcore.worddiff import word_diff


def link_for(c: Comparison, old_id: str) -> Link:
    return next(link for link in c.links if old_id in link.old)


def test_reference_verb_changes_are_found(sample_comparison: Comparison) -> None:
    gold = json.loads(GOLD.read_text())["operative_verb_changes"]
    found = {f"{v.old_id}->{v.new_id}": [v.old, v.new] for v in sample_comparison.digest.verb_changes}
    # OP5 ("Requests ...") was split into OP4 ("Requests ...") and OP6 ("Also
    # calls upon ..."): the opener lives on in OP4, and OP6's opener is a new
    # paragraph's, not a change of OP5's. The reference lists it; the digest
    # must not (a false alarm in a briefing).
    assert found.pop("OP5->OP6", None) is None and gold.pop("OP5->OP6")
    for key, pair in gold.items():
        assert found.get(key) == pair, key


def test_samples_technical_and_substantive(sample_comparison: Comparison) -> None:
    c = sample_comparison
    assert link_for(c, "OP9").new == ("OP12",) and link_for(c, "OP9").change is Change.TECHNICAL
    assert link_for(c, "OP8").new == ("OP11",) and link_for(c, "OP8").change is Change.SUBSTANTIVE
    assert link_for(c, "PP2").change is Change.SUBSTANTIVE
    assert link_for(c, "PP1").change is Change.NONE
    assert c.digest.technical == 1


def test_qualifier_all_removed_is_flagged(sample_comparison: Comparison) -> None:
    op7 = link_for(sample_comparison, "OP7")
    assert op7.new == ("OP10",)
    assert "all" in op7.qualifiers_removed
    assert op7.change is Change.SUBSTANTIVE


def test_a_qualifier_phrase_removed_is_flagged() -> None:
    # A/RES/78/32 -> 79/58, OP1: States parties are now asked without the escape clause.
    old = (
        "Urges all States not parties to the Convention on Cluster Munitions to ratify or accede to it "
        "as soon as possible, and all States parties that are in a position to do so to promote "
        "adherence to the Convention through bilateral, subregional and multilateral contacts;"
    )
    new = old.replace(" that are in a position to do so", "")
    link = Link(("OP1",), ("OP1",), LinkKind.MODIFIED, diff=word_diff(old, new))
    out = classify(link, [_para("OP1", old)], [_para("OP1", new)])
    assert out.qualifiers_removed == ("in a position to do so",)
    assert out.change is Change.SUBSTANTIVE


def test_json_carries_change_verb_and_digest(sample_comparison: Comparison) -> None:
    doc = json.loads(render_json(sample_comparison))
    op6 = next(link for link in doc["links"] if link["old"] == ["OP6"])
    assert op6["change"] == "substantive"
    assert op6["verb"] == {
        "old_id": "OP6",
        "new_id": "OP7",
        "old": "Also requests",
        "new": "Urges",
        "direction": "strengthened",
    }
    assert op6["qualifiers"]["removed"] == ["within its mandate"]
    assert doc["digest"]["technical"] == 1
    assert {"id": "OP1", "opening": "Commends the United Nations Office on Drugs and …"} in (
        doc["digest"]["deleted"]
    )


def test_digest_text_lists_verbs_and_ranks_substantive_changes(sample_comparison: Comparison) -> None:
    text = render_digest(sample_comparison)
    assert "OP4 → OP3: Recognizes → Stresses" in text
    ranked = [line for line in text.splitlines() if "words changed" in line]
    counts = [int(line.rsplit(":", 1)[1].split()[0]) for line in ranked]
    assert counts == sorted(counts, reverse=True) and counts


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("at its sixty-fifth session", "at its sixty-seventh session"),
        ("its resolution 63/195 of 18 December 2008", "its resolution 65/232 of 21 December 2010"),
        ("the report (A/64/440 and Corr.1)", "the report (A/66/463)"),
        ("the strategy for the period 2008-2011", "the strategy for the period 2012-2015"),
        ("Requests the Secretary-General", "Also requests the Secretary-General"),
        ("Requests further the Office", "Requests the Office"),
        (
            "to report to it at its nineteenth and twentieth sessions;",
            "to report to it at its twenty-first and twenty-second sessions.",
        ),
        ("held in May 2011,", "held in June 2013,"),
        # The yearly update of a list of resolutions recalled (A/RES/78/186 -> 79/157, PP2).
        (
            "Recalling also its resolutions 62/219 of 22 December 2007, 76/145 of 16 December 2021 "
            "and 77/200 of 15 December 2022,",
            "Recalling also its resolutions 62/219 of 22 December 2007, 76/145 of 16 December 2021, "
            "77/200 of 15 December 2022 and 78/186 of 19 December 2023,",
        ),
        # Security Council resolutions and a part letter (A/RES/78/297 -> 79/301, PP2 and PP3).
        (
            "the latest of which was resolution 2708 (2023) of 14 November 2023, by which the Council "
            "extended until 15 November 2024 the mandate of the Force",
            "the latest of which was resolution 2760 (2024) of 14 November 2024, by which the Council "
            "extended until 15 November 2025 the mandate of the Force",
        ),
        (
            "its resolutions thereon, the latest of which was resolution 77/290 B of 30 June 2023,",
            "its resolutions thereon, the latest of which was resolution 78/297 of 28 June 2024,",
        ),
        # Time gone by (A/RES/78/66 -> 79/77, PP4).
        (
            "affirming its resolute determination, 27 years after the Treaty was opened for signature,",
            "affirming its resolute determination, 28 years after the Treaty was opened for signature,",
        ),
        # A meeting numbered "first" to "ninth" (A/RES/78/35 -> 79/38, OP8).
        (
            "Also welcomes the participation of signatories at the first Meeting of States Parties;",
            "Further welcomes the participation of signatories at the second Meeting of States Parties;",
        ),
        # A period given over two months or within one (A/RES/78/35 -> 79/38, OP9).
        (
            "Confirms that the second Meeting of States Parties will be held at United Nations Headquarters "
            "in New York from 27 November to 1 December 2023;",
            "Confirms that the third Meeting of States Parties will be held at United Nations Headquarters "
            "in New York from 3 to 7 March 2025;",
        ),
        # Paragraphs of the year's report (A/RES/78/108 -> 79/121, OP10 and OP24).
        (
            "Takes note of paragraph 277 of the report of the International Law Commission, and requests "
            "the Secretary-General to continue his efforts",
            "Further takes note of paragraph 446 of the report of the International Law Commission, and "
            "requests the Secretary-General to continue his efforts",
        ),
        (
            "Takes note of paragraphs 293 to 298 of the report of the International Law Commission",
            "Takes note of paragraphs 467 to 469 of the report of the International Law Commission",
        ),
    ],
)
def test_technical_updates(old: str, new: str) -> None:
    assert technical_form(old) == technical_form(new)
    # The whole classification agrees, including its quick check on the diff.
    link = Link(("OP1",), ("OP1",), LinkKind.MODIFIED, diff=word_diff(old, new))
    para = [Paragraph("OP1", Part.OPERATIVE, 1, old)], [Paragraph("OP1", Part.OPERATIVE, 1, new)]
    assert classify(link, *para).change is Change.TECHNICAL


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Adopted by a vote of 55 in favour", "Adopted by a vote of 57 in favour"),  # a quantity
        ("invites all Member States", "invites Member States"),  # "all" removed
        ("Requests the Secretary-General", "Urges the Secretary-General"),  # a verb
        ("at its sixty-fifth session", "at its sixty-fifth session, and annually thereafter"),
        ("to appoint five experts", "to appoint seven experts"),  # a number in words
        ("for a period of 2 years after its adoption", "for a period of 3 years after its adoption"),
        # Another meeting added is no period moved.
        ("held on 22 October 2015 and 27 October 2022,", "held on 22 October 2015,"),
        ("for the first time", "for the second time"),  # an ordinal that is no session
        # Another paragraph of the same resolution is another text cited, not an update.
        ("Recalling paragraph 3 of resolution 70/1,", "Recalling paragraph 5 of resolution 70/1,"),
        # A list of resolutions grown by another title is no yearly update.
        ("resolutions 76/145 and 77/200 on the subject,", "resolutions 76/145 and 77/200 on the rights,"),
    ],
)
def test_substantive_changes_are_not_technical(old: str, new: str) -> None:
    assert technical_form(old) != technical_form(new)


def test_a_date_updated_beside_words_respaced_by_extraction_is_technical() -> None:
    # A/RES/78/66 -> 79/77, PP9: pdftotext split "Nuclear-Test-Ban" in the old text.
    old = "the statement by the Friends of the Comprehensive Nuclea rTest-Ban Treaty on 21 September 2022,"
    new = "the statement by the Friends of the Comprehensive Nuclear-Test-Ban Treaty on 24 September 2024,"
    link = Link(("PP9",), ("PP10",), LinkKind.MODIFIED, diff=word_diff(old, new))
    assert classify(link, [_para("PP9", old)], [_para("PP10", new)]).change is Change.TECHNICAL
    moved = new.replace("Comprehensive", "universal")  # a word changed as well: substantive
    link = Link(("PP9",), ("PP10",), LinkKind.MODIFIED, diff=word_diff(old, moved))
    assert classify(link, [_para("PP9", old)], [_para("PP10", moved)]).change is Change.SUBSTANTIVE


def test_link_classification_uses_the_technical_form() -> None:
    def para(pid: str, text: str) -> Paragraph:
        return Paragraph(pid, Part.OPERATIVE, int(pid[2:]), text)

    link = Link(("OP9",), ("OP12",), LinkKind.MODIFIED)
    old = [para("OP9", "Also requests the Secretary-General to report at its sixty-fifth session.")]
    new = [para("OP12", "Requests the Secretary-General to report at its sixty-seventh session;")]
    out = classify(link, old, new)
    assert out.change is Change.TECHNICAL
    assert out.verbs == ()  # "Also requests" -> "Requests" is sequencing, not strength


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Deeply concerned about the situation,", "Deeply concerned"),
        ("Taking note of the report,", "Taking note of"),
        ("Expresses its appreciation to all Member States", "Expresses its appreciation"),
        ("Strongly urges States to act", "Strongly urges"),
        ("Calls upon all States", "Calls upon"),
        ("Reiterates its call", "Reiterates"),
        ("Exhorts States to act", "Exhorts"),  # not in the vocabulary: first word
        ("Requests further the Office to act", "Requests further"),
    ],
)
def test_opening_phrases(text: str, phrase: str) -> None:
    assert opening_phrase(text) == phrase


def test_strength_directions() -> None:
    assert verb_direction("Encourages", "Urges") == "strengthened"
    assert verb_direction("Decides", "Invites") == "weakened"
    assert verb_direction("Also requests", "Requests") == "changed"  # same verb, not a move on the scale
    assert verb_direction("Welcomes", "Exhorts") == "changed"


@pytest.mark.parametrize(
    ("old", "new", "direction"),
    [
        # Approval: Welcomes with appreciation > Welcomes > Notes with appreciation > Takes note > Notes.
        ("Welcomes", "Notes", "weakened"),
        ("Also welcomes", "Notes", "weakened"),
        ("Takes note of", "Welcomes", "strengthened"),
        ("Welcomes", "Welcomes with appreciation", "strengthened"),
        ("Notes with appreciation", "Takes note of", "weakened"),
        ("Welcoming", "Taking note of", "weakened"),  # preambular forms are on the same scales
        ("Noting", "Welcoming", "strengthened"),
        # Concern: Condemns > Deplores > Expresses concern > Notes with concern > Notes.
        ("Condemns", "Notes", "weakened"),
        ("Strongly condemns", "Condemns", "weakened"),
        ("Deplores", "Condemns", "strengthened"),
        ("Expresses grave concern", "Notes", "weakened"),
        ("Notes with concern", "Expresses concern", "strengthened"),
        ("Expresses its deep concern", "Deplores", "strengthened"),
        # Intensifiers are part of the opener.
        ("Expresses concern", "Expresses grave concern", "strengthened"),
        ("Expresses its deep concern", "Expresses its concern", "weakened"),
        ("Noting with concern", "Noting with deep concern", "strengthened"),
        ("Alarmed", "Deeply alarmed", "strengthened"),
        ("Strongly urges", "Urges", "weakened"),
        ("Urges", "Strongly encourages", "weakened"),  # the verb outranks the intensifier
        ("Calls upon", "Urgently calls upon", "strengthened"),  # A/RES/78/32 -> 79/58, OP10
        # No direction: different things, or near-synonyms.
        ("Calls upon", "Recalls", "changed"),
        ("Welcomes", "Recalls", "changed"),
        ("Stresses", "Emphasizes", "changed"),
        ("Reaffirms", "Recognizes", "changed"),
    ],
)
def test_opener_scales(old: str, new: str, direction: str) -> None:
    assert verb_direction(old, new) == direction


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Expresses grave concern at the continued violations", "Expresses grave concern"),
        ("Expresses its deep concern about the situation", "Expresses its deep concern"),
        ("Noting with great concern that", "Noting with great concern"),
        ("Expresses its gratitude to the Government", "Expresses its gratitude"),
        ("Welcomes with appreciation the report", "Welcomes with appreciation"),
    ],
)
def test_openers_hold_their_intensifiers(text: str, phrase: str) -> None:
    assert opening_phrase(text) == phrase


def _para(pid: str, text: str) -> Paragraph:
    return Paragraph(pid, Part.OPERATIVE, int(pid[2:]), text)


_CONDEMNS = "Condemns all attacks against civilians, and notes the report of the Special Rapporteur;"


def test_a_split_reports_no_verb_change_for_pieces_with_their_own_opener() -> None:
    """The piece that keeps "Condemns" carries the old opener; the others open new paragraphs."""
    old = [_para("OP4", _CONDEMNS + " calls upon all parties to cooperate;")]
    new = [
        _para("OP4", "Condemns all attacks against civilians;"),
        _para("OP5", "Notes the report of the Special Rapporteur;"),
        _para("OP6", "Calls upon all parties to cooperate;"),
    ]
    link = Link(("OP4",), ("OP4", "OP5", "OP6"), LinkKind.SPLIT)
    link = replace(link, diff=word_diff(old[0].text, "\n".join(p.text for p in new)))
    assert classify(link, old, new).verbs == ()


def test_a_split_whose_pieces_all_change_the_verb_reports_the_first() -> None:
    old = [_para("OP4", _CONDEMNS)]
    new = [_para("OP4", "Deplores all attacks against civilians;"), _para("OP5", "Notes the report;")]
    link = Link(("OP4",), ("OP4", "OP5"), LinkKind.SPLIT)
    link = replace(link, diff=word_diff(old[0].text, "\n".join(p.text for p in new)))
    (verb,) = classify(link, old, new).verbs
    assert (verb.new_id, verb.old, verb.new, verb.direction) == ("OP4", "Condemns", "Deplores", "weakened")


def test_a_merge_keeps_the_opener_of_the_piece_that_has_it() -> None:
    old = [_para("OP3", "Notes the report;"), _para("OP4", "Welcomes the new strategy;")]
    new = [_para("OP3", "Welcomes the new strategy and notes the report;")]
    link = Link(("OP3", "OP4"), ("OP3",), LinkKind.MERGED)
    link = replace(link, diff=word_diff("\n".join(p.text for p in old), new[0].text))
    assert classify(link, old, new).verbs == ()


def test_a_paragraph_moved_to_the_preamble_keeps_its_verb() -> None:
    old = [_para("OP3", "Welcomes the new strategy;")]
    new = [Paragraph("PP5", Part.PREAMBLE, 5, "Welcoming the new strategy,")]
    link = Link(("OP3",), ("PP5",), LinkKind.MOVED, diff=word_diff(old[0].text, new[0].text))
    assert classify(link, old, new).verbs == ()


def test_a_quantity_change_is_substantive_end_to_end(tmp_path: Path) -> None:
    from conftest import NEW

    text = NEW.read_text(encoding="utf-8")
    changed = tmp_path / "changed.txt"
    changed.write_text(
        text.replace("sixty-seventh session", "sixty-seventh session and every two years"), encoding="utf-8"
    )
    c = compare(NEW, changed)
    (link,) = [link for link in c.links if link.kind is not LinkKind.UNCHANGED]
    assert link.change is Change.SUBSTANTIVE


# ---------------------------------------------------------------- editorial changes and the digest


def test_a_comma_inserted_is_editorial_on_a_real_pair() -> None:
    from conftest import TEXTS

    c = compare(TEXTS / "A_RES_78_233.txt", TEXTS / "A_RES_79_218.txt")
    link = link_for(c, "OP19")
    assert link.new == ("OP20",) and [s.text for s in link.diff if s.op.value != "equal"] == [","]
    assert link.change is Change.EDITORIAL and link.words_added == link.words_removed == 0
    assert c.digest.editorial == sum(k.change is Change.EDITORIAL for k in c.links) >= 1
    assert all(item.old != link.old for item in c.digest.substantive)
    assert "#### OP19 → OP20 (modified, editorial)" in render_markdown(c)
    assert "c-editorial" in render_html(c).split('id="new-OP20"')[0].rsplit("<tr", 1)[1]


def punctuated(p: Paragraph) -> str:
    """A real paragraph with two commas inserted and its closing mark changed."""
    words = p.text.split(" ")
    words[2] += ","
    words[5] += ","
    return " ".join(words)[:-1] + (";" if p.text.endswith(".") else ".")


@pytest.mark.parametrize(
    ("change", "edit", "words"),
    [
        (Change.EDITORIAL, punctuated, (0, 0)),
        # A session updated and a comma inserted: still a technical update.
        (Change.TECHNICAL, lambda p: punctuated(p).replace("sixty-seventh", "sixty-ninth"), (1, 1)),
        # A word inserted with the commas: substantive, and only the word counts.
        (Change.SUBSTANTIVE, lambda p: punctuated(p).replace(" to ", " urgently to ", 1), (1, 0)),
    ],
)
def test_punctuation_is_editorial_and_no_word(
    change: Change, edit: Callable[[Paragraph], str], words: tuple[int, int]
) -> None:
    from conftest import NEW

    res = parse(NEW)
    target = next(p for p in res.paragraphs if "sixty-seventh" in p.text and " to " in p.text)
    new = replace(
        res, paragraphs=tuple(replace(p, text=edit(p)) if p is target else p for p in res.paragraphs)
    )
    c = compare(res, new)
    (link,) = [link for link in c.links if link.kind is not LinkKind.UNCHANGED]
    assert link.change is change
    assert (link.words_added, link.words_removed) == words
    assert (c.digest.editorial, c.digest.technical) == (
        change is Change.EDITORIAL,
        change is Change.TECHNICAL,
    )


def test_the_digest_of_a_long_text_is_short_and_every_entry_links_to_its_row() -> None:
    from conftest import TEXTS

    c = compare(TEXTS / "A_RES_78_69.txt", TEXTS / "A_RES_79_144.txt")
    sections = digest_sections(c)
    substantive = next(s for s in sections if s.key == "substantive")
    assert len(substantive.entries) == len(c.digest.substantive) > 2 * DIGEST_TOP
    # Plain text: the counts first, then at most DIGEST_TOP lines a list and how many more.
    text = render_digest(c).splitlines()
    assert text[0].endswith(summary_line(c)) and text[1] == f"Changes: {change_counts(c)}."
    assert f"  … and {len(substantive.more)} more (see the report)" in text
    assert len(text) <= 4 + sum(len(s.top) + 3 for s in sections)
    # HTML: counts, then each list; the rest of a long list folded in a <details>.
    html = render_html(c)
    digest = html.split('<section class="digest"')[1].split("</section>")[0]
    assert digest.index('class="d-counts"') < digest.index("<h3")
    block = digest.split('class="d-list d-substantive"')[1].split("</div>")[0]
    top, more = block.split("<details>")
    assert top.count("<li>") == DIGEST_TOP and f"<summary>{len(substantive.more)} more</summary>" in more
    assert more.count("<li>") == len(substantive.more)
    ids = set(re.findall(r'id="([^"]+)"', html))
    hrefs = re.findall(r'href="#([^"]+)"', digest)
    assert len(hrefs) == sum(len(s.entries) for s in sections) and set(hrefs) <= ids
    # Markdown: each entry links to its paragraph's heading, as GitHub names it.
    md = render_markdown(c)
    slugs = {
        heading_slug(line.lstrip("#").strip().replace("\\", ""))
        for line in md.splitlines()
        if line.startswith("#")
    }
    links = re.findall(r"^- \[[^\]]+\]\(#([^)]+)\)", md, re.M)
    assert len(links) == len(hrefs) and set(links) <= slugs
