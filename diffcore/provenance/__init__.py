"""Agreed-language provenance: where each paragraph's wording was adopted before.

A corpus index is one SQLite file (stdlib ``sqlite3``): a row per document
(symbol, date, session, title, content hash) and a row per paragraph (id,
text, normalised text, a hash of the normalised text). Two searches answer
"where does this wording come from?":

- exact: the hash of the normalised text, through a B-tree index, so a
  verbatim source that exists is always found;
- near: the SQLite FTS5 posting lists of the paragraph's rarest words, the
  matches scored by those words' inverse document frequencies (BM25 without
  its length term, which FTS5 computes too slowly), the best re-scored by
  word overlap (``docs/decisions/0016-provenance-index.md`` says why, with figures).

Only earlier documents count: by date when both have one, else by session;
a document is never its own source, nor is another copy with its symbol.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from ..errors import ResdiffError, printable
from ..model import Comparison, LinkKind, Resolution, Segment

__all__ = [
    "IndexReport",
    "ParagraphTrace",
    "Source",
    "Trace",
    "add_resolution",
    "add_terms",
    "comparison_provenance",
    "index_paths",
    "normalise",
    "open_index",
    "trace",
    "trace_json",
    "with_provenance",
]

# Below this word overlap an earlier paragraph is not a source: the wording is new.
MIN_SIMILARITY = 0.5
# A modified paragraph below this similarity to its old version is rewritten: its wording is traced.
HEAVY_CHANGE = 0.6
# Sources kept per paragraph, best first.
MAX_SOURCES = 5
# FTS5 candidates re-scored per paragraph, and the rarest words that query for them.
_CANDIDATES = 40
_QUERY_WORDS = 5
_POOL = 200  # the best FTS5 matches, among which the earlier documents' are kept
_COMMON_FLOOR = 200  # a word in at most this many paragraphs (or 0.2% of them) is rare enough to query
# Words that sequence a paragraph among others, not part of its wording.
_SEQUENCING = frozenset({"also", "further"})
_WORD = re.compile(r"[^\W_]+")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    symbol TEXT NOT NULL,
    date TEXT NOT NULL,
    session INTEGER,
    title TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_symbol ON documents(symbol);
CREATE TABLE IF NOT EXISTS paragraphs (
    id INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES documents(id),
    pid TEXT NOT NULL,
    text TEXT NOT NULL,
    norm TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_hash ON paragraphs(hash);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    norm, content='paragraphs', content_rowid='id', detail=none
);
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


def normalise(text: str) -> str:
    """The words of ``text`` that make its wording: lower case, no punctuation, layout or sequencing words.

    Footnote markers are not in a paragraph's text (the reader keeps them
    apart); a marker glued to a word as digits still differs, as it should
    not be guessed away.

    >>> normalise("Recalling  also its resolution 76/13,\\nof 2 December 2021;")
    'recalling its resolution 76 13 of 2 december 2021'
    >>> normalise("Further requests") == normalise("Requests")
    True
    """
    return " ".join(w for w in _WORD.findall(text.casefold()) if w not in _SEQUENCING)


def _hash(norm: str) -> str:
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def open_index(path: str | Path, create: bool = False) -> sqlite3.Connection:
    """The corpus index at ``path``; created when ``create`` (else a missing file is an error).

    >>> conn = open_index(":memory:", create=True)
    >>> conn.execute("SELECT count(*) FROM documents").fetchone()
    (0,)
    """
    name = printable(str(path))
    if not create and str(path) != ":memory:" and not Path(path).is_file():
        raise ResdiffError("no such corpus database (make it with resdiff index)", name)
    try:
        if create or str(path) == ":memory:":
            conn = sqlite3.connect(str(path))
            # A large page cache keeps the FTS5 and hash indexes' hot pages in memory while indexing.
            conn.execute("PRAGMA cache_size = -200000")
            conn.executescript(_SCHEMA)
        else:  # read only: a trace never changes the corpus
            conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
            conn.execute("SELECT 1 FROM documents, paragraphs, paragraphs_fts, terms LIMIT 0").fetchall()
    except sqlite3.Error as exc:
        raise ResdiffError(f"not a corpus database ({exc})", name) from None
    return conn


def _date(res: Resolution) -> str:
    return res.metadata.adopted or res.metadata.distributed


def add_resolution(
    conn: sqlite3.Connection, res: Resolution, sha256: str, name: str, terms: Counter[str] | None = None
) -> bool:
    """Add one read document and its paragraphs; False when its content is already indexed.

    Its words' paragraph counts go to ``terms`` when given, for one :func:`add_terms`
    after many documents (far faster than updating the table document by document).

    >>> from diffcore.read import read_bytes
    >>> from diffcore.structure import build_resolution
    >>> data = Path("samples/A_RES_64_177.txt").read_bytes()
    >>> res = build_resolution(read_bytes(data, "A_RES_64_177.txt"))
    >>> conn = open_index(":memory:", create=True)
    >>> add_resolution(conn, res, "abc", "A_RES_64_177.txt"), add_resolution(conn, res, "abc", "x.txt")
    (True, False)
    """
    m = res.metadata
    cur = conn.execute(
        "INSERT OR IGNORE INTO documents (sha256, name, symbol, date, session, title) VALUES (?,?,?,?,?,?)",
        (sha256, name, m.symbol, _date(res), m.session, m.title),
    )
    if cur.rowcount == 0:
        return False
    doc = cur.lastrowid
    rows = []
    df: Counter[str] = Counter() if terms is None else terms
    for p in res.paragraphs:
        norm = normalise(p.text)
        if norm:
            rows.append((doc, p.id, p.text, norm, _hash(norm)))
            df.update(set(norm.split()))
    (last,) = conn.execute("SELECT coalesce(max(id), 0) FROM paragraphs").fetchone()
    conn.executemany("INSERT INTO paragraphs (doc, pid, text, norm, hash) VALUES (?,?,?,?,?)", rows)
    # The new rows by their primary key (a range, not a scan of the table by document).
    conn.execute(
        "INSERT INTO paragraphs_fts (rowid, norm) SELECT id, norm FROM paragraphs WHERE id > ?", (last,)
    )
    if terms is None:
        add_terms(conn, df)
    return True


def add_terms(conn: sqlite3.Connection, terms: Counter[str]) -> None:
    """Add to each word's count of paragraphs: the trace queries by the rarest words."""
    conn.executemany(
        "INSERT INTO terms (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        sorted(terms.items()),
    )


