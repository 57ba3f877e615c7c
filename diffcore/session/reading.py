"""Reading many files for a session: find them, read each once, remember what was read.

``collect`` expands the paths a user gives (files and folders, in any order)
into the supported files, each once, in a deterministic order. ``read_all``
identifies each file by the SHA-256 of its content and parses those the
:class:`~diffcore.session.cache.Cache` does not hold yet, in parallel
(:func:`diffcore.session.executor.run_map`); a file that cannot be read is an
error for that file only, never for the session.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ResdiffError, printable
from ..model import Resolution
from .cache import Cache
from .executor import Progress, run_map

__all__ = ["SUPPORTED_SUFFIXES", "Document", "collect", "parse_bytes", "read_all"]

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt")
_MAX_BYTES = 200 * 1024 * 1024  # as the readers: a larger file is refused by read_source


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files named by ``paths``: folders expanded (recursively) to their supported files.

    Each folder's files come sorted by name; files named directly are kept
    whatever their suffix (the reader says what is wrong with them). A file
    reached twice, through two paths or a symbolic link, comes once; a link
    back to a folder being walked is not followed again. A path that does not
    exist is an error.

    >>> [p.name for p in collect(["tests/documents/pdf"])][:2]
    ['A_C.2_80_L.48.pdf', 'A_C.2_80_L.5.pdf']
    >>> collect(["no/such/folder"])
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: no/such/folder: no such file or folder
    """
    out: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            out.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            _walk(path, add, set())
        elif path.exists() or path.is_symlink():
            add(path)
        else:
            raise ResdiffError("no such file or folder", printable(os.fsdecode(given)))
    return out


def _walk(folder: Path, add: Callable[[Path], None], walking: set[str]) -> None:
    """Add the supported files under ``folder``, not entering a folder already on the way down."""
    real = os.path.realpath(folder)
    if real in walking:
        return
    walking = walking | {real}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir():
                _walk(path, add, walking)
            elif entry.is_file() and entry.name.lower().endswith(SUPPORTED_SUFFIXES):
                add(path)
        except OSError:
            continue


@dataclass(frozen=True)
class Document:
    """One file of a session: its name, its content hash, and what was read from it (or why not)."""

    path: Path
    name: str  # the file name, printable, for messages and reports
    sha256: str  # "" when the file could not even be read
    resolution: Resolution | None
    error: str = ""


def parse_bytes(item: tuple[bytes, str]) -> tuple[Resolution | None, str]:
    """Parse one document held in memory; the error message instead when it cannot be read.

    Runs in a worker process or on a cluster node, so it takes the bytes,
    not a path the worker may not see.

    >>> res, error = parse_bytes((Path("samples/A_RES_64_177.txt").read_bytes(), "A_RES_64_177.txt"))
    >>> res.metadata.symbol, error
    ('A/RES/64/177', '')
    >>> parse_bytes((b"", "empty.txt"))
    (None, 'empty.txt: empty file')
    """
    from ..read import read_bytes
    from ..structure import build_resolution

    data, name = item
    try:
        return build_resolution(read_bytes(data, name)), ""
    except ResdiffError as exc:
        return None, str(exc)


def read_all(
    paths: Sequence[Path],
    cache: Cache | None = None,
    jobs: int = 1,
    scheduler: str = "",
    progress: Progress | None = None,
) -> list[Document]:
    """Read every file once: from the cache when its content was parsed before, else in parallel.

    The result is in the order of ``paths``, the same whatever ``jobs`` or
    ``scheduler``; each new parse (or its error) is stored in the cache as
    soon as it arrives, so an interrupted session keeps what it finished.
    """
    docs: list[Document | None] = [None] * len(paths)
    todo: list[tuple[int, bytes, str, str]] = []
    for k, path in enumerate(paths):
        name = printable(path.name)
        try:
            data = _read(path)
        except ResdiffError as exc:
            docs[k] = Document(path, name, "", None, str(exc))
            continue
        digest = hashlib.sha256(data).hexdigest()
        hit = cache.document(digest) if cache is not None else None
        if hit is not None:
            res, error = hit
            docs[k] = Document(path, name, digest, _named(res, name), error)
        else:
            todo.append((k, data, name, digest))
    items = [(data, name) for _, data, name, _ in todo]
    for (k, _, name, digest), (res, error) in zip(
        todo, run_map(parse_bytes, items, jobs, scheduler, progress, "Reading"), strict=True
    ):
        if cache is not None:
            cache.put_document(digest, res, error)
        docs[k] = Document(paths[k], name, digest, res, error)
    return [d for d in docs if d is not None]


def _named(res: Resolution | None, name: str) -> Resolution | None:
    """A cached resolution under the name of the file it now comes from."""
    return None if res is None else replace(res, source=name)


def _read(path: Path) -> bytes:
    """The file's bytes, if it is a regular file the readers accept; else the reader's one-line error."""
    from ..read import read_source

    try:
        if path.is_file() and path.stat().st_size <= _MAX_BYTES:
            return path.read_bytes()
    except OSError:
        pass
    read_source(path)  # raises the reader's message for what is wrong with the file
    return path.read_bytes()
