"""resdiff session: reading many files, the cache, chains, reports and the overview, on real documents."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from conftest import PDFS, SAMPLES, TEXTS

from diffcore.errors import ResdiffError
from diffcore.session.cache import Cache
from diffcore.session.reading import collect, read_all


def test_collect_expands_folders_once_in_order_without_loops(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "x.txt").write_bytes((TEXTS / "A_RES_78_233.txt").read_bytes())
    (tmp_path / "a" / "y.pdf").write_bytes((PDFS / "A_RES_80_150.pdf").read_bytes())
    (tmp_path / "a" / "notes.md").write_text("not a document")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)  # a folder that contains itself
    (tmp_path / "a" / "same.txt").symlink_to(tmp_path / "b" / "x.txt")
    got = collect([tmp_path / "b" / "x.txt", tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in got] == ["b/x.txt", "a/y.pdf"]
    with pytest.raises(ResdiffError, match=r"missing\.txt: no such file or folder"):
        collect([tmp_path / "missing.txt"])


def test_read_all_caches_by_content_and_reports_errors_per_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    paths = [TEXTS / "A_RES_78_233.txt", bad, SAMPLES / "A_RES_64_177.txt"]
    cache = Cache(tmp_path / "cache.sqlite")
    first = read_all(paths, cache, jobs=1)
    assert [d.resolution.metadata.symbol if d.resolution else d.error for d in first] == [
        "A/RES/78/233",
        "empty.txt: empty file",
        "A/RES/64/177",
    ]
    assert (cache.hits, cache.stored) == (0, 3)
    # Again, with one file copied under another name: nothing parsed, the copy named as itself.
    copy = tmp_path / "copy.txt"
    copy.write_bytes(paths[0].read_bytes())
    second = read_all([*paths, copy], cache, jobs=1)
    assert (cache.hits, cache.stored) == (4, 3)
    assert second[:3] == first
    assert second[3].resolution is not None and second[3].resolution.source == "copy.txt"
    cache.close()


def test_an_interrupted_cache_write_is_never_read_back(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    Cache(path).close()
    pid = os.fork()
    if pid == 0:  # a writer killed in the middle of its transaction
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("BEGIN")
        db.execute("INSERT INTO steps VALUES ('k', ?, x'00', 'x')", (Cache(path).version,))
        os._exit(0)
    os.waitpid(pid, 0)
    cache = Cache(path)
    assert cache.step("k") is None
    # An entry whose data does not match its checksum (a damaged file) is not read either.
    cache.put_step("k", {"n": 1})
    assert cache.step("k") == {"n": 1}
    cache._db.execute("UPDATE steps SET data = x'80' WHERE key = 'k'")
    assert cache.step("k") is None
    cache.close()
