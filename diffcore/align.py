"""Stage 3, align: two resolutions -> links between their paragraphs.

Paragraphs are paired by what they say, not where they stand:

1. identical texts are paired first, by hash, so unchanged paragraphs cost
   almost nothing: they are never tokenised or scored;
2. every other paragraph is described by its words and word pairs, each
   weighted by its rarity among those paragraphs (IDF), and candidates are
   found through an inverted index of each paragraph's rarest features, in
   both directions, so the cost grows with the number of paragraphs, not
   its square;
3. a candidate pair is scored by the geometric mean of two weighted
   overlaps: Dice (shared weight over both sizes) and containment (shared
   weight over the smaller size), so that a paragraph that was mostly
   extended or mostly cut still matches its old self; pairs are taken
   greedily, best first, never below ``Options.min_similarity``;
4. the links that keep their order (the longest such run) stand in place;
   a moved pair gives way to a pair in place that scores nearly as well;
5. a paragraph left over whose content is mostly a part of an already linked
   paragraph that its partner does not cover, or that holds nearly all of a
   clause the partner dropped, joins that link as a split (one old, several
   new) or a merge (several old, one new), best first;
6. in a small gap between two links in place, a paragraph rewritten in
   place (left over on both sides, same part, same opening word or alone
   in the gap, some shared content, no other fit in the gap) is paired with
   its replacement;
7. every link outside the longest ordered run is a move, as is any
   paragraph that changed part.

Every step treats the two sides alike, sums integer weights exactly
and breaks ties by position, so swapping the texts swaps the result and the
output never depends on hash seeds or set order.
"""

from __future__ import annotations

import bisect
import heapq
import math
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain, pairwise

from .model import Link, LinkKind, Paragraph
from .options import Options
from .order import longest_ordered_run
from .text import words

__all__ = ["align", "similarity"]

