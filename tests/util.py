"""Golden cases in the style of black's ``tests/data/cases``: one file per case, one test for all.

A case names a ``resdiff`` command run from the repository root, on inputs in
the repository, and holds what it must print:

- ``tests/cases/show/NAME.txt``: the first line is the command
  (``# resdiff show samples/A_C.2_80_L.48.pdf``), the rest is its output, the
  CLI's text renderer (``diffcore.render_text``), byte for byte.
- ``tests/cases/compare/NAME.json``: ``command`` is the command
  (``["compare", OLD, NEW, "--format", "json"]``); ``summary`` and ``links``
  are what its JSON says: the summary counts and each link as
  ``[old ids, new ids, kind]``, one a line. Other fields of a link are left
  out, so that a field added to the JSON does not change the cases.

To add a case, write a file holding only the command (the first line, or
``{"command": [...]}``); to accept new output after a deliberate change, run
``python -m pytest tests/test_cases.py --update-golden`` and read the diff in
git before committing it.
"""

from __future__ import annotations

import difflib
import json
import shlex
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "cases"
SHOW_PREFIX = "# resdiff "


def command(case: Path) -> list[str]:
    """The resdiff arguments a case file names (without the program name)."""
    text = case.read_text(encoding="utf-8")
    if case.suffix == ".json":
        args = json.loads(text).get("command")
        if not (isinstance(args, list) and args[:1] == ["compare"] and "json" in args):
            raise ValueError(f"{case}: 'command' must be a list: 'compare', OLD, NEW, '--format', 'json'")
        return [str(a) for a in args]
    first = text.partition("\n")[0]
    if not first.startswith(SHOW_PREFIX + "show "):
        raise ValueError(f"{case}: the first line must be '{SHOW_PREFIX}show PATH'")
    return shlex.split(first.removeprefix(SHOW_PREFIX))


def show_case(args: list[str], output: str) -> str:
    """A show case's text: the command, then what it printed."""
    return f"{SHOW_PREFIX}{shlex.join(args)}\n{output}"


def compare_case(args: list[str], output: str) -> str:
    """A compare case's text: the command, then the JSON output's summary and links, a link a line."""
    data: dict[str, Any] = json.loads(output)
    links = [json.dumps([link["old"], link["new"], link["kind"]]) for link in data["links"]]
    summary = json.dumps(data["summary"], indent=2).replace("\n", "\n  ")
    return (
        "{\n"
        f'  "command": {json.dumps(args)},\n'
        f'  "summary": {summary},\n'
        '  "links": [\n    ' + ",\n    ".join(links) + "\n  ]\n}\n"
    )


def diff(expected: str, actual: str, name: str) -> str:
    """A unified diff of an expected and an actual case, for the failure message."""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{name} (expected)",
            tofile=f"{name} (actual)",
        )
    )
