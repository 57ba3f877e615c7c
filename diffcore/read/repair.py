"""Repairs of extraction artefacts in a block's text.

Spaces around hyphens and before punctuation (``Secretary- General``,
``non -State``), soft line-end hyphens, and words split by a space
(``A genda``), the last judged against the document's own vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from diffcore.model import NOTE_CLOSE, NOTE_OPEN
from diffcore.read.chars import SOFT_BREAK

__all__ = ["SplitWords", "repair", "word_counts"]

_HYPHEN_BEFORE = re.compile(r"(?<=[^\W_]) -(?=[^\W_])")  # non -State
_HYPHEN_AFTER = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|to|as|nor)\b)(?=[^\W_])")  # Secretary- General
_DASH_DIGITS = re.compile(r"(?<=\d) ?– ?(?=\d)")
_SPACE_PUNCT = re.compile(r"(?<! ) +(?=[,;:.)\]](?:\s|$|" + NOTE_OPEN + r"))")
_SPACE_NOTE = re.compile(r"(?<! ) +(?=" + NOTE_OPEN + r")")
# A reference ends a word: one glued to the next word lost that word's space
# ("Agreement,³⁸and", 79/159) or has it on the wrong side ("basis ¹no", 79/289).
_NOTE_BEFORE_WORD = re.compile(rf" *({NOTE_OPEN}[^{NOTE_CLOSE}]*{NOTE_CLOSE})(?=[^\W\d_])")
_SPACES = re.compile(r"\s+")


def repair(text: str) -> str:
    """Fix spacing artefacts of PDF extraction in one block's text."""
    # A line-end hyphen before "and" is suspended ("short- and long-term"): it keeps its space.
    text = re.sub(r"(?<=[^\W\d_])" + SOFT_BREAK + r"\s*(?=(?:and|or|nor)\b)", "- ", text)
    text = re.sub(r"(?<!\s)\s*" + SOFT_BREAK + r"\s*", "-", text)
    text = _SPACES.sub(" ", text).strip()
    text = _HYPHEN_BEFORE.sub("-", text)
    text = _HYPHEN_AFTER.sub("-", text)
    text = _DASH_DIGITS.sub("–", text)
    text = _SPACE_PUNCT.sub("", text)
    text = _NOTE_BEFORE_WORD.sub(r"\1 ", text)
    text = _SPACE_NOTE.sub("", text)
    return text


_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TOKEN_STRIP = "“”‘’\"'()[],;:.!?*" + NOTE_CLOSE


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each whole word (lower case) occurs; hyphenated words count whole and by part."""
    counts: Counter[str] = Counter()
    for t in texts:
        for tok in t.split():
            tok = tok.split(NOTE_OPEN)[0].strip(_TOKEN_STRIP)
            if tok and _WORD_RE.fullmatch(tok):
                low = tok.lower()
                counts[low] += 1
                if "-" in low:
                    counts.update(low.split("-"))
    return counts


# A pair is a word split repeatedly when the joined word is this many times more
# common than its rarer half ("A genda" beside "Agenda" throughout).
_SPLIT_RATIO = 4
_TAIL_LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_]+$")
_HEAD_LETTERS = re.compile(r"[^\W\d_]+")


class SplitWords:
    """Rejoins words that extraction split with a space (``A genda``, ``w ell``).

    A pair is joined when the joined form occurs elsewhere in the document
    and one half does not, so real two-word phrases are left alone.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self.vocab = word_counts(texts)

    def fix(self, text: str) -> str:
        tokens = text.split(" ")
        out: list[str] = []
        for tok in tokens:
            if out and self._join(out[-1], tok):
                out[-1] = out[-1] + tok
            else:
                out.append(tok)
        return " ".join(out)

    def _join(self, a: str, b: str) -> bool:
        if a[-1:].islower() and b[:1].isupper():
            # A word and a capital: "resolution S-35/1", never one word split.
            return False
        if a.isalpha() and b.isalpha():  # most pairs: two plain words
            wa, wb = a.lower(), b.lower()
        else:
            ma = _TAIL_LETTERS.search(a)
            mb = _HEAD_LETTERS.match(b)
            if not ma or not mb or NOTE_CLOSE in a[-2:]:
                return False
            wa, wb = ma.group().lower(), mb.group().lower()
            # Only the word that ends a and the word that starts b are glued.
            if ma.start() > 0 and a[: ma.start()] not in ("(", "“", "‘", '"'):
                return False
        joined = wa + wb
        v = self.vocab
        if v[joined] == 0:
            return False
        # A half seen nowhere else is a fragment (its one count is this very
        # spot); a half much rarer than the joined word is one split repeatedly.
        rare = min(v[wa], v[wb])
        return rare <= 1 or v[joined] >= _SPLIT_RATIO * rare
