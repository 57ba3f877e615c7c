"""One test over every golden structure case in tests/cases/ (see tests/util.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT
from util import CASES, diff, outline, read_case

from diffcore import parse

CASE_FILES = sorted(CASES.glob("*.txt"))


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_structure_case(case: Path) -> None:
    source, expected = read_case(case)
    actual = outline(parse(ROOT / source))
    if actual != expected and os.environ.get("RESDIFF_UPDATE_CASES"):
        case.write_text(f"# input: {source}\n{actual}", encoding="utf-8")
        return
    assert actual == expected, "\n" + diff(expected, actual, case.name)


def test_there_are_cases() -> None:
    assert len(CASE_FILES) >= 5
