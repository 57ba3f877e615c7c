"""Cross-references between paragraphs of one text, after renumbering.

A resolution refers to its own paragraphs ("paragraph 99 above",
"paragraphs 12 and 13 above", "paragraph 3 (a) above", "paragraph 5 of the
present resolution"). When paragraphs are inserted or deleted, the numbers
of the references should follow their targets. This stage runs after
classify, on the whole comparison, since it needs every link:

- a reference whose number only followed its target ("paragraph 372 above"
  -> "paragraph 377 above", old OP372 being new OP377) is a technical change,
  not a substantive one;
- a reference in the new text that no longer points where it did (its number
  was kept although its target was renumbered or deleted) or that points at
  no paragraph at all is **stale**: the link records it as a
  :class:`~diffcore.model.StaleRef`.

Only references to operative paragraphs by number are resolved; references
to sub-paragraphs alone ("subparagraph (b) above") and to sections are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .classify import text_change
from .model import Change, Link, Paragraph, Part, StaleRef

__all__ = ["CrossRef", "find_refs", "resolve_refs"]

# A paragraph number as a reference writes it: "5", "5 bis", "5 (a)".
_NUM = r"\d{1,4}(?:\s?(?:bis|ter|quater))?(?:\s?\([a-z]{1,4}\))?"
# "paragraph 5 above", "paragraphs 4, 5 and 8 above", "paragraphs 5 to 7 below",
# "paragraph 3 (a) above", "paragraphs 2 and 3 of the present resolution".
_REF_RE = re.compile(
    rf"(?<![\w-])[Pp]aragraphs?\s+(?P<nums>{_NUM}(?:(?:\s*,\s*(?:and\s+)?|\s+(?:and|to|or)\s+){_NUM})*),?"
    r"\s+(?P<where>above|below|of\s+(?:the\s+present|this)\s+resolution)\b"
)
# The numbers of a reference, without their sub-paragraph letters.
_TARGET_RE = re.compile(r"(?<![(\w])(\d{1,4})(?:\s?(bis|ter|quater))?(?![\w)])")


@dataclass(frozen=True)
class CrossRef:
    """A reference in ``text`` of a paragraph: ``targets`` are the operative ids its numbers name,
    ``spans`` where each number stands in the paragraph's text."""

    text: str
    targets: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def find_refs(p: Paragraph) -> tuple[CrossRef, ...]:
    """The references to paragraphs of the same text in paragraph ``p``.

    An annex numbers its own paragraphs, so only "of the present resolution"
    is resolved there.

    >>> from diffcore.model import Part
    >>> text = "Recalls paragraphs 4 and 5 (b) above and paragraph 3 of resolution 1/2;"
    >>> p = Paragraph("OP8", Part.OPERATIVE, 8, text)
    >>> [(r.text, r.targets) for r in find_refs(p)]
    [('paragraphs 4 and 5 (b) above', ('OP4', 'OP5'))]
    """
    out = []
    for m in _REF_RE.finditer(p.text):
        if p.part is Part.ANNEX and not m.group("where").startswith("of"):
            continue
        nums = list(_TARGET_RE.finditer(m.group("nums")))
        base = m.start("nums")
        out.append(
            CrossRef(
                text=" ".join(m.group(0).split()),
                targets=tuple(f"OP{n.group(1)}{n.group(2) or ''}" for n in nums),
                spans=tuple((base + n.start(), base + n.end()) for n in nums),
            )
        )
    return tuple(out)


