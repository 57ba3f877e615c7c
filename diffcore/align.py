"""Stage 3, align: two resolutions -> links between their paragraphs.

Paragraphs are paired by what they say, not where they stand. The passes,
in the order they run, with their reasons, thresholds and the real pairs
that motivated them, are described once, in ``docs/alignment.md``.

Each pass is a step of one shape, ``step(state) -> list[_Group]``: it reads
the links made so far from the :class:`_State` and returns the links it
makes, each naming its pass (:class:`~diffcore.model.MatchedBy`); a link a
step returns replaces any earlier link sharing a paragraph with it. Which
links keep their order (``Link.in_place``) is decided in one place,
:meth:`_State.in_place`. Every step treats the two sides alike, sums integer
weights exactly and breaks ties by position, so swapping the texts swaps the
result and the output never depends on hash seeds or set order.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, pairwise

from .model import Link, LinkKind, MatchedBy, Paragraph
from .options import Options
from .order import longest_ordered_run
from .text import words

__all__ = ["align", "similarity"]

_CANDIDATE_FEATURES = 12  # rarest features of a paragraph used to find candidates
_MAX_CANDIDATES = 24  # most candidates kept per paragraph and direction
_MAX_POSTING = 64  # features shared by more paragraphs than this find no candidates
# Thresholds of the passes: docs/alignment.md gives each one's reason.
_SPLIT_SHARE = 0.25  # share of a leftover paragraph that must be fresh content of the other side
# ...and that share plus the share it covers of what the link's first pair
# leaves of the linked paragraph must reach this.
_SPLIT_SUM = 0.45
# Or a leftover with this share of fresh content may join when that content is
# this much of what the link's first pair leaves of the linked paragraph, and
# what it leaves is at least this share of that paragraph: a clause moved out.
_CLAUSE_SHARE = 0.15
_CLAUSE_GAIN = 0.75
_CLAUSE_REST = 0.25

_GAP_MAX = 3  # most paragraphs unlinked on one side of a gap where rewrites are paired
# A paragraph rewritten in place needs this share of Options.min_similarity.
_REPLACED = 1 / 3
# ...or this share, opening with another word, when it is alone in its gap.
_REPLACED_LONE = 2 / 3
_NEARLY = 0.8  # an in-place pair scoring this share of a move is preferred to it
_SECOND_CHOICE = 0.5  # a pair scoring under this share of either side's best pair is never taken

Features = frozenset[int]

# IDF weights are kept as integers (millionths), so that sums are exact in
# any order and the result never depends on set order or hash seeds.
_SCALE = 1_000_000


class _Index:
    """Features of paragraphs as integer ids, with IDF weights over all of them.

    Ids are given in order of rarity, rarest first (ties by the feature's
    text), so a paragraph's rarest features are simply its smallest ids.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        named = [_features(t) for t in texts]
        df: Counter[str] = Counter()
        for feats in named:
            df.update(feats)
        # Two C-level sorts: by text, then (stable) by frequency.
        order = sorted(sorted(df), key=df.__getitem__)
        ids = dict(zip(order, range(len(order)), strict=True))
        n = len(named)
        by_count = {c: round(math.log(1 + n / c) * _SCALE) for c in set(df.values())}
        self.idf = list(map(by_count.__getitem__, map(df.__getitem__, order)))
        self.named = order  # the feature of each id
        self.features: list[Features] = [frozenset(map(ids.__getitem__, f)) for f in named]
        self.weights = [self.weight(f) for f in self.features]

    def weight(self, feats: Features) -> int:
        """Total IDF of ``feats``."""
        return sum(map(self.idf.__getitem__, feats))

    def overlap(self, a: Features, wa: int, b: Features, wb: int) -> float:
        """Similarity of two feature sets of weights ``wa`` and ``wb`` (0..1).

        The geometric mean of weighted Dice and containment: equal to Dice
        for paragraphs of one size, higher when the smaller one is mostly
        inside the larger, as when a paragraph was extended.
        """
        if not wa or not wb:
            return 0.0
        shared = self.weight(a & b)
        return math.sqrt(2 * shared / (wa + wb) * shared / min(wa, wb))


def _features(text: str) -> frozenset[str]:
    """Words and adjacent word pairs of a paragraph.

    >>> sorted(_features("Urges all States"))
    ['all', 'all states', 'states', 'urges', 'urges all']
    """
    ws = words(text)
    return frozenset(ws).union(map(" ".join, pairwise(ws)))


