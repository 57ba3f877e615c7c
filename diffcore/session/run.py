"""One session end to end: read every file, chain the documents, compare each step, sum it up.

Each step is compared and its report rendered in a worker (a local process
or a Dask node), the work cached by content: a rerun after one new document
reads, compares and renders only what the new document brought.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from ..model import Change, Comparison, LinkKind, Resolution
from ..options import Options
from .cache import Cache
from .executor import Progress, run_map
from .reading import Document, collect, read_all

__all__ = ["ChainResult", "DocumentInfo", "SessionOptions", "SessionResult", "StepResult", "run_session"]


@dataclass(frozen=True)
class SessionOptions:
    """How to run a session.

    ``jobs`` local processes share the reading and the comparing, unless
    ``scheduler`` names a Dask scheduler (``tcp://host:8786``, or a
    ``dask.distributed.Client``). ``cache`` is the SQLite file of finished
    work (None: no cache). The result is the same whatever runs the work.
    """

    compare: Options = field(default_factory=Options)
    jobs: int = 1
    scheduler: Any = ""
    cache: Path | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What the overview says about one document."""

    key: str  # its symbol, else its file name; unique in the session
    file: str
    title: str
    committee: str
    session: int | None
    status: str


@dataclass(frozen=True)
class StepResult:
    """One comparison of a chain, summed up; its report is ``report``, relative to the output folder."""

    old: str
    new: str
    confidence: str
    evidence: tuple[str, ...]
    report: str
    counts: dict[str, int]  # links per kind, words added and removed, substantive and technical links
    verb_changes: tuple[dict[str, str], ...]
    stale_refs: int
    mandates: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class ChainResult:
    """A chain's documents (oldest first), its steps, and its history page ("" below three documents)."""

    documents: tuple[str, ...]
    confidence: str
    steps: tuple[StepResult, ...]
    history: str = ""


# A chain of this many documents or more gets a history page (resdiff history) besides its reports.
HISTORY_FROM = 3


@dataclass(frozen=True)
class SessionResult:
    """Everything the overview shows; ``work`` counts what was done and what came from the cache."""

    documents: dict[str, DocumentInfo]
    chains: tuple[ChainResult, ...]
    skipped: tuple[tuple[str, str, str], ...]  # (file, symbol or "", reason): read, and not compared
    errors: tuple[tuple[str, str], ...]  # (file, one-line error): files that could not be read
    work: dict[str, int]


def run_session(
    paths: Sequence[str | Path],
    options: SessionOptions = SessionOptions(),
    write_report: Callable[[str, str], None] | None = None,
    progress: Progress | None = None,
) -> SessionResult:
    """Read, chain and compare the documents under ``paths``; ``write_report(name, html)`` gets each report.

    >>> r = run_session(["tests/documents/text/A_RES_78_233.txt", "tests/documents/text/A_RES_79_218.txt"])
    >>> [c.documents for c in r.chains], r.chains[0].steps[0].report
    ([('A/RES/78/233', 'A/RES/79/218')], 'reports/A_RES_78_233__A_RES_79_218.html')
    """
    from .pairing import chain_documents

    cache = Cache(options.cache) if options.cache is not None else None
    try:
        docs = read_all(collect(paths), cache, options.jobs, options.scheduler, progress)
        parsed = cache.stored if cache else sum(1 for d in docs if d.sha256)
        errors = tuple((d.name, d.error) for d in docs if d.error)
        skipped = tuple((d.name, d.symbol, d.skipped) for d in docs if d.skipped)
        keyed = _keyed([d for d in docs if d.resolution is not None])
        resolutions = {k: d.resolution for k, d in keyed.items() if d.resolution is not None}
        chains = chain_documents(resolutions)
        names = _report_names([(s.old, s.new) for c in chains for s in c.steps])
        step_work = {
            (s.old, s.new): (
                _work_key(keyed, (s.old, s.new), options.compare),
                (resolutions[s.old], resolutions[s.new], options.compare),
            )
            for c in chains
            for s in c.steps
        }
        step_results, compared = _cached_map(_compare_step, step_work, cache, options, progress, "Comparing")
        # The life of each text of three versions or more, paragraph by paragraph across them.
        history_work = {
            c.documents: (
                _work_key(keyed, c.documents, options.compare),
                (tuple(resolutions[k] for k in c.documents), c.documents, options.compare),
            )
            for c in chains
            if len(c.documents) >= HISTORY_FROM
        }
        histories, _ = _cached_map(_history_page, history_work, cache, options, progress, "Histories")
        steps: dict[tuple[str, str], StepResult] = {}
        for c in chains:
            for s in c.steps:
                summary, html = step_results[s.old, s.new]
                name = names[s.old, s.new]
                if write_report is not None:
                    write_report(name, html)
                steps[s.old, s.new] = StepResult(
                    s.old, s.new, s.confidence.value, tuple(s.evidence), name, **summary
                )
        history_names = {}
        for docs_of_chain, html in histories.items():
            name = f"reports/{safe_name(docs_of_chain[0])}__{safe_name(docs_of_chain[-1])}.history.html"
            history_names[docs_of_chain] = name
            if write_report is not None:
                write_report(name, html)
        return SessionResult(
            documents={k: _info(k, d) for k, d in keyed.items()},
            chains=tuple(
                ChainResult(
                    tuple(c.documents),
                    c.confidence.value,
                    tuple(steps[s.old, s.new] for s in c.steps),
                    history_names.get(tuple(c.documents), ""),
                )
                for c in chains
            ),
            skipped=skipped,
            errors=errors,
            work={"files": len(docs), "parsed": parsed, "steps": len(step_work), "compared": compared},
        )
    finally:
        if cache is not None:
            cache.close()


