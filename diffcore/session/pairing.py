"""Series and draft chains: which documents are versions of one text, oldest first.

Decided from what the texts say, never from file names, in three passes,
each taking its best steps first and never giving a document two
predecessors or two successors:

1. What a header states (certain): a revision follows its text
   (``L.5/Rev.1`` after ``L.5``), a Vice-Chair's or facilitator's draft
   follows the draft it is "based on" (``Metadata.basis``), and an adopted
   text follows the draft its header names ("without reference to a Main
   Committee (A/80/L.22)").
2. Within one session and committee: a draft followed by a later draft or
   the adopted text with a similar title and nearly the same content.
3. Across sessions: the last text of an earlier session followed by the first
   of a later one, when the later one cites the earlier resolution ("Recalling
   its resolution 79/62") and their titles are near, or their titles are the
   same but for ordinals and numbers, and their content is similar enough.
   Nearer sessions go first; an earlier text that put its item on the agenda
   of a session after the later text's ("biennial") lowers the confidence.

Content similarity is a cosine of IDF-weighted words and word pairs of the
opening paragraphs, computed only for candidates (texts cited, texts sharing
one of the rarest title words), never for all pairs. Where evidence is weak a
step is kept with a lower confidence; where it is weaker still, or the title
changed and nothing is cited, a text is left alone: a wrong predecessor would
make a nonsense report. Amendments belong to no chain.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from diffcore.model import Part, Resolution
from diffcore.text import ordinal_value, words

__all__ = ["Chain", "Confidence", "Step", "chain_documents"]


class Confidence(StrEnum):
    """How sure a step is: HIGH as stated by a header, or cited or same-titled with similar content;
    MEDIUM for a changed title or less similar content; LOW for little content or a schedule against it."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Step:
    """One comparison in a chain: ``old`` became ``new`` (document keys)."""

    old: str
    new: str
    confidence: Confidence
    evidence: tuple[str, ...]  # short reasons, such as "cites 79/62", "same title"


@dataclass(frozen=True)
class Chain:
    """Versions of one text, oldest first; a chain of one for a text with no relative."""

    documents: tuple[str, ...]
    steps: tuple[Step, ...]
    confidence: Confidence  # the weakest step's; HIGH for a chain of one


# A resolution number, "78/6", not part of a symbol or of a longer number (groups: session, number).
_NUMBER_RE = re.compile(r"(?<![\w/.\-])(\d{1,3})/(\d{1,4})(?![\w/])")
_SYMBOL_NUMBER_RE = re.compile(r"A/RES/(\d{1,3})/(\d{1,4})(?![\w/])")
_LAST_WORD = re.compile(r"(\w+)\s*$")
_LIST_SPAN = 1500  # characters after "resolution" searched for numbers (lists run long)
# Bodies other than the General Assembly whose resolutions carry numbers like ours.
_OTHER_BODY = frozenset(
    {"council", "commission", "board", "conference", "committee", "forum", "organization"}
)
_SESSION_NUMBER = re.compile(r"/(\d{1,3})/")
_REVISION = re.compile(r"/Rev\.(\d+)$")
_DRAFT_SYMBOL = re.compile(r"\b[A-Z](?:/[A-Za-z0-9.\-]+)*/L\.\d+(?:/Rev\.\d+)?")
_NEXT_AGENDA = re.compile(r"provisional agenda of its (\w+(?:[ \-‑]\w+)?) (?:regular )?session", re.I)
_AMENDMENT = re.compile(r"^(?:proposed )?amendments? to (?:the )?draft (?:resolution|decision)", re.I)
_COMMITTEES = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "special political": "4",
    "fifth": "5",
    "sixth": "6",
}
_COMMITTEE_SYMBOL = re.compile(r"^A/C\.(\d)/")
# Content features come from the opening paragraphs, up to this many characters:
# enough to tell two texts apart, and a long text costs no more than a short one.
_BUDGET = 10_000
# Words that say nothing about what a title is about.
_STOP = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with",
     "its", "their", "under")
)  # fmt: skip


