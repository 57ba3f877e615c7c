"""What became of the section headings of a long text (the omnibus' I., II., ... parts).

A heading is not a paragraph, so the aligner does not pair headings: a
section renamed, dissolved into another or dropped would be lost. Each
old section follows its paragraphs instead: the new section most of them
went to is its destination.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .model import Link, Paragraph, SectionEvent

__all__ = ["section_events", "section_title"]

_NUMBERING = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+)\.\s+")


def section_title(heading: str) -> str:
    """A heading without its numbering, so that renumbering alone is no change.

    >>> section_title("XIII. Regional cooperation")
    'Regional cooperation'
    """
    return _NUMBERING.sub("", heading, count=1).strip()


def _in_order(paragraphs: Sequence[Paragraph]) -> list[str]:
    return list(dict.fromkeys(p.section for p in paragraphs if p.section))


def section_events(
    links: Sequence[Link], old: Sequence[Paragraph], new: Sequence[Paragraph]
) -> tuple[SectionEvent, ...]:
    """Sections renamed, merged into another, removed or added, in the old then the new order.

    >>> from diffcore import compare
    >>> c = compare("tests/documents/text/A_RES_78_69.txt", "tests/documents/text/A_RES_79_144.txt")
    >>> [(e.kind, e.old, e.new) for e in c.digest.sections if e.kind == "merged"]
    [('merged', 'XIII. Regional cooperation', 'XIV. Coordination and cooperation')]
    """
    old_section = {p.id: p.section for p in old}
    new_section = {p.id: p.section for p in new}
    olds, news = _in_order(old), _in_order(new)
    if not olds and not news:
        return ()
    goes_to: dict[str, Counter[str]] = {s: Counter() for s in olds}
    for link in links:
        for o in link.old:
            if old_section[o]:
                goes_to[old_section[o]].update(new_section[n] for n in link.new if new_section[n])
    rank = {s: k for k, s in enumerate(news)}
    dest = {s: min(c, key=lambda t: (-c[t], rank[t])) for s, c in goes_to.items() if c}
    events = []
    for s in olds:
        if s not in dest:
            events.append(SectionEvent("removed", s, ""))
            continue
        t = dest[s]
        if section_title(s) == section_title(t):
            continue
        sources = [x for x in olds if dest.get(x) == t]
        # The source the new section continues: its namesake, else the one that gave it most.
        main = next(
            (x for x in sources if section_title(x) == section_title(t)),
            max(sources, key=lambda x: goes_to[x][t]),
        )
        events.append(SectionEvent("renamed" if s == main else "merged", s, t))
    events += [SectionEvent("added", "", t) for t in news if t not in dest.values()]
    return tuple(events)
