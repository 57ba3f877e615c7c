"""Stage 1, read: a file -> :class:`~diffcore.model.SourceText` (text blocks).

The format is detected from the file's content (magic bytes), not its name:
``%PDF`` is a PDF, a zip is a Word document, the old binary Word header is
refused, and anything else must decode as text (UTF-8, UTF-16 or UTF-32 with
a byte-order mark, else Windows-1252), either the UN text format of the
samples or text extracted from a PDF.

Only regular files are read, and at most 200 MB of them: a pipe or a device
would block or never end. Control characters and the private-use characters
the readers mark footnote references with are removed here, once per reader,
so no document can put them into a report or onto a terminal.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from ..errors import ResdiffError, printable
from ..model import Block, SourceText

__all__ = ["read_bytes", "read_source"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_BYTES = 200 * 1024 * 1024
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xef\xbb\xbf", "utf-8"),
)
# In text, before a reader marks anything: every control character but tab,
# newline and form feed (pdftotext's page break), and the footnote marks.
_TEXT_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000\ue001]")
# In what a PDF or Word reader made: controls, and footnote marks that do not
# enclose a reference the reader wrote (those are kept by the first group).
_BLOCK_JUNK = re.compile("(\ue000[^\ue000\ue001]*\ue001)|[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000\ue001]")


def read_source(path: str | Path) -> SourceText:
    """Read the regular file at ``path`` into text blocks, whatever its format.

    >>> read_source("no/such/file.txt")
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: no/such/file.txt: file not found
    >>> read_source("/dev/zero")
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: /dev/zero: not a regular file (a device); save the document to a file first
    """
    name = printable(os.fsdecode(path))
    try:
        _check_regular(os.stat(path), name)
        # Non-blocking, so that a file swapped for a pipe since the check cannot hang the read.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(fd, "rb") as fh:
            _check_regular(os.fstat(fh.fileno()), name)
            data = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise ResdiffError("file not found", name) from None
    except PermissionError:
        raise ResdiffError("permission denied; check the file's permissions", name) from None
    except OSError as exc:
        raise ResdiffError(f"cannot read file ({exc.strerror or exc})", name) from None
    if len(data) > _MAX_BYTES:
        raise ResdiffError("file too large (over 200 MB)", name)
    return read_bytes(data, name)


def _check_regular(st: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise ResdiffError("is a directory, not a file", name)
    if not stat.S_ISREG(st.st_mode):
        kind = "a device"
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISSOCK(st.st_mode):
            kind = "a pipe" if stat.S_ISFIFO(st.st_mode) else "a socket"
        raise ResdiffError(f"not a regular file ({kind}); save the document to a file first", name)
    if st.st_size > _MAX_BYTES:
        raise ResdiffError("file too large (over 200 MB)", name)


def read_bytes(data: bytes, name: str = "<input>") -> SourceText:
    """Read a document held in memory; ``name`` is used in messages.

    >>> read_bytes(b"", "empty.txt")
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: empty.txt: empty file
    """
    if not data.strip():
        raise ResdiffError("empty file", name)
    if data.startswith(b"%PDF"):
        from .pdf import read_pdf

        return _without_junk(read_pdf(name, data))
    if data.startswith(b"PK\x03\x04"):
        from .docx import read_docx

        return _without_junk(read_docx(name, data))
    if data.startswith(_OLE_MAGIC):
        raise ResdiffError("old binary Word (.doc) file: save it as .docx or PDF and try again", name)
    text = _decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
    text = _TEXT_JUNK.sub("", text)
    if not text.strip():
        raise ResdiffError("empty file", name)
    from .untext import is_un_text, read_un_text

    if is_un_text(text):
        return read_un_text(name, text)
    from .pagetext import read_pdf_text

    return read_pdf_text(name, text)


def _without_junk(source: SourceText) -> SourceText:
    """The blocks with control characters and stray footnote marks removed."""

    def clean(text: str) -> str:
        return _BLOCK_JUNK.sub(lambda m: m.group(1) or "", text)

    blocks = tuple(Block(b.kind, clean(b.text), clean(b.marker)) for b in source.blocks)
    return replace(source, blocks=blocks)


def _decode(data: bytes, name: str) -> str:
    r"""Decode text by its byte-order mark, else as UTF-8, else as Windows-1252; refuse binary.

    >>> _decode("\ufeffRésolution\r\n".encode("utf-16-le"), "w.txt")
    'Résolution\r\n'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise ResdiffError(f"not valid {codec.upper()} text", name) from None
    if b"\x00" in data[:4096]:
        raise ResdiffError("binary file, not a PDF, Word document or text", name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ResdiffError("not UTF-8 text and not a PDF or Word document", name) from None
    if sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) // 100:
        raise ResdiffError("binary file, not a PDF, Word document or text", name)
    return text
