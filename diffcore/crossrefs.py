"""Cross-references between paragraphs of one text, after renumbering.

A resolution refers to its own paragraphs ("paragraph 99 above",
"paragraphs 12 and 13 above", "paragraph 3 (a) above", "subparagraph (b)
above", "paragraph 5 of the present resolution"). When paragraphs are
inserted or deleted, the numbers of the references should follow their
targets. This stage runs after classify, on the whole comparison, since it
needs every link:

- a reference whose number only followed its target ("paragraph 372 above"
  -> "paragraph 377 above", old OP372 being new OP377) is a technical change,
  not a substantive one;
- a reference in the new text that no longer points where it did (its number
  was kept although its target was renumbered or deleted), that points at no
  paragraph, or that says "above" of a paragraph below it, is **stale**: the
  link records it as a :class:`~diffcore.model.StaleRef`.

A target is an operative paragraph's id, with its sub-paragraph when the
reference names one: ``OP3``, ``OP3 (a)``. A sub-paragraph is followed by its
text: the line of the new paragraph that says the same. References to
sections and annexes are not resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .classify import text_change
from .model import Change, Link, Paragraph, Part, StaleRef
from .text import SUBPARA_RE, WORD_RE

__all__ = ["CrossRef", "find_refs", "resolve_refs"]

_SUFFIX = r"(?:\s?(?:bis|ter|quater))?"
# A paragraph number as a reference writes it: "5", "5 bis", "5 (a)".
_NUM = rf"\d{{1,4}}{_SUFFIX}(?:\s?\([a-z]{{1,4}}\))?"
_AND = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|to|or)\s+)"
_SUB = r"\([a-z]{1,4}\)"
# "paragraph 5 above", "paragraphs 4, 5 and 8 above", "paragraphs 5 to 7 below",
# "paragraph 3 (a) above", "paragraphs 2 and 3 of the present resolution"; and
# "subparagraph (b) above", "subparagraphs (a) and (c) above", sub-paragraphs of
# the same paragraph. The pattern starts after the word's first letter: a
# pattern that starts with a literal is found many times faster (see _lead).
_REF_RE = re.compile(
    rf"aragraphs?\s+(?:(?P<nums>{_NUM}(?:{_AND}{_NUM})*)|(?P<subs>{_SUB}(?:{_AND}{_SUB})*)),?"
    r"\s+(?P<where>above|below|of\s+(?:the\s+present|this)\s+resolution)\b"
)
# One target of a reference: a number with its sub-paragraph, or a sub-paragraph alone.
_TARGET_RE = re.compile(
    rf"(?P<n>\d{{1,4}}{_SUFFIX})(?:\s?\((?P<s>[a-z]{{1,4}})\))?|\((?P<sub>[a-z]{{1,4}})\)"
)
_SIMILAR_LINE = 0.6  # the Dice overlap of words above which a sub-paragraph line is the same one


@dataclass(frozen=True)
class CrossRef:
    """A reference in a paragraph's text: ``targets`` are what it names (``OP3``, ``OP3 (a)``),
    ``spans`` where each target's number and letter stand in the paragraph's text."""

    text: str
    targets: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @property
    def side(self) -> str:
        """ "above", "below" or "" (a reference "of the present resolution")."""
        last = self.text.rsplit(maxsplit=1)[-1]
        return last if last in ("above", "below") else ""


def find_refs(p: Paragraph) -> tuple[CrossRef, ...]:
    """The references to paragraphs of the same text in paragraph ``p``, in text order.

    An annex numbers its own paragraphs, so only "of the present resolution"
    is resolved there.

    >>> from diffcore.model import Part
    >>> text = "Recalls paragraphs 4 and 5 (b) above, subparagraph (a) above and paragraph 3 of decision 1/2"
    >>> [(r.text, r.targets) for r in find_refs(Paragraph("OP8", Part.OPERATIVE, 8, text))]
    [('paragraphs 4 and 5 (b) above', ('OP4', 'OP5 (b)')), ('subparagraph (a) above', ('OP8 (a)',))]
    """
    out = []
    for m in _REF_RE.finditer(p.text):
        lead = _lead(p.text, m.start())
        if lead is None or (lead[1] != bool(m.group("subs"))):
            continue
        if p.part is Part.ANNEX and not m.group("where").startswith("of"):
            continue
        group = "subs" if lead[1] else "nums"
        found = list(_TARGET_RE.finditer(m.group(group)))
        base = m.start(group)
        out.append(
            CrossRef(
                text=" ".join(p.text[lead[0] : m.end()].split()),
                targets=tuple(_target(t, p.id) for t in found),
                spans=tuple((base + t.start(), base + t.end()) for t in found),
            )
        )
    return tuple(out)


def _lead(text: str, at: int) -> tuple[int, bool] | None:
    """Where the word "paragraph" or "subparagraph" whose "aragraph" starts at ``at`` begins,
    and whether it is "subparagraph"; None if "aragraph" ends another word.

    >>> _lead("see subparagraph", 8), _lead("see Paragraph", 5), _lead("see xparagraph", 6)
    ((4, True), (4, False), None)
    """
    for lead, sub in (("sub-p", True), ("subp", True), ("p", False)):
        start = at - len(lead)
        if start >= 0 and text[start:at].lower() == lead:
            before = text[start - 1] if start else " "
            return None if before.isalnum() or before in "_-" else (start, sub)
    return None


def _target(t: re.Match[str], here: str) -> str:
    if t.group("sub"):
        return f"{here} ({t.group('sub')})"
    pid = "OP" + t.group("n").replace(" ", "")
    return f"{pid} ({t.group('s')})" if t.group("s") else pid


def _split(target: str) -> tuple[str, str]:
    """``"OP3 (a)"`` -> ``("OP3", "a")``; ``"OP3"`` -> ``("OP3", "")``."""
    pid, _, sub = target.partition(" (")
    return pid, sub.rstrip(")")


class _Side:
    """One text's paragraphs, for looking targets up: their order and their sub-paragraph lines."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.index = {p.id: k for k, p in enumerate(paragraphs)}
        self.by_id = {p.id: p for p in paragraphs}

    def sub_lines(self, pid: str) -> dict[str, str]:
        """The paragraph's sub-paragraphs: letter -> text without the letter."""
        out = {}
        for line in self.by_id[pid].text.split("\n"):
            if m := SUBPARA_RE.match(line):
                out[m.group(0).strip()[1:-1]] = line[m.end() :]
        return out

    def has(self, target: str) -> bool:
        pid, sub = _split(target)
        return pid in self.index and (not sub or sub in self.sub_lines(pid))


