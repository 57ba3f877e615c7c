"""Shared paths and fixtures for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
OLD = SAMPLES / "A_RES_64_177.txt"
NEW = SAMPLES / "A_RES_66_178.txt"
GOLD = SHARED / "gold" / "A_RES_64_177__A_RES_66_178.json"


@pytest.fixture(scope="session")
def sample_comparison():  # type: ignore[no-untyped-def]
    from diffcore import compare

    return compare(OLD, NEW)