def cited_resolutions(text: str) -> set[tuple[int, int]]:
    """General Assembly resolutions ``text`` names, as (session, number).

    Numbers after "decision" and after another body's "resolution" are not counted.

    >>> sorted(cited_resolutions("Recalling its resolutions 77/7 of 3 November 2022 and A/RES/78/7, "
    ...     "its decision 78/560 and Human Rights Council resolution 52/2,"))
    [(77, 7), (78, 7)]
    """
    found = {(int(a), int(b)) for a, b in _SYMBOL_NUMBER_RE.findall(text)}
    # Where each keyword starts: a number belongs to the last one before it.
    marks = [
        (at - 1, word == "esolution")
        for word, first in (("esolution", "Rr"), ("ecision", "Dd"))
        for at in _find_all(text, word)
        if at and text[at - 1] in first
    ]
    marks = sorted(marks + [(at, False) for at in _find_all(text, "\n\n")])
    for k, (at, is_resolution) in enumerate(marks):
        if not is_resolution:
            continue
        before = _LAST_WORD.search(text, max(0, at - 20), at)
        if before and before.group(1).lower() in _OTHER_BODY:
            continue
        end = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        found.update((int(a), int(b)) for a, b in _NUMBER_RE.findall(text, at, min(end, at + _LIST_SPAN)))
    return found