def similarity(a: str, b: str) -> float:
    """The aligner's score of two texts alone (0..1), weights taken from the two texts.

    >>> similarity("Urges all States to act", "Urges all States to act")
    1.0
    >>> similarity("Urges all States to act", "Decides to remain seized") < 0.3
    True
    """
    ix = _Index([a, b])
    return round(ix.overlap(ix.features[0], ix.weights[0], ix.features[1], ix.weights[1]), 6)


def align(olds: Sequence[Paragraph], news: Sequence[Paragraph], options: Options = Options()) -> list[Link]:
    """Link every paragraph of ``olds`` and ``news`` exactly once; links carry no diff yet.

    Runs the steps of :data:`STEPS` in order, then names each link's kind.
    Links come in reading order of the new text, deleted paragraphs placed
    after the link of the old paragraph before them.

    >>> from diffcore.model import Paragraph, Part
    >>> p = lambda i, t: Paragraph(i, Part.OPERATIVE, None, t)
    >>> links = align([p("OP1", "Decides to act"), p("OP2", "Urges all States to act now")],
    ...               [p("OP1", "Urges all States to act at once"), p("OP2", "Decides to act")])
    >>> [(l.old, l.new, l.kind.value, l.matched_by.value, l.in_place) for l in links]
    [(('OP2',), ('OP1',), 'moved', 'best_match', False), (('OP1',), ('OP2',), 'unchanged', 'identical', True)]
    """
    state = _State(olds, news, options)
    for step in STEPS:
        state.add(step(state))
    return _links(state)


@dataclass(frozen=True)
class _Group:
    """A link being made: indices of its old and new paragraphs (ascending), and its pass."""

    olds: tuple[int, ...]
    news: tuple[int, ...]
    by: MatchedBy


class _State:
    """What the steps share: the two texts, the options, the scores, the links made so far."""

    def __init__(self, olds: Sequence[Paragraph], news: Sequence[Paragraph], options: Options) -> None:
        self.olds, self.news, self.options = olds, news, options
        self.old_of: dict[int, _Group] = {}  # old paragraph index -> its link
        self.new_of: dict[int, _Group] = {}

    def add(self, found: list[_Group]) -> None:
        """Take a step's links, each replacing the links it shares a paragraph with."""
        for g in found:
            found_in = [self.old_of.get(i) for i in g.olds] + [self.new_of.get(j) for j in g.news]
            for gone in dict.fromkeys(x for x in found_in if x is not None):
                for i in gone.olds:
                    del self.old_of[i]
                for j in gone.news:
                    del self.new_of[j]
            self.old_of.update(dict.fromkeys(g.olds, g))
            self.new_of.update(dict.fromkeys(g.news, g))

    def groups(self) -> list[_Group]:
        """The links so far, by first old paragraph, then first new."""
        return sorted(dict.fromkeys(self.old_of.values()), key=lambda g: (g.olds[0], g.news[0]))

    def in_place(self) -> tuple[list[_Group], set[int]]:
        """:meth:`groups`, and the positions among them of the links that keep their order.

        The longest run of links in order on both sides, nearest the
        diagonal (see :func:`~diffcore.order.longest_ordered_run`).
        """
        groups = self.groups()
        ties = [
            _content_key([self.olds[i].text for i in g.olds], [self.news[j].text for j in g.news])
            for g in groups
        ]
        return groups, longest_ordered_run([(g.olds[0], g.news[0]) for g in groups], ties)

    def kept_between(self) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
        """Each gap between consecutive links that keep their order: (last old, last new) of
        the link before it and (first old, first new) of the link after it, the texts' ends included."""
        groups, run = self.in_place()
        kept = [g for k, g in enumerate(groups) if k in run]
        ends = [(-1, -1)] + [(g.olds[-1], g.news[-1]) for g in kept]
        starts = [(g.olds[0], g.news[0]) for g in kept] + [(len(self.olds), len(self.news))]
        return zip(ends, starts, strict=True)

    @cached_property
    def scores(self) -> _Scores:
        """Scores of the paragraphs no identical text took, made when a step first asks."""
        rest_old = [i for i in range(len(self.olds)) if i not in self.old_of]
        rest_new = [j for j in range(len(self.news)) if j not in self.new_of]
        return _Scores(self.olds, self.news, rest_old, rest_new)


Step = Callable[[_State], list[_Group]]


