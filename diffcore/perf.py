"""How the heavy work runs: on several cores, with the collector paused.

Two files to read (PDFs above all) are read side by side, and each link is
diffed and classified on its own, so the links can be shared out among
forked copies of the process: a fork inherits both parsed texts and the
alignment for free, and only the results travel back, pickled through a
pipe. Results come back in input order, so the output is the same
byte for byte whatever the number of jobs. Where forking is unavailable or
unsafe (Windows, a process running threads) or the work is too small to pay
for it, everything runs here, one item after another; a worker that fails
for any reason has its share redone here too, so a real error is raised
where it can be seen.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["collector_paused", "ordered_map"]

_T = TypeVar("_T")
_R = TypeVar("_R")

# Below this many items a fork costs more than it saves (about 10 ms for
# the fork and the pickling, against about 0.4 ms of work per link).
_MIN_ITEMS = 200


def ordered_map(
    fn: Callable[[_T], _R], items: Sequence[_T], jobs: int, min_items: int = _MIN_ITEMS
) -> list[_R]:
    """``[fn(x) for x in items]``, shared among ``jobs`` processes when that pays.

    Work is shared only when there are at least ``min_items`` items, and
    each process gets at least half that many.

    >>> ordered_map(abs, [-3, 1, -2] * 100, jobs=2)[:4]
    [3, 1, 2, 3]
    """
    jobs = min(jobs, len(items) // max(min_items // 2, 1))
    if jobs <= 1 or len(items) < min_items or not _can_fork():
        return [fn(x) for x in items]
    import pickle

    # Interleaved shares balance long and short paragraphs across workers.
    shares = [list(items[k::jobs]) for k in range(jobs)]
    workers = []
    for share in shares[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: compute its share, send it, leave at once
            status = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump([fn(x) for x in share], pipe, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)  # no cleanup handlers, no flushing of the parent's buffers
        os.close(write)
        workers.append((pid, read))
    try:
        results = [[fn(x) for x in shares[0]]]
    finally:  # collect every worker, even when this share failed
        sent = []
        for pid, read in workers:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            sent.append(data if status == 0 else b"")
    for data, share in zip(sent, shares[1:], strict=True):
        results.append(pickle.loads(data) if data else [fn(x) for x in share])
    out: list[_R] = [None] * len(items)  # type: ignore[list-item]
    for k, got in enumerate(results):
        out[k::jobs] = got
    return out


def _can_fork() -> bool:
    if not hasattr(os, "fork"):
        return False
    import threading

    # Forking a process that runs other threads can deadlock the child.
    return threading.active_count() == 1


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration.

    Comparing and rendering build hundreds of thousands of small objects
    that form no cycles; each batch of them sets off a collection that scans
    the whole heap again, which made long comparisons grow faster than the
    texts (a quarter of the time at 5,000 paragraphs). Reference counting
    still frees everything as usual.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
