"""Shared paths, fixtures and options for the test suite.

Every input the tests need is in the repository: ``samples/`` and the real UN
documents in ``tests/documents/`` (see its README). With ``CI=true`` a test
that skips fails instead, unless its reason is in ``ALLOWED_SKIPS_IN_CI``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from diffcore import Comparison
from diffcore.render.pdf import CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DOCUMENTS = ROOT / "tests" / "documents"
TEXTS = DOCUMENTS / "text"  # pdftotext output of every document in ../shared/dev
PDFS = DOCUMENTS / "pdf"  # the official PDFs of some of them
SCORER = DOCUMENTS / "tools" / "score_alignment.py"
OLD = SAMPLES / "A_RES_64_177.txt"
NEW = SAMPLES / "A_RES_66_178.txt"
GOLD = DOCUMENTS / "gold" / "A_RES_64_177__A_RES_66_178.json"

# The browser tests drive the system Chromium with Playwright (its own browser
# download does not work offline); $RESDIFF_CHROMIUM names another.
CHROMIUM = os.environ.get("RESDIFF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = list(CHROMIUM_FLAGS)


def browser_missing() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[browser]'"
    if not Path(CHROMIUM).is_file():
        return "no Chromium at /usr/bin/chromium: apt-get install -y chromium (or set RESDIFF_CHROMIUM)"
    return ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for a test module; closed after it, since the library forks
    workers only in a process without other threads (Playwright runs some)."""
    reason = browser_missing()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# The documents are inputs, not test modules (the scorer is a script).
collect_ignore = ["documents"]

# What may skip in CI, each an optional extra the README names: WeasyPrint,
# the second PDF engine (Chromium is required).
ALLOWED_SKIPS_IN_CI = ("weasyprint not installed",)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the expected files of tests/cases/ from the current output (read the git diff).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def sample_comparison() -> Comparison:
    from diffcore import compare

    return compare(OLD, NEW)


def _no_skip_in_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    """Turn a skip into a failure when CI=true, unless its reason is allowed."""
    if os.environ.get("CI") != "true" or not report.skipped or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    if not any(allowed in reason for allowed in ALLOWED_SKIPS_IN_CI):
        report.outcome = "failed"
        report.longrepr = f"skipped with CI=true, which allows only {ALLOWED_SKIPS_IN_CI}: {reason}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport() -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _no_skip_in_ci(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report() -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _no_skip_in_ci(report)
    return report
