"""Stage 3, align: two resolutions -> links between their paragraphs.

Paragraphs are paired by what they say, not where they stand:

1. identical texts are paired first, by hash, so unchanged paragraphs cost
   almost nothing;
2. every other paragraph is described by its words and word pairs, each
   weighted by its rarity in the two documents (IDF), and candidates are
   found through an inverted index of each paragraph's rarest features, so
   the cost grows with the number of paragraphs, not its square;
3. candidates are scored by weighted overlap (Dice) and paired greedily,
   best first, never below ``Options.min_similarity``;
4. a paragraph left over whose content is mostly a part of an already linked
   paragraph that its partner does not cover joins that link as a split
   (one old, several new) or a merge (several old, one new);
5. the longest run of links that keep their order stays in place; every
   other link is a move, as is any paragraph that changed part.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .model import Link, LinkKind, Paragraph
from .options import Options
from .text import words

__all__ = ["align", "similarity"]

_CANDIDATE_FEATURES = 12  # rarest features of a paragraph used to find candidates
_MAX_POSTING = 64  # features shared by more paragraphs than this find no candidates
_SPLIT_SHARE = 0.25  # share of a leftover paragraph that must be fresh content of the other side
_SPLIT_GAIN = 0.15  # share of the linked paragraph the leftover must newly cover


@dataclass(frozen=True)
class _Doc:
    """The features of one side's paragraphs, ready for scoring."""

    paragraphs: Sequence[Paragraph]
    features: list[frozenset[str]]


class _Scorer:
    """IDF weights over both documents and the overlap measures built on them."""

    def __init__(self, old: _Doc, new: _Doc) -> None:
        df: dict[str, int] = defaultdict(int)
        for doc in (old, new):
            for feats in doc.features:
                for f in feats:
                    df[f] += 1
        n = len(old.features) + len(new.features)
        self.idf = {f: math.log(1 + n / c) for f, c in df.items()}
        self.df = df
        self.old_weight = [self.weight(f) for f in old.features]
        self.new_weight = [self.weight(f) for f in new.features]

    def weight(self, feats: frozenset[str]) -> float:
        idf = self.idf
        return sum(idf[f] for f in feats)

    def dice(self, a: frozenset[str], wa: float, b: frozenset[str], wb: float) -> float:
        if not wa or not wb:
            return 0.0
        return 2 * self.weight(a & b) / (wa + wb)


def _features(text: str) -> frozenset[str]:
    """Words and adjacent word pairs of a paragraph.

    >>> sorted(_features("Urges all States"))
    ['all', 'all states', 'states', 'urges', 'urges all']
    """
    ws = words(text)
    return frozenset(ws + [f"{a} {b}" for a, b in pairwise(ws)])


def similarity(a: str, b: str) -> float:
    """Weighted word overlap of two texts alone (0..1), as the aligner scores pairs.

    >>> similarity("Urges all States to act", "Urges all States to act")
    1.0
    >>> similarity("Urges all States to act", "Decides to remain seized") < 0.3
    True
    """
    old = _Doc([], [_features(a)])
    new = _Doc([], [_features(b)])
    s = _Scorer(old, new)
    return round(s.dice(old.features[0], s.old_weight[0], new.features[0], s.new_weight[0]), 6)


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
    pairs: dict[int, list[int]] = {}  # old index -> new indices
    merged_into: dict[int, list[int]] = {}  # new index -> old indices (merges)
    scores: dict[tuple[int, int], float] = {}
    old_taken: set[int] = set()
    new_taken: set[int] = set()

    # 1. Identical texts, by hash, in order.
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, p in enumerate(news):
        by_text[p.text].append(j)
    for i, p in enumerate(olds):
        same = by_text.get(p.text)
        if same:
            j = same.pop(0)
            pairs[i] = [j]
            scores[(i, j)] = 1.0
            old_taken.add(i)
            new_taken.add(j)

    # 2-3. Score candidates among the rest and pair them best first.
    od = _Doc(olds, [_features(p.text) for p in olds])
    nd = _Doc(news, [_features(p.text) for p in news])
    scorer = _Scorer(od, nd)
    cand = _candidates(od, nd, scorer, old_taken, new_taken)
    ranked: list[tuple[float, float, int, int]] = []
    best_other: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, js in cand.items():
        for j in js:
            s = scorer.dice(od.features[i], scorer.old_weight[i], nd.features[j], scorer.new_weight[j])
            scores[(i, j)] = s
            best_other[i].append((s, j))
            if s >= options.min_similarity:
                # Ties go to the pair whose relative positions are closer.
                drift = abs(i / max(len(olds), 1) - j / max(len(news), 1))
                ranked.append((s, -drift, -i, -j))
    ranked.sort(reverse=True)
    for _, _, mi, mj in ranked:
        i, j = -mi, -mj
        if i not in old_taken and j not in new_taken:
            pairs[i] = [j]
            old_taken.add(i)
            new_taken.add(j)

    # 4. Splits and merges from the leftovers.
    _attach_leftovers(od, nd, scorer, cand, pairs, merged_into, old_taken, new_taken, scores)

    return _kinds(olds, news, pairs, merged_into, scores, best_other)