_CANDIDATE_FEATURES = 12  # rarest features of a paragraph used to find candidates
_MAX_CANDIDATES = 24  # most candidates kept per paragraph and direction
_MAX_POSTING = 64  # features shared by more paragraphs than this find no candidates
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

    Links come in reading order of the new text, deleted paragraphs placed
    after the link of the old paragraph before them.

    >>> from diffcore.model import Paragraph, Part
    >>> p = lambda i, t: Paragraph(i, Part.OPERATIVE, None, t)
    >>> links = align([p("OP1", "Decides to act"), p("OP2", "Urges all States to act now")],
    ...               [p("OP1", "Urges all States to act at once"), p("OP2", "Decides to act")])
    >>> [(l.old, l.new, l.kind.value) for l in links]
    [(('OP2',), ('OP1',), 'moved'), (('OP1',), ('OP2',), 'unchanged')]
    """
    groups: list[tuple[list[int], list[int]]] = []

    # 1. Identical texts, by hash, in order.
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(news):
        by_text[p.text].append(j)
    taken_new: set[int] = set()
    rest_old: list[int] = []
    for i, p in enumerate(olds):
        same = by_text.get(p.text)
        if same:
            j = same.pop(0)
            groups.append(([i], [j]))
            taken_new.add(j)
        else:
            rest_old.append(i)
    rest_new = [j for j in range(len(news)) if j not in taken_new]

    # 2-3. Score candidates among the rest and pair them best first.
    matcher = _Matcher(olds, news, rest_old, rest_new, options)
    groups += matcher.pairs()
    # 4. A pair in place rather than a near-equal move.
    _prefer_in_place(olds, news, groups, matcher)
    # 5. Leftovers as splits and merges, once the pairs are settled.
    matcher.attach_leftovers(groups)
    # 6. Paragraphs rewritten in place.
    groups += _replacements(olds, news, groups, matcher)
    return _kinds(olds, news, groups, matcher)


class _Matcher:
    """Steps 2, 3 and 5 on the paragraphs that have no identical partner.

    Indices into ``olds``/``news`` are global; features and weights are kept
    per global index in dictionaries, for the non-identical paragraphs only.
    """

    def __init__(
        self,
        olds: Sequence[Paragraph],
        news: Sequence[Paragraph],
        rest_old: list[int],
        rest_new: list[int],
        options: Options,
    ) -> None:
        self.n_old, self.n_new = len(olds), len(news)
        index = _Index([olds[i].text for i in rest_old] + [news[j].text for j in rest_new])
        self.index = index
        cut = len(rest_old)
        self.of = dict(zip(rest_old, index.features[:cut], strict=True))
        self.nf = dict(zip(rest_new, index.features[cut:], strict=True))
        self.ow = dict(zip(rest_old, index.weights[:cut], strict=True))
        self.nw = dict(zip(rest_new, index.weights[cut:], strict=True))
        self.min_similarity = options.min_similarity
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
        s = self.scores.get((i, j))
        if s is None:
            s = self.index.overlap(self.of[i], self.ow[i], self.nf[j], self.nw[j])
            self.scores[(i, j)] = s
        return s

    def pairs(self) -> list[tuple[list[int], list[int]]]:
        """Pair best first, one to one."""
        ranked = []
        best_old: dict[int, float] = defaultdict(float)
        best_new: dict[int, float] = defaultdict(float)
        for i in sorted(self.cand_old):
            for j in sorted(self.cand_old[i]):
                s = self.score(i, j)
                best_old[i] = max(best_old[i], s)
                best_new[j] = max(best_new[j], s)
        for i in sorted(self.cand_old):
            for j in sorted(self.cand_old[i]):
                s = self.score(i, j)
                # A pair far weaker than either side's best match is a second
                # choice: if the best is taken, the paragraph's content went there.
                if s >= self.min_similarity and s >= _SECOND_CHOICE * max(best_old[i], best_new[j]):
                    # Ties go to the pair whose relative positions are closer,
                    # then to the earlier pair; both keys read the same when
                    # the sides are swapped.
                    drift = abs(i / max(self.n_old, 1) - j / max(self.n_new, 1))
                    ranked.append((-s, drift, i + j, i, j))
        ranked.sort()
        old_link: dict[int, list[int]] = {}  # old index -> its link's news
        new_link: dict[int, list[int]] = {}  # new index -> its link's olds
        for *_, i, j in ranked:
            if i not in old_link and j not in new_link:
                old_link[i], new_link[j] = [j], [i]
        return _as_groups(old_link, new_link)

    def attach_leftovers(self, groups: list[tuple[list[int], list[int]]]) -> None:
        """Attach the paragraphs no link holds to links of ``groups``, in place, as splits and merges."""
        old_link: dict[int, list[int]] = {}
        new_link: dict[int, list[int]] = {}
        others = []
        for oi, nj in groups:
            if oi[0] not in self.of:  # identical texts, paired by hash
                others.append((oi, nj))
                continue
            olds, news = list(oi), list(nj)
            old_link.update(dict.fromkeys(oi, news))
            new_link.update(dict.fromkeys(nj, olds))
        self._attach_leftovers(old_link, new_link)
        groups[:] = others + _as_groups(old_link, new_link)

    def _attach_leftovers(self, old_link: dict[int, list[int]], new_link: dict[int, list[int]]) -> None:
        """Join leftover paragraphs, best first, to a link whose other side they came from.

        A new leftover joins the link of an old candidate (a split) when much
        of it is content of that old paragraph that the link's first new
        paragraph does not cover, and that content is a fair part of what the
        first new paragraph leaves of the old one (a long paragraph cut in
        several pieces is measured against what is left of it), or when it is
        mostly new but holds nearly all of a clause the first new paragraph
        dropped (a clause moved out into a paragraph of its own); an old
        leftover joins a new candidate's link (a merge) likewise. Pieces of
        one paragraph may repeat each other's words, so they are not measured
        against each other. A link never becomes many-to-many.
        """
        heap: list[tuple[float, float, int, int, int, int]] = []

        def push(side: int, left: int, target: int) -> None:
            fit = self._fit(side, left, target, old_link, new_link)
            if fit is not None:
                heapq.heappush(heap, (-fit[0], -fit[1], left + target, left, side, target))

        for j in sorted(set(self.nf) - set(new_link)):
            for i in sorted(self.cand_new.get(j, ())):
                push(1, j, i)
        for i in sorted(set(self.of) - set(old_link)):
            for j in sorted(self.cand_old.get(i, ())):
                push(0, i, j)
        while heap:
            *_, left, side, target = heapq.heappop(heap)
            if left in (new_link if side else old_link):
                continue
            # The fit is measured against the link's first pair, so it does not
            # change; but the link may have become a split or merge since.
            if self._fit(side, left, target, old_link, new_link) is None:
                continue
            if side:  # a split: new ``left`` joins old ``target``'s link
                news = old_link[target]
                news.append(left)
                new_link[left] = new_link[news[0]]
            else:  # a merge: old ``left`` joins new ``target``'s link
                olds = new_link[target]
                olds.append(left)
                old_link[left] = old_link[olds[0]]

    def _fit(
        self,
        side: int,
        left: int,
        target: int,
        old_link: dict[int, list[int]],
        new_link: dict[int, list[int]],
    ) -> tuple[float, float] | None:
        """(share, gain) of joining leftover ``left`` to ``target``'s link, or None if it may not."""
        if side:
            if target not in old_link or len(new_link[old_link[target][0]]) > 1:
                return None
            mine, theirs, wl, wt = self.nf[left], self.of[target], self.nw[left], self.ow[target]
            covered = self.nf[old_link[target][0]]
        else:
            if target not in new_link or len(old_link[new_link[target][0]]) > 1:
                return None
            mine, theirs, wl, wt = self.of[left], self.nf[target], self.ow[left], self.nw[target]
            covered = self.of[new_link[target][0]]
        # What the link's first pair leaves of the target: a piece of a long
        # paragraph cut in several covers little of the whole, much of the rest.
        rest = self.index.weight(theirs - covered)
        if not wl or not rest:
            return None
        fresh = self.index.weight((mine & theirs) - covered)
        share, gain = fresh / wl, fresh / rest
        if share >= _SPLIT_SHARE and share + gain >= _SPLIT_SUM:
            return share, gain
        # A clause that left the target for a new paragraph of its own: the
        # piece is mostly new, but holds nearly all the target lost, and
        # that was a fair part of the target, not a phrase of boilerplate.
        clause = gain >= _CLAUSE_GAIN and rest >= _CLAUSE_REST * wt
        if share >= _CLAUSE_SHARE and clause:
            return share, gain
        return None

    def group_score(self, oi: list[int], nj: list[int]) -> float:
        """Similarity of a link's old paragraphs taken together with its new ones."""
        if len(oi) == 1 and len(nj) == 1:
            return self.score(oi[0], nj[0])
        a = frozenset().union(*(self.of[i] for i in oi))
        b = frozenset().union(*(self.nf[j] for j in nj))
        return self.index.overlap(a, self.index.weight(a), b, self.index.weight(b))

    def runner_up(self, i: int, nj: list[int]) -> tuple[int, float] | None:
        """The best-scoring candidate of old ``i`` outside its link, for the report."""
        others = [(self.score(i, j), -j) for j in self.cand_old.get(i, ()) if j not in nj]
        if not others:
            return None
        s, j = max(others)
        return -j, s