def _identical(state: _State) -> list[_Group]:
    """Identical texts, by hash, in order (docs/alignment.md, pass 1)."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(state.news):
        by_text[p.text].append(j)
    out = []
    for i, p in enumerate(state.olds):
        same = by_text.get(p.text)
        if same:
            out.append(_Group((i,), (same.pop(0),), MatchedBy.IDENTICAL))
    return out


def _best_match(state: _State) -> list[_Group]:
    """Candidate pairs taken best first, one to one, never a second choice (docs/alignment.md, pass 2)."""
    scores, floor = state.scores, state.options.min_similarity
    best_old: dict[int, float] = defaultdict(float)
    best_new: dict[int, float] = defaultdict(float)
    for i, j in scores.candidate_pairs():
        s = scores.score(i, j)
        best_old[i] = max(best_old[i], s)
        best_new[j] = max(best_new[j], s)
    ranked = []
    n_old, n_new = max(len(state.olds), 1), max(len(state.news), 1)
    for i, j in scores.candidate_pairs():
        s = scores.score(i, j)
        # A pair far weaker than either side's best match is a second
        # choice: if the best is taken, the paragraph's content went there.
        if s >= floor and s >= _SECOND_CHOICE * max(best_old[i], best_new[j]):
            # Ties go to the pair whose relative positions are closer, then to
            # the earlier pair; both keys read the same when the sides are swapped.
            ranked.append((-s, abs(i / n_old - j / n_new), i + j, i, j))
    ranked.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    out = []
    for *_, i, j in ranked:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            out.append(_Group((i,), (j,), MatchedBy.BEST_MATCH))
    return out


def _in_place_over_move(state: _State) -> list[_Group]:
    """Moves re-pointed to a pair in place that scores nearly as well (docs/alignment.md, pass 3)."""
    scores = state.scores
    groups, run = state.in_place()
    kept = sorted((g.olds[0], g.news[0]) for k, g in enumerate(groups) if k in run)
    kept_old = [i for i, _ in kept]
    kept_new = sorted(j for _, j in kept)
    linked_old, linked_new = set(state.old_of), set(state.new_of)
    # The pair (i, j) of each kept link, looked up from either side.
    partner_new = dict(kept)
    partner_old = {j: i for i, j in kept}
    out = []
    for k, g in enumerate(groups):
        if k in run or len(g.olds) != 1 or len(g.news) != 1 or g.by is MatchedBy.IDENTICAL:
            continue  # (an identical text moved: nothing scores nearly as well)
        i, j = g.olds[0], g.news[0]
        floor = max(_NEARLY * scores.score(i, j), state.options.min_similarity)
        options: list[tuple[float, int, int, int]] = []
        # A new paragraph for old i, where i stands...
        lo, hi = _between(kept_old, i, partner_new, len(state.news))
        options += [
            (scores.score(i, jj), -abs(jj - j), i, jj)
            for jj in scores.news_for(i)
            if jj not in linked_new and lo < jj < hi
        ]
        # ...or an old paragraph for new j, where j stands.
        lo, hi = _between(kept_new, j, partner_old, len(state.olds))
        options += [
            (scores.score(ii, j), -abs(ii - i), ii, j)
            for ii in scores.olds_for(j)
            if ii not in linked_old and lo < ii < hi
        ]
        options = [o for o in options if o[0] >= floor]
        if options:
            _, _, ii, jj = max(options)
            linked_old.discard(i)
            linked_new.discard(j)
            out.append(_Group((ii,), (jj,), MatchedBy.IN_PLACE_OVER_MOVE))
            linked_old.add(ii)
            linked_new.add(jj)
    return out


def _between(kept: list[int], x: int, partner: dict[int, int], size: int) -> tuple[int, int]:
    """The other side's positions open to ``x``: between the partners of the kept links around it."""
    at = bisect.bisect_left(kept, x)
    lo = partner[kept[at - 1]] if at > 0 else -1
    hi = partner[kept[at]] if at < len(kept) else size
    return lo, hi


