"""resdiff session: reading many files, the cache, chains, reports and the overview, on real documents."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import PDFS, SAMPLES, TEXTS

from diffcore import compare
from diffcore.errors import ResdiffError
from diffcore.session import SessionOptions, run_session
from diffcore.session.cache import Cache
from diffcore.session.overview import overview_csv, overview_html, overview_json
from diffcore.session.reading import collect, read_all
from diffcore.session.run import step_summary

# What a session writes in its output folder (a first run, with the cache).
_WRITTEN = [".resdiff-cache.sqlite", "index.html", "overview.csv", "overview.json", "reports"]


def test_collect_expands_folders_once_in_order_without_loops(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "x.txt").write_bytes((TEXTS / "A_RES_78_233.txt").read_bytes())
    (tmp_path / "a" / "y.pdf").write_bytes((PDFS / "A_RES_80_150.pdf").read_bytes())
    (tmp_path / "a" / "notes.md").write_text("not a document")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)  # a folder that contains itself
    (tmp_path / "a" / "same.txt").symlink_to(tmp_path / "b" / "x.txt")
    got = collect([tmp_path / "b" / "x.txt", tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in got] == ["b/x.txt", "a/y.pdf"]
    with pytest.raises(ResdiffError, match=r"missing\.txt: no such file or folder"):
        collect([tmp_path / "missing.txt"])


def test_read_all_caches_by_content_and_reports_errors_per_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    paths = [TEXTS / "A_RES_78_233.txt", bad, SAMPLES / "A_RES_64_177.txt"]
    cache = Cache(tmp_path / "cache.sqlite")
    first = read_all(paths, cache, jobs=1)
    assert [d.resolution.metadata.symbol if d.resolution else d.error for d in first] == [
        "A/RES/78/233",
        "empty.txt: empty file",
        "A/RES/64/177",
    ]
    assert (cache.hits, cache.stored) == (0, 3)
    # Again, with one file copied under another name: nothing parsed, the copy named as itself.
    copy = tmp_path / "copy.txt"
    copy.write_bytes(paths[0].read_bytes())
    second = read_all([*paths, copy], cache, jobs=1)
    assert (cache.hits, cache.stored) == (4, 3)
    assert second[:3] == first
    assert second[3].resolution is not None and second[3].resolution.source == "copy.txt"
    cache.close()
    # A file that is not a regular file: its error names the file, not where it is.
    os.mkfifo(tmp_path / "pipe.txt")
    (piped,) = read_all([tmp_path / "pipe.txt"])
    assert piped.error.startswith("pipe.txt: not a regular file (a pipe)")


def test_an_interrupted_cache_write_is_never_read_back(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    Cache(path).close()
    pid = os.fork()
    if pid == 0:  # a writer killed in the middle of its transaction
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN")
        db.execute("INSERT INTO steps VALUES ('k', ?, x'00', 'x')", (Cache(path).version,))
        os._exit(0)
    os.waitpid(pid, 0)
    cache = Cache(path)
    assert cache.step("k") is None
    # An entry whose data does not match its checksum (a damaged file) is not read either.
    cache.put_step("k", {"n": 1})
    assert cache.step("k") == {"n": 1}
    cache._db.execute("UPDATE steps SET data = x'80' WHERE key = 'k'")
    assert cache.step("k") is None
    # Entries of another version of resdiff are dropped when the cache is opened.
    cache._db.execute("UPDATE steps SET version = 'older' WHERE key = 'k'")
    cache.close()
    cache = Cache(path)
    assert cache._db.execute("SELECT COUNT(*) FROM steps").fetchone() == (0,)
    cache.close()


# The LDC series (78/233 -> 79/218 -> L.5 -> L.48 -> 80/150) and two unrelated texts.
LDC = ("A_RES_78_233.txt", "A_RES_79_218.txt", "A_C.2_80_L.5.txt", "A_C.2_80_L.48.txt", "A_RES_80_150.txt")
OTHERS = ("A_RES_78_219.txt", "A_RES_80_110.txt")


def _session(tmp_path: Path, *names: str, extra: tuple[Path, ...] = ()) -> list[Path]:
    """The named texts copied into a folder of their own, under names that say nothing of their order."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        opaque = hashlib.sha256(name.encode()).hexdigest()[:8]
        (folder / f"doc-{opaque}.txt").write_bytes((TEXTS / name).read_bytes())
    return [folder, *extra]


