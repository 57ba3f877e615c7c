"""Rendering: self-contained, escaped, deterministic HTML; the JSON contract."""

from __future__ import annotations

import json
import re

from conftest import NEW, OLD

from diffcore import compare, render_html, render_json


def test_json_contract_and_exact_rebuild(sample_comparison) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(render_json(sample_comparison))
    assert (doc["format"], doc["version"]) == ("resdiff-comparison", 1)
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


def test_html_is_self_contained(sample_comparison) -> None:  # type: ignore[no-untyped-def]
    html = render_html(sample_comparison)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "<link" not in html and "<script src" not in html


def test_html_marks_changes_with_ins_and_del_and_labels_rows(sample_comparison) -> None:  # type: ignore[no-untyped-def]
    html = render_html(sample_comparison)
    assert "OP5 → OP4, OP6" in html
    assert "OP5 was split into OP4 and OP6" in html
    assert "<del>sixty-fifth</del>" in html and "<ins>sixty-seventh</ins>" in html
    assert 'id="old-OP5"' in html and 'id="new-OP6"' in html
    assert "A/RES/64/177" in html and "2011-12-19" in html
    assert "Footnotes" in html


def test_document_text_is_escaped(tmp_path) -> None:  # type: ignore[no-untyped-def]
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
    assert "<script>" not in html and "<img" not in html and "<b>all" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_output_is_deterministic() -> None:
    first = compare(OLD, NEW)
    second = compare(OLD, NEW)
    assert render_html(first) == render_html(second)
    assert render_json(first) == render_json(second)