@dataclass(frozen=True)
class IndexReport:
    """What one ``index`` run did: documents added, already there, and the files that failed."""

    added: int
    known: int
    failed: tuple[str, ...]  # one line each, naming the file
    paragraphs: int  # in the whole index after the run
    documents: int


def index_paths(
    paths: Iterable[str | Path], db: str | Path, jobs: int = 1, scheduler: str = ""
) -> IndexReport:
    """Read the files and folders into the index at ``db``; documents already in it (by content) are skipped.

    Reading runs in parallel on the session engine (local processes, or a Dask
    cluster at ``scheduler``); a file that cannot be read is reported, not fatal.
    """
    from ..session.reading import collect, read_all

    files = collect(paths)
    conn = open_index(db, create=True)
    try:
        have = {row[0] for row in conn.execute("SELECT sha256 FROM documents")}
        todo: list[Path] = []
        known = 0
        for path in files:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                todo.append(path)  # read_all reports why
                continue
            if digest in have:
                known += 1
            else:
                todo.append(path)
        added = 0
        failed: list[str] = []
        terms: Counter[str] = Counter()
        with conn:
            for doc in read_all(todo, jobs=jobs, scheduler=scheduler):
                if doc.resolution is None:
                    failed.append(doc.error or f"{doc.name}: {doc.skipped}")
                elif add_resolution(conn, doc.resolution, doc.sha256, doc.name, terms):
                    added += 1
                else:
                    known += 1
            add_terms(conn, terms)
        paragraphs, documents = conn.execute(
            "SELECT (SELECT count(*) FROM paragraphs), (SELECT count(*) FROM documents)"
        ).fetchone()
    finally:
        conn.close()
    return IndexReport(added, known, tuple(failed), paragraphs, documents)


@dataclass(frozen=True)
class Source:
    """An earlier paragraph with the same or similar wording."""

    symbol: str
    id: str
    similarity: float
    verbatim: bool
    date: str
    text: str
    diff: tuple[Segment, ...] = ()  # from the source's wording to the traced paragraph's


@dataclass(frozen=True)
class ParagraphTrace:
    """One paragraph of the traced text and where its wording came from."""

    id: str
    text: str
    sources: tuple[Source, ...]
    earliest: tuple[str, str] | None = None  # (symbol, paragraph id) first to have the best source's wording
    latest: tuple[str, str] | None = None  # ... and the last before this text

    @property
    def new_language(self) -> bool:
        """True when no earlier paragraph is close."""
        return not self.sources

    @property
    def verbatim(self) -> bool:
        """True when the wording was adopted before word for word."""
        return bool(self.sources) and self.sources[0].verbatim

    def cite(self) -> str:
        """The short provenance line: "verbatim from A/RES/78/241 OP3 (agreed in ..., repeated in ...)".

        >>> ParagraphTrace("OP1", "x", ()).cite()
        'new language'
        """
        if not self.sources:
            return "new language"
        best = self.sources[0]
        how = "verbatim from" if best.verbatim else f"{round(best.similarity * 100)}% like"
        line = f"{how} {best.symbol} {best.id}"
        if self.earliest and self.latest and self.earliest != self.latest:
            line += f" (agreed in {' '.join(self.earliest)}; repeated in {' '.join(self.latest)})"
        return line


