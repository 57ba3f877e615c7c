"""Where a session's work runs: here, on local processes (one per core), or on a Dask cluster.

``run_map`` is ``[fn(x) for x in items]`` whatever runs it, results in input
order, so a session's output is the same byte for byte on one process, on
several, or on a cluster. Dask is an optional extra (``pip install
'resdiff[dask]'``), imported only when a scheduler address is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from ..errors import ResdiffError

__all__ = ["Progress", "run_map"]

_T = TypeVar("_T")
_R = TypeVar("_R")

# Below this many items per process, starting processes costs more than it saves.
_MIN_PER_JOB = 4


class Progress(Protocol):
    """Told how far a stage has got: ``label``, items done, items in all."""

    def __call__(self, label: str, done: int, total: int) -> None: ...


def run_map(
    fn: Callable[[_T], _R],
    items: Sequence[_T],
    jobs: int = 1,
    scheduler: str = "",
    progress: Progress | None = None,
    label: str = "",
) -> Iterator[_R]:
    """Yield ``fn(x)`` for each of ``items``, in order, as each becomes available.

    ``scheduler`` is a Dask scheduler's address (``tcp://host:8786``) or a
    ``dask.distributed.Client`` object; else ``jobs`` local processes share
    the work (``fn`` must be a module-level function).

    >>> list(run_map(abs, [-2, 1, -3]))
    [2, 1, 3]
    """
    if progress is not None:
        progress(label, 0, len(items))
    if scheduler:
        results: Iterator[_R] = _dask_map(fn, items, scheduler)
    elif jobs > 1 and len(items) >= 2 * _MIN_PER_JOB and _can_fork():
        results = _process_map(fn, items, jobs)
    else:
        results = (fn(x) for x in items)
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress(label, done, len(items))
        yield result


def _process_map(fn: Callable[[_T], _R], items: Sequence[_T], jobs: int) -> Iterator[_R]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = min(jobs, len(items) // _MIN_PER_JOB)
    # Chunks small enough to balance long and short items, large enough to cut the round trips.
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(fn, items, chunksize=chunk)


def _can_fork() -> bool:
    import threading

    # Forking a process that runs other threads can deadlock the child.
    return hasattr(os, "fork") and threading.active_count() == 1


def _dask_map(fn: Callable[[_T], _R], items: Sequence[_T], scheduler: Any) -> Iterator[_R]:
    """The same work on a Dask cluster; the results come back in input order."""
    try:
        import dask.distributed
    except ImportError:
        raise ResdiffError("--scheduler needs Dask: pip install 'resdiff[dask]'", str(scheduler)) from None
    own = isinstance(scheduler, str)
    try:
        client_type: Any = dask.distributed.Client  # untyped
        client = client_type(scheduler, timeout=10) if own else scheduler
    except OSError as exc:
        raise ResdiffError(f"cannot reach the Dask scheduler ({exc})", str(scheduler)) from None
    try:
        # pure=False: two equal items are still two tasks (their results are equal anyway).
        futures = client.map(fn, items, pure=False)
        for future in futures:
            yield future.result()
            future.release()
    finally:
        if own:
            client.close()