@dataclass(frozen=True)
class _Renumbering:
    old: _Side
    new: _Side
    old_to_new: Mapping[str, tuple[str, ...]]  # old paragraph id -> the new ids of its link

    def became(self, target: str) -> tuple[str, ...]:
        """What an old target is in the new text: paragraph ids, or the sub-paragraph that says
        the same; () if it was deleted."""
        pid, sub = _split(target)
        news = self.old_to_new.get(pid, ())
        if not sub:
            return news
        text = self.old.sub_lines(pid).get(sub)
        if text is None:
            return ()
        best, score = "", _SIMILAR_LINE
        for new_id in news:
            for letter, line in self.new.sub_lines(new_id).items():
                if (s := _dice(text, line)) >= score:
                    best, score = f"{new_id} ({letter})", s
        return (best,) if best else ()


def _dice(a: str, b: str) -> float:
    wa, wb = set(WORD_RE.findall(a.lower())), set(WORD_RE.findall(b.lower()))
    return 2 * len(wa & wb) / (len(wa) + len(wb)) if wa or wb else 1.0


def resolve_refs(
    links: Sequence[Link], old: Sequence[Paragraph], new: Sequence[Paragraph]
) -> tuple[Link, ...]:
    """The links with followed references counted as technical and stale references recorded."""
    renumbering = _Renumbering(_Side(old), _Side(new), {pid: link.new for link in links for pid in link.old})
    out = []
    for link in links:
        olds = [renumbering.old.by_id[i] for i in link.old]
        news = [renumbering.new.by_id[i] for i in link.new]
        new_refs = [(p, find_refs(p)) for p in news]
        old_refs = [r for p in olds for r in find_refs(p)]
        if not old_refs and not any(refs for _, refs in new_refs):
            out.append(link)
            continue
        if link.change is Change.SUBSTANTIVE and olds and news:
            link = _followed_as_technical(link, olds, news, renumbering)
        kept = {t for r in old_refs for t in r.targets}
        stale = tuple(s for p, refs in new_refs for r in refs for s in _stale(p, r, kept, renumbering))
        out.append(replace(link, stale_refs=stale) if stale else link)
    return tuple(out)


def _followed_as_technical(
    link: Link, olds: Sequence[Paragraph], news: Sequence[Paragraph], renumbering: _Renumbering
) -> Link:
    """The link, technical if masking the references that followed their targets leaves only
    technical differences."""
    old_spans = _targets_at(olds)
    new_spans = _targets_at(news)
    if len(old_spans) != len(new_spans):
        return link
    masked_old: list[tuple[int, int]] = []
    masked_new: list[tuple[int, int]] = []
    for (os_, ot), (ns, nt) in zip(old_spans, new_spans, strict=True):
        if ot != nt and nt in renumbering.became(ot):
            masked_old.append(os_)
            masked_new.append(ns)
    if not masked_old:
        return link
    old_text = _mask("\n".join(p.text for p in olds), masked_old)
    new_text = _mask("\n".join(p.text for p in news), masked_new)
    if text_change(link, old_text, new_text, diff_of_texts=False) is Change.SUBSTANTIVE:
        return link
    # The numbers changed, with at most other technical updates or punctuation.
    return replace(link, change=Change.TECHNICAL)


def _targets_at(paragraphs: Sequence[Paragraph]) -> list[tuple[tuple[int, int], str]]:
    """Every target of every reference, with its span in the paragraphs' texts joined by newlines."""
    out: list[tuple[tuple[int, int], str]] = []
    offset = 0
    for p in paragraphs:
        for r in find_refs(p):
            out.extend(((a + offset, b + offset), t) for (a, b), t in zip(r.spans, r.targets, strict=True))
        offset += len(p.text) + 1
    return out


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span replaced by one placeholder."""
    for a, b in sorted(spans, reverse=True):
        text = f"{text[:a]}‹ref›{text[b:]}"
    return text


def _stale(p: Paragraph, r: CrossRef, kept: set[str], renumbering: _Renumbering) -> Iterable[StaleRef]:
    """The stale targets of reference ``r`` of new paragraph ``p``: one kept from the old text
    whose target moved or went, one the new text does not have, or one on the other side of
    "above" or "below" (the paragraph itself counts as both: "paragraph 3 (a) above" in
    paragraph 3 names one of its own sub-paragraphs)."""
    old, new = renumbering.old, renumbering.new
    for target in r.targets:
        was = target if old.has(target) else ""
        became = renumbering.became(was) if was else ()
        if not new.has(target):
            yield StaleRef(p.id, r.text, was, became, "")
            continue
        if target in kept and was and target not in became:
            yield StaleRef(p.id, r.text, was, became, target)
            continue
        at, here = new.index[_split(target)[0]], new.index[p.id]
        if (r.side == "above" and at > here) or (r.side == "below" and at < here):
            yield StaleRef(p.id, r.text, was if target in kept else "", became, target, wrong_side=True)
