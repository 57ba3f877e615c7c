"""The session overview: ``overview.json`` (the contract), ``overview.csv`` (a row per step), ``index.html``.

The JSON is what other tools read::

    {"format": "resdiff-session", "version": 2,
     "chains": [{"documents": [oldest, ..., newest], "title": ..., "committee": ...,
                 "confidence": "high" | "medium" | "low", "history": "reports/....history.html" or "",
                 "steps": [{"old": ..., "new": ..., "confidence": ..., "evidence": [...],
                            "report": "reports/OLD__NEW.html", "summary": {...}, "mandates": [...]}]}],
     "unpaired": [...], "new": [...], "not_renewed": [...],
     "skipped": [{"file": ..., "symbol": ... or "", "reason": ...}],
     "errors": [{"file": ..., "error": ...}]}

Every file given is in exactly one chain (a chain of one for a text with no
relative), in ``skipped`` (read, but not a resolution: an amendment, a
decision without a resolution's structure, a note; the reason says which) or
in ``errors`` (could not be read), a document named by its symbol (else its
file name). A chain of three documents or more has a ``history`` page, each
paragraph followed across its versions. ``unpaired`` names the chains of one; ``new`` those of them from the
latest session in the run; ``not_renewed`` the chains whose newest text is
from an earlier session.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ResdiffError
from ..model import LinkKind
from .run import ChainResult, SessionResult, StepResult

__all__ = [
    "FORMAT",
    "VERSION",
    "journal_reports",
    "listed_reports",
    "overview_csv",
    "overview_dict",
    "overview_html",
    "overview_json",
    "stale_reports",
]

FORMAT = "resdiff-session"
VERSION = 2  # 2 added "skipped"


def _latest(result: SessionResult) -> int | None:
    sessions = [d.session for d in result.documents.values() if d.session is not None]
    return max(sessions) if sessions else None


def _status(result: SessionResult, chain: ChainResult) -> str:
    """ "new" (a text of the latest session with no earlier version), "not renewed", or ""."""
    latest = _latest(result)
    session = result.documents[chain.documents[-1]].session
    if latest is None or session is None:
        return ""
    if session < latest:
        return "not renewed"
    return "new" if len(chain.documents) == 1 else ""


def _chain_head(result: SessionResult, chain: ChainResult) -> tuple[str, str]:
    """The title and committee of a chain: its newest text's."""
    newest = result.documents[chain.documents[-1]]
    return newest.title, newest.committee


def _step_dict(s: StepResult) -> dict[str, Any]:
    return {
        "old": s.old,
        "new": s.new,
        "confidence": s.confidence,
        "evidence": list(s.evidence),
        "report": s.report,
        "summary": {
            **s.counts,
            "verb_changes": list(s.verb_changes),
            "stale_references": s.stale_refs,
        },
        "mandates": list(s.mandates),
    }


