"""Character cleaning: the odd spaces, joiners and hyphens extraction produces.

Every reader passes its raw text through :func:`clean_chars`, so that the
PDF, pdftotext and Word readers see the same characters.
"""

from __future__ import annotations

__all__ = ["SOFT_BREAK", "clean_chars"]

# Spaces of every width become one ordinary space; joiners and soft hyphens
# vanish or become ASCII hyphens, so both readers see the same characters.
_CHAR_MAP = {
    "\u00a0": " ",
    "\u2000": " ",
    "\u2001": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2007": " ",
    "\u2008": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "-",
    "\u2010": "-",
    "\u2011": "-",
}
# pypdfium2's mark for a hyphen at a line end; pdftotext's output gets it
# where a line ending in a hyphen was glued to the footnote rule.
SOFT_BREAK = "\ufffe"
_CHAR_TABLE = str.maketrans(_CHAR_MAP)


def clean_chars(text: str) -> str:
    """Map the odd spaces and hyphens PDF extraction produces to plain ones."""
    return text.translate(_CHAR_TABLE)
