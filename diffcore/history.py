"""The life of one text: every paragraph followed across successive versions.

A history is built on the single-pair engine: consecutive versions are
compared (the pairs side by side on several cores), and the links of all
the steps are threaded into *lineages*. Two paragraphs belong to one
lineage when a link joins them, directly or through other links, so a
split keeps both pieces in the lineage of the paragraph they came from
and a merge joins the lineages of its parts. Every paragraph of every
version stands in exactly one lineage's cell for that version.

Lineages come in the order of the latest version they are in: those in
the last version in its order, and each one that died along the way right
after the paragraph that stood before it in the last version it was in.

>>> h = history(["samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"])
>>> [v.label for v in h.versions]
['A/RES/64/177', 'A/RES/66/178']
>>> split = next(lin for lin in h.lineages if len(lin.cells[1]) == 2)
>>> [[p.id for p in cell] for cell in split.cells]
[['OP5'], ['OP4', 'OP6']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ResdiffError
from .model import Comparison, Link, LinkKind, Op, Paragraph, Resolution, Segment
from .options import Options

if TYPE_CHECKING:
    from .render.views import Line

__all__ = [
    "HISTORY_FORMAT",
    "HISTORY_VERSION",
    "History",
    "Lineage",
    "Version",
    "history",
    "history_dict",
    "render_history_html",
    "render_history_json",
    "render_history_markdown",
    "thread_history",
]

HISTORY_FORMAT = "resdiff-history"
HISTORY_VERSION = 1


@dataclass(frozen=True)
class Version:
    """One version of the text: what it is called in the history, and the parsed text."""

    label: str
    resolution: Resolution


@dataclass(frozen=True)
class Lineage:
    """A paragraph's life: its paragraphs in each version, and the links of each step.

    ``cells[v]`` holds the lineage's paragraphs in version ``v`` in document
    order (none: the text was not there; two or more: split pieces, or parts
    a later version merges); ``steps[k]`` holds its links from version ``k``
    to version ``k + 1`` (added, deleted, modified, split...).
    """

    id: str
    cells: tuple[tuple[Paragraph, ...], ...]
    steps: tuple[tuple[Link, ...], ...]

    @property
    def first(self) -> int:
        """The version the text came in at."""
        return next(v for v, cell in enumerate(self.cells) if cell)

    @property
    def last(self) -> int:
        """The last version the text is in."""
        return max(v for v, cell in enumerate(self.cells) if cell)

    @property
    def changed(self) -> bool:
        """Whether any step changed it: words, place, pieces, or presence."""
        return any(link.kind is not LinkKind.UNCHANGED for step in self.steps for link in step)


@dataclass(frozen=True)
class History:
    """Successive versions of one text, the comparison of each pair, and the lineages."""

    versions: tuple[Version, ...]
    comparisons: tuple[Comparison, ...]
    lineages: tuple[Lineage, ...]


def history(
    versions: Sequence[str | Path | Resolution], options: Options = Options(), labels: Sequence[str] = ()
) -> History:
    """Compare each version with the next (oldest first, as given) and thread the paragraphs.

    ``labels`` name the versions (default: their symbols, else file names).
    """
    if len(versions) < 2:
        raise ResdiffError(f"a history needs two or more versions, got {len(versions)}")
    if labels and len(labels) != len(versions):
        raise ResdiffError(f"{len(labels)} labels for {len(versions)} versions")
    from .perf import collector_paused, ordered_map
    from .pipeline import parse, slow_to_read

    with collector_paused():
        paths = [v for v in versions if not isinstance(v, Resolution)]
        slow = slow_to_read(*paths) and len(paths) > 1
        parsed = dict(
            zip(paths, ordered_map(parse, paths, options.workers if slow else 1, min_items=2), strict=True)
        )
        texts = [v if isinstance(v, Resolution) else parsed[v] for v in versions]
        # Several pairs: one pair per worker, each pair's own work on one core.
        pair_options = replace(options, jobs=1) if len(texts) > 2 else options
        comparisons = ordered_map(
            _compare_pair, [(a, b, pair_options) for a, b in pairwise(texts)], options.workers, 2
        )
        return thread_history(comparisons, labels)


def thread_history(comparisons: Sequence[Comparison], labels: Sequence[str] = ()) -> History:
    """The history of comparisons already made, each one's new text the next one's old text.

    For a caller that has the comparisons of a chain already (the session
    overview, say), so that nothing is compared twice.

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> h = thread_history([c], ["2009", "2011"])
    >>> [v.label for v in h.versions], h.lineages[0].id
    (['2009', '2011'], 'L1')
    """
    if not comparisons:
        raise ResdiffError("a history needs one or more comparisons")
    for k, (a, b) in enumerate(pairwise(comparisons)):
        if a.new != b.old:
            raise ResdiffError(
                f"comparison {k + 2} does not start from the text comparison {k + 1} ends with"
            )
    texts = [comparisons[0].old, *(c.new for c in comparisons)]
    if labels and len(labels) != len(texts):
        raise ResdiffError(f"{len(labels)} labels for {len(texts)} versions")
    names = _labels(texts, labels)
    return History(
        versions=tuple(Version(n, r) for n, r in zip(names, texts, strict=True)),
        comparisons=tuple(comparisons),
        lineages=_lineages(texts, comparisons),
    )


def _compare_pair(work: tuple[Resolution, Resolution, Options]) -> Comparison:
    from .pipeline import compare

    return compare(*work)


def _labels(texts: Sequence[Resolution], given: Sequence[str]) -> list[str]:
    """The given labels, else each symbol, else the file name; a repeated name gets its place."""
    names = list(given) or [r.metadata.symbol or Path(r.source).name for r in texts]
    return [f"{n} ({k + 1})" if names.count(n) > 1 else n for k, n in enumerate(names)]


def _lineages(texts: Sequence[Resolution], comparisons: Sequence[Comparison]) -> tuple[Lineage, ...]:
    """Thread the links of every step into lineages, in the order described above."""
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def root(node: tuple[int, str]) -> tuple[int, str]:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])  # path halving
            node = parent[node]
        return node

    for k, c in enumerate(comparisons):
        for link in c.links:
            nodes = [(k, i) for i in link.old] + [(k + 1, i) for i in link.new]
            first = root(nodes[0])
            for node in nodes[1:]:
                top = root(node)
                if top != first:
                    parent[top] = first
    # Lineages by root, cells filled in document order.
    n = len(texts)
    cells: dict[tuple[int, str], list[list[Paragraph]]] = {}
    for v, res in enumerate(texts):
        for p in res.paragraphs:
            cells.setdefault(root((v, p.id)), [[] for _ in range(n)])[v].append(p)
    steps: dict[tuple[int, str], list[list[Link]]] = {r: [[] for _ in range(n - 1)] for r in cells}
    for k, c in enumerate(comparisons):
        for link in c.links:
            steps[root((k, link.old[0]) if link.old else (k + 1, link.new[0]))][k].append(link)
    # Display order: the last version's, then each version back, a lineage that
    # ends there placed after the lineage of the paragraph before it.
    order: list[tuple[int, str]] = []
    placed: set[tuple[int, str]] = set()
    for v in reversed(range(n)):
        after = -1
        for p in texts[v].paragraphs:
            r = root((v, p.id))
            if r not in placed:
                order.insert(after + 1, r)
                placed.add(r)
            after = order.index(r)
    return tuple(
        Lineage(f"L{k + 1}", tuple(map(tuple, cells[r])), tuple(map(tuple, steps[r])))
        for k, r in enumerate(order)
    )


# ---------------------------------------------------------------- views for the writers


@dataclass(frozen=True)
class StepView:
    """One step of a lineage as the writers show it: its kind, a sentence, its redline."""

    old_label: str
    new_label: str
    kind: str  # the link kind, or "several" when the step has links of different kinds
    change: str  # the most important change of its links
    note: str
    lines: tuple[Line, ...]


_CHANGE_RANK = ("none", "editorial", "technical", "substantive")


def step_views(h: History, lin: Lineage) -> tuple[StepView | None, ...]:
    """For each step, what the lineage went through (``None`` where it was absent on both sides)."""
    from .render.views import link_note, redline

    out: list[StepView | None] = []
    for k, links in enumerate(lin.steps):
        if not links:
            out.append(None)
            continue
        c = h.comparisons[k]
        old_by_id = {p.id: p for p in c.old.paragraphs}
        new_by_id = {p.id: p for p in c.new.paragraphs}
        lines: list[Line] = []
        for link in links:
            lines += redline(link, [old_by_id[i] for i in link.old], [new_by_id[i] for i in link.new])
        kinds = {link.kind.value for link in links}
        changes = [link.change.value for link in links if link.kind is not LinkKind.UNCHANGED]
        out.append(
            StepView(
                old_label=h.versions[k].label,
                new_label=h.versions[k + 1].label,
                kind=kinds.pop() if len(kinds) == 1 else "several",
                change=max(changes, key=_CHANGE_RANK.index, default="none"),
                note="; ".join(note for note in map(link_note, links) if note),
                lines=tuple(lines),
            )
        )
    return tuple(out)


def timeline(steps: Sequence[StepView | None]) -> tuple[StepView, ...]:
    """The steps a lineage went through, a run of unchanged steps told once.

    >>> same = [StepView(a, b, "unchanged", "none", "", ()) for a, b in ("AB", "BC")]
    >>> [(s.old_label, s.new_label) for s in timeline([None, *same])]
    [('A', 'C')]
    """
    out: list[StepView] = []
    for step in steps:
        if step is None:
            continue
        if step.kind == "unchanged" and out and out[-1].kind == "unchanged":
            out[-1] = replace(out[-1], new_label=step.new_label)
        else:
            out.append(step)
    return tuple(out)


def fate(h: History, lin: Lineage) -> str:
    """Where the text came in and where it went, in words.

    >>> h = history(["samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"])
    >>> sorted({fate(h, lin) for lin in h.lineages})[:2]
    ['came in at A/RES/66/178', 'deleted in A/RES/66/178']
    """
    labels = [v.label for v in h.versions]
    came = f"came in at {labels[lin.first]}" if lin.first else ""
    went = f"deleted in {labels[lin.last + 1]}" if lin.last < len(labels) - 1 else ""
    return "; ".join(part for part in (came, went) if part) or f"in every version since {labels[0]}"


# ---------------------------------------------------------------- JSON


def history_dict(h: History) -> dict[str, Any]:
    """The history as its JSON contract has it (format ``resdiff-history``, version 1)."""
    from .render.json import link_dict, metadata_dict

    return {
        "format": HISTORY_FORMAT,
        "version": HISTORY_VERSION,
        "versions": [
            {
                "label": v.label,
                "source": Path(v.resolution.source).name,
                "format": v.resolution.format,
                "metadata": metadata_dict(v.resolution.metadata),
                "paragraphs": len(v.resolution.paragraphs),
            }
            for v in h.versions
        ],
        "steps": [
            {"old": a.label, "new": b.label, "summary": c.summary}
            for (a, b), c in zip(pairwise(h.versions), h.comparisons, strict=True)
        ],
        "lineages": [
            {
                "id": lin.id,
                "first": lin.first,
                "last": lin.last,
                "changed": lin.changed,
                "fate": fate(h, lin),
                "cells": [
                    [{"id": p.id, "part": p.part.value, "text": p.text} for p in cell] for cell in lin.cells
                ],
                "steps": [[link_dict(link) for link in step] for step in lin.steps],
            }
            for lin in h.lineages
        ],
    }


def render_history_json(h: History) -> str:
    """The history as indented JSON text.

    >>> import json
    >>> h = history(["samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"])
    >>> doc = json.loads(render_history_json(h))
    >>> doc["format"], doc["version"], len(doc["lineages"][0]["cells"])
    ('resdiff-history', 1, 2)
    """
    import json

    return json.dumps(history_dict(h), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- Markdown


def render_history_markdown(h: History, title: str = "") -> str:
    """The changed lineages as Markdown: each step's redline under the versions it joins.

    >>> md = render_history_markdown(history(["samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"]))
    >>> md.splitlines()[0]
    '# History: A/RES/64/177 → A/RES/66/178'
    """
    from .render.markdown import md_escape, redline_md_line

    labels = [v.label for v in h.versions]
    out = [f"# {md_escape(title or 'History: ' + ' → '.join(labels))}", ""]
    changed = [lin for lin in h.lineages if lin.changed]
    out += [f"{len(h.lineages)} paragraph lineages, {len(changed)} changed along the way.", ""]
    for lin in changed:
        ids = " → ".join(", ".join(p.id for p in cell) or "-" for cell in lin.cells)
        out += [f"## {lin.id}: {md_escape(ids)}", "", f"*{md_escape(fate(h, lin))}*", ""]
        for step in step_views(h, lin):
            if step is None or step.kind == "unchanged":
                continue
            head = f"**{md_escape(step.old_label)} → {md_escape(step.new_label)}**: {step.kind}"
            out += [head + (f" ({md_escape(step.note)})" if step.note else ""), ""]
            for k, line in enumerate(step.lines):
                out += [redline_md_line(line, k == len(step.lines) - 1), ""]
    return "\n".join(out)


# ---------------------------------------------------------------- HTML


def render_history_html(h: History, title: str = "") -> str:
    """The history as one self-contained page: a timeline per paragraph, or one column per version.

    >>> html = render_history_html(history(["samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"]))
    >>> html.startswith("<!DOCTYPE html>") and "<ins" in html
    True
    """
    from .perf import collector_paused
    from .render.html import environment

    labels = [v.label for v in h.versions]
    from .render.views import paragraph_views

    rows = []
    for lin in h.lineages:
        steps = step_views(h, lin)
        # The text where it came in, footnote markers in place, as the report shows a paragraph.
        came = lin.cells[lin.first]
        start = paragraph_views([Segment(Op.EQUAL, "\n".join(p.text for p in came))], came, "new")
        rows.append((lin, fate(h, lin), steps, timeline(steps), start))
    with collector_paused():
        return (
            environment()
            .get_template("history.html.j2")
            .render(
                title=title or "History: " + " → ".join(labels),
                # The page names each file, never where it was on the user's disk.
                versions=[
                    replace(v, resolution=replace(v.resolution, source=Path(v.resolution.source).name))
                    for v in h.versions
                ],
                steps=[
                    (a.label, b.label, c.summary)
                    for (a, b), c in zip(pairwise(h.versions), h.comparisons, strict=True)
                ],
                rows=rows,
                changed=sum(lin.changed for lin in h.lineages),
            )
        )
