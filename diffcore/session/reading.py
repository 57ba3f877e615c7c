"""Reading many files for a session: find them, read each once, remember what was read.

``collect`` expands the paths a user gives (files and folders, in any order)
into the supported files, each once, in a deterministic order. ``read_all``
identifies each file by the SHA-256 of its content and parses those the
:class:`~diffcore.session.cache.Cache` does not hold yet, in parallel
(:func:`diffcore.session.executor.run_map`).

What a file turns out to be (:class:`Reading`): a resolution (or a decision
with a resolution's structure), compared; a text that is readable but is not
one (an amendment to a draft, a decision, a note...), *skipped* with the
reason; or a file that cannot be read at all (empty, corrupt, binary, no text
layer), or whose reading failed unexpectedly, an *error*, for that file only,
never for the session.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from ..errors import ResdiffError, printable
from ..header import ORGAN_LINE_RE, SYMBOL_RE, parse_metadata
from ..model import BlockKind, Resolution, SourceText
from ..text import OPNUM, squash
from .cache import Cache
from .executor import Progress, run_map

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Document",
    "Reading",
    "collect",
    "not_a_resolution",
    "parse_bytes",
    "read_all",
]

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


class Reading(NamedTuple):
    """What one file held: a resolution; else why it is skipped (with its symbol), or why it was not read."""

    resolution: Resolution | None
    error: str = ""  # why it could not be read (the file's name is added by whoever names it)
    skipped: str = ""  # it was read, and is not a resolution: what it is instead
    symbol: str = ""  # a skipped document's symbol, when its header has one


@dataclass(frozen=True)
class Document:
    """One file of a session: its name, its content hash, and what was read from it (or why not)."""

    path: Path
    name: str  # the file name, printable, for messages and reports
    sha256: str  # "" when the file could not even be read
    resolution: Resolution | None
    error: str = ""
    skipped: str = ""
    symbol: str = ""


def parse_bytes(item: tuple[bytes, str]) -> Reading:
    """Parse one document held in memory: a resolution, else why it is skipped or could not be read.

    Runs in a worker process or on a cluster node, so it takes the bytes,
    not a path the worker may not see. Never raises: a reader that fails
    unexpectedly makes an error for this file, not for the session.

    >>> res, error, skipped, symbol = parse_bytes((Path("samples/A_RES_64_177.txt").read_bytes(), "x.txt"))
    >>> res.metadata.symbol, error, skipped
    ('A/RES/64/177', '', '')
    >>> parse_bytes((b"", "empty.txt"))
    Reading(resolution=None, error='empty file', skipped='', symbol='')
    >>> parse_bytes((b"Note by the Secretariat. The list of speakers is closed.", "n.txt")).skipped
    'a note, not a resolution'
    """
    from ..read import read_bytes

    data, name = item
    try:
        return _reading(read_bytes(data, name))
    except ResdiffError as exc:  # the reader's: the file cannot be read
        return Reading(None, exc.message)
    except Exception as exc:  # a bug of resdiff's: this file's error, reported, not the end of the session
        return Reading(None, _CRASH.format(type(exc).__name__))


def _reading(source: SourceText) -> Reading:
    """What a readable text is: a resolution, or why it is skipped."""
    from ..structure import build_resolution

    why = not_a_resolution(source)
    if not why:
        try:
            return Reading(build_resolution(source))
        except ResdiffError as exc:
            why = not_a_resolution(source, exc.message)
    return Reading(None, skipped=why, symbol=_symbol(source))


_CRASH = "could not be read (resdiff failed with {}); please report this file"


# What a text that is not a resolution says of itself, in its opening lines.
_AMENDMENT = re.compile(r"\bamendments? to (?:the )?(?:revised )?draft (?:resolution|decision) (\S+)", re.I)
_DECISION = re.compile(
    r"\bDraft decision submitted\b|:\s*(?:revised\s+)?draft decision\b"
    r"|\b(?:General Assembly|Council|Conference|Commission)\b[^.;]{0,400}?\bdecide[sd]\b"
)
_OTHER = re.compile(r"\b(Note|Letter|Report) (?:by|dated|of) the\b")
_NUMBERED = re.compile(rf"^{OPNUM}\s")
# The opening is short; a long sponsor list fits in this many characters.
_OPENING = 4000


def _opening(source: SourceText) -> list[str]:
    """The text blocks before the body: up to the organ's line or the first numbered paragraph."""
    out: list[str] = []
    for block in source.blocks:
        text = squash(block.text)
        if block.kind is not BlockKind.TEXT or not text:
            continue
        if ORGAN_LINE_RE.match(text) or _NUMBERED.match(text) or sum(map(len, out)) > _OPENING:
            break
        out.append(text)
    return out