def _pieces(state: _State) -> list[_Group]:
    """Leftover paragraphs joined, best first, to a link as pieces of a split or merge
    (docs/alignment.md, pass 4); returns the links that gained pieces."""
    scores = state.scores
    # Each paragraph of a scored link -> its link's other side (lists shared by the link).
    old_link: dict[int, list[int]] = {}
    new_link: dict[int, list[int]] = {}
    for g in state.groups():
        if g.by is not MatchedBy.IDENTICAL:
            olds, news = list(g.olds), list(g.news)
            old_link.update(dict.fromkeys(g.olds, news))
            new_link.update(dict.fromkeys(g.news, olds))

    def fit(side: int, left: int, target: int) -> tuple[float, float, MatchedBy] | None:
        """The fit of ``left`` to the link of ``target`` (new if ``side`` is 0), if it may join."""
        if side:
            if target not in old_link or len(new_link[old_link[target][0]]) > 1:
                return None
            return scores.piece_fit(side, left, target, old_link[target][0])
        if target not in new_link or len(old_link[new_link[target][0]]) > 1:
            return None
        return scores.piece_fit(side, left, target, new_link[target][0])

    heap: list[tuple[float, float, int, int, int, int]] = []
    for side, unlinked, candidates in (
        (1, sorted(set(scores.nf) - set(new_link)), scores.olds_for),
        (0, sorted(set(scores.of) - set(old_link)), scores.news_for),
    ):
        for left in unlinked:
            for target in candidates(left):
                found = fit(side, left, target)
                if found is not None:
                    heapq.heappush(heap, (-found[0], -found[1], left + target, left, side, target))
    rule: dict[tuple[int, int], MatchedBy] = {}  # (side, the link's lone paragraph) -> its pass
    while heap:
        *_, left, side, target = heapq.heappop(heap)
        if left in (new_link if side else old_link):
            continue
        # The fit is measured against the link's first pair, so it does not
        # change; but the link may have become a split or merge since.
        found = fit(side, left, target)
        if found is None:
            continue
        if side:  # a split: new ``left`` joins old ``target``'s link
            news = old_link[target]
            news.append(left)
            new_link[left] = new_link[news[0]]
        else:  # a merge: old ``left`` joins new ``target``'s link
            olds = new_link[target]
            olds.append(left)
            old_link[left] = old_link[olds[0]]
        if rule.get((side, target)) is not MatchedBy.CLAUSE_MOVED_OUT:
            rule[(side, target)] = found[2]
    return [
        _Group(tuple(sorted(new_link[js[0]])), tuple(sorted(js)), rule[(1, i)])
        for i, js in sorted(old_link.items())
        if len(js) > 1
    ] + [
        _Group(tuple(sorted(is_)), tuple(sorted(old_link[is_[0]])), rule[(0, j)])
        for j, is_ in sorted(new_link.items())
        if len(is_) > 1
    ]


def _rewrites(state: _State) -> list[_Group]:
    """Pairs left unlinked in a small gap between two links that keep their order,
    each the other's only fit there (docs/alignment.md, pass 5)."""
    olds, news, scores = state.olds, state.news, state.scores
    floor = state.options.min_similarity
    out = []
    for (i0, j0), (i1, j1) in state.kept_between():
        gap_old = [i for i in range(i0 + 1, i1) if i not in state.old_of]
        gap_new = [j for j in range(j0 + 1, j1) if j not in state.new_of]
        if not gap_old or not gap_new or max(len(gap_old), len(gap_new)) > _GAP_MAX:
            continue
        lone = _REPLACED_LONE if len(gap_old) == len(gap_new) == 1 else math.inf
        fits = {}
        for i in gap_old:
            for j in gap_new:
                same = _first_word(olds[i].text) == _first_word(news[j].text) != ""
                if olds[i].part is news[j].part and scores.score(i, j) >= floor * (
                    _REPLACED if same else lone
                ):
                    fits[(i, j)] = MatchedBy.REWRITTEN_IN_PLACE if same else MatchedBy.LONE_REWRITE
        for (i, j), by in fits.items():
            if sum(f[0] == i for f in fits) == 1 and sum(f[1] == j for f in fits) == 1:
                out.append(_Group((i,), (j,), by))
    return out


# The passes, in the order they run; docs/alignment.md gives each one's reason.
STEPS: tuple[Step, ...] = (_identical, _best_match, _in_place_over_move, _pieces, _rewrites)


