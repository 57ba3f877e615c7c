"""One frozen options object for the whole pipeline, instead of module globals."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Options"]


@dataclass(frozen=True)
class Options:
    """How to compare two resolutions.

    ``min_similarity`` is the aligner's score (0..1) below which two
    paragraphs are not paired: raise it to get fewer, surer links, lower it
    to pair heavily rewritten paragraphs. The rewrites in place need only a
    share of it; ``docs/alignment.md`` gives every pass and threshold.
    ``diff_timeout`` is handed to diff-match-patch; 0 means no limit, because
    its default of one second silently turns a long diff into
    delete-all/insert-all. ``jobs`` is the number of processes that read the
    two files and diff and classify the links (see :mod:`diffcore.perf`);
    the result is the same for any number.

    >>> Options().min_similarity
    0.3
    """

    min_similarity: float = 0.3
    diff_timeout: float = 0.0
    jobs: int = 1
