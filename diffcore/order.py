"""The longest run of points in order, shared by the aligner and the word diff.

The aligner uses it to tell paragraphs that stayed in place from moved
ones; the word diff uses it to anchor a long diff at words that occur once
on each side (as patience diff does).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

__all__ = ["longest_ordered_run"]


def longest_ordered_run(points: list[tuple[int, int]], ties: Sequence[int] = ()) -> set[int]:
    """Indices of the largest set of points, sorted by x, whose y also ascend.

    Among runs of equal length the one whose points lie nearest the diagonal
    (least total displacement) wins, so a paragraph that jumped is the one
    called moved; runs equal in that too are told apart by the sum of the
    points' ``ties`` (numbers that do not change when x and y are swapped),
    so that swapping the texts swaps the result. O(n log n): patience sorting gives each point's longest
    run; for each run length a stack keeps the cheapest run ends that no
    later end dominates (later ends at one length have smaller y), so the
    cheapest predecessor below a given y is found by bisection.

    >>> sorted(longest_ordered_run([(0, 0), (1, 1), (3, 3), (4, 2)]))
    [0, 1, 2]
    >>> sorted(longest_ordered_run([(0, 5), (1, 0), (2, 1), (3, 6)]))
    [1, 2, 3]
    """
    if not points:
        return set()
    tails: list[int] = []  # smallest y ending a run of each length
    # Per length: run ends as (negated y, cost, index), y falling and cost rising along the stack.
    stacks: list[list[tuple[int, int, int]]] = []
    prev = [-1] * len(points)
    cost = [0] * len(points)
    best = (0, 0, 0)  # (-length, cost, index) of the best end so far
    for k, (x, y) in enumerate(points):
        level = bisect.bisect_left(tails, y)
        own = abs(x - y) << 32 | (ties[k] if ties else 0)
        if level:
            below = stacks[level - 1]
            # The bottom-most entry with y < ours is the cheapest (earliest on ties).
            at = bisect.bisect_right(below, (-y, math.inf, math.inf))
            _, c, m = below[at]
            prev[k], cost[k] = m, c + own
        else:
            cost[k] = own
        if level == len(tails):
            tails.append(y)
            stacks.append([])
        else:
            tails[level] = y
        stack = stacks[level]
        while stack and stack[-1][1] > cost[k]:
            stack.pop()
        stack.append((-y, cost[k], k))
        key = (-(level + 1), cost[k], k)
        if k == 0 or key < best:
            best = key
    run = set()
    end = best[2]
    while end != -1:
        run.add(end)
        end = prev[end]
    return run
