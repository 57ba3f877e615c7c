"""The per-link work shared among processes: same result, whatever happens to a worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import PDFS, TEXTS

from diffcore import Options, ResdiffError, compare, parse, render_json
from diffcore.perf import ordered_map


def test_two_jobs_give_the_same_comparison_as_one() -> None:
    old, new = parse(TEXTS / "A_RES_78_69.txt"), parse(TEXTS / "A_RES_79_144.txt")
    one = compare(old, new, Options(jobs=1))
    two = compare(old, new, Options(jobs=2))
    assert len(one.links) > 300  # enough links for the work to be shared
    assert render_json(two) == render_json(one)


def test_results_keep_their_order_and_forked_workers_really_run() -> None:
    parent = os.getpid()
    items = list(range(1000))
    got = ordered_map(lambda x: (x * x, os.getpid() != parent), items, jobs=2)
    assert [square for square, _ in got] == [x * x for x in items]
    if hasattr(os, "fork"):
        assert any(in_worker for _, in_worker in got)


def test_a_failing_worker_has_its_share_redone_here() -> None:
    parent = os.getpid()

    def square_here_only(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("worker failed")
        return x * x

    assert ordered_map(square_here_only, list(range(600)), jobs=3) == [x * x for x in range(600)]


def test_an_error_here_is_raised() -> None:
    def fail(x: int) -> int:
        raise ValueError(x)

    with pytest.raises(ValueError):
        ordered_map(fail, list(range(600)), jobs=2)


def test_two_pdfs_read_side_by_side_give_the_same_comparison() -> None:
    old, new = PDFS / "A_C.2_80_L.5.pdf", PDFS / "A_C.2_80_L.48.pdf"
    assert render_json(compare(old, new, Options(jobs=2))) == render_json(compare(old, new, Options(jobs=1)))


def test_a_bad_file_read_by_a_worker_still_gives_the_library_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot a PDF at all")
    # The second file goes to the worker; its failure is redone here, where it is raised.
    with pytest.raises(ResdiffError, match=r"bad\.pdf"):
        compare(PDFS / "A_C.2_80_L.5.pdf", bad, Options(jobs=2))
