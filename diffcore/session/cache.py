"""The session cache: parsed documents and finished steps in one SQLite file.

Entries are keyed by content (a file's SHA-256, a step's two hashes and its
options) and by :func:`code_version`, a hash of resdiff's own code, so that
changing resdiff invalidates every entry (and opening the cache drops them). Each entry is written in one
transaction and carries the SHA-256 of its data: an interrupted run leaves
either the whole entry or none, and a damaged one is never read back. WAL
mode lets a reader see the file while a writer adds to it.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ResdiffError, printable

if TYPE_CHECKING:
    from .reading import Reading

__all__ = ["Cache", "code_version"]

# The layout of the tables; raise it when they change.
_SCHEMA = 1
_TABLES = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT NOT NULL, version TEXT NOT NULL, data BLOB NOT NULL, check_sum TEXT NOT NULL,
    PRIMARY KEY (sha256, version));
CREATE TABLE IF NOT EXISTS steps (
    key TEXT NOT NULL, version TEXT NOT NULL, data BLOB NOT NULL, check_sum TEXT NOT NULL,
    PRIMARY KEY (key, version));
"""


@cache
def code_version() -> str:
    """A hash of resdiff's version, the cache layout and its code (modules, vocabulary, templates).

    >>> len(code_version())
    16
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        h = hashlib.sha256(f"{version('resdiff')}/{_SCHEMA}".encode())
    except PackageNotFoundError:
        h = hashlib.sha256(f"unknown/{_SCHEMA}".encode())
    package = Path(__file__).resolve().parent.parent
    from ..render.html import template_dir

    files = [*package.rglob("*.py"), *package.rglob("*.toml"), *sorted(template_dir().iterdir())]
    for path in sorted(set(files)):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    """An SQLite file of parsed documents and finished steps; counts what it served and stored.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     c = Cache(Path(tmp) / "cache.sqlite")
    ...     c.put_step("k", {"n": 1})
    ...     c.step("k"), c.step("other"), c.hits, c.stored
    ...     c.close()
    ({'n': 1}, None, 1, 1)
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.version = code_version()
        self.hits = 0
        self.stored = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_TABLES)
            with self._db:  # entries of another resdiff are never read again: drop them
                for table in ("documents", "steps"):
                    self._db.execute(f"DELETE FROM {table} WHERE version != ?", (self.version,))
        except (OSError, sqlite3.Error) as exc:
            raise ResdiffError(f"cannot use the cache ({exc})", printable(str(path))) from None

    def close(self) -> None:
        self._db.close()

    def document(self, sha256: str) -> Reading | None:
        """What was read of a file's content (a resolution, why not), or None if not cached."""
        got: Reading | None = self._get("documents", "sha256", sha256)
        return got

    def put_document(self, sha256: str, reading: Reading) -> None:
        self._put("documents", "sha256", sha256, reading)

    def step(self, key: str) -> Any:
        """A finished step's result, or None if not cached."""
        return self._get("steps", "key", key)

    def put_step(self, key: str, value: Any) -> None:
        self._put("steps", "key", key, value)

    def _get(self, table: str, column: str, key: str) -> Any:
        row = self._db.execute(
            f"SELECT data, check_sum FROM {table} WHERE {column} = ? AND version = ?", (key, self.version)
        ).fetchone()
        if row is None or hashlib.sha256(row[0]).hexdigest() != row[1]:
            return None
        try:
            value = pickle.loads(row[0])
        except Exception:  # an entry from a code that no longer unpickles: as if absent
            return None
        self.hits += 1
        return value

    def _put(self, table: str, column: str, key: str, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with self._db:  # one transaction: the whole entry or nothing
            self._db.execute("BEGIN")
            self._db.execute(
                f"INSERT OR REPLACE INTO {table} ({column}, version, data, check_sum) VALUES (?, ?, ?, ?)",
                (key, self.version, data, hashlib.sha256(data).hexdigest()),
            )
        self.stored += 1