class _Scores:
    """Scores of the paragraphs that have no identical partner: features, candidates, fits.

    Indices into ``olds``/``news`` are global; features and weights are kept
    per global index, for those paragraphs only.
    """

    def __init__(
        self, olds: Sequence[Paragraph], news: Sequence[Paragraph], rest_old: list[int], rest_new: list[int]
    ) -> None:
        index = _Index([olds[i].text for i in rest_old] + [news[j].text for j in rest_new])
        self.index = index
        self.olds, self.news = olds, news
        cut = len(rest_old)
        self.of = dict(zip(rest_old, index.features[:cut], strict=True))
        self.nf = dict(zip(rest_new, index.features[cut:], strict=True))
        self.ow = dict(zip(rest_old, index.weights[:cut], strict=True))
        self.nw = dict(zip(rest_new, index.weights[cut:], strict=True))
        self.scores: dict[tuple[int, int], float] = {}
        self.cand_old: dict[int, set[int]] = defaultdict(set)  # old -> new candidates
        self.cand_new: dict[int, set[int]] = defaultdict(set)  # new -> old candidates
        for i, js in self._candidates(self.of, self.nf).items():
            for j in js:
                self.cand_old[i].add(j)
                self.cand_new[j].add(i)
        for j, is_ in self._candidates(self.nf, self.of).items():
            for i in is_:
                self.cand_old[i].add(j)
                self.cand_new[j].add(i)

    @staticmethod
    def _candidates(mine: dict[int, Features], theirs: dict[int, Features]) -> dict[int, set[int]]:
        """Each paragraph of ``mine`` -> paragraphs of ``theirs`` sharing one of its rarest features.

        Where many paragraphs share them (a text repeating itself, near
        duplicates), only the ``_MAX_CANDIDATES`` sharing most of them are
        kept, so the number of pairs scored stays proportional to the text.
        """
        postings: dict[int, list[int]] = defaultdict(list)
        for k, feats in theirs.items():
            for f in feats:
                postings[f].append(k)
        usable = {f: ks for f, ks in postings.items() if len(ks) <= _MAX_POSTING}
        found: dict[int, set[int]] = {}
        for k, feats in mine.items():
            # Ids run rarest first: the first usable ones are the rarest.
            rare = [usable[f] for f in sorted(feats) if f in usable][:_CANDIDATE_FEATURES]
            hits = set().union(*rare)
            if len(hits) > _MAX_CANDIDATES:
                counts = Counter(chain.from_iterable(rare))
                hits = set(sorted(hits, key=lambda h: (-counts[h], h))[:_MAX_CANDIDATES])
            if hits:
                found[k] = hits
        return found

    def score(self, i: int, j: int) -> float:
        """The similarity of old ``i`` and new ``j`` (0..1), computed once."""
        s = self.scores.get((i, j))
        if s is None:
            s = self.index.overlap(self.of[i], self.ow[i], self.nf[j], self.nw[j])
            self.scores[(i, j)] = s
        return s

    def candidate_pairs(self) -> Iterator[tuple[int, int]]:
        """Every candidate pair (old, new), in order."""
        for i in sorted(self.cand_old):
            for j in sorted(self.cand_old[i]):
                yield i, j

    def news_for(self, i: int) -> list[int]:
        """The new candidates of old ``i``, in order."""
        return sorted(self.cand_old.get(i, ()))

    def olds_for(self, j: int) -> list[int]:
        """The old candidates of new ``j``, in order."""
        return sorted(self.cand_new.get(j, ()))

    def piece_fit(
        self, side: int, left: int, target: int, first: int
    ) -> tuple[float, float, MatchedBy] | None:
        """(share, gain, pass) of leftover ``left`` as a piece of ``target``, or None if it is not one.

        ``side`` is 1 when ``left`` is new and ``target`` old (a split), 0 the
        other way (a merge); ``first`` is the other paragraph of ``target``'s
        link, whose content counts as covered. The rules: docs/alignment.md, pass 4.
        """
        if side:
            mine, theirs, wl, wt = self.nf[left], self.of[target], self.nw[left], self.ow[target]
            covered, piece = self.nf[first], MatchedBy.SPLIT_PIECE
        else:
            mine, theirs, wl, wt = self.of[left], self.nf[target], self.ow[left], self.nw[target]
            covered, piece = self.of[first], MatchedBy.MERGE_PIECE
        # What the link's first pair leaves of the target: a piece of a long
        # paragraph cut in several covers little of the whole, much of the rest.
        rest = self.index.weight(theirs - covered)
        if not wl or not rest:
            return None
        fresh = self.index.weight((mine & theirs) - covered)
        share, gain = fresh / wl, fresh / rest
        if (share >= _SPLIT_SHARE and share + gain >= _SPLIT_SUM) or (
            share >= _CLAUSE_SHARE and gain >= _CLAUSE_GAIN and rest >= _CLAUSE_REST * wt
        ):
            pair = (self.news[left], self.olds[target]) if side else (self.olds[left], self.news[target])
            if self._names_only((mine & theirs) - covered, *(p.text for p in pair)):
                return None
        if share >= _SPLIT_SHARE and share + gain >= _SPLIT_SUM:
            return share, gain, piece
        # A clause that left the target for a new paragraph of its own: the
        # piece is mostly new, but holds nearly all the target lost, and
        # that was a fair part of the target, not a phrase of boilerplate.
        clause = gain >= _CLAUSE_GAIN and rest >= _CLAUSE_REST * wt
        if share >= _CLAUSE_SHARE and clause:
            return share, gain, MatchedBy.CLAUSE_MOVED_OUT
        return None

    def _names_only(self, shared: Features, a: str, b: str) -> bool:
        """True when the words ``shared`` stand for are only a name both texts write with capitals
        ("the International Convention on the Elimination of All Forms of Racial
        Discrimination"): a name two paragraphs share makes neither a piece of the other."""
        names = _capitalized(a) & _capitalized(b)
        return all(
            word in names or word in _NAME_GLUE for f in shared for word in self.index.named[f].split()
        )

    def group_score(self, oi: Sequence[int], nj: Sequence[int]) -> float:
        """Similarity of a link's old paragraphs taken together with its new ones."""
        if len(oi) == 1 and len(nj) == 1:
            return self.score(oi[0], nj[0])
        a = frozenset().union(*(self.of[i] for i in oi))
        b = frozenset().union(*(self.nf[j] for j in nj))
        return self.index.overlap(a, self.index.weight(a), b, self.index.weight(b))

    def runner_up(self, i: int, nj: Sequence[int]) -> tuple[int, float] | None:
        """The best-scoring candidate of old ``i`` outside its link, for the report."""
        others = [(self.score(i, j), -j) for j in self.cand_old.get(i, ()) if j not in nj]
        if not others:
            return None
        s, j = max(others)
        return -j, s


