"""One session end to end: read every file, chain the documents, compare each step, sum it up.

Each step is compared and its report rendered in a worker (a local process
or a Dask node), the work cached by content: a rerun after one new document
reads, compares and renders only what the new document brought.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

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
    documents: tuple[str, ...]
    confidence: str
    steps: tuple[StepResult, ...]


@dataclass(frozen=True)
class SessionResult:
    """Everything the overview shows; ``work`` counts what was done and what came from the cache."""

    documents: dict[str, DocumentInfo]
    chains: tuple[ChainResult, ...]
    errors: tuple[tuple[str, str], ...]  # (file, one-line error)
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
        errors = tuple((d.name, d.error) for d in docs if d.resolution is None)
        keyed = _keyed([d for d in docs if d.resolution is not None])
        resolutions = {k: d.resolution for k, d in keyed.items() if d.resolution is not None}
        chains = chain_documents(resolutions)
        names = _report_names([(s.old, s.new) for c in chains for s in c.steps])
        work = []
        todo = []
        for chain in chains:
            for s in chain.steps:
                key = _step_key(keyed[s.old], keyed[s.new], options.compare)
                hit = cache.step(key) if cache else None
                if hit is None:
                    todo.append((key, (resolutions[s.old], resolutions[s.new], options.compare)))
                work.append((s, key, hit))
        done: dict[str, tuple[dict[str, Any], str]] = {}
        for (key, _), result in zip(
            todo,
            run_map(
                _compare_step, [i for _, i in todo], options.jobs, options.scheduler, progress, "Comparing"
            ),
            strict=True,
        ):
            if cache is not None:
                cache.put_step(key, result)
            done[key] = result
        steps: dict[tuple[str, str], StepResult] = {}
        for s, key, hit in work:
            summary, html = hit if hit is not None else done[key]
            name = names[s.old, s.new]
            if write_report is not None:
                write_report(name, html)
            steps[s.old, s.new] = StepResult(
                s.old, s.new, s.confidence.value, tuple(s.evidence), name, **summary
            )
        return SessionResult(
            documents={k: _info(k, d) for k, d in keyed.items()},
            chains=tuple(
                ChainResult(
                    tuple(c.documents), c.confidence.value, tuple(steps[s.old, s.new] for s in c.steps)
                )
                for c in chains
            ),
            errors=errors,
            work={
                "files": len(docs),
                "parsed": parsed,
                "steps": len(work),
                "compared": len(todo),
            },
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


def _step_key(old: Document, new: Document, options: Options) -> str:
    """What a step's result depends on: both contents and file names (the report shows them), the options."""
    what = [old.sha256, new.sha256, old.name, new.name, repr(replace(options, jobs=1))]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()


def _compare_step(item: tuple[Resolution, Resolution, Options]) -> tuple[dict[str, Any], str]:
    """Compare one step and render its report: the work a worker does."""
    from ..pipeline import compare
    from ..render.html import render_html

    old, new, options = item
    c = compare(old, new, replace(options, jobs=1))
    return step_summary(c), render_html(c)


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
    # Stale cross-references come with the digest branch (Digest.stale_refs); none before it.
    stale = len(getattr(c.digest, "stale_refs", ()))
    return {"counts": counts, "verb_changes": verbs, "stale_refs": stale, "mandates": mandates}