@dataclass(frozen=True)
class Trace:
    """A text traced against the corpus: its paragraphs, in order, each with its sources."""

    symbol: str
    title: str
    date: str
    source: str  # the traced file's name
    paragraphs: tuple[ParagraphTrace, ...]


def _similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word overlap of two word lists, half of single words and half of word pairs (so order counts).

    >>> _similarity("a b c d".split(), "a b c d".split()), _similarity("a b c d".split(), "d c b a".split())
    (1.0, 0.5)
    """
    if not a or not b:
        return 0.0
    words = sum((Counter(a) & Counter(b)).values()) / (len(a) + len(b))
    pairs_a, pairs_b = Counter(pairwise(a)), Counter(pairwise(b))
    pairs = sum((pairs_a & pairs_b).values()) / max(1, len(a) + len(b) - 2)
    return words + pairs


class _Earlier:
    """The SQL condition for "an earlier document that is not this one", with its parameters."""

    def __init__(self, symbols: tuple[str, ...], date: str, session: int | None, sha256: str) -> None:
        sql = ["d.sha256 != ?"]
        params: list[object] = [sha256]
        for symbol in symbols:
            sql.append("d.symbol != ?")
            params.append(symbol)
        if date:
            sql.append("((d.date != '' AND d.date < ?) OR (d.date = '' AND d.session < ?))")
            params += [date, session if session is not None else 10**6]
        elif session is not None:
            sql.append("d.session < ?")
            params.append(session)
        self.sql = " AND ".join(sql)
        self.params = tuple(params)


def trace(
    res: Resolution, conn: sqlite3.Connection, sha256: str = "", exclude: tuple[str, ...] = ()
) -> Trace:
    """Each paragraph of ``res`` with its sources in the earlier documents of the index.

    Documents with the symbols in ``exclude`` do not count either (a comparison's old version).
    """
    from ..worddiff import word_diff

    m = res.metadata
    symbols = tuple(sorted({s for s in (m.symbol, *exclude) if s}))
    earlier = _Earlier(symbols, _date(res), m.session, sha256)
    out: list[ParagraphTrace] = []
    for p in res.paragraphs:
        norm = normalise(p.text)
        words = norm.split()
        found: dict[int, Source] = {}
        if words:
            for row in conn.execute(
                "SELECT p.id, d.symbol, p.pid, d.date, p.text"
                " FROM paragraphs p JOIN documents d ON d.id = p.doc"
                f" WHERE p.hash = ? AND {earlier.sql}",
                (_hash(norm), *earlier.params),
            ):
                found[row[0]] = Source(row[1], row[2], 1.0, True, row[3], row[4])
            for row in _near(conn, words, earlier):
                if row[0] in found:
                    continue
                # Only the same words in the same order are verbatim: that is the hash lookup's.
                sim = min(0.999, round(_similarity(words, row[5].split()), 3))
                if sim >= MIN_SIMILARITY:
                    found[row[0]] = Source(row[1], row[2], sim, False, row[3], row[4])
        ranked = sorted(found.values(), key=lambda s: (-s.similarity, _neg(s.date), s.symbol, s.id))
        best = ranked[:MAX_SOURCES]
        best = [s if s.verbatim else replace(s, diff=word_diff(s.text, p.text)) for s in best]
        earliest = latest = None
        if best:
            span = _span(conn, normalise(best[0].text), earlier)
            earliest, latest = span
        out.append(ParagraphTrace(p.id, p.text, tuple(best), earliest, latest))
    return Trace(m.symbol, m.title, _date(res), printable(Path(res.source).name), tuple(out))


def _neg(date: str) -> tuple[int, ...]:
    """A sort key putting the latest date first."""
    return tuple(-ord(c) for c in date)


_Row = tuple[int, str, str, str, str, str]  # paragraph row id, symbol, paragraph id, date, text, norm


def _near(conn: sqlite3.Connection, words: list[str], earlier: _Earlier) -> list[_Row]:
    """The earlier paragraphs that share most of the paragraph's rarest words, weighted by rarity.

    Each rare word's FTS5 posting list is read without ranking (FTS5's BM25 ``rank``
    re-reads every match and cost 20 ms a paragraph at 500,000 paragraphs); a
    match scores the words' inverse document frequencies, as BM25 does without
    its length term. The word-overlap re-scoring in :func:`trace` decides.
    """
    distinct = sorted(set(words))
    counts = dict(
        conn.execute(f"SELECT term, df FROM terms WHERE term IN ({','.join('?' * len(distinct))})", distinct)
    )
    present = sorted((n, w) for w, n in counts.items())
    if not present:
        return []
    # Words common across the corpus cost long posting lists and say little: the rare ones query.
    total = _paragraph_count(conn)
    limit = max(_COMMON_FLOOR, total // 500)
    rare = [(n, w) for n, w in present if n <= limit][:_QUERY_WORDS] or present[:3]
    score: dict[int, float] = {}
    for n, w in rare:
        weight = math.log(1 + total / n)
        for (rowid,) in conn.execute(
            "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", (f'"{w}"',)
        ):
            score[rowid] = score.get(rowid, 0.0) + weight
    pool = sorted(score, key=lambda r: (-score[r], r))[:_POOL]
    if not pool:
        return []
    rows = conn.execute(
        "SELECT p.id, d.symbol, p.pid, d.date, p.text, p.norm"
        " FROM paragraphs p JOIN documents d ON d.id = p.doc"
        f" WHERE p.id IN ({','.join('?' * len(pool))}) AND {earlier.sql}",
        (*pool, *earlier.params),
    ).fetchall()
    rows.sort(key=lambda row: (-score[row[0]], row[0]))
    return rows[:_CANDIDATES]


def _paragraph_count(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(id) FROM paragraphs").fetchone()
    return int(row[0] or 0)


def _span(
    conn: sqlite3.Connection, norm: str, earlier: _Earlier
) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """The earliest and the latest earlier document with exactly this wording, as (symbol, paragraph id)."""
    rows = conn.execute(
        "SELECT d.date, d.symbol, p.pid FROM paragraphs p JOIN documents d ON d.id = p.doc"
        f" WHERE p.hash = ? AND {earlier.sql} ORDER BY d.date, d.session, d.symbol, p.pid",
        (_hash(norm), *earlier.params),
    ).fetchall()
    if not rows:
        return None, None
    return (rows[0][1], rows[0][2]), (rows[-1][1], rows[-1][2])


def comparison_provenance(c: Comparison, conn: sqlite3.Connection) -> tuple[tuple[str, str], ...]:
    """Where the added and the heavily rewritten paragraphs of ``c.new`` took their wording from.

    Each as (new paragraph id, "new here, verbatim from A/RES/78/241 OP3"), in the new text's order.
    """
    wanted: dict[str, str] = {}
    for link in c.links:
        if link.kind is LinkKind.ADDED:
            wanted.update((i, "new here") for i in link.new)
        elif link.kind is not LinkKind.UNCHANGED and link.similarity < HEAVY_CHANGE:
            wanted.update((i, "rewritten") for i in link.new)
    if not wanted:
        return ()
    selected = tuple(p for p in c.new.paragraphs if p.id in wanted)
    # The old version is where a rewritten paragraph obviously came from: the corpus is asked for the rest.
    t = trace(replace(c.new, paragraphs=selected), conn, exclude=(c.old.metadata.symbol,))
    return tuple((p.id, f"{wanted[p.id]}, {p.cite()}") for p in t.paragraphs)


def with_provenance(c: Comparison, db: str | Path) -> Comparison:
    """``c`` with :func:`comparison_provenance` from the corpus index at ``db``."""
    conn = open_index(db)
    try:
        return replace(c, provenance=comparison_provenance(c, conn))
    finally:
        conn.close()


def trace_json(t: Trace) -> str:
    """The trace as JSON (format ``resdiff-trace``, version 1), sources best first."""
    doc = {
        "format": "resdiff-trace",
        "version": 1,
        "document": {"symbol": t.symbol, "title": t.title, "date": t.date, "source": t.source},
        "paragraphs": [
            {
                "id": p.id,
                "sources": [
                    {
                        "symbol": s.symbol,
                        "id": s.id,
                        "similarity": s.similarity,
                        "verbatim": s.verbatim,
                        "date": s.date,
                    }
                    for s in p.sources
                ],
                "new_language": p.new_language,
                "earliest": _ref(p.earliest),
                "latest": _ref(p.latest),
            }
            for p in t.paragraphs
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _ref(ref: tuple[str, str] | None) -> dict[str, str] | None:
    return None if ref is None else {"symbol": ref[0], "id": ref[1]}