def _find_all(text: str, word: str) -> Iterator[int]:
    """Where ``word`` occurs in ``text`` (str.find is much faster than a regex scan)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


@dataclass(frozen=True)
class _Doc:
    """What pairing needs of one document."""

    key: str
    symbol: str
    session: int
    stage: tuple[int, int]  # 0 original draft, 1 revision (with its number), 2 based on a draft, 3 adopted
    number: tuple[int, int] | None  # an adopted resolution's (session, number)
    parents: tuple[str, ...]  # symbols of drafts this one says it rests on (basis, unrevised text)
    adopted_from: tuple[str, ...]  # draft symbols an adopted text's header names
    committee: str
    agenda_item: str  # as the header gives it, "20 (a)"; numbers change from session to session
    title: tuple[str, ...]  # content words of the title
    cites: frozenset[tuple[int, int]]
    next_session: int | None  # the session its item is put on the agenda of
    features: frozenset[str]
    amendment: bool


def _committee(res: Resolution) -> str:
    m = _COMMITTEE_SYMBOL.match(res.metadata.symbol)
    if m:
        return m.group(1)
    name = res.metadata.committee.lower()
    for word, number in _COMMITTEES.items():
        if name.startswith(word):
            return number
    return "plenary" if name.startswith(("plenary", "without")) or "/L." in res.metadata.symbol else name


def _session(res: Resolution) -> int:
    m = res.metadata
    if m.session is not None:
        return m.session
    found = _SESSION_NUMBER.search(m.symbol)
    return int(found.group(1)) if found else 0


def _title_words(title: str) -> tuple[str, ...]:
    return tuple(w for w in words(title) if w not in _STOP and not w.isdigit() and ordinal_value(w) is None)


def _describe(key: str, res: Resolution) -> _Doc:
    """What pairing uses of ``res``."""
    meta = res.metadata
    symbol = meta.symbol
    rev = _REVISION.search(symbol)
    parents = []
    if meta.basis:
        parents.append(meta.basis.rstrip("."))
    if rev:
        parents.append(symbol[: rev.start()])
    if meta.status == "adopted" or "/RES/" in symbol:
        stage = (3, 0)
    elif meta.basis:
        stage = (2, 0)
    elif rev:
        stage = (1, int(rev.group(1)))
    else:
        stage = (0, 0)
    number = None
    if stage[0] == 3 and (m := re.search(r"/RES/(\d{1,3})/(\d{1,4})", symbol)):
        number = (int(m.group(1)), int(m.group(2)))
    cites = cited_resolutions("\n\n".join([p.text for p in res.paragraphs] + [f.text for f in res.footnotes]))
    if number:
        cites.discard(number)
    nexts = [
        v
        for p in res.paragraphs
        if p.part is Part.OPERATIVE and "provisional agenda" in p.text
        for m in _NEXT_AGENDA.finditer(p.text)
        if (v := ordinal_value(m.group(1).replace(" ", "-").replace("‑", "-"))) is not None
    ]
    opening = []
    used = 0
    for p in res.paragraphs:
        if used >= _BUDGET:
            break
        opening.append(p.text)
        used += len(p.text)
    ws = words("\n".join(opening))
    feats = set(ws).union(map(" ".join, pairwise(ws)))
    first = res.paragraphs[0].text if res.paragraphs else ""
    return _Doc(
        key=key,
        symbol=symbol,
        session=_session(res),
        stage=stage,
        number=number,
        parents=tuple(parents),
        adopted_from=tuple(_DRAFT_SYMBOL.findall(meta.committee_report)),
        committee=_committee(res),
        agenda_item=" ".join(meta.agenda_item.split()),
        title=_title_words(meta.title),
        cites=frozenset(cites),
        next_session=max(nexts) if nexts else None,
        features=frozenset(feats),
        amendment=bool(_AMENDMENT.match(meta.title) or _AMENDMENT.match(first)),
    )


# Thresholds, on weighted similarities between 0 and 1 (see _cross_session for their use).
_SAME_TITLE = 0.95  # title similarity of titles equal but for ordinals, numbers and small words
_NEAR_TITLE = 0.5  # a title sharing at least half its weight
_CONTENT_STRONG = 0.6  # content of two versions of one text, rewritten a little
_CONTENT_SOME = 0.3  # content that shares a good part of its rare words
_CONTENT_WEAK = 0.2  # the least a same-title text must share
_TITLE_SEEDS = 3  # rarest title words used to find candidates
_SCALE = 1_000_000  # weights are integers (millionths): sums are exact in any order


class _Weights:
    """IDF weights of content features and of title words over all documents.

    A feature's weight depends only on how many documents have it, so weights
    are looked up by that count; a document's total weight is computed when
    first needed (only candidates' are).
    """

    def __init__(self, docs: list[_Doc]) -> None:
        n = len(docs)
        self.df: Counter[str] = Counter()
        self.tdf: Counter[str] = Counter()
        for d in docs:
            self.df.update(d.features)
            self.tdf.update(set(d.title))
        self.by_count = [0] + [round(math.log(1 + n / c) * _SCALE) for c in range(1, n + 1)]
        self.totals: dict[str, int] = {}

    def _weight(self, features: Iterable[str]) -> int:
        return sum(map(self.by_count.__getitem__, map(self.df.__getitem__, features)))

    def _total(self, d: _Doc) -> int:
        if d.key not in self.totals:
            self.totals[d.key] = self._weight(d.features)
        return self.totals[d.key]

    def content(self, a: _Doc, b: _Doc) -> float:
        """Weighted cosine of two documents' features."""
        wa, wb = self._total(a), self._total(b)
        if not wa or not wb:
            return 0.0
        return self._weight(a.features & b.features) / math.sqrt(wa * wb)

    def title(self, a: _Doc, b: _Doc) -> float:
        """Weighted Dice of two titles' words."""
        ta, tb = set(a.title), set(b.title)
        weight = self.by_count.__getitem__
        total = sum(weight(self.tdf[w]) for w in ta) + sum(weight(self.tdf[w]) for w in tb)
        return 2 * sum(weight(self.tdf[w]) for w in ta & tb) / total if total else 0.0


@dataclass(frozen=True)
class _Edge:
    """A candidate step; edges are taken best first (smallest ``rank``)."""

    rank: tuple[object, ...]
    old: str
    new: str
    confidence: Confidence
    evidence: tuple[str, ...]


_TIER = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}
_WEAKER = {
    Confidence.HIGH: Confidence.MEDIUM,
    Confidence.MEDIUM: Confidence.LOW,
    Confidence.LOW: Confidence.LOW,
}


