"""Golden cases in the style of black's ``tests/data/cases`` + ``tests/util.py``.

Each file in ``tests/cases/`` names its input on its first line
(``# input: samples/A_C.2_80_L.48.pdf``); the rest is the expected outline
of what resdiff understood of that input. One test checks them all and shows
a unified diff on failure. To accept new output after a deliberate change,
run ``RESDIFF_UPDATE_CASES=1 python -m pytest tests/test_cases.py`` and read
the diff in git before committing it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from diffcore.model import Part, Resolution

CASES = Path(__file__).resolve().parent / "cases"


def outline(res: Resolution, words: int = 6) -> str:
    """What a reader checks first: metadata, counts, each paragraph's opening, footnotes."""
    m = res.metadata
    lines = [
        f"symbol: {m.symbol}",
        f"title: {m.title}",
        f"status: {m.status}",
        f"adopted: {m.adopted}",
        f"distributed: {m.distributed} ({m.distribution})",
        f"session: {m.session}",
        f"agenda item: {m.agenda_item}",
        f"committee: {m.committee}; report: {m.committee_report}",
        f"plenary meeting: {m.plenary_meeting}",
        f"sponsors: {', '.join(m.sponsors)}",
        f"basis: {m.basis}",
    ]
    counts = {part: sum(p.part is part for p in res.paragraphs) for part in Part}
    lines.append(
        "paragraphs: "
        + ", ".join(f"{counts[part]} {part.value}" for part in Part)
        + f"; footnotes: {len(res.footnotes)}"
    )
    section = ""
    for p in res.paragraphs:
        if p.section != section:
            section = p.section
            lines.append(f"== {section}")
        first = " ".join(p.text.split()[:words])
        subs = p.text.count("\n")
        notes = ",".join(n.marker for n in p.notes)
        lines.append(
            f"{p.id}: {first}"
            + (f" [+{subs} lines]" if subs else "")
            + (f" [notes {notes}]" if notes else "")
        )
    for f in res.footnotes:
        lines.append(f"fn {f.marker}: {' '.join(f.text.split()[:8])}")
    return "\n".join(lines) + "\n"


def read_case(path: Path) -> tuple[str, str]:
    """The input named on a case file's first line, and the expected outline."""
    first, _, expected = path.read_text(encoding="utf-8").partition("\n")
    if not first.startswith("# input: "):
        raise ValueError(f"{path}: first line must be '# input: PATH'")
    return first.removeprefix("# input: ").strip(), expected


def diff(expected: str, actual: str, name: str) -> str:
    """A unified diff of an expected and an actual outline, for the failure message."""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{name} (expected)",
            tofile=f"{name} (actual)",
        )
    )