def _as_groups(
    old_link: dict[int, list[int]], new_link: dict[int, list[int]]
) -> list[tuple[list[int], list[int]]]:
    """Links as (olds, news) index lists, from the maps of each paragraph to its link's other side."""
    out: list[tuple[list[int], list[int]]] = []
    seen: set[int] = set()
    for i in sorted(old_link):
        if i not in seen:
            js = old_link[i]
            is_ = new_link[js[0]]
            seen.update(is_)
            out.append((sorted(is_), sorted(js)))
    return out


def _kinds(
    olds: Sequence[Paragraph],
    news: Sequence[Paragraph],
    groups: list[tuple[list[int], list[int]]],
    matcher: _Matcher,
) -> list[Link]:
    """Name each link's kind, find moves, and order the links for reading."""
    in_place = _in_place(olds, news, groups)
    links: list[tuple[float, Link]] = []
    for k, (oi, nj) in enumerate(groups):
        changed_part = any(olds[i].part is not news[j].part for i in oi for j in nj)
        identical = len(oi) == 1 and len(nj) == 1 and olds[oi[0]].text == news[nj[0]].text
        if len(nj) > 1:
            kind = LinkKind.SPLIT
        elif len(oi) > 1:
            kind = LinkKind.MERGED
        elif k not in in_place or changed_part:
            kind = LinkKind.MOVED
        elif identical:
            kind = LinkKind.UNCHANGED
        else:
            kind = LinkKind.MODIFIED
        runner = None
        if len(oi) == 1 and not identical:
            best = matcher.runner_up(oi[0], nj)
            if best:
                runner = (news[best[0]].id, round(best[1], 3))
        link = Link(
            old=tuple(olds[i].id for i in oi),
            new=tuple(news[j].id for j in nj),
            kind=kind,
            similarity=1.0 if identical else round(matcher.group_score(oi, nj), 3),
            runner_up=runner,
        )
        links.append((nj[0], link))
    linked_old = {i for oi, _ in groups for i in oi}
    linked_new = {j for _, nj in groups for j in nj}
    for j, p in enumerate(news):
        if j not in linked_new:
            links.append((j, Link(old=(), new=(p.id,), kind=LinkKind.ADDED)))
    # A deleted paragraph is shown just after the link of the old paragraph before it.
    new_pos_of_old = {i: nj[0] for oi, nj in groups for i in oi}
    last = -1
    for i, p in enumerate(olds):
        if i in linked_old:
            last = max(last, new_pos_of_old[i])
        else:
            links.append((last + 0.5, Link(old=(p.id,), new=(), kind=LinkKind.DELETED)))
    links.sort(key=lambda t: t[0])
    return [link for _, link in links]