def chain_documents(docs: Mapping[str, Resolution]) -> tuple[Chain, ...]:
    """Group documents into series, each ordered oldest first; every key in exactly one chain.

    Chains come in the order of their newest documents (session, stage, symbol).

    >>> from diffcore import parse
    >>> names = ["A_RES_78_132", "A_C.2_80_L.17", "A_RES_79_194", "A_RES_78_69"]
    >>> chains = chain_documents({n: parse(f"tests/documents/text/{n}.txt") for n in names})
    >>> [c.documents for c in chains]
    [('A_RES_78_69',), ('A_RES_78_132', 'A_RES_79_194', 'A_C.2_80_L.17')]
    >>> [(s.new, s.confidence.value) for s in chains[1].steps]
    [('A_RES_79_194', 'high'), ('A_C.2_80_L.17', 'high')]
    """
    described = sorted((_describe(k, r) for k, r in docs.items()), key=_order)
    by_key = {d.key: d for d in described}
    linker = _Linker(described)
    linker.explicit()
    weights = _Weights(described)
    finder = _Candidates(described, weights)
    linker.take(_same_session(described, finder, weights))
    linker.take(_cross_session(described, finder, weights))
    chains = []
    for d in described:
        if d.key in linker.before:
            continue
        keys = [d.key]
        while keys[-1] in linker.after:
            keys.append(linker.after[keys[-1]].new)
        steps = tuple(linker.after[k] for k in keys[:-1])
        weakest = max((s.confidence for s in steps), key=_TIER.__getitem__, default=Confidence.HIGH)
        chains.append(Chain(tuple(keys), steps, weakest))
    return tuple(sorted(chains, key=lambda c: _order(by_key[c.documents[-1]])))


def _order(d: _Doc) -> tuple[object, ...]:
    """Where a document stands in time: session, stage, then its symbol's numbers."""
    natural = tuple((0, int(t)) if t.isdigit() else (1, t) for t in re.findall(r"\d+|\D+", d.symbol))
    return (d.session, d.stage, natural, d.key)


class _Linker:
    """The steps taken so far: each document has at most one step before and one after it."""

    def __init__(self, docs: list[_Doc]) -> None:
        self.docs = docs
        self.rank = {d.key: i for i, d in enumerate(docs)}
        self.before: dict[str, Step] = {}
        self.after: dict[str, Step] = {}

    def link(self, old: str, new: str, confidence: Confidence, evidence: tuple[str, ...]) -> bool:
        """Take the step ``old`` -> ``new`` if both ends are free and it goes forward in time."""
        if old in self.after or new in self.before or self.rank[old] >= self.rank[new]:
            return False
        step = Step(old, new, confidence, evidence)
        self.after[old] = self.before[new] = step
        return True

    def tail(self, key: str) -> str:
        """The latest document of the chain ``key`` is in so far."""
        while key in self.after:
            key = self.after[key].new
        return key

    def explicit(self) -> None:
        """Steps a header states: revisions, drafts based on a draft, the draft a text was adopted from."""
        by_symbol = {d.symbol: d.key for d in self.docs if d.symbol and not d.amendment}
        for d in self.docs:  # in time order, so Rev.1 comes before Rev.2
            for parent in d.parents:
                if parent in by_symbol:
                    how = "revision of" if d.symbol.startswith(parent + "/") else "based on"
                    self.link(self.tail(by_symbol[parent]), d.key, Confidence.HIGH, (f"{how} {parent}",))
                    break
        for d in self.docs:
            for draft in d.adopted_from:
                if draft in by_symbol:
                    self.link(self.tail(by_symbol[draft]), d.key, Confidence.HIGH, (f"adopted from {draft}",))
                    break

    def take(self, edges: Iterable[_Edge]) -> None:
        """Take candidate steps best first, skipping those whose ends are taken."""
        for e in sorted(edges, key=lambda e: e.rank):
            self.link(e.old, e.new, e.confidence, e.evidence)


