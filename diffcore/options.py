"""One frozen options object for the whole pipeline, instead of module globals."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["AUTO_JOBS", "Options"]

# ``jobs=AUTO_JOBS`` means one process per core, up to MAX_AUTO_JOBS: beyond
# four, forking and pickling cost more than a pair's work saves (measured in
# docs/decisions on forked workers).
AUTO_JOBS = 0
MAX_AUTO_JOBS = 4


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
    two files and diff and classify the links (see :mod:`diffcore.perf`),
    ``AUTO_JOBS`` for one per core; the result is the same for any number.

    >>> Options().min_similarity
    0.3
    >>> Options(jobs=2).workers, Options(jobs=AUTO_JOBS).workers >= 1
    (2, True)
    """

    min_similarity: float = 0.3
    diff_timeout: float = 0.0
    jobs: int = 1

    @property
    def workers(self) -> int:
        """The number of processes ``jobs`` asks for."""
        return self.jobs or min(os.cpu_count() or 1, MAX_AUTO_JOBS)
