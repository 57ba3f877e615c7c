"""The one exception type the library raises for bad input."""

from __future__ import annotations

__all__ = ["ResdiffError"]


class ResdiffError(Exception):
    """A problem with an input that the user can fix; ``str()`` is one line.

    >>> str(ResdiffError("empty file", path="a.txt"))
    'a.txt: empty file'
    """

    def __init__(self, message: str, path: str = "") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
