"""Agreed-language provenance on real resolutions from tests/documents: index, trace, contract."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from diffcore.cli.main import app
from typer.testing import CliRunner

from diffcore import parse
from diffcore.model import Paragraph, Part, Resolution
from diffcore.provenance import index_paths, normalise, open_index, trace

TEXT = Path(__file__).parent / "documents" / "text"
ICT = TEXT / "A_RES_78_132.txt"  # 19 December 2023
OCEANS_78 = TEXT / "A_RES_78_69.txt"  # 5 December 2023
OCEANS_79 = TEXT / "A_RES_79_144.txt"  # 12 December 2024, much of it from 78/69
LATER = TEXT / "A_RES_80_110.txt"  # 9 December 2025: the traced texts borrow its header

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    report = index_paths([ICT, OCEANS_78, OCEANS_79], db)
    assert (report.added, report.known, report.failed) == (3, 0, ())
    return db


def _longest(res: Resolution, part: Part) -> Paragraph:
    return max((p for p in res.paragraphs if p.part is part), key=lambda p: (len(p.text), p.id))


def _draft(*texts: str) -> Resolution:
    """A later text (A/RES/80/110's header) whose operative paragraphs are ``texts``."""
    res = parse(str(LATER))
    paras = tuple(Paragraph(f"OP{k}", Part.OPERATIVE, k, t) for k, t in enumerate(texts, 1))
    return replace(res, paragraphs=paras)


def test_verbatim_reworded_and_new_language(corpus: Path) -> None:
    ict = parse(str(ICT))
    taken = _longest(ict, Part.PREAMBLE)
    original = _longest(ict, Part.OPERATIVE)
    words = original.text.split()
    # Layout and a sequencing word differ, the wording does not.
    relaid = words[0] + " also  " + "\n".join(words[1:])
    # Reworded: a quarter of the words dropped, two replaced.
    cut = len(words) // 4
    reworded = " ".join(["Urges", *words[1 : len(words) - cut], "swiftly,"])
    invented = "Decides to establish an observatory for migratory penguins in the Sahara by 2090;"
    conn = open_index(corpus)
    t = trace(_draft(relaid, taken.text, reworded, invented), conn)
    same_op, same_pp, close, new = t.paragraphs
    for got, want in ((same_op, original), (same_pp, taken)):
        assert got.verbatim and (got.sources[0].symbol, got.sources[0].id) == ("A/RES/78/132", want.id)
    assert same_pp.earliest == ("A/RES/78/132", taken.id)
    best = close.sources[0]
    assert (best.symbol, best.id, best.verbatim) == ("A/RES/78/132", original.id, False)
    assert 0.5 <= best.similarity < 1.0
    assert any(s.op.value == "insert" and "Urges" in s.text for s in best.diff)
    assert new.new_language and new.cite() == "new language"
    assert "verbatim from A/RES/78/132" in same_op.cite()


def test_only_earlier_documents_and_never_itself(corpus: Path, tmp_path: Path) -> None:
    # A second copy of 78/69 (other bytes, same symbol) must not be its source either.
    copy = tmp_path / "copy.txt"
    copy.write_bytes(OCEANS_78.read_bytes() + b"\n\n")
    db = tmp_path / "c.db"
    shutil.copy(corpus, db)
    assert index_paths([copy], db).added == 1
    conn = open_index(db)
    old = trace(parse(str(OCEANS_78)), conn)
    symbols = {s.symbol for p in old.paragraphs for s in p.sources}
    assert "A/RES/78/69" not in symbols and "A/RES/79/144" not in symbols
    assert "A/RES/78/132" not in symbols  # adopted two weeks after 78/69
    new = trace(parse(str(OCEANS_79)), conn)
    assert sum(p.verbatim and p.sources[0].symbol == "A/RES/78/69" for p in new.paragraphs) > 100
    assert all(s.date < "2024-12-12" for p in new.paragraphs for s in p.sources)


def test_index_is_incremental_and_skips_a_broken_file(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first = index_paths([ICT], db)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF body\n")
    second = index_paths([ICT, OCEANS_78, broken], db)
    assert (first.added, first.known) == (1, 0)
    assert (second.added, second.known) == (1, 1)
    assert len(second.failed) == 1 and second.failed[0].startswith("broken.pdf: ")
    n78 = sum(1 for p in parse(str(OCEANS_78)).paragraphs if normalise(p.text))
    assert second.paragraphs == first.paragraphs + n78
    result = runner.invoke(app, ["index", str(ICT), str(broken), "--db", str(db)])
    assert result.exit_code == 0
    assert "0 added, 1 already indexed, 1 failed; 2 documents" in result.output


def test_json_contract_and_html(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["trace", str(OCEANS_79), "--db", str(corpus), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["format"], doc["version"], doc["document"]["symbol"]) == ("resdiff-trace", 1, "A/RES/79/144")
    ids = [p.id for p in parse(str(OCEANS_79)).paragraphs]
    assert [p["id"] for p in doc["paragraphs"]] == ids
    for p in doc["paragraphs"]:
        assert p["new_language"] == (not p["sources"])
        sims = [s["similarity"] for s in p["sources"]]
        assert sims == sorted(sims, reverse=True)
        for s in p["sources"]:
            assert {"symbol", "id", "similarity", "verbatim"} <= s.keys()
            assert s["verbatim"] == (s["similarity"] == 1.0)
    out = tmp_path / "trace.html"
    assert runner.invoke(app, ["trace", str(OCEANS_79), "--db", str(corpus), "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "verbatim agreed language" in html
    assert "<script src" not in html and "<link" not in html  # self-contained


def test_missing_database_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["trace", str(ICT), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "none.db: no such corpus database" in result.output
    assert not (tmp_path / "none.db").exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (a)").connection.commit()
    before = other.read_bytes()
    result = runner.invoke(app, ["trace", str(ICT), "--db", str(other)])
    assert result.exit_code == 2 and "other.db: not a corpus database" in result.output
    assert other.read_bytes() == before  # a trace never writes to the database


def test_compare_with_db_says_where_new_wording_came_from(corpus: Path, tmp_path: Path) -> None:
    from diffcore import compare
    from diffcore.model import Link, LinkKind
    from diffcore.provenance import comparison_provenance

    taken = _longest(parse(str(ICT)), Part.PREAMBLE)
    c = compare(str(OCEANS_78), str(OCEANS_79))
    extra = Paragraph("OP999", Part.OPERATIVE, 999, taken.text)
    c = replace(
        c,
        new=replace(c.new, paragraphs=(*c.new.paragraphs, extra)),
        links=(*c.links, Link((), ("OP999",), LinkKind.ADDED)),
    )
    found = dict(comparison_provenance(c, open_index(corpus)))
    assert found["OP999"].startswith(f"new here, verbatim from A/RES/78/132 {taken.id}")
    added = {i for link in c.links if link.kind is LinkKind.ADDED for i in link.new}
    assert added <= found.keys()
    # The old version is not a source of the new one's rewrites, nor is the new text itself.
    assert not any("A/RES/78/69" in t or "A/RES/79/144" in t for t in found.values())
    out = tmp_path / "c.json"
    result = runner.invoke(
        app, ["compare", str(OCEANS_78), str(OCEANS_79), "--db", str(corpus), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert {p["id"] for p in doc["provenance"]} >= added - {"OP999"}
