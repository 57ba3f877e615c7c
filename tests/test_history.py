"""The life of one text: lineages threaded through real draft chains, their pages and the command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import PDFS, ROOT, TEXTS
from typer.testing import CliRunner

from cli.main import app
from diffcore import LinkKind, Options, ResdiffError, parse
from diffcore.history import (
    History,
    Lineage,
    history,
    render_history_html,
    render_history_json,
    render_history_markdown,
    thread_history,
)

# Earlier resolution -> original draft -> Vice-Chair's draft -> adopted resolution.
LDC = ("A_RES_79_218", "A_C.2_80_L.5", "A_C.2_80_L.48", "A_RES_80_150")
ICT = ("A_RES_79_194", "A_C.2_80_L.17", "A_C.2_80_L.58", "A_RES_80_118")
LDC_PDF = ("A_C.2_80_L.5", "A_C.2_80_L.48", "A_RES_80_150")


@cache
def chain(names: tuple[str, ...], folder: Path = TEXTS, suffix: str = ".txt") -> History:
    return history([folder / f"{n}{suffix}" for n in names])


CHAINS = [(LDC, TEXTS, ".txt"), (ICT, TEXTS, ".txt"), (LDC_PDF, PDFS, ".pdf")]


def lineage_of(h: History, version: int, pid: str) -> Lineage:
    return next(lin for lin in h.lineages if pid in [p.id for p in lin.cells[version]])


@pytest.mark.parametrize("names,folder,suffix", CHAINS, ids=["ldc", "ict", "ldc-pdf"])
def test_every_paragraph_stands_in_exactly_one_cell(
    names: tuple[str, ...], folder: Path, suffix: str
) -> None:
    h = chain(names, folder, suffix)
    assert [v.resolution.metadata.symbol.replace("/", "_") for v in h.versions] == list(names)
    for v, version in enumerate(h.versions):
        placed = [p.id for lin in h.lineages for p in lin.cells[v]]
        assert sorted(placed) == sorted(p.id for p in version.resolution.paragraphs)
        assert len(placed) == len(set(placed))
        # Within a cell, paragraphs keep their document order.
        order = {p.id: k for k, p in enumerate(version.resolution.paragraphs)}
        for lin in h.lineages:
            ks = [order[p.id] for p in lin.cells[v]]
            assert ks == sorted(ks)


@pytest.mark.parametrize("names,folder,suffix", CHAINS, ids=["ldc", "ict", "ldc-pdf"])
def test_lineages_follow_the_pairwise_links(names: tuple[str, ...], folder: Path, suffix: str) -> None:
    h = chain(names, folder, suffix)
    for k, c in enumerate(h.comparisons):
        assert (c.old, c.new) == (h.versions[k].resolution, h.versions[k + 1].resolution)
        threaded = [link for lin in h.lineages for link in lin.steps[k]]
        assert sorted(map(repr, threaded)) == sorted(map(repr, c.links))  # each link in one lineage
        for lin in h.lineages:
            # A lineage's links of a step join exactly its paragraphs on each side.
            assert sorted(i for link in lin.steps[k] for i in link.old) == sorted(p.id for p in lin.cells[k])
            assert sorted(i for link in lin.steps[k] for i in link.new) == sorted(
                p.id for p in lin.cells[k + 1]
            )


def test_lineages_come_in_the_order_of_the_latest_version_they_are_in() -> None:
    h = chain(LDC)
    final = [p.id for lin in h.lineages for p in lin.cells[-1]]
    assert final == [p.id for p in h.versions[-1].resolution.paragraphs]
    # A paragraph deleted in L.5 stands right after the one before it in 79/218.
    gone = lineage_of(h, 0, "PP3")
    assert gone.last == 0 and gone.steps[0][0].kind is LinkKind.DELETED
    before = h.lineages[h.lineages.index(gone) - 1]
    assert [p.id for p in before.cells[0]] == ["PP2"]


def test_a_paragraph_added_in_the_vice_chairs_draft_comes_in_there() -> None:
    h = chain(LDC)
    added = [lin for lin in h.lineages if lin.first == 2]
    assert len(added) == 4
    lin = lineage_of(h, 2, "PP10")
    assert lin in added and lin.cells[2][0].text.startswith("Welcoming also the convening of the Summit")
    assert [step[0].kind for step in lin.steps[1:]] == [LinkKind.ADDED, LinkKind.UNCHANGED]
    article = _article(render_history_html(h), lin.id)
    assert "came in at A/C.2/80/L.48" in article
    # Every paragraph of the adopted text that no earlier version had came in somewhere.
    assert all(lin.steps[lin.first - 1][0].kind is LinkKind.ADDED for lin in h.lineages if lin.first)


def test_a_split_shows_every_piece() -> None:
    h = chain(LDC)
    lin = lineage_of(h, 1, "OP37")
    (split,) = lin.steps[1]
    assert split.kind is LinkKind.SPLIT and split.new == ("OP39", "OP40", "OP41", "OP42")
    assert [[p.id for p in cell] for cell in lin.cells] == [
        ["OP43"],
        ["OP37"],
        list(split.new),
        list(split.new),
    ]
    article = _article(render_history_html(h), lin.id)
    assert "OP37 was split into OP39 and OP40 and OP41 and OP42" in article
    for pid in split.new:
        assert f'<span class="pid">{pid}</span>' in article
    # The merge in L.48 of two paragraphs L.5 added keeps both parts in one lineage.
    merged = lineage_of(h, 2, "OP78")
    assert [p.id for p in merged.cells[1]] == ["OP75", "OP76"] and merged.first == 1


def test_history_json_contract() -> None:
    h = chain(ICT)
    doc = json.loads(render_history_json(h))
    assert (doc["format"], doc["version"]) == ("resdiff-history", 1)
    assert [v["label"] for v in doc["versions"]] == [v.label for v in h.versions]
    assert [v["source"] for v in doc["versions"]] == [f"{n}.txt" for n in ICT]
    assert [s["summary"] for s in doc["steps"]] == [c.summary for c in h.comparisons]
    assert len(doc["lineages"]) == len(h.lineages)
    for entry, lin in zip(doc["lineages"], h.lineages, strict=True):
        assert entry["id"] == lin.id and (entry["first"], entry["last"]) == (lin.first, lin.last)
        assert [[p["id"] for p in cell] for cell in entry["cells"]] == [[p.id for p in c] for c in lin.cells]
        assert [[link["kind"] for link in step] for step in entry["steps"]] == [
            [link.kind.value for link in step] for step in lin.steps
        ]


def test_output_is_the_same_for_any_number_of_jobs() -> None:
    paths = [TEXTS / f"{n}.txt" for n in ICT]
    one, two = history(paths, Options(jobs=1)), history(paths, Options(jobs=2))
    assert render_history_json(one) == render_history_json(two)
    assert render_history_html(one) == render_history_html(two)
    assert render_history_markdown(one) == render_history_markdown(two)


def test_the_page_escapes_what_the_documents_say() -> None:
    texts = [parse(TEXTS / f"{n}.txt") for n in LDC[2:]]
    first = texts[-1].paragraphs[0]
    hostile = replace(first, text='<script>alert("x")</script> & </style>')
    texts[-1] = replace(texts[-1], paragraphs=(hostile, *texts[-1].paragraphs[1:]))
    h = history(texts, labels=("<b>draft</b>", "adopted"))
    html = render_history_html(h, title="</title><img alt=x>")
    assert "<script" not in html and "<img" not in html and "<b>draft" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "&lt;b&gt;draft&lt;/b&gt;" in html
    # Self-contained: nothing is fetched.
    assert not re.search(r"<(link|script|img|iframe)\b|\bsrc=|@import|url\(", html)
    md = render_history_markdown(h)
    assert "<script>" not in md and "\\<script\\>" in md


def test_two_versions_are_needed() -> None:
    with pytest.raises(ResdiffError, match="two or more versions"):
        history([TEXTS / "A_RES_80_150.txt"])
    with pytest.raises(ResdiffError, match="2 labels for 3 versions"):
        history([TEXTS / f"{n}.txt" for n in LDC[1:]], labels=("a", "b"))


def _article(html: str, lid: str) -> str:
    start = html.index('<article class="lineage')
    start = html.index(f'id="{lid}"', start)
    return html[start : html.index("</article>", start)]


runner = CliRunner()


def test_history_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "history.html"
    args = ["history", *(str(TEXTS / f"{n}.txt") for n in LDC), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "A/C.2/80/L.48" in html
    assert html == render_history_html(chain(LDC))
    assert [p.name for p in tmp_path.iterdir()] == ["history.html"]


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_history_command_formats(fmt: str) -> None:
    files = [str(TEXTS / f"{n}.txt") for n in ICT[2:]]
    result = runner.invoke(app, ["history", *files, "-f", fmt, "--label", "L.58", "--label", "80/118"])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert [v["label"] for v in json.loads(result.stdout)["versions"]] == ["L.58", "80/118"]
    else:
        assert result.stdout.startswith("# History: L.58 → 80/118\n")


def test_a_format_a_history_has_not_is_a_one_line_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "h.docx"
    args = [str(TEXTS / "A_C.2_80_L.48.txt"), str(TEXTS / "A_RES_80_150.txt"), "-f", "docx", "-o", str(out)]
    run = subprocess.run(
        [sys.executable, "-m", "cli.main", "history", *args], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "'docx' is not one of" in run.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "extra,message",
    [
        ([], "give two or more versions"),
        ([str(TEXTS / "missing.txt")], "missing.txt: file not found"),
        ([str(TEXTS / "A_RES_80_150.txt"), "--label", "one"], "--label given 1 times for 2 versions"),
    ],
)
def test_history_command_errors_are_one_line(tmp_path: Path, extra: list[str], message: str) -> None:
    out = tmp_path / "h.html"
    result = runner.invoke(app, ["history", str(TEXTS / "A_C.2_80_L.48.txt"), *extra, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"resdiff: error: {message}" or (
        result.stderr.count("\n") == 1 and message in result.stderr
    )
    assert "Traceback" not in result.output and not out.exists()


def test_the_page_in_chromium_without_scripts(tmp_path: Path, browser: Any) -> None:
    """Both switches work with scripting off, nothing is fetched, and a phone needs no sideways scroll."""
    page_file = tmp_path / "history.html"
    h = chain(LDC)
    page_file.write_text(render_history_html(h), encoding="utf-8")
    unchanged = [lin.id for lin in h.lineages if not lin.changed]
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.is_visible("#timeline-h") and not page.is_visible("#columns-h")
        assert page.is_visible(f"#{unchanged[0]}")
        page.click("label[for=hide-unchanged]")
        assert not page.is_visible(f"#{unchanged[0]}") and page.is_visible("#L75")
        page.click("label[for=view-columns]")
        assert page.is_visible("#columns-h") and not page.is_visible("#timeline-h")
        assert page.locator("table.history tbody tr:visible").count() == len(h.lineages) - len(unchanged)
        assert requests == [page_file.as_uri()]
    finally:
        context.close()


def test_a_history_of_comparisons_already_made() -> None:
    h = chain(ICT)
    again = thread_history(h.comparisons)
    assert render_history_json(again) == render_history_json(h)
    with pytest.raises(ResdiffError, match="comparison 2 does not start from the text comparison 1 ends"):
        thread_history([h.comparisons[0], h.comparisons[2]])