def overview_dict(result: SessionResult) -> dict[str, Any]:
    """The overview as plain data: the ``overview.json`` contract (see the module's docstring)."""
    chains = []
    for c in result.chains:
        title, committee = _chain_head(result, c)
        chains.append(
            {
                "documents": list(c.documents),
                "title": title,
                "committee": committee,
                "confidence": c.confidence,
                "history": c.history,
                "steps": [_step_dict(s) for s in c.steps],
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "chains": chains,
        "unpaired": [c.documents[0] for c in result.chains if len(c.documents) == 1],
        "new": [c.documents[0] for c in result.chains if _status(result, c) == "new"],
        "not_renewed": [c.documents[-1] for c in result.chains if _status(result, c) == "not renewed"],
        "skipped": [{"file": f, "symbol": sym, "reason": why} for f, sym, why in result.skipped],
        "errors": [{"file": f, "error": e} for f, e in result.errors],
    }


def overview_json(result: SessionResult) -> str:
    """``overview.json``: UTF-8, keys in a fixed order, one trailing newline."""
    return json.dumps(overview_dict(result), ensure_ascii=False, indent=2) + "\n"


_CSV_COUNTS = (*(k.value for k in LinkKind), "words_added", "words_removed", "substantive", "technical")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def overview_csv(result: SessionResult) -> str:
    """``overview.csv``: one row per step, then one per file not compared; texts guarded against formulas.

    A file not compared has no chain, ``new`` is its symbol (else its file
    name), and ``not_compared`` says why: "skipped: " and the reason, or
    "not read: " and the error.
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        [
            "chain",
            "old",
            "new",
            "confidence",
            "committee",
            "title",
            *_CSV_COUNTS,
            "verb_changes",
            "stale_references",
            "mandate_changes",
            "report",
            "not_compared",
        ]
    )
    for n, c in enumerate(result.chains, 1):
        title, committee = _chain_head(result, c)
        for s in c.steps:
            counts = [s.counts.get(k, 0) for k in _CSV_COUNTS]
            w.writerow(
                [
                    n,
                    *map(_cell, (s.old, s.new, s.confidence, committee, title)),
                    *counts,
                    len(s.verb_changes),
                    s.stale_refs,
                    len(s.mandates),
                    _cell(s.report),
                    "",
                ]
            )
    blank = [""] * (len(_CSV_COUNTS) + 3)
    for file, symbol, why in result.skipped:
        w.writerow(["", "", _cell(symbol or file), "", "", "", *blank, "", _cell(f"skipped: {file}: {why}")])
    for file, error in result.errors:
        w.writerow(["", "", _cell(file), "", "", "", *blank, "", _cell(f"not read: {error}")])
    return out.getvalue()


@dataclass(frozen=True)
class _Bar:
    """One chain's bar in the picture: its links summed over its steps, stacked from the bottom."""

    anchor: str
    label: str
    segments: tuple[tuple[str, int, float, float], ...]  # (kind, links, y, height) in pixels
    mandates: int


# The picture: bars this tall at most, this wide, this far apart; heights on a
# square-root scale, so that a 40-paragraph text is not a sliver beside an annex of 600.
BAR_HEIGHT = 120
BAR_WIDTH = 7
BAR_STEP = 10
_BAR_KINDS = ("unchanged", "modified", "added", "deleted")


@dataclass(frozen=True)
class _Row:
    anchor: str
    number: int
    chain: ChainResult
    title: str
    committee: str
    status: str
    changed: int
    substantive: int
    mandates: int


_MODIFIED = ("modified", "moved", "split", "merged")


def _rows(result: SessionResult) -> list[_Row]:
    rows = []
    for n, c in enumerate(result.chains, 1):
        title, committee = _chain_head(result, c)
        total: Counter[str] = Counter()
        for s in c.steps:
            total.update(s.counts)
        rows.append(
            _Row(
                f"chain-{n}",
                n,
                c,
                title,
                committee,
                _status(result, c),
                sum(total[k] for k in (*_MODIFIED, "added", "deleted")),
                total["substantive"],
                sum(len(s.mandates) for s in c.steps),
            )
        )
    return rows


def _groups(rows: list[_Row]) -> list[tuple[str, list[_Bar]]]:
    """The bars of the chains that have steps, grouped by committee, committees by name."""
    totals = []
    for r in rows:
        total: Counter[str] = Counter()
        for s in r.chain.steps:
            total.update(s.counts)
        counts = (total["unchanged"], sum(total[k] for k in _MODIFIED), total["added"], total["deleted"])
        totals.append((r, counts))
    tallest = max((sum(c) for r, c in totals if r.chain.steps), default=0) or 1
    groups: dict[str, list[_Bar]] = {}
    for r, counts in totals:
        if not r.chain.steps:
            continue
        height = BAR_HEIGHT * (sum(counts) / tallest) ** 0.5
        y = float(BAR_HEIGHT)
        segments = []
        for kind, n in zip(_BAR_KINDS, counts, strict=True):
            h = round(height * n / (sum(counts) or 1), 2)
            y = round(y - h, 2)
            segments.append((kind, n, y, h))
        label = " \u2192 ".join(r.chain.documents)
        groups.setdefault(r.committee or "No committee (plenary)", []).append(
            _Bar(r.anchor, f"{label}: {r.title}", tuple(segments), r.mandates)
        )
    return sorted(groups.items())


def overview_html(result: SessionResult) -> str:
    """``index.html``: chains (picture, table), mandates, new and lapsed texts, files not compared or read.

    Self-contained (inline CSS, SVG and script), readable with scripting off,
    everything from a document escaped by the template's autoescaping.
    """
    from ..perf import collector_paused
    from ..render.html import environment

    rows = _rows(result)
    mandates = [(r, s, m) for r in rows for s in r.chain.steps for m in s.mandates]
    template = environment().get_template("overview.html.j2")
    with collector_paused():
        return template.render(
            rows=rows,
            groups=_groups(rows),
            bar=(BAR_HEIGHT, BAR_WIDTH, BAR_STEP),
            committees=sorted({r.committee for r in rows if r.committee}),
            mandates=mandates,
            new=[r for r in rows if r.status == "new"],
            not_renewed=[r for r in rows if r.status == "not renewed"],
            skipped=result.skipped,
            errors=result.errors,
            documents=len(result.documents),
            steps=sum(len(r.chain.steps) for r in rows),
        )


# A report's name as resdiff writes it: one file in reports/, safe_name's letters, no leading dot.
_REPORT_NAME = re.compile(r"reports/[A-Za-z0-9_-][A-Za-z0-9._-]*\.html")
# What every page resdiff writes carries in its head.
_GENERATOR = b'<meta name="generator" content="resdiff">'
_HEAD_BYTES = 4096


def listed_reports(overview: str) -> set[str]:
    """The reports and history pages an ``overview.json`` lists: the record of what a run wrote.

    Refuses (ResdiffError) anything but the contract (this version, or
    version 1 of an earlier resdiff, which lists its reports the same way),
    so that a hand-edited or damaged overview never decides what to delete.

    >>> listed_reports('{"format": "resdiff-session", "version": 2, "chains": [{"history": "", '
    ...                '"steps": [{"report": "reports/A__B.html"}]}]}')
    {'reports/A__B.html'}
    >>> listed_reports('{"format": "resdiff-session", "version": 1, "chains": [{"history": "../x.html", '
    ...                '"steps": []}]}')
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: not a report resdiff names: '../x.html'
    """
    try:
        data = json.loads(overview)
    except ValueError as exc:
        raise ResdiffError(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") not in (1, VERSION):
        raise ResdiffError(f"not a {FORMAT} overview of version 1 or {VERSION}")
    chains = data.get("chains")
    if not isinstance(chains, list):
        raise ResdiffError("no list of chains")
    names: list[object] = []
    for chain in chains:
        steps = chain.get("steps") if isinstance(chain, dict) else None
        if not isinstance(chain, dict) or not isinstance(steps, list):
            raise ResdiffError("a chain without a list of steps")
        names.extend(s.get("report") if isinstance(s, dict) else s for s in steps)
        if chain.get("history", ""):
            names.append(chain["history"])
    for name in names:
        if not isinstance(name, str) or not _REPORT_NAME.fullmatch(name):
            raise ResdiffError(f"not a report resdiff names: {name!r}")
    return {name for name in names if isinstance(name, str)}


def journal_reports(journal: str) -> set[str]:
    """The report names in a journal of reports being written, one a line; a line cut short is no name.

    >>> sorted(journal_reports("reports/A__B.html\\nreports/C__D.history.html\\nreports/E__"))
    ['reports/A__B.html', 'reports/C__D.history.html']
    """
    return {line for line in journal.splitlines() if _REPORT_NAME.fullmatch(line)}


def stale_reports(folder: Path, previous: set[str], current: set[str]) -> list[Path]:
    """The files of ``previous`` (a run's reports) that ``current`` did not write again, and resdiff wrote.

    A file is stale only if it is still a regular file (not a link) carrying
    resdiff's generator mark in its head: a user's own file is never one.
    """
    out = []
    for name in sorted(previous - current):
        path = folder / name
        try:
            if not path.is_file() or path.is_symlink():
                continue
            with open(path, "rb") as fh:
                head = fh.read(_HEAD_BYTES)
        except OSError:
            continue
        if _GENERATOR in head:
            out.append(path)
    return out
