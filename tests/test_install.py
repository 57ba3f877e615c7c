"""A non-editable ``pip install .`` works from any directory and adds one package.

The project is built and installed (``--no-deps``) into a fresh virtual
environment; its dependencies are the ones the tests run with, reached
through a ``.pth`` file that lists the folders they are installed in. So the
test needs no network beyond the build backend pip fetches from the package
index, and it passes in the README's setup (dependencies in ``.venv``) as
well as with dependencies in the system Python.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import tomllib
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import NEW, OLD, ROOT
from packaging.requirements import Requirement

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def dependency_folders() -> set[Path]:
    """The folders holding every distribution the project needs, its own dependencies' too."""
    todo = [Requirement(r) for r in PROJECT["dependencies"]]
    seen: set[str] = set()
    folders: set[Path] = set()
    while todo:
        req = todo.pop()
        name = req.name.lower()
        if name in seen or (req.marker is not None and not req.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        dist = importlib.metadata.distribution(name)
        folders.add(Path(str(dist.locate_file(""))).resolve())
        todo.extend(Requirement(r) for r in dist.requires or [])
    return folders


def site_packages(env_dir: Path) -> Path:
    return next(env_dir.glob("lib/python3*/site-packages"))


def clean_env() -> dict[str, str]:
    """The environment without PYTHONPATH and PYTHONHOME: the installed copy must work on its own."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@dataclass(frozen=True)
class Installed:
    """A virtual environment with resdiff installed, and what its site-packages held before."""

    env: Path
    before: frozenset[str]

    @property
    def added(self) -> set[str]:
        return {p.name for p in site_packages(self.env).iterdir()} - self.before


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    # Plain folder lines: Python adds them to sys.path after the new
    # environment's own site-packages, without running their .pth files (so
    # an editable install of resdiff there is not picked up).
    lines = sorted(str(folder) for folder in dependency_folders())
    (site_packages(env_dir) / "resdiff-test-dependencies.pth").write_text("\n".join(lines) + "\n")
    before = frozenset(p.name for p in site_packages(env_dir).iterdir())
    build = subprocess.run(
        [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--quiet", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=tmp_path_factory.mktemp("elsewhere"),
        env=clean_env(),
    )
    if build.returncode != 0:
        pytest.fail(build.stdout + build.stderr)
    return Installed(env_dir, before)


def test_only_diffcore_is_added_to_site_packages(installed: Installed) -> None:
    assert installed.added == {"diffcore", f"{PROJECT['name']}-{PROJECT['version']}.dist-info"}
    package = site_packages(installed.env) / "diffcore"
    assert (package / "templates" / "report.html.j2").is_file()
    assert (package / "cli" / "main.py").is_file()


def test_resdiff_runs_from_another_directory(installed: Installed, tmp_path: Path) -> None:
    exe = installed.env / "bin" / "resdiff"
    out = tmp_path / "report.html"
    run = subprocess.run(
        [str(exe), "compare", str(OLD), str(NEW), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert run.returncode == 0, run.stderr
    assert "<ins>" in out.read_text(encoding="utf-8")
    where = subprocess.run(
        [str(installed.env / "bin" / "python"), "-c", "import diffcore; print(diffcore.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert Path(where.stdout.strip()).parent == site_packages(installed.env) / "diffcore"
    bad = subprocess.run(
        [str(exe), "show", str(tmp_path / "missing.pdf")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1 and "missing.pdf" in bad.stderr
