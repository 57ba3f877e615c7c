"""Rendering: self-contained, escaped, deterministic HTML; the JSON contract."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import pytest
from conftest import NEW, OLD, SAMPLES, TEXTS

from diffcore import Comparison, ResdiffError, compare, render_html, render_json
from diffcore.model import Collapse, MatchedBy, Paper, View
from diffcore.render import ReportOptions
from diffcore.render.markdown import render_markdown
from diffcore.render.text import render_digest
from diffcore.render.views import paired_by_line, report_rows, sections, side_labels


def test_json_contract_and_exact_rebuild(sample_comparison: Comparison) -> None:
    doc = json.loads(render_json(sample_comparison))
    assert (doc["format"], doc["version"]) == ("resdiff-comparison", 4)
    assert doc["old"]["metadata"]["symbol"] == "A/RES/64/177"
    assert doc["new"]["paragraphs"][0] == {
        "id": "PP1",
        "part": "preamble",
        "number": None,
        "section": "",
        "text": "Reaffirming all General Assembly and Security Council resolutions related to "
        "technical assistance in countering terrorism,",
        "footnotes": [],
    }
    texts = {(side, p["id"]): p["text"] for side in ("old", "new") for p in doc[side]["paragraphs"]}
    for link in doc["links"]:
        for side, keep in (("old", "delete"), ("new", "insert")):
            rebuilt = "".join(s["text"] for s in link["diff"] if s["op"] in ("equal", keep))
            assert rebuilt == "\n".join(texts[(side, i)] for i in link[side])
        if link["kind"] == "added":
            assert link["old"] == []
        if link["kind"] == "deleted":
            assert link["new"] == []
    summary = doc["summary"]
    assert sum(
        summary[k] for k in ("unchanged", "modified", "moved", "split", "merged", "added", "deleted")
    ) == len(doc["links"])


def test_html_is_self_contained(sample_comparison: Comparison) -> None:
    html = render_html(sample_comparison)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "<link" not in html and "<script src" not in html


def test_html_marks_changes_with_ins_and_del_and_labels_rows(sample_comparison: Comparison) -> None:
    html = render_html(sample_comparison)
    assert (
        '<span class="anchor" id="old-OP5">OP5</span> → <span class="anchor" id="new-OP4">OP4</span>' in html
    )
    assert "OP5 was split into OP4 and OP6" in html
    assert "<del>sixty-fifth</del>" in html and "<ins>sixty-seventh</ins>" in html
    assert 'id="old-OP5"' in html and 'id="new-OP6"' in html
    assert "A/RES/64/177" in html and "2011-12-19" in html
    assert "Footnotes" in html


def test_document_text_is_escaped(tmp_path: Path) -> None:
    hostile = (
        NEW.read_text()
        .replace(
            "Reaffirming all General Assembly",
            "Reaffirming <script>alert('x')</script> & <b>all</b> General Assembly",
        )
        .replace("counter-terrorism\n", "counter-terrorism <img src=x onerror=alert(1)>\n", 1)
    )
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    html = render_html(compare(OLD, path))
    assert "<script>alert" not in html and "<img" not in html and "<b>all" not in html
    assert html.count("<script>") == 1  # the report's own, inline
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_output_is_deterministic() -> None:
    first = compare(OLD, NEW)
    second = compare(OLD, NEW)
    assert render_html(first) == render_html(second)
    assert render_json(first) == render_json(second)


def test_both_views_are_in_the_file_and_the_chosen_one_is_checked(sample_comparison: Comparison) -> None:
    side = render_html(sample_comparison)
    assert 'id="view-side" class="switch" checked' in side and 'id="view-inline" class="switch">' in side
    inline = render_html(sample_comparison, ReportOptions(view=View.INLINE))
    assert 'id="view-inline" class="switch" checked' in inline
    # The inline cell holds both sides; a split's paragraph break is marked as inserted.
    cell = re.search(
        r'<td class="inline only-inline" colspan="2">(.*?)</td>', side.split('id="new-OP4"')[1], re.S
    )
    assert cell and "<del>" in cell.group(1) and "<ins>" in cell.group(1)
    split = render_html(compare(SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf"))
    assert '<ins class="mark" title="paragraph break inserted">¶</ins>' in split
    for kind in ("modified", "added", "deleted", "substantive", "technical"):
        assert f'<label for="only-{kind}" class="radio">' in side


def test_every_paragraph_has_one_anchor_and_moves_link_to_their_other_place(
    sample_comparison: Comparison,
) -> None:
    html = render_html(sample_comparison)
    ids = re.findall(r'id="((?:old|new)-[A-Z]+\d+)"', html)
    assert len(ids) == len(set(ids))
    assert set(ids) == {f"old-{p.id}" for p in sample_comparison.old.paragraphs} | {
        f"new-{p.id}" for p in sample_comparison.new.paragraphs
    }
    moved = render_html(compare(SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf"))
    assert '<span class="ids" id="at-old-OP25">' in moved
    assert 'OP25 stood here; moved to OP22: <a href="#old-OP25">see OP25 → OP22</a>' in moved
    assert '<a href="#at-old-OP25">OP25: old place</a>' in moved


def test_labels_title_and_paper_reach_the_page_and_are_escaped(sample_comparison: Comparison) -> None:
    options = ReportOptions(
        title='Draft "A" </style><script>x</script>',
        old_label="2009 <i>",
        new_label="2011",
        paper=Paper.LETTER,
    )
    html = render_html(sample_comparison, options)
    assert "<h1>Draft &#34;A&#34; &lt;/style&gt;&lt;script&gt;x&lt;/script&gt;</h1>" in html
    assert "<h2>Old: 2009 &lt;i&gt;</h2>" in html and "<h2>New: 2011</h2>" in html
    style = html.split("<style>")[1].split("</style>")[0]
    assert "size: Letter landscape;" in style
    assert "<" not in style.split("@page {\n  size")[1] and '"Draft \\22 A\\22 ' in style
    assert 'counter(page) " of " counter(pages)' in style
    with pytest.raises(ResdiffError):
        ReportOptions(view=cast(View, "stacked"))  # a value from outside the enum, as a caller may pass


def test_side_labels_fall_back_to_years() -> None:
    from dataclasses import replace

    c = compare(OLD, NEW)
    blank = replace(
        c,
        old=replace(c.old, metadata=replace(c.old.metadata, symbol="")),
        new=replace(c.new, metadata=replace(c.new.metadata, symbol="")),
    )
    assert side_labels(blank) == ("2009", "2011")
    assert side_labels(blank, ReportOptions(old_label="draft")) == ("draft", "2011")


def test_json_says_how_each_link_was_made_and_counts_by_pass(sample_comparison: Comparison) -> None:
    doc = json.loads(render_json(sample_comparison))
    passes = [by.value for by in MatchedBy]
    for link in doc["links"] + doc["footnote_links"]:
        assert link["matched_by"] in passes and isinstance(link["in_place"], bool)
        assert (link["matched_by"] == "unmatched") == (not link["old"] or not link["new"])
    split = next(link for link in doc["links"] if link["kind"] == "split")
    assert (split["matched_by"], split["in_place"]) == ("split_piece", True)
    moved = next(link for link in doc["links"] if link["kind"] == "moved")
    assert not moved["in_place"]
    counts = doc["digest"]["matched_by"]
    assert list(counts) == passes
    assert counts == {by: sum(link["matched_by"] == by for link in doc["links"]) for by in passes}


def test_each_row_says_why_it_was_paired_and_the_digest_counts_by_pass() -> None:
    c = compare(SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf")
    html = render_html(c)
    label = html.split('id="new-OP36"')[1].split("</th>")[0]
    # 0.278, below the threshold, with a runner-up scoring more: made by the lone rewrite in place.
    assert (
        '<span class="how">paired: rewritten in place, alone in its gap, another opening word, '
        "between OP35 and OP37; next best OP1 (0.29)</span>"
    ) in label
    assert '<span class="how">split: pieces of OP43</span>' in html
    assert '<span class="how">paired: identical text</span>' in html
    digest = '<p class="how">How paired: '
    assert digest in html and "1 in place rather than moved" in html.split(digest)[1].split("</p>")[0]
    assert f"How paired: {paired_by_line(c)}." in render_digest(c)
    assert f"How paired: {paired_by_line(c)}" in render_markdown(c)
    style = html.split("<style>")[1].split("</style>")[0]
    assert "th.label .how" in style.split("@media print")[1]  # kept, smaller, in print


# ---------------------------------------------------------------- long texts (issue 14)

OCEANS = (TEXTS / "A_RES_78_69.txt", TEXTS / "A_RES_79_144.txt")


@pytest.fixture(scope="module")
def oceans() -> Comparison:
    return compare(*OCEANS)


def _anchors(html: str) -> list[str]:
    return re.findall(r'id="((?:old|new)-[A-Z]+\d+)"', html)


def test_a_long_text_folds_its_unchanged_runs_and_shows_unchanged_text_once(oceans: Comparison) -> None:
    folded = render_html(oceans)
    full = render_html(oceans, ReportOptions(collapse=Collapse.NEVER))
    runs = [r for r in report_rows(oceans) if r.run]
    assert runs and all(len(r.run) >= 3 for r in runs)
    # The digest folds its long lists too: count the folded runs' rows.
    assert folded.count('<tr class="run ') == len(runs) and '<tr class="run ' not in full
    first = runs[0].run[0].new[0].id
    assert f"{first}\u2013" in folded and "unchanged paragraphs</summary>" in folded
    # Every paragraph keeps its one anchor, folded or not, so every link still lands.
    every = {f"old-{p.id}" for p in oceans.old.paragraphs} | {f"new-{p.id}" for p in oceans.new.paragraphs}
    for html in (folded, full):
        ids = _anchors(html)
        assert len(ids) == len(set(ids)) and set(ids) == every
    # An unchanged paragraph's text is in the file once, not once per side and view.
    text = next(p.text for p in oceans.new.paragraphs if p.id == first)
    assert folded.count(text[:60].replace("'", "&#39;").replace('"', "&#34;")) == 1
    assert '<tr class="run ' not in render_html(compare(OLD, NEW))  # a short text shows everything


def test_the_table_of_contents_links_each_section_with_its_changes(oceans: Comparison) -> None:
    html = render_html(oceans)
    toc = sections(report_rows(oceans))
    headings = list(dict.fromkeys(p.section for p in oceans.new.paragraphs if p.section))
    assert [s.heading for s in toc] == headings
    table = html.split('id="changes-h"')[1].split("</tbody>")[0]
    for k, s in enumerate(toc):
        assert f'<a href="#{s.id}">{s.heading}</a>' in html.replace("&#39;", "'")
        body = table.split(f'id="{s.id}"')[1]
        if k + 1 < len(toc):
            body = body.split(f'id="{toc[k + 1].id}"')[0]
        changed = re.findall(r'<tr class="row k-(\w+)[^"]*"', body)
        pieces = len(re.findall(r'<tr class="row k-split[^"]* piece', body))
        assert s.changes == len([kind for kind in changed if kind != "unchanged"]) - pieces


def test_section_events_reach_the_json_digest_and_the_report(oceans: Comparison, tmp_path: Path) -> None:
    doc = json.loads(render_json(oceans))
    assert {
        "event": "merged",
        "old": "XIII. Regional cooperation",
        "new": "XIV. Coordination and cooperation",
    } in (doc["digest"]["sections"])
    assert "Section “XIII. Regional cooperation” was dissolved into “XIV. Coordination and cooperation”" in (
        render_html(oceans)
    )
    # The same text with one heading renamed: one event, and none for a text against itself.
    new = (
        OCEANS[1]
        .read_text(encoding="utf-8")
        .replace("\nV\nThe Area\n", "\nV\nThe international seabed Area\n")
    )
    renamed = tmp_path / "renamed.txt"
    renamed.write_text(new, encoding="utf-8")
    events = {(e.kind, e.old, e.new) for e in compare(OCEANS[1], renamed).digest.sections}
    assert events == {("renamed", "V. The Area", "V. The international seabed Area")}
    assert compare(OCEANS[1], OCEANS[1]).digest.sections == ()


def test_a_split_shows_each_piece_at_its_place_and_placeholders_speak_of_the_past(oceans: Comparison) -> None:
    html = render_html(compare(OLD, NEW))
    order = [m for m in re.findall(r'id="new-(OP\d+)"', html)]
    assert order.index("OP4") < order.index("OP5") < order.index("OP6")
    piece = html.split('id="new-OP6"')[0].rsplit("<tr ", 1)[1]
    assert piece.startswith('class="row k-split') and " piece" in piece.split(">")[0]
    assert "OP6 is a piece of OP5 → OP4, OP6" in html.split('id="new-OP6"')[1].split("</tr>")[0]
    for c in (oceans, compare(SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf")):
        notes = [r.note for r in report_rows(c) if r.placeholder]
        assert notes and all(" stood here; " in n for n in notes)
        moves = [m for n in notes for m in re.findall(r"^(\w+) stood here; moved to (\w+)", n)]
        assert all(old != new for old, new in moves)


def test_the_change_map_has_one_mark_per_change_each_linking_to_its_row(oceans: Comparison) -> None:
    html = render_html(oceans)
    strip = html.split('<nav class="map"')[1].split("</nav>")[0]
    found = re.findall(r'<a href="#([^"]+)" class="m-(\w+) at(\d+)"', strip)
    # Each mark is placed by a rule in the style element, not a style attribute (CSP).
    place = dict(re.findall(r"\.map a\.at(\d+) \{ top: ([\d.]+)%; \}", html))
    marks = [(anchor, kind, place[k]) for anchor, kind, k in found]
    assert "style=" not in strip
    changed = [r for r in report_rows(oceans) if r.kind != "unchanged" and not r.placeholder]
    assert len(marks) == len(changed) > 100
    tops = [float(t) for _, _, t in marks]
    assert tops == sorted(tops) and tops[0] >= 0 and tops[-1] < 100
    for anchor, kind, _ in marks:
        assert f'id="{anchor}"' in html and kind in {
            "modified",
            "moved",
            "split",
            "merged",
            "added",
            "deleted",
        }


def test_tall_rows_may_break_across_printed_pages(oceans: Comparison) -> None:
    html = render_html(oceans)
    style = html.split("<style>")[1].split("</style>")[0].split("@media print")[1]
    assert "tr.row:not(.tall)" in style and "break-inside: avoid" in style
    tall = [r for r in report_rows(oceans) if r.tall]
    shown = [r for r in tall if not r.placeholder and not r.run and r.kind != "unchanged"]
    assert shown and html.count(' tall" tabindex') == len(shown)