def _options(tmp_path: Path) -> SessionOptions:
    return SessionOptions(cache=tmp_path / "cache.sqlite")


def test_a_small_session_chains_compares_and_names_by_symbol(tmp_path: Path) -> None:
    reports: dict[str, str] = {}
    result = run_session(_session(tmp_path, *LDC, *OTHERS), _options(tmp_path), reports.__setitem__)
    chains = {c.documents[-1]: c for c in result.chains}
    ldc = chains["A/RES/80/150"]
    assert ldc.documents == ("A/RES/78/233", "A/RES/79/218", "A/C.2/80/L.5", "A/C.2/80/L.48", "A/RES/80/150")
    assert [s.report for s in ldc.steps][2] == "reports/A_C.2_80_L.5__A_C.2_80_L.48.html"
    # Each step's figures are its comparison's: the same as comparing the pair alone.
    pair = compare(TEXTS / "A_C.2_80_L.5.txt", TEXTS / "A_C.2_80_L.48.txt")
    assert ldc.steps[2].counts == step_summary(pair)["counts"]
    # The LDC chain's five versions also get a history page; chains of one or two do not.
    assert ldc.history == "reports/A_RES_78_233__A_RES_80_150.history.html"
    assert [c.history for c in result.chains if c is not ldc] == ["", ""]
    assert "A/C.2/80/L.48" in reports[ldc.history]
    assert set(reports) == {s.report for c in result.chains for s in c.steps} | {ldc.history}
    assert all(html.startswith("<!DOCTYPE html>") for html in reports.values())
    # Every document in exactly one chain.
    named = [d for c in result.chains for d in c.documents]
    assert sorted(named) == sorted(result.documents) and len(named) == len(LDC) + len(OTHERS)


