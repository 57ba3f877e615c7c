"""resdiff's library: compare two versions of a UN resolution.

>>> from diffcore import compare, render_html
>>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
>>> c.summary["split"]
1

The stages, one module each, in the order data flows through them:
``read`` (file -> text blocks), ``structure`` (blocks -> Resolution),
``align`` (paragraphs -> links), ``worddiff`` (link -> ops) and ``render``
(Comparison -> HTML, JSON, text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ResdiffError
from .lazy import lazy
from .model import (
    Comparison,
    Footnote,
    Link,
    LinkKind,
    MatchedBy,
    Metadata,
    Op,
    Paragraph,
    Part,
    Resolution,
    Segment,
)
from .options import Options

if TYPE_CHECKING:
    from .pipeline import compare, parse
    from .render import render_html, render_json, render_text

__all__ = [
    "Comparison",
    "Footnote",
    "Link",
    "LinkKind",
    "MatchedBy",
    "Metadata",
    "Op",
    "Options",
    "Paragraph",
    "Part",
    "ResdiffError",
    "Resolution",
    "Segment",
    "compare",
    "parse",
    "render_html",
    "render_json",
    "render_text",
]

# The stages are imported when first used, so that a caller that needs only
# the model (the CLI's --help, a worker unpickling a Resolution) does not pay
# for the aligner, the classifier and the renderers.
_LAZY = {
    "compare": ".pipeline",
    "parse": ".pipeline",
    "render_html": ".render",
    "render_json": ".render",
    "render_text": ".render",
}


__getattr__ = lazy(__name__, globals(), _LAZY)