def _candidates(
    od: _Doc, nd: _Doc, scorer: _Scorer, old_taken: set[int], new_taken: set[int]
) -> dict[int, set[int]]:
    """Old index -> new indices sharing one of its rarest features."""
    postings: dict[str, list[int]] = defaultdict(list)
    for j, feats in enumerate(nd.features):
        if j not in new_taken:
            for f in feats:
                postings[f].append(j)
    idf = scorer.idf
    cand: dict[int, set[int]] = {}
    for i, feats in enumerate(od.features):
        if i in old_taken:
            continue
        rare = sorted(
            (f for f in feats if f in postings and len(postings[f]) <= _MAX_POSTING),
            key=lambda f: (-idf[f], f),
        )[:_CANDIDATE_FEATURES]
        found: set[int] = set()
        for f in rare:
            found.update(postings[f])
        if found:
            cand[i] = found
    return cand


def _attach_leftovers(
    od: _Doc,
    nd: _Doc,
    scorer: _Scorer,
    cand: dict[int, set[int]],
    pairs: dict[int, list[int]],
    merged_into: dict[int, list[int]],
    old_taken: set[int],
    new_taken: set[int],
    scores: dict[tuple[int, int], float],
) -> None:
    """Join leftover paragraphs to a link whose other side they came from."""
    weight = scorer.weight
    partner_of_new = {j: i for i, js in pairs.items() for j in js}
    # Splits: a new paragraph nobody took, made of what its old paragraph's
    # partner left uncovered.
    by_new: dict[int, list[int]] = defaultdict(list)
    for i, js in cand.items():
        for j in js:
            by_new[j].append(i)
    for j in sorted(set(range(len(nd.features))) - new_taken):
        best = None
        for i in sorted(by_new.get(j, ())):
            if i not in pairs or i not in old_taken:
                continue
            a = od.features[i]
            covered = frozenset().union(*(nd.features[k] for k in pairs[i]))
            fresh = weight((a & nd.features[j]) - covered)
            share = fresh / scorer.new_weight[j] if scorer.new_weight[j] else 0.0
            gain = fresh / scorer.old_weight[i] if scorer.old_weight[i] else 0.0
            if share >= _SPLIT_SHARE and gain >= _SPLIT_GAIN and (best is None or share > best[0]):
                best = (share, i)
        if best:
            i = best[1]
            pairs[i] = sorted(pairs[i] + [j])
            new_taken.add(j)
            partner_of_new[j] = i
    # Merges: the mirror image, for old paragraphs nobody took.
    for i in sorted(set(range(len(od.features))) - old_taken):
        best = None
        for j in sorted(cand.get(i, ())):
            owner = partner_of_new.get(j)
            if owner is None or len(pairs[owner]) > 1:
                continue
            b = nd.features[j]
            group = merged_into.get(j, [owner])
            covered = frozenset().union(*(od.features[k] for k in group))
            fresh = weight((b & od.features[i]) - covered)
            share = fresh / scorer.old_weight[i] if scorer.old_weight[i] else 0.0
            gain = fresh / scorer.new_weight[j] if scorer.new_weight[j] else 0.0
            if share >= _SPLIT_SHARE and gain >= _SPLIT_GAIN and (best is None or share > best[0]):
                best = (share, j)
        if best:
            j = best[1]
            merged_into[j] = sorted([*merged_into.get(j, [partner_of_new[j]]), i])
            old_taken.add(i)
    for group in merged_into.values():
        for i in group:
            pairs.pop(i, None)
    # Overall similarity of each grouped link, for the report.
    for i, targets in pairs.items():
        if len(targets) > 1:
            scores[(i, targets[0])] = scorer.dice(
                od.features[i],
                scorer.old_weight[i],
                frozenset().union(*(nd.features[j] for j in targets)),
                sum(scorer.new_weight[j] for j in targets),
            )
    for j, group in merged_into.items():
        scores[(group[0], j)] = scorer.dice(
            frozenset().union(*(od.features[i] for i in group)),
            sum(scorer.old_weight[i] for i in group),
            nd.features[j],
            scorer.new_weight[j],
        )