def not_a_resolution(source: SourceText, failure: str = "") -> str:
    """Why a readable text is not compared, from its opening: "" when it is to be compared.

    An amendment to a draft is never compared, nor a note, letter or report
    without an organ's line ("The General Assembly,"), even when their
    paragraphs are numbered like a resolution's. A decision is compared when
    it has a resolution's structure; when it has not (``failure``, the
    structure's complaint), it is skipped as a decision.

    >>> from diffcore.model import Block
    >>> def text(*lines): return SourceText("f", "text", tuple(Block(BlockKind.TEXT, t) for t in lines))
    >>> not_a_resolution(text("Belarus: amendment to draft resolution A/C.3/79/L.12", "1. Delete ..."))
    'an amendment to A/C.3/79/L.12'
    >>> not_a_resolution(text("Note by the Secretariat", "1. The present note ..."))
    'a note, not a resolution'
    >>> not_a_resolution(text("Draft decision submitted by the Chair", "The General Assembly decides"), "x")
    'a decision, not a resolution'
    >>> not_a_resolution(text("Draft decision submitted by the Chair", "The General Assembly,", "1. Decides"))
    ''
    >>> not_a_resolution(text("Programme of work", "Monday: general debate"), "no structure")
    'not a resolution: no structure'
    """
    opening = " ".join(_opening(source))
    amendment = _AMENDMENT.search(opening)
    if amendment:
        symbol = amendment.group(1).rstrip(".,;:")
        return f"an amendment to {symbol}" if SYMBOL_RE.match(symbol) else "an amendment to a draft"
    other = None if _DECISION.search(opening) else _OTHER.search(opening)
    if other and (failure or not any(ORGAN_LINE_RE.match(squash(b.text)) for b in source.blocks)):
        return f"a {other.group(1).lower()}, not a resolution"
    if not failure:
        return ""
    if _DECISION.search(opening):
        return "a decision, not a resolution"
    return f"not a resolution: {failure}"


def _symbol(source: SourceText) -> str:
    """The symbol a skipped text's header gives, else ""."""
    return parse_metadata(_opening(source)).symbol


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
            docs[k] = _document(path, name, digest, hit._replace(resolution=_named(hit.resolution, name)))
        else:
            todo.append((k, data, name, digest))
    items = [(data, name) for _, data, name, _ in todo]
    for (k, _, name, digest), reading in zip(
        todo, run_map(parse_bytes, items, jobs, scheduler, progress, "Reading"), strict=True
    ):
        if cache is not None:
            cache.put_document(digest, reading)
        docs[k] = _document(paths[k], name, digest, reading)
    return [d for d in docs if d is not None]


def _document(path: Path, name: str, sha256: str, reading: Reading) -> Document:
    """A file's document from what was read of it (maybe of another file of the same content)."""
    error = str(ResdiffError(reading.error, name)) if reading.error else ""
    return Document(path, name, sha256, reading.resolution, error, reading.skipped, reading.symbol)


def _named(res: Resolution | None, name: str) -> Resolution | None:
    """A cached resolution under the name of the file it now comes from."""
    return None if res is None else replace(res, source=name)


def _read(path: Path) -> bytes:
    """The file's bytes, if it is a regular file the readers accept; else the reader's error, by file name."""
    from ..read import read_source

    try:
        if path.is_file() and path.stat().st_size <= _MAX_BYTES:
            return path.read_bytes()
        read_source(path)  # raises the reader's message for what is wrong with the file
        return path.read_bytes()
    except ResdiffError as exc:
        raise ResdiffError(exc.message, printable(path.name)) from None
    except OSError as exc:
        raise ResdiffError(f"cannot read file ({exc.strerror or exc})", printable(path.name)) from None