def resolve_refs(
    links: Sequence[Link], old: Sequence[Paragraph], new: Sequence[Paragraph]
) -> tuple[Link, ...]:
    """The links with followed references counted as technical and stale references recorded."""
    old_to_new: dict[str, tuple[str, ...]] = {}
    for link in links:
        for pid in link.old:
            old_to_new[pid] = link.new
    old_ids = {p.id for p in old}
    new_index = {p.id: k for k, p in enumerate(new)}
    old_by_id = {p.id: p for p in old}
    new_by_id = {p.id: p for p in new}
    out = []
    for link in links:
        olds = [old_by_id[i] for i in link.old]
        news = [new_by_id[i] for i in link.new]
        new_refs = [(p, find_refs(p)) for p in news]
        if not any(refs for _, refs in new_refs) and not any(_REF_RE.search(p.text) for p in olds):
            out.append(link)
            continue
        old_refs = [r for p in olds for r in find_refs(p)]
        if link.change is Change.SUBSTANTIVE and olds and news:
            link = _followed_as_technical(link, olds, news, old_to_new)
        stale = tuple(
            s for p, refs in new_refs for s in _stale(p, refs, old_refs, old_to_new, old_ids, new_index)
        )
        out.append(replace(link, stale_refs=stale) if stale else link)
    return tuple(out)


def _followed_as_technical(
    link: Link,
    olds: Sequence[Paragraph],
    news: Sequence[Paragraph],
    old_to_new: Mapping[str, tuple[str, ...]],
) -> Link:
    """The link, technical if masking the references that followed their targets leaves only
    technical differences."""
    old_spans = [(s, t) for p, offset in _offsets(olds) for r in find_refs(p) for s, t in _shift(r, offset)]
    new_spans = [(s, t) for p, offset in _offsets(news) for r in find_refs(p) for s, t in _shift(r, offset)]
    if len(old_spans) != len(new_spans):
        return link
    masked_old: list[tuple[int, int]] = []
    masked_new: list[tuple[int, int]] = []
    for (os_, ot), (ns, nt) in zip(old_spans, new_spans, strict=True):
        if ot != nt and nt in old_to_new.get(ot, ()):
            masked_old.append(os_)
            masked_new.append(ns)
    if not masked_old:
        return link
    old_text = _mask("\n".join(p.text for p in olds), masked_old)
    new_text = _mask("\n".join(p.text for p in news), masked_new)
    change = text_change(link, old_text, new_text)
    if change is Change.SUBSTANTIVE:
        return link
    # Same texts once the references are masked: the numbers alone changed.
    return replace(link, change=Change.TECHNICAL if change is Change.NONE else change)


def _offsets(paragraphs: Sequence[Paragraph]) -> Iterable[tuple[Paragraph, int]]:
    """Each paragraph and where it starts in the side's texts joined with newlines."""
    offset = 0
    for p in paragraphs:
        yield p, offset
        offset += len(p.text) + 1


def _shift(r: CrossRef, offset: int) -> Iterable[tuple[tuple[int, int], str]]:
    return (((a + offset, b + offset), t) for (a, b), t in zip(r.spans, r.targets, strict=True))


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span replaced by one placeholder."""
    for a, b in sorted(spans, reverse=True):
        text = f"{text[:a]}‹ref›{text[b:]}"
    return text


def _stale(
    p: Paragraph,
    refs: Sequence[CrossRef],
    old_refs: Sequence[CrossRef],
    old_to_new: Mapping[str, tuple[str, ...]],
    old_ids: set[str],
    new_index: Mapping[str, int],
) -> Iterable[StaleRef]:
    """The stale references of new paragraph ``p``: a number kept from the old text whose
    target moved or went, a number no paragraph of the new text has, or a paragraph on the
    other side of "above" or "below" (the paragraph itself counts as both: "paragraph 3 (a)
    above" in paragraph 3 names one of its own sub-paragraphs)."""
    kept = {t for r in old_refs for t in r.targets}
    for r in refs:
        side = r.text.rsplit(maxsplit=1)[-1]
        for target in r.targets:
            was = target if target in old_ids else ""
            became = old_to_new.get(was, ()) if was else ()
            if target not in new_index:
                yield StaleRef(p.id, r.text, was, became, "")
            elif target in kept and was and target not in became:
                yield StaleRef(p.id, r.text, was, became, target)
            elif (side == "above" and new_index[target] > new_index[p.id]) or (
                side == "below" and new_index[target] < new_index[p.id]
            ):
                yield StaleRef(p.id, r.text, was if target in kept else "", became, target, wrong_side=True)