# The small words inside a name ("Office of the High Commissioner for Human Rights").
_NAME_GLUE = frozenset(["of", "the", "on", "for", "and", "to", "in", "against", "all", "at"])
_CAPITALIZED = re.compile(r"(?<!^)(?<![.;:]\s)\b[A-Z][\w’'-]*")


def _capitalized(text: str) -> set[str]:
    """The words of ``text`` written with a capital, but not its first: lower-cased, as features are."""
    return {w.lower() for w in _CAPITALIZED.findall(text)}


def _links(state: _State) -> list[Link]:
    """Name each link's kind and whether it kept its place, and order the links for reading."""
    olds, news, scores = state.olds, state.news, state.scores
    groups, run = state.in_place()
    links: list[tuple[float, Link]] = []
    for k, g in enumerate(groups):
        oi, nj = g.olds, g.news
        changed_part = any(olds[i].part is not news[j].part for i in oi for j in nj)
        in_place = k in run and not changed_part
        identical = g.by is MatchedBy.IDENTICAL
        if len(nj) > 1:
            kind = LinkKind.SPLIT
        elif len(oi) > 1:
            kind = LinkKind.MERGED
        elif not in_place:
            kind = LinkKind.MOVED
        elif identical:
            kind = LinkKind.UNCHANGED
        else:
            kind = LinkKind.MODIFIED
        runner = None
        if len(oi) == 1 and not identical:
            best = scores.runner_up(oi[0], nj)
            if best:
                runner = (news[best[0]].id, round(best[1], 3))
        link = Link(
            old=tuple(olds[i].id for i in oi),
            new=tuple(news[j].id for j in nj),
            kind=kind,
            similarity=1.0 if identical else round(scores.group_score(oi, nj), 3),
            runner_up=runner,
            matched_by=g.by,
            in_place=in_place,
        )
        links.append((nj[0], link))
    for j, p in enumerate(news):
        if j not in state.new_of:
            links.append((j, Link(old=(), new=(p.id,), kind=LinkKind.ADDED)))
    # A deleted paragraph is shown just after the link of the old paragraph before it.
    last = -1
    for i, p in enumerate(olds):
        if i in state.old_of:
            last = max(last, state.old_of[i].news[0])
        else:
            links.append((last + 0.5, Link(old=(p.id,), new=(), kind=LinkKind.DELETED)))
    links.sort(key=lambda t: t[0])
    return [link for _, link in links]


def _first_word(text: str) -> str:
    """The paragraph's first word, lower-cased ("" if none)."""
    found = words(text[:40])
    return found[0] if found else ""


def _content_key(old: list[str], new: list[str]) -> int:
    """A number naming a link by its texts, the same whichever side is old."""
    a, b = "\n".join(old), "\n".join(new)
    return zlib.crc32("\x00".join(sorted((a, b))).encode("utf-8", "surrogatepass"))