def _in_place(
    olds: Sequence[Paragraph], news: Sequence[Paragraph], groups: list[tuple[list[int], list[int]]]
) -> set[int]:
    """Sort ``groups`` by position and return the indices of those that keep their order."""
    groups.sort(key=lambda g: (g[0][0], g[1][0]))
    ties = [_content_key([olds[i].text for i in oi], [news[j].text for j in nj]) for oi, nj in groups]
    return longest_ordered_run([(g[0][0], g[1][0]) for g in groups], ties)


def _prefer_in_place(
    olds: Sequence[Paragraph],
    news: Sequence[Paragraph],
    groups: list[tuple[list[int], list[int]]],
    matcher: _Matcher,
) -> None:
    """Turn a move into a link in place where one scores nearly as well.

    Best-first pairing can prefer a distant paragraph by a few points: a short
    new paragraph made of one clause of a long old one is mostly contained in
    it, and may outscore the long paragraph's own rewrite in its old place
    ("Takes note of the reports ..., on an international investment support
    centre ..." -> "Takes note of the reports ..." in place, and "Takes note of
    the update ... on an international investment support centre" 40
    paragraphs on). A moved one-to-one link is re-pointed to a leftover
    paragraph of the other side that stands where the link's own paragraph
    stands (between the same links that kept their order) when that pair
    scores at least ``_NEARLY`` of the move; the paragraph it leaves may then
    join a link as a split or merge, or stay added or deleted. Both sides are
    looked at alike, so swapping the texts swaps the result.
    """

    def same_opening(i: int, j: int) -> bool:
        return _first_word(olds[i].text) == _first_word(news[j].text) != ""

    in_place = _in_place(olds, news, groups)
    kept = sorted((min(oi), min(nj)) for k, (oi, nj) in enumerate(groups) if k in in_place)
    kept_old = [i for i, _ in kept]
    kept_new = sorted(j for _, j in kept)
    linked_old = {i for oi, _ in groups for i in oi}
    linked_new = {j for _, nj in groups for j in nj}
    # The pair (i, j) of each kept link, looked up from either side.
    partner_new = dict(kept)
    partner_old = {j: i for i, j in kept}
    for k, (oi, nj) in enumerate(groups):
        if k in in_place or len(oi) != 1 or len(nj) != 1:
            continue
        i, j = oi[0], nj[0]
        if i not in matcher.of:  # an identical text, moved: nothing scores nearly as well
            continue
        floor = max(_NEARLY * matcher.score(i, j), matcher.min_similarity)
        options: list[tuple[float, int, int, int]] = []
        # A new paragraph for old i, where i stands...
        lo, hi = _between(kept_old, i, partner_new, len(news))
        options += [
            (matcher.score(i, jj), -abs(jj - j), i, jj)
            for jj in matcher.cand_old.get(i, ())
            if jj not in linked_new and lo < jj < hi
        ]
        # ...or an old paragraph for new j, where j stands.
        lo, hi = _between(kept_new, j, partner_old, len(olds))
        options += [
            (matcher.score(ii, j), -abs(ii - i), ii, j)
            for ii in matcher.cand_new.get(j, ())
            if ii not in linked_old and lo < ii < hi
        ]
        options = [o for o in options if o[0] >= floor]
        if options:
            _, _, ii, jj = max(options)
            linked_old.discard(i)
            linked_new.discard(j)
            groups[k] = ([ii], [jj])
            linked_old.add(ii)
            linked_new.add(jj)


