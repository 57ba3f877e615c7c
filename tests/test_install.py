"""A non-editable ``pip install .`` works from any directory and adds one package."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import NEW, OLD, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):  # type: ignore[no-untyped-def]
    env_dir = tmp_path_factory.mktemp("venv")
    # Dependencies come from the test environment (system site packages); the
    # project itself is built (in pip's isolated build environment) and installed.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / "bin" / "python"
    build = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=tmp_path_factory.mktemp("elsewhere"),
    )
    if build.returncode != 0:
        pytest.fail(build.stdout + build.stderr)
    return env_dir


def site_packages(env_dir: Path) -> Path:
    return next(env_dir.glob("lib/python3*/site-packages"))


def test_only_diffcore_is_added_to_site_packages(installed) -> None:  # type: ignore[no-untyped-def]
    names = {p.name for p in site_packages(installed).iterdir()}
    ours = {n for n in names if not n.startswith(("_", "pip", "setuptools", "pkg_resources"))}
    assert "diffcore" in ours
    assert not {"cli", "templates", "tests", "samples"} & ours
    assert {n for n in ours if not n.endswith((".dist-info", ".pth"))} == {"diffcore"}
    assert (site_packages(installed) / "diffcore" / "templates" / "report.html.j2").is_file()


def test_resdiff_runs_from_another_directory(installed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONPATH": ""}
    exe = installed / "bin" / "resdiff"
    out = tmp_path / "report.html"
    run = subprocess.run(
        [str(exe), "compare", str(OLD), str(NEW), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert "<ins>" in out.read_text(encoding="utf-8")
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import diffcore; print(diffcore.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert str(site_packages(installed)) in where.stdout
    bad = subprocess.run(
        [str(exe), "show", str(tmp_path / "missing.pdf")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert sys.executable  # the outer interpreter is untouched