def test_the_json_contract(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    result = run_session(_session(tmp_path, *LDC, *OTHERS, extra=(bad,)), _options(tmp_path))
    data = json.loads(overview_json(result))
    assert (data["format"], data["version"]) == ("resdiff-session", 2)
    assert list(data) == [
        "format",
        "version",
        "chains",
        "unpaired",
        "new",
        "not_renewed",
        "skipped",
        "errors",
    ]
    assert [c["history"] != "" for c in data["chains"]] == [len(c["documents"]) >= 3 for c in data["chains"]]
    assert [e["file"] for e in data["errors"]] == ["broken.pdf"]
    assert data["errors"][0]["error"].startswith("broken.pdf: ") and "\n" not in data["errors"][0]["error"]
    symbols = [d for c in data["chains"] for d in c["documents"]]
    assert len(symbols) == len(set(symbols)) == len(LDC) + len(OTHERS)
    for chain in data["chains"]:
        assert chain["confidence"] in ("high", "medium", "low")
        assert len(chain["steps"]) == len(chain["documents"]) - 1
        for step, (old, new) in zip(chain["steps"], itertools.pairwise(chain["documents"]), strict=True):
            assert (step["old"], step["new"]) == (old, new)
            assert step["report"].startswith("reports/") and step["report"].endswith(".html")
            assert {"unchanged", "modified", "added", "deleted", "substantive", "verb_changes"} <= set(
                step["summary"]
            )
            assert isinstance(step["mandates"], list)
    singles = [c["documents"][0] for c in data["chains"] if len(c["documents"]) == 1]
    assert data["unpaired"] == singles
    # The CSV: one row per step, then the file not read; the same whatever the cache holds (byte for byte).
    rows = list(csv.DictReader(io.StringIO(overview_csv(result))))
    assert len([r for r in rows if r["chain"]]) == sum(len(c["steps"]) for c in data["chains"])
    assert [(r["new"], r["not_compared"][:22]) for r in rows if not r["chain"]] == [
        ("broken.pdf", "not read: broken.pdf: ")
    ]
    again = run_session(_session(tmp_path, *LDC, *OTHERS, extra=(bad,)), _options(tmp_path))
    assert overview_json(again) == overview_json(result) and overview_html(again) == overview_html(result)


def test_a_rerun_after_one_new_document_does_only_the_new_work(tmp_path: Path) -> None:
    first = run_session(_session(tmp_path, *LDC[:4], *OTHERS), _options(tmp_path))
    assert first.work["parsed"] == 6
    second = run_session(_session(tmp_path, *LDC, *OTHERS), _options(tmp_path))
    # One new file read; one new step compared (L.48 -> 80/150), the four old ones from the cache.
    assert (second.work["parsed"], second.work["compared"]) == (1, 1)
    assert second.work["steps"] == first.work["steps"] + 1
    third = run_session(_session(tmp_path, *LDC, *OTHERS), _options(tmp_path))
    assert (third.work["parsed"], third.work["compared"]) == (0, 0)


def test_local_processes_and_a_dask_cluster_give_the_same_overview(tmp_path: Path) -> None:
    import dask.distributed

    local_cluster: Any = dask.distributed.LocalCluster  # untyped
    client_type: Any = dask.distributed.Client
    paths = _session(tmp_path, *LDC, *OTHERS)
    here = run_session(paths, SessionOptions(jobs=1))
    local = run_session(paths, SessionOptions(jobs=2))
    with (
        local_cluster(n_workers=1, threads_per_worker=2, processes=False) as cluster,
        client_type(cluster) as client,
    ):
        on_dask = run_session(paths, SessionOptions(scheduler=client))
    assert overview_json(here) == overview_json(local) == overview_json(on_dask)
    assert overview_html(here) == overview_html(on_dask)


def test_the_cli_writes_the_overview_and_says_when_a_file_failed(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    runner = CliRunner()
    ok = runner.invoke(app, ["session", *map(str, _session(tmp_path, *LDC[:2])), "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    assert sorted(p.name for p in out.iterdir()) == _WRITTEN
    assert [p.name for p in (out / "reports").iterdir()] == ["A_RES_78_233__A_RES_79_218.html"]
    failed = runner.invoke(app, ["session", str(TEXTS / LDC[0]), str(bad), "-o", str(out), "--no-cache"])
    assert failed.exit_code == 1
    assert "1 file could not be read" in failed.output
    assert json.loads((out / "overview.json").read_text())["errors"] == [
        {"file": "empty.txt", "error": "empty.txt: empty file"}
    ]
    missing = runner.invoke(app, ["session", str(tmp_path / "nowhere"), "-o", str(out)])
    assert missing.exit_code == 2 and "nowhere: no such file or folder" in missing.output
    no_dask = runner.invoke(
        app, ["session", str(TEXTS / LDC[0]), "-o", str(out), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert no_dask.exit_code == 2 and "Dask scheduler" in no_dask.output


def test_the_overview_escapes_what_documents_say(tmp_path: Path) -> None:
    text = (TEXTS / "A_RES_79_218.txt").read_text(encoding="utf-8")
    evil = tmp_path / "evil.txt"
    evil.write_text(text.replace("Follow-up to the", "=HYPERLINK() <script>alert(1)</script> Follow-up"))
    note = tmp_path / "=<b>note.txt"  # a file not compared: its name is shown as given, escaped
    note.write_text("Note by the Secretariat\nThe list of speakers for the item is closed.\n")
    result = run_session([TEXTS / "A_RES_78_233.txt", evil, note], SessionOptions())
    assert result.documents["A/RES/79/218"].title.startswith("=HYPERLINK() <script>")
    html = overview_html(result)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>note" not in html and "=&lt;b&gt;note.txt: a note, not a resolution" in html
    rows = list(csv.DictReader(io.StringIO(overview_csv(result))))
    assert [r["title"][:12] for r in rows] == ["'=HYPERLINK(", ""]
    assert rows[1]["new"] == "'=<b>note.txt"


def test_the_overview_in_chromium_filters_sorts_and_links(tmp_path: Path, browser: Any) -> None:
    result = run_session(_session(tmp_path, *LDC, *OTHERS), SessionOptions())
    page_file = tmp_path / "index.html"
    page_file.write_text(overview_html(result), encoding="utf-8")
    chains = {c.documents[-1]: n for n, c in enumerate(result.chains, 1)}
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        rows = page.locator("#chain-table tbody tr")
        assert (
            page.locator("#f-count").text_content()
            == f"{len(result.chains)} of {len(result.chains)} chains shown"
        )
        page.select_option("#f-committee", "Second Committee")
        shown = [r.get_attribute("id") for r in rows.all() if r.is_visible()]
        assert shown == [f"chain-{chains['A/RES/80/150']}"]
        page.select_option("#f-committee", "")
        page.check("#f-substantive")
        assert all(int(r.get_attribute("data-substantive") or 0) > 0 for r in rows.all() if r.is_visible())
        page.uncheck("#f-substantive")
        page.select_option("#f-sort", "changed")
        first = rows.first.get_attribute("data-changed")
        assert int(first or 0) == max(int(r.get_attribute("data-changed") or 0) for r in rows.all())
        # A bar of the picture leads to its chain's row.
        page.locator(f'svg a[href="#chain-{chains["A/RES/80/150"]}"]').click()
        assert page.evaluate("location.hash") == f"#chain-{chains['A/RES/80/150']}"
    finally:
        page.close()


def _linked_reports(out: Path) -> set[str]:
    """The reports and history pages ``out/index.html`` links to."""
    import re

    return set(re.findall(r'href="(reports/[^"#]+)"', (out / "index.html").read_text(encoding="utf-8")))


def test_a_rerun_into_the_same_folder_removes_old_reports_and_nothing_else(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    out = tmp_path / "out"
    runner = CliRunner()

    def run(*names: str) -> Any:
        result = runner.invoke(app, ["session", *(str(TEXTS / n) for n in names), "-o", str(out), "-j", "1"])
        assert result.exit_code == 0, result.output
        return result

    run(*LDC[:3])  # 78/233 -> 79/218 -> L.5: two reports and a history page
    first = {p.name for p in (out / "reports").iterdir()}
    assert len(first) == 3 and _linked_reports(out) == {f"reports/{n}" for n in first}
    # The user's own files, one of them an HTML page in reports/, another a page resdiff wrote, moved.
    (out / "reports" / "notes.html").write_text("<!DOCTYPE html><p>My notes on the LDC text</p>")
    (out / "README.txt").write_text("notes")
    mine = out / "reports" / "mine.html"
    mine.write_bytes((out / "reports" / "A_RES_78_233__A_RES_79_218.html").read_bytes())
    # The folder as an earlier resdiff left it: an overview of version 1, before "skipped".
    data = json.loads((out / "overview.json").read_text())
    del data["skipped"]
    (out / "overview.json").write_text(json.dumps({**data, "version": 1}, indent=2))
    # Without 79/218 the chain is 78/233 -> L.5: the three old pages go, the new report stays.
    rerun = run(LDC[0], LDC[2])
    assert "warning" not in rerun.output
    assert sorted(p.name for p in (out / "reports").iterdir()) == [
        "A_RES_78_233__A_C.2_80_L.5.html",
        "mine.html",
        "notes.html",
    ]
    assert (out / "README.txt").read_text() == "notes"
    assert _linked_reports(out) == {"reports/A_RES_78_233__A_C.2_80_L.5.html"}
    # An overview edited by hand to list the user's notes: a page resdiff did not write is kept.
    data = json.loads((out / "overview.json").read_text())
    data["chains"][0]["steps"][0]["report"] = "reports/notes.html"
    (out / "overview.json").write_text(json.dumps(data))
    run(*LDC[:2])
    assert (out / "reports" / "notes.html").exists() and mine.exists()


def test_a_damaged_previous_overview_removes_nothing_and_says_so(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app

    out = tmp_path / "out"
    runner = CliRunner()
    args = ["-o", str(out), "-j", "1"]
    assert runner.invoke(app, ["session", *(str(TEXTS / n) for n in LDC[:2]), *args]).exit_code == 0
    before = sorted(p.name for p in (out / "reports").iterdir())
    for damage in ('{"format": "resdiff-session", "version": 1, "chains": [{"hist', '{"chains": []}'):
        (out / "overview.json").write_text(damage)
        rerun = runner.invoke(app, ["session", str(TEXTS / LDC[2]), str(TEXTS / LDC[3]), *args])
        assert rerun.exit_code == 0, rerun.output
        (warning,) = [line for line in rerun.output.splitlines() if "warning" in line]
        assert "overview.json: " in warning and warning.endswith("; no old report is removed")
        assert set(before) <= {p.name for p in (out / "reports").iterdir()}


def test_an_interrupted_rerun_leaves_the_old_index_and_its_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import cli.main
    import cli.session
    from cli.main import app

    out = tmp_path / "out"
    runner = CliRunner()
    args = ["-o", str(out), "-j", "1"]
    assert runner.invoke(app, ["session", *(str(TEXTS / n) for n in LDC[:3]), *args]).exit_code == 0
    index = (out / "index.html").read_bytes()
    write = cli.main._write

    def stopped_at_the_index(target: Any, content: str | bytes) -> None:
        if target.path is not None and target.path.name == "index.html":
            raise KeyboardInterrupt
        write(target, content)

    monkeypatch.setattr(cli.session, "_write", stopped_at_the_index)
    stopped = runner.invoke(app, ["session", str(TEXTS / LDC[0]), str(TEXTS / LDC[2]), *args])
    assert stopped.exit_code != 0
    # The old index is whole, and every page it links to is still there.
    assert (out / "index.html").read_bytes() == index
    assert all((out / name).is_file() for name in _linked_reports(out))
    assert not [p for p in out.rglob(".*.tmp")]
    # The next run that finishes removes what the interrupted one wrote and no longer needs too.
    orphan = out / "reports" / "A_RES_78_233__A_C.2_80_L.5.html"
    assert orphan.is_file()
    monkeypatch.undo()
    assert runner.invoke(app, ["session", *(str(TEXTS / n) for n in LDC[:2]), *args]).exit_code == 0
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["A_RES_78_233__A_RES_79_218.html"]
    assert sorted(p.name for p in out.iterdir()) == _WRITTEN


def _opening_of(name: str, symbol: str) -> str:
    """The real opening of a draft (up to its "The General Assembly,"), under another symbol."""
    text = (TEXTS / name).read_text(encoding="utf-8")
    head = text[: text.index("The General Assembly,\n")]
    return head.replace(head.split("\n", 1)[0], symbol, 1)


def _texts_that_are_not_resolutions(folder: Path) -> dict[str, str]:
    """An amendment (two: free and numbered instructions), a draft decision and a note, in real wording."""
    l32 = _opening_of("A_C.3_80_L.32.txt", "A/C.3/80/L.61")
    sponsors = l32[l32.index("Austria, Belgium") : l32.index("draft resolution\n") + len("draft resolution")]
    amendment = l32.replace(
        sponsors, "Belarus, China and Russian Federation: amendment to draft\nresolution A/C.3/80/L.32"
    )
    l48 = _opening_of("A_C.2_80_L.48.txt", "A/C.2/80/L.70").replace(
        "Draft resolution submitted", "Draft decision submitted"
    )
    files = {
        "amendment.txt": amendment
        + "Operative paragraph 12\nDelete the paragraph.\n"
        + "Insert a new preambular paragraph after the second preambular paragraph, reading:\n"
        + "“Recalling that States have the primary responsibility to respect, protect and fulfil\n"
        + "human rights,”\n",
        "numbered-amendment.txt": amendment.replace("L.61", "L.62")
        + "1. Delete operative paragraph 12.\n"
        + "2. In operative paragraph 5, after the words “Calls upon”, insert the words\n"
        + "“all parties, including”.\n",
        "decision.txt": l48
        + "The General Assembly decides to include in the provisional agenda of its eighty-first session,\n"
        + "under the item entitled “Groups of countries in special situations”, the sub-item\n"
        + "entitled “Follow-up to the Fifth United Nations Conference on the Least Developed\nCountries”.\n",
        "note.txt": "A/C.2/80/L.48/Add.1\n\nNote by the Secretariat\n"
        + "1. The present note is submitted in accordance with rule 153 of the rules of procedure\n"
        + "of the General Assembly.\n2. The requests contained in draft resolution A/C.2/80/L.48 would not\n"
        + "entail additional resources.\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return files


def test_amendments_decisions_and_notes_are_listed_as_not_compared(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.main import app
    from diffcore.read import read_bytes
    from diffcore.structure import build_resolution

    folder = tmp_path / "in"
    folder.mkdir()
    _texts_that_are_not_resolutions(folder)
    for name in ("A_C.3_80_L.32.txt", "A_RES_80_221.txt"):
        (folder / name).write_bytes((TEXTS / name).read_bytes())
    # The numbered amendment and the note parse as paragraphs: only what they say they are keeps them out.
    for name in ("numbered-amendment.txt", "note.txt"):
        build_resolution(read_bytes((folder / name).read_bytes(), name))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["session", str(folder), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert (
        "4 files not compared (not resolutions)" in result.output and "could not be read" not in result.output
    )
    data = json.loads((out / "overview.json").read_text())
    assert data["errors"] == []
    assert data["skipped"] == [
        {"file": "amendment.txt", "symbol": "A/C.3/80/L.61", "reason": "an amendment to A/C.3/80/L.32"},
        {"file": "decision.txt", "symbol": "A/C.2/80/L.70", "reason": "a decision, not a resolution"},
        {"file": "note.txt", "symbol": "A/C.2/80/L.48/Add.1", "reason": "a note, not a resolution"},
        {
            "file": "numbered-amendment.txt",
            "symbol": "A/C.3/80/L.62",
            "reason": "an amendment to A/C.3/80/L.32",
        },
    ]
    # The draft and its adopted text still make their chain, the amendments no part of it.
    assert [c["documents"] for c in data["chains"]] == [["A/C.3/80/L.32", "A/RES/80/221"]]
    rows = list(csv.DictReader(io.StringIO((out / "overview.csv").read_text())))
    assert [(r["new"], r["not_compared"]) for r in rows if not r["chain"]] == [
        (s["symbol"], f"skipped: {s['file']}: {s['reason']}") for s in data["skipped"]
    ]
    html = (out / "index.html").read_text()
    assert "4 files not compared" in html
    assert '<span class="sym">A/C.3/80/L.61</span> (amendment.txt): an amendment to A/C.3/80/L.32' in html


def test_a_decision_with_a_resolutions_structure_is_paired_with_the_one_before(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for session, name, symbol in (
        (79, "A_RES_79_218.txt", "A/C.2/79/L.70"),
        (80, "A_RES_80_150.txt", "A/C.2/80/L.70"),
    ):
        real = (TEXTS / name).read_text(encoding="utf-8")
        body = real[real.index("The General Assembly,\n") :]
        opening = _opening_of("A_C.2_80_L.48.txt", symbol).replace(
            "Draft resolution submitted", "Draft decision submitted"
        )
        (folder / f"decision-{session}.txt").write_text(
            opening.replace("Eightieth", ("Seventy-ninth", "Eightieth")[session - 79]) + body
        )
    result = run_session([folder], SessionOptions())
    assert result.skipped == () and result.errors == ()
    assert [c.documents for c in result.chains] == [("A/C.2/79/L.70", "A/C.2/80/L.70")]


def test_a_file_whose_reading_fails_unexpectedly_is_an_error_for_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import diffcore.structure

    def broken(source: Any) -> Any:
        if source.path == "b.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return build(source)

    build = diffcore.structure.build_resolution
    monkeypatch.setattr(diffcore.structure, "build_resolution", broken)
    for name, original in (("a.txt", LDC[0]), ("b.txt", LDC[1])):
        (tmp_path / name).write_bytes((TEXTS / original).read_bytes())
    (tmp_path / "c.txt").write_bytes(b"")
    (tmp_path / "d.txt").write_bytes(b"")  # from the cache next time: each error names its own file
    result = run_session([tmp_path], SessionOptions(cache=tmp_path / "cache.sqlite"))
    assert result.errors == (
        ("b.txt", "b.txt: could not be read (resdiff failed with RecursionError); please report this file"),
        ("c.txt", "c.txt: empty file"),
        ("d.txt", "d.txt: empty file"),
    )
    assert [c.documents for c in result.chains] == [("A/RES/78/233",)]
    again = run_session([tmp_path], SessionOptions(cache=tmp_path / "cache.sqlite"))
    assert again.errors == result.errors and again.work["parsed"] == 0