def _between(kept: list[int], x: int, partner: dict[int, int], size: int) -> tuple[int, int]:
    """The other side's positions open to ``x``: between the partners of the kept links around it."""
    at = bisect.bisect_left(kept, x)
    lo = partner[kept[at - 1]] if at > 0 else -1
    hi = partner[kept[at]] if at < len(kept) else size
    return lo, hi


def _replacements(
    olds: Sequence[Paragraph],
    news: Sequence[Paragraph],
    groups: list[tuple[list[int], list[int]]],
    matcher: _Matcher,
) -> list[tuple[list[int], list[int]]]:
    """Pair paragraphs rewritten in place: left unlinked between the same two
    links that kept their order, and each the other's only fit there.

    Drafters often replace a paragraph with one of the same function ("Recalling
    its resolution 62/272 ..." -> "Recalling also its resolution 64/297 ...");
    its words have changed too much to match, but where it stands and how it
    opens say what it is. A fit belongs to the same part, opens with the same
    word and still shares some weighted content (``_REPLACED`` of the least
    similarity), or, when it is the only paragraph left on each side of the
    gap, shares more (``_REPLACED_LONE``) whatever its opening word; a pair is
    taken only when neither side has another fit in the gap, so an unrelated
    paragraph added where another was deleted is rarely taken for it.
    """

    def same_opening(i: int, j: int) -> bool:
        return _first_word(olds[i].text) == _first_word(news[j].text) != ""

    in_place = _in_place(olds, news, groups)
    kept = sorted((g for k, g in enumerate(groups) if k in in_place), key=lambda g: g[0][0])
    linked_old = {i for oi, _ in groups for i in oi}
    linked_new = {j for _, nj in groups for j in nj}
    ends = [(-1, -1)] + [(max(oi), max(nj)) for oi, nj in kept]
    starts = [(min(oi), min(nj)) for oi, nj in kept] + [(len(olds), len(news))]
    out = []
    for (i0, j0), (i1, j1) in zip(ends, starts, strict=True):
        gap_old = [i for i in range(i0 + 1, i1) if i not in linked_old]
        gap_new = [j for j in range(j0 + 1, j1) if j not in linked_new]
        if not gap_old or not gap_new or max(len(gap_old), len(gap_new)) > _GAP_MAX:
            continue
        # The only paragraph on each side of a gap may open differently
        # ("Decides to hold a conference" -> "Welcomes the convening of the
        # conference") if it shares more content; otherwise no such pair.
        lone = _REPLACED_LONE if len(gap_old) == len(gap_new) == 1 else math.inf
        fits = [
            (i, j)
            for i in gap_old
            for j in gap_new
            if olds[i].part is news[j].part
            and matcher.score(i, j) >= matcher.min_similarity * (_REPLACED if same_opening(i, j) else lone)
        ]
        for i, j in fits:
            if sum(f[0] == i for f in fits) == 1 and sum(f[1] == j for f in fits) == 1:
                out.append(([i], [j]))
    return out


def _first_word(text: str) -> str:
    """The paragraph's first word, lower-cased ("" if none)."""
    found = words(text[:40])
    return found[0] if found else ""


def _content_key(old: list[str], new: list[str]) -> int:
    """A number naming a link by its texts, the same whichever side is old."""
    a, b = "\n".join(old), "\n".join(new)
    return zlib.crc32("\x00".join(sorted((a, b))).encode("utf-8", "surrogatepass"))
