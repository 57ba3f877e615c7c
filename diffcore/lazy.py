"""Names a package takes from its modules only when first used, to keep start-up cheap.

A package sets ``__getattr__ = lazy(__name__, globals(), {"name": ".module", ...})``: the
first ``package.name`` imports ``.module``, and the name is then an ordinary global.

>>> import diffcore.render
>>> diffcore.render.render_markdown.__module__
'diffcore.render.markdown'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy"]


def lazy(package: str, namespace: dict[str, Any], table: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` loading each name of ``table`` from its module (relative to ``package``)."""

    def __getattr__(name: str) -> Any:
        if name in table:
            value = getattr(import_module(table[name], package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