class _Candidates:
    """Earlier documents worth scoring against a document: those it cites, those sharing rare title words."""

    def __init__(self, docs: list[_Doc], weights: _Weights) -> None:
        self.weights = weights
        self.by_number = {d.number: d for d in docs if d.number and not d.amendment}
        self.by_word: defaultdict[str, list[_Doc]] = defaultdict(list)
        for d in docs:
            if not d.amendment:
                for w in set(d.title):
                    self.by_word[w].append(d)
        self.rank = {d.key: i for i, d in enumerate(docs)}

    def earlier(self, d: _Doc) -> list[_Doc]:
        """Candidates that come before ``d`` in time, in time order."""
        seeds = sorted(set(d.title), key=lambda w: (self.weights.tdf[w], w))[:_TITLE_SEEDS]
        found = {c.key: c for w in seeds for c in self.by_word[w]}
        found.update((c.key, c) for n in d.cites if (c := self.by_number.get(n)) is not None)
        mine = self.rank[d.key]
        return sorted((c for c in found.values() if self.rank[c.key] < mine), key=lambda c: self.rank[c.key])


def _short(d: _Doc) -> str:
    """A resolution's number, "78/6", or the document's symbol or key."""
    return f"{d.number[0]}/{d.number[1]}" if d.number else d.symbol or d.key


def _similar(t: float, c: float) -> list[str]:
    title = "same title" if t >= _SAME_TITLE else f"title {t:.2f} similar"
    return [title, f"content {c:.2f} similar"]


def _same_session(docs: list[_Doc], finder: _Candidates, weights: _Weights) -> list[_Edge]:
    """Drafts of one session, committee and title followed by a later draft or the adopted text."""
    edges = []
    for new in docs:
        if new.amendment or new.stage[0] == 0:
            continue
        for old in finder.earlier(new):
            if (
                not new.session
                or old.session != new.session
                or old.stage[0] == 3
                or old.committee != new.committee
            ):
                continue
            t = weights.title(old, new)
            if t < _NEAR_TITLE:
                continue
            c = weights.content(old, new)
            if c >= _CONTENT_STRONG:
                conf = Confidence.HIGH
            elif t >= _SAME_TITLE and c >= _CONTENT_SOME:
                conf = Confidence.MEDIUM
            else:
                continue
            evidence = ["same session and committee", *_similar(t, c)]
            if old.agenda_item and new.agenda_item:
                if old.agenda_item == new.agenda_item:
                    evidence.append(f"same agenda item {new.agenda_item}")
                else:  # one text under two items is odd: say so
                    evidence.append(f"agenda items {old.agenda_item} and {new.agenda_item}")
                    conf = _WEAKER[conf]
            rank = (_TIER[conf], -(t + c), old.key, new.key)
            edges.append(_Edge(rank, old.key, new.key, conf, tuple(evidence)))
    return edges


def _cross_session(docs: list[_Doc], finder: _Candidates, weights: _Weights) -> list[_Edge]:
    """A text of an earlier session followed by the first version of a later session's text."""
    edges = []
    for new in docs:
        if new.amendment:
            continue
        for old in finder.earlier(new):
            if not old.session or old.session >= new.session:
                continue
            cited = old.number is not None and old.number in new.cites
            t = weights.title(old, new)
            if t < (_NEAR_TITLE if cited else _SAME_TITLE):
                continue
            c = weights.content(old, new)
            same = t >= _SAME_TITLE
            if (c >= _CONTENT_STRONG and (same or cited)) or (cited and same and c >= _CONTENT_SOME):
                conf = Confidence.HIGH
            elif (cited and c >= _CONTENT_SOME) or (same and c >= _CONTENT_WEAK):
                conf = Confidence.MEDIUM
            elif cited and t >= _SAME_TITLE:
                conf = Confidence.LOW
            else:
                continue
            evidence = [f"cites {_short(old)}"] if cited else []
            evidence += _similar(t, c)
            if old.next_session is not None and old.next_session > new.session:
                evidence.append(f"{_short(old)} put its item on the agenda of session {old.next_session}")
                conf = _WEAKER[conf]
            elif old.next_session == new.session:
                evidence.append(f"{_short(old)} put its item on the agenda of session {old.next_session}")
            rank = (new.session - old.session, _TIER[conf], -(t + c), old.key, new.key)
            edges.append(_Edge(rank, old.key, new.key, conf, tuple(evidence)))
    return edges
