"""Cross-references between paragraphs: followed (technical) or stale, on real texts.

The oceans resolution A/RES/79/144 refers to its own paragraphs ("paragraph
94 above", "paragraph 377 above"). New versions of it are made here by
deleting or inserting operative paragraphs, with and without updating the
references, as a drafter would (or would forget to).
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import cache

import pytest
from conftest import TEXTS

from diffcore import Comparison, Resolution, compare, parse
from diffcore.crossrefs import find_refs
from diffcore.model import Change, Hide, LinkKind, Paragraph, Part
from diffcore.render import render_digest, render_html, render_json, render_markdown

# A reference to one paragraph by number, as the oceans texts write them.
REF = re.compile(r"(?<=paragraph )(\d+)(?= above)")


@cache
def oceans() -> Resolution:
    return parse(TEXTS / "A_RES_79_144.txt")


def edited(
    res: Resolution, delete: str = "", insert_after: str = "", update_refs: bool = False
) -> tuple[Resolution, dict[int, int]]:
    """``res`` with one operative paragraph deleted or one inserted, renumbered like a real text;
    the references updated or not. Also the old number -> new number of every kept paragraph."""
    inserted = Paragraph("", Part.OPERATIVE, None, "Decides to remain seized of the matter.")
    order: list[Paragraph] = []
    for p in res.paragraphs:
        if p.id != delete:
            order.append(p)
        if p.id == insert_after:
            order.append(inserted)
    numbers: dict[int, int] = {}
    out = []
    n = 0
    for p in order:
        if p.part is Part.OPERATIVE:
            n += 1
            if p.number is not None:
                numbers[p.number] = n
            p = replace(p, id=f"OP{n}", number=n)
        out.append(p)
    if update_refs:
        out = [replace(p, text=REF.sub(lambda m: str(numbers[int(m.group(1))]), p.text)) for p in out]
    return replace(res, paragraphs=tuple(out)), numbers


def referring(res: Resolution) -> dict[str, list[int]]:
    """Each paragraph that refers to others by number, and those numbers."""
    return {p.id: [int(m) for m in REF.findall(p.text)] for p in res.paragraphs if REF.search(p.text)}


def test_the_oceans_text_refers_to_its_own_paragraphs() -> None:
    refs = {p.id: [r.targets for r in find_refs(p)] for p in oceans().paragraphs if find_refs(p)}
    assert refs == {pid: [(f"OP{n}",) for n in ns] for pid, ns in referring(oceans()).items()}
    assert len(refs) >= 6


def test_references_that_followed_the_renumbering_are_technical_on_the_real_pair() -> None:
    c = compare(TEXTS / "A_RES_78_69.txt", TEXTS / "A_RES_79_144.txt")
    old_refs = referring(c.old)
    renumbered = [
        link
        for link in c.links
        if link.old
        and link.new
        and link.old[0] in old_refs
        and referring(c.new).get(link.new[0]) != old_refs[link.old[0]]
    ]
    # 78/69 OP100 "paragraph 99 above" became 79/144 OP95 "paragraph 94 above", and so on.
    assert len(renumbered) >= 6
    for link in renumbered:
        (target,) = {f"OP{n}" for n in old_refs[link.old[0]]}
        now = next(k for k in c.links if target in k.old).new
        assert [f"OP{n}" for n in referring(c.new)[link.new[0]]] == [now[0]]
        assert link.change is Change.TECHNICAL, link
    assert c.digest.stale_refs == ()


@pytest.mark.parametrize("update_refs", [False, True])
def test_deleting_a_paragraph_before_the_targets(update_refs: bool) -> None:
    new, numbers = edited(oceans(), delete="OP50", update_refs=update_refs)
    c = compare(oceans(), new)
    shifted = {
        f"OP{numbers[int(pid[2:])]}": ns for pid, ns in referring(oceans()).items() if any(n > 50 for n in ns)
    }
    assert shifted  # the oceans text refers to paragraphs after OP50
    if update_refs:
        assert c.digest.stale_refs == ()
        changed = [link for link in c.links if link.new and link.new[0] in shifted]
        assert {link.change for link in changed} == {Change.TECHNICAL}
        return
    stale = {r.new_id: r for r in c.digest.stale_refs}
    assert set(stale) == set(shifted)
    for pid, r in stale.items():
        (n,) = shifted[pid]
        assert (r.old_target, r.became, r.new_target) == (f"OP{n}", (f"OP{numbers[n]}",), f"OP{n}")
        assert r.text == f"paragraph {n} above"
    # Unchanged paragraphs carry the mark too: their words are the same, their reference is not.
    assert any(link.kind is LinkKind.UNCHANGED and link.stale_refs for link in c.links)


def test_deleting_the_target_itself() -> None:
    target = next(ns[0] for ns in referring(oceans()).values())
    new, _ = edited(oceans(), delete=f"OP{target}")
    c = compare(oceans(), new)
    gone = [r for r in c.digest.stale_refs if r.old_target == f"OP{target}"]
    assert gone and all(r.became == () and r.new_target == f"OP{target}" for r in gone)
    assert "which was deleted" in gone[0].reason


def test_inserting_a_paragraph_without_updating_the_references() -> None:
    new, numbers = edited(oceans(), insert_after="OP10")
    c = compare(oceans(), new)
    expected = {f"OP{numbers[int(pid[2:])]}" for pid in referring(oceans())}
    assert {r.new_id for r in c.digest.stale_refs} == expected
    assert all(r.became == (f"OP{int(r.old_target[2:]) + 1}",) for r in c.digest.stale_refs)


def test_a_reference_to_no_paragraph_or_to_the_wrong_side() -> None:
    last = max(p.number or 0 for p in oceans().paragraphs)
    texts = {
        "OP5": f"{oceans().paragraph('OP5').text[:-1]}, as set out in paragraph {last + 1} above;",
        "OP6": f"{oceans().paragraph('OP6').text[:-1]}, as set out in paragraph 20 above;",
    }
    new = replace(
        oceans(), paragraphs=tuple(replace(p, text=texts.get(p.id, p.text)) for p in oceans().paragraphs)
    )
    c = compare(oceans(), new)
    by_id = {r.new_id: r for r in c.digest.stale_refs}
    assert set(by_id) == {"OP5", "OP6"}
    assert by_id["OP5"].new_target == "" and "no paragraph" in by_id["OP5"].reason
    assert by_id["OP6"].wrong_side and by_id["OP6"].reason == "says above, but OP20 stands below OP6"


def stale_comparison() -> Comparison:
    new, _ = edited(oceans(), delete="OP50")
    return compare(oceans(), new)


def test_every_output_shows_the_stale_references() -> None:
    c = stale_comparison()
    stale = c.digest.stale_refs
    doc = json.loads(render_json(c))
    assert [r["new_id"] for r in doc["digest"]["stale_refs"]] == [r.new_id for r in stale]
    on_links = [r for link in doc["links"] for r in link.get("stale_refs", [])]
    assert on_links == doc["digest"]["stale_refs"] and on_links[0]["reason"] == stale[0].reason
    html = render_html(c)
    digest = html.split('<section class="digest"')[1].split("</section>")[0]
    assert f"Stale cross-references ({len(stale)})" in digest
    for r in stale:
        assert f'<a href="#new-{r.new_id}">{r.new_id}</a>' in digest
        row = html.split(f'id="new-{r.new_id}"')[1].split("</th>")[0]
        assert 'class="stale"' in row and r.reason in row
    text = render_digest(c)
    assert f"Stale cross-references ({len(stale)})" in text and stale[0].reason in text
    md = render_markdown(c)
    assert f"### Stale cross-references ({len(stale)})" in md and f"[{stale[0].new_id}](#" in md


def with_texts(res: Resolution, texts: dict[str, str]) -> Resolution:
    return replace(res, paragraphs=tuple(replace(p, text=texts.get(p.id, p.text)) for p in res.paragraphs))


@pytest.mark.parametrize("update_refs", [False, True])
def test_a_sub_paragraph_reference_follows_the_sub_paragraph_by_its_text(update_refs: bool) -> None:
    # OP190 of the oceans text has sub-paragraphs (a) to (d); OP191 is made to refer to (c).
    chapeau, *subs = oceans().paragraph("OP190").text.split("\n")
    refers = oceans().paragraph("OP191").text[:-1] + ", as recalled in paragraph 190 (c) above;"
    old = with_texts(oceans(), {"OP191": refers})
    # The new text inserts a sub-paragraph before (b): (b) becomes (c), (c) becomes (d).
    inserted = "Stresses the importance of ecosystem approaches;"
    relettered = [
        f"({'abcde'[k]}) {line[4:]}" for k, line in enumerate([subs[0], "(x) " + inserted, *subs[1:]])
    ]
    new = with_texts(
        old,
        {
            "OP190": "\n".join([chapeau, *relettered]),
            "OP191": refers.replace("190 (c)", "190 (d)") if update_refs else refers,
        },
    )
    c = compare(old, new)
    link = next(link for link in c.links if link.new == ("OP191",))
    if update_refs:
        assert link.change is Change.TECHNICAL and c.digest.stale_refs == ()
        return
    (stale,) = c.digest.stale_refs
    assert (stale.new_id, stale.old_target, stale.became, stale.new_target) == (
        "OP191",
        "OP190 (c)",
        ("OP190 (d)",),
        "OP190 (c)",
    )
    assert link.stale_refs == (stale,)


def test_a_stale_reference_in_an_unchanged_paragraph_is_not_hidden() -> None:
    from diffcore.render import ReportOptions

    c = stale_comparison()
    r = c.digest.stale_refs[0]
    options = ReportOptions(hide=frozenset({Hide.UNCHANGED}))
    md = render_markdown(c, options)
    assert "(unchanged)" in md and f"[{r.new_id}](#" in md
    assert f"**⚠ Stale cross-reference:** “{r.text}” {r.reason}" in md
    html = render_html(c, options)
    row = html.split(f'id="new-{r.new_id}"')[0].rsplit("<tr", 1)[1]
    assert "k-unchanged" in row and "s-stale" in row
    assert "tr.k-unchanged.s-stale { display: table-row; }" in html


def test_a_followed_reference_with_a_comma_inserted_is_still_technical() -> None:
    new, numbers = edited(oceans(), delete="OP50", update_refs=True)
    pid, ns = next((pid, ns) for pid, ns in referring(oceans()).items() if ns[0] > 50)
    now = f"OP{numbers[int(pid[2:])]}"
    text = new.paragraph(now).text.replace(
        f"paragraph {numbers[ns[0]]} above", f"paragraph {numbers[ns[0]]} above,"
    )
    assert text != new.paragraph(now).text
    c = compare(oceans(), with_texts(new, {now: text}))
    link = next(link for link in c.links if link.new == (now,))
    assert link.change is Change.TECHNICAL and c.digest.stale_refs == ()
