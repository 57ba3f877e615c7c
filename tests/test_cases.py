"""One test over every golden case in tests/cases/: what resdiff show and compare print (see util.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner
from util import CASES, command, compare_case, diff, show_case

from cli.main import app

CASE_FILES = sorted([*CASES.glob("show/*.txt"), *CASES.glob("compare/*.json")])


@pytest.mark.parametrize("case", CASE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in CASE_FILES])
def test_case(case: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    args = command(case)
    monkeypatch.chdir(ROOT)  # the paths in a case are relative to the repository
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    render = compare_case if args[0] == "compare" else show_case
    actual = render(args, result.stdout)
    expected = case.read_text(encoding="utf-8")
    if update_golden and actual != expected:
        case.write_text(actual, encoding="utf-8")
        return
    assert actual == expected, "\n" + diff(expected, actual, case.name)


def test_there_are_cases_of_both_commands() -> None:
    assert {p.parent.name for p in CASE_FILES} == {"show", "compare"}
