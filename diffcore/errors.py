"""The one exception type the library raises for bad input, and the escaping its messages use."""

from __future__ import annotations

import re

__all__ = ["ResdiffError", "printable"]

# Characters a one-line message (or a file name in a report) must not carry
# as they are: C0 and C1 controls, DEL, lone surrogates (the bytes of a file
# name that is not UTF-8, as Python decodes it), line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return repr(ch)[1:-1] if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` on one line, control characters and undecodable bytes escaped as Python writes them.

    Safe to print to a terminal and to encode as UTF-8, whatever a file name holds.

    >>> printable("caf\udce9\nname\x1b[2J.txt")
    'caf\\xe9\\nname\\x1b[2J.txt'
    """
    return _UNPRINTABLE.sub(_escape, text)


class ResdiffError(Exception):
    r"""A problem with an input that the user can fix; ``str()`` is one printable line.

    >>> str(ResdiffError("empty file", path="a.txt"))
    'a.txt: empty file'
    >>> str(ResdiffError("empty file", path="a\nb.txt"))
    'a\\nb.txt: empty file'
    """

    def __init__(self, message: str, path: str = "") -> None:
        self.message = message
        self.path = path
        text = f"{path}: {message}" if path else message
        super().__init__(printable(text))
