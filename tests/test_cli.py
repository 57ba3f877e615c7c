"""The command line, through typer's test runner, including the error cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NEW, OLD
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_compare_writes_an_html_report(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "A/RES/66/178" in html
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_compare_json_to_stdout() -> None:
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "--format", "json", "-o", "-"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["summary"]["split"] == 1


def test_min_similarity_is_passed_to_the_library() -> None:
    strict = runner.invoke(app, ["compare", str(OLD), str(NEW), "-f", "json", "--min-similarity", "0.9"])
    doc = json.loads(strict.stdout)
    # Below the threshold: only splits, merges and paragraphs rewritten in place (a third of it).
    assert all(
        link["similarity"] >= 0.9
        or not link["old"]
        or not link["new"]
        or link["kind"] in ("split", "merged")
        or (link["kind"] == "modified" and link["similarity"] >= 0.3)
        for link in doc["links"]
    )
    assert doc["summary"]["added"] > 10


def test_show_prints_the_structure() -> None:
    result = runner.invoke(app, ["show", str(OLD)])
    assert result.exit_code == 0
    assert "A/RES/64/177" in result.stdout
    assert "OP9" in result.stdout and "Also requests the Secretary-General" in result.stdout
    assert "Resolution 60/288." in result.stdout


def test_show_json() -> None:
    result = runner.invoke(app, ["show", str(NEW), "--format", "json"])
    doc = json.loads(result.stdout)
    assert len(doc["paragraphs"]) == 22 and doc["metadata"]["plenary_meeting"] == 89


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Dear colleagues,\nplease find attached the draft.\n", "no resolution structure found"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_output(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.html"
    result = runner.invoke(app, ["compare", str(OLD), str(bad), "-o", str(report)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(bad) in lines[0]
    assert "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_missing_output_directory_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", str(OLD), str(NEW), "-o", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_summary_prints_the_digest_and_hide_starts_rows_hidden(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["compare", str(OLD), str(NEW), "-o", str(out), "--summary", "--hide", "technical"]
    )
    assert result.exit_code == 0
    assert "Opening verbs changed" in result.stdout
    assert "OP6 → OP7: Also requests → Urges (strengthened)" in result.stdout
    html = out.read_text(encoding="utf-8")
    assert 'id="hide-technical" class="switch" checked' in html
    assert 'id="hide-unchanged" class="switch">' in html
    assert 'class="row k-modified c-technical"' in html


@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK\x03\x04"), ("md", b"# A/RES/64/177")])
def test_compare_writes_word_and_markdown(tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"r.{fmt}"
    args = ["compare", str(OLD), str(NEW), "-f", fmt, "-o", str(out), "--author", "Delegation X"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_view_labels_and_title_options_reach_the_report(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    args = ["compare", str(OLD), str(NEW), "-o", str(out), "--view", "inline", "--hide", "unchanged"]
    args += [
        "--old-label",
        "2009",
        "--new-label",
        "2011",
        "--title",
        "Counter-terrorism TA",
        "--paper",
        "letter",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h1>Counter-terrorism TA</h1>" in html and "<h2>Old: 2009</h2>" in html
    assert (
        'id="view-inline" class="switch" checked' in html
        and 'id="hide-unchanged" class="switch" checked' in html
    )
    assert "size: Letter landscape;" in html


def test_a_bad_revision_date_or_a_missing_pdf_engine_is_exit_2_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.docx"
    result = runner.invoke(
        app, ["compare", str(OLD), str(NEW), "-f", "docx", "-o", str(out), "--date", "May"]
    )
    assert result.exit_code == 2 and "revision date" in result.stderr
    monkeypatch.setenv("RESDIFF_CHROMIUM", str(tmp_path / "no-chromium"))
    result = runner.invoke(
        app,
        [
            "compare",
            str(OLD),
            str(NEW),
            "-f",
            "pdf",
            "-o",
            str(tmp_path / "r.pdf"),
            "--pdf-engine",
            "chromium",
        ],
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "install Chromium" in lines[0] and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_help_shows_defaults_in_plain_brackets() -> None:
    result = runner.invoke(app, ["compare", "--help"])
    assert result.exit_code == 0
    assert "[default: html]" in result.stdout
    assert "\\[" not in result.stdout


def test_an_html_report_loads_no_other_writer(tmp_path: Path) -> None:
    """Start-up is paid on every run: an HTML report does not import the Word, PDF or Markdown writers."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom cli.main import main\n"
        f"sys.argv = ['resdiff', 'compare', {str(OLD)!r}, {str(NEW)!r}, '-o', {str(tmp_path / 'r.html')!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('diffcore.render.')))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    loaded = out.stdout.strip()
    assert "diffcore.render.html" in loaded
    for writer in ("docx", "pdf", "markdown"):
        assert f"diffcore.render.{writer}'" not in loaded
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