def _keyed(docs: Sequence[Document]) -> dict[str, Document]:
    """The documents by name: the symbol, else the file name; a second document of a name gets its file's."""
    out: dict[str, Document] = {}
    for d in docs:
        assert d.resolution is not None
        key = d.resolution.metadata.symbol or d.name
        if key in out:
            key = f"{key} ({d.name})"
        n = 2
        while key in out:
            key, n = f"{key} {n}", n + 1
        out[key] = d
    return out


def _info(key: str, d: Document) -> DocumentInfo:
    assert d.resolution is not None
    m = d.resolution.metadata
    return DocumentInfo(key, d.name, m.title, m.committee, m.session, m.status)


_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
_NAME_LIMIT = 80


def safe_name(key: str) -> str:
    """A document's name as part of a file name: letters, digits, dots and hyphens, at most 80.

    >>> safe_name("A/C.2/80/L.5"), safe_name("../x (y).txt")
    ('A_C.2_80_L.5', '.._x_y_.txt')
    """
    return _UNSAFE.sub("_", key)[:_NAME_LIMIT] or "_"


def _report_names(steps: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Each step's report file, ``reports/OLD__NEW.html``, numbered when two names would be the same."""
    out: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    for old, new in steps:
        stem = f"reports/{safe_name(old)}__{safe_name(new)}"
        name, n = f"{stem}.html", 2
        while name in used:
            name, n = f"{stem}-{n}.html", n + 1
        used.add(name)
        out[old, new] = name
    return out


def _work_key(keyed: dict[str, Document], keys: Sequence[str], options: Options) -> str:
    """What a step's or a history's result depends on: the contents, the file names (shown), the options."""
    what = [[keyed[k].sha256, keyed[k].name] for k in keys] + [repr(replace(options, jobs=1))]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()


_K = TypeVar("_K", bound=Hashable)
_I = TypeVar("_I")
_O = TypeVar("_O")


def _cached_map(
    fn: Callable[[_I], _O],
    work: dict[_K, tuple[str, _I]],
    cache: Cache | None,
    options: SessionOptions,
    progress: Progress | None,
    label: str,
) -> tuple[dict[_K, _O], int]:
    """``fn`` of each item of ``work`` ({name: (cache key, item)}), from the cache or done in parallel.

    Each new result is stored as soon as it arrives; returns the results and how many were computed.
    """
    out: dict[_K, _O] = {}
    todo = []
    for name, (key, item) in work.items():
        hit = cache.step(key) if cache is not None else None
        if hit is None:
            todo.append((name, key, item))
        else:
            out[name] = hit
    results = run_map(fn, [item for _, _, item in todo], options.jobs, options.scheduler, progress, label)
    for (name, key, _), result in zip(todo, results, strict=True):
        if cache is not None:
            cache.put_step(key, result)
        out[name] = result
    return {name: out[name] for name in work}, len(todo)


def _compare_step(item: tuple[Resolution, Resolution, Options]) -> tuple[dict[str, Any], str]:
    """Compare one step and render its report: the work a worker does."""
    from ..pipeline import compare
    from ..render.html import render_html

    old, new, options = item
    c = compare(old, new, replace(options, jobs=1))
    return step_summary(c), render_html(c)


def _history_page(item: tuple[tuple[Resolution, ...], tuple[str, ...], Options]) -> str:
    """The history page of one chain: its texts compared in turn, each paragraph followed across them."""
    from ..history import render_history_html, thread_history
    from ..pipeline import compare

    texts, labels, options = item
    comparisons = [compare(a, b, replace(options, jobs=1)) for a, b in pairwise(texts)]
    return render_history_html(thread_history(comparisons, labels))


def step_summary(c: Comparison) -> dict[str, Any]:
    """What the overview shows of one comparison: counts, verb changes, stale references, mandates.

    >>> from diffcore import compare
    >>> s = step_summary(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> s["counts"]["split"], s["verb_changes"][0]["direction"]
    (1, 'changed')
    """
    from ..mandates import mandate_changes

    counts = dict(c.summary)
    for change in (Change.SUBSTANTIVE, Change.TECHNICAL):
        counts[change.value] = sum(
            1 for link in c.links if link.change is change and link.kind is not LinkKind.UNCHANGED
        )
    verbs = tuple(
        {"old_id": v.old_id, "new_id": v.new_id, "old": v.old, "new": v.new, "direction": v.direction}
        for v in c.digest.verb_changes
    )
    mandates = tuple(
        {
            "kind": str(m.kind),
            "old_id": m.old_id,
            "new_id": m.new_id,
            "body": m.body,
            "action": m.action,
            "old_timing": m.old_timing,
            "new_timing": m.new_timing,
        }
        for m in mandate_changes(c)
    )
    return {
        "counts": counts,
        "verb_changes": verbs,
        "stale_refs": len(c.digest.stale_refs),
        "mandates": mandates,
    }
