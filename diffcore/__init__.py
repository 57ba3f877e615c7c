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

from .errors import ResdiffError
from .model import (
    Comparison,
    Footnote,
    Link,
    LinkKind,
    Metadata,
    Op,
    Paragraph,
    Part,
    Resolution,
    Segment,
)
from .options import Options
from .pipeline import compare, parse
from .render import render_html, render_json, render_text

__all__ = [
    "Comparison",
    "Footnote",
    "Link",
    "LinkKind",
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