def _kinds(
    olds: Sequence[Paragraph],
    news: Sequence[Paragraph],
    pairs: dict[int, list[int]],
    merged_into: dict[int, list[int]],
    scores: dict[tuple[int, int], float],
    best_other: dict[int, list[tuple[float, int]]],
) -> list[Link]:
    """Name each link's kind, find moves, and order the links for reading."""
    groups: list[tuple[list[int], list[int]]] = [([i], js) for i, js in pairs.items()]
    groups += [(olds_, [j]) for j, olds_ in merged_into.items()]
    groups.sort(key=lambda g: (g[0][0], g[1][0]))
    in_place = _longest_ordered_run([(g[0][0], g[1][0]) for g in groups])
    links: list[tuple[float, Link]] = []
    for k, (oi, nj) in enumerate(groups):
        sim = round(scores.get((oi[0], nj[0]), 0.0), 3)
        changed_part = any(olds[i].part is not news[j].part for i in oi for j in nj)
        if len(nj) > 1:
            kind = LinkKind.SPLIT
        elif len(oi) > 1:
            kind = LinkKind.MERGED
        elif k not in in_place or changed_part:
            kind = LinkKind.MOVED
        elif olds[oi[0]].text == news[nj[0]].text:
            kind = LinkKind.UNCHANGED
        else:
            kind = LinkKind.MODIFIED
        runner = None
        if len(oi) == 1 and kind is not LinkKind.UNCHANGED:
            others = sorted((s, j) for s, j in best_other.get(oi[0], []) if j not in nj)
            if others:
                s, j = others[-1]
                runner = (news[j].id, round(s, 3))
        link = Link(
            old=tuple(olds[i].id for i in oi),
            new=tuple(news[j].id for j in nj),
            kind=kind,
            similarity=1.0 if kind is LinkKind.UNCHANGED else sim,
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
    for i, p in enumerate(olds):
        if i not in linked_old:
            before = [new_pos_of_old[k] for k in range(i) if k in new_pos_of_old]
            links.append((max(before, default=-1) + 0.5, Link(old=(p.id,), new=(), kind=LinkKind.DELETED)))
    links.sort(key=lambda t: t[0])
    return [link for _, link in links]


def _longest_ordered_run(points: list[tuple[int, int]]) -> set[int]:
    """Indices of the largest set of points, sorted by x, whose y also ascend.

    Among runs of equal length the one whose points lie nearest the diagonal
    (least displaced) wins, so a paragraph that jumped is the one called moved.

    >>> sorted(_longest_ordered_run([(0, 0), (1, 1), (3, 3), (4, 2)]))
    [0, 1, 2]
    """
    if not points:
        return set()
    n = len(points)
    # Patience-style O(n log n) would do, but runs are scored with a
    # tie-break, so use the O(n^2) dynamic programme only on small inputs
    # and the plain O(n log n) longest increasing subsequence on large ones.
    if n > 300:
        return _lis_fast(points)
    best_len = [1] * n
    best_cost = [abs(points[k][0] - points[k][1]) for k in range(n)]
    prev = [-1] * n
    for k in range(n):
        for m in range(k):
            if points[m][1] < points[k][1]:
                cand_len = best_len[m] + 1
                cand_cost = best_cost[m] + abs(points[k][0] - points[k][1])
                if cand_len > best_len[k] or (cand_len == best_len[k] and cand_cost < best_cost[k]):
                    best_len[k], best_cost[k], prev[k] = cand_len, cand_cost, m
    end = max(range(n), key=lambda k: (best_len[k], -best_cost[k]))
    run = set()
    while end != -1:
        run.add(end)
        end = prev[end]
    return run


def _lis_fast(points: list[tuple[int, int]]) -> set[int]:
    """The plain longest increasing subsequence of the y values, O(n log n)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(points)
    for k, (_, y) in enumerate(points):
        pos = bisect.bisect_left(tails, y)
        if pos == len(tails):
            tails.append(y)
            tail_idx.append(k)
        else:
            tails[pos] = y
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    run = set()
    end = tail_idx[-1]
    while end != -1:
        run.add(end)
        end = prev[end]
    return run
