"""Stage 1, read: a file -> :class:`~diffcore.model.SourceText` (text blocks).

The format is detected from the file's content (magic bytes), not its name:
``%PDF`` is a PDF, a zip is a Word document, the old binary Word header is
refused, and anything else must decode as text, either the UN text format of
the samples or text extracted from a PDF.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ResdiffError
from ..model import SourceText

__all__ = ["read_bytes", "read_source"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_BYTES = 200 * 1024 * 1024


def read_source(path: str | Path) -> SourceText:
    """Read the file at ``path`` into text blocks, whatever its format.

    >>> read_source("no/such/file.txt")
    Traceback (most recent call last):
    ...
    diffcore.errors.ResdiffError: no/such/file.txt: file not found
    """
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise ResdiffError("is a directory, not a file", name)
        if p.stat().st_size > _MAX_BYTES:
            raise ResdiffError("file too large (over 200 MB)", name)
        data = p.read_bytes()
    except FileNotFoundError:
        raise ResdiffError("file not found", name) from None
    except PermissionError:
        raise ResdiffError("permission denied", name) from None
    except OSError as exc:
        raise ResdiffError(f"cannot read file ({exc.strerror or exc})", name) from None
    return read_bytes(data, name)


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

        source: SourceText = read_pdf(name, data)
        return source
    if data.startswith(b"PK\x03\x04"):
        from .docx import read_docx

        return read_docx(name, data)
    if data.startswith(_OLE_MAGIC):
        raise ResdiffError("old binary Word (.doc) file: save it as .docx or PDF and try again", name)
    text = _decode(data, name)
    from .untext import is_un_text, read_un_text

    if is_un_text(text):
        return read_un_text(name, text)
    from .pagetext import read_pdf_text

    return read_pdf_text(name, text)


def _decode(data: bytes, name: str) -> str:
    """Decode text as UTF-8 (with or without BOM), else refuse it as binary."""
    if b"\x00" in data[:4096]:
        raise ResdiffError("binary file, not a PDF, Word document or text", name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ResdiffError("not UTF-8 text and not a PDF or Word document", name) from None
    if sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) // 100:
        raise ResdiffError("binary file, not a PDF, Word document or text", name)
    return text
