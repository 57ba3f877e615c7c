"""Repairs of extraction artefacts in a block's text.

Spaces around hyphens and before punctuation (``Secretary- General``,
``non -State``, ``zero - and``, ``Power ’s``, ``( E/2024/27)``), soft
line-end hyphens and compound numbers (``thirty fifth``); words split by a
space (``A genda``, ``strengtheni ng``) and compounds that lost their hyphen
(``SecretaryGeneral``), these two judged against the document's own
vocabulary and ``words.txt``: the whole words found in at least two of the
331 79th-session resolutions' PDFs and two of their pdftotext texts (so that
neither reading's fragments are words; ``scripts/build_words.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from diffcore.model import NOTE_CLOSE, NOTE_OPEN
from diffcore.read.chars import SOFT_BREAK

__all__ = ["SplitWords", "common_words", "repair", "whole_words", "word_counts"]

_HYPHEN_BEFORE = re.compile(r"(?<=[^\W_]) -(?=[^\W_])")  # non -State
_HYPHEN_AFTER = re.compile(r"(?<=[^\W\d_])- (?!(?:and|or|to|as|nor)\b)(?=[^\W_])")  # Secretary- General
_DASH_DIGITS = re.compile(r"(?<=\d) ?– ?(?=\d)")
_SPACE_PUNCT = re.compile(r"(?<! ) +(?=[,;:.)\]](?:\s|$|" + NOTE_OPEN + r"))")
# A suspended hyphen with a space before it ("zero - and low-emission",
# "micro -, small and medium-sized"): a hyphenated word follows soon.
_SUSPENDED = re.compile(r"(?<=[^\W\d_]) -(?=(?:,| (?:and|or|nor|to)\b)[^.;:]{0,80}?[^\W\d_]-[^\W\d_])")
# A space before a possessive or a closing quote ("Power ’s", "concepts ”;"),
# after an opening bracket ("( E/2024/27)"), inside a symbol ("WHA 58/2005/REC/1",
# "LEG/CONF. 15/21").
_SPACE_QUOTE = re.compile(r"(?<=[^\W_]) +(?=’s\b|”(?:[\s.,;:)]|$))")
_SPACE_BRACKET = re.compile(r"(?<=\() +(?=[^\W_])")
_SPACE_SYMBOL = re.compile(r"(?<=\bWHA) (?=\d)|(?<=/[A-Z]{3}\.) (?=\d+/)|(?<=/[A-Z]{4}\.) (?=\d+/)")
# Compound numbers are hyphenated ("thirty fifth" -> "thirty-fifth").
_TENS_UNITS = re.compile(
    r"\b((?:[Tt]wen|[Tt]hir|[Ff]or|[Ff]if|[Ss]ix|[Ss]even|[Ee]igh|[Nn]ine)ty) (?=(?:first|second|third|fourth"
    r"|fifth|sixth|seventh|eighth|ninth|one|two|three|four|five|six|seven|eight|nine)\b)"
)
_SPACE_NOTE = re.compile(r"(?<! ) +(?=" + NOTE_OPEN + r")")
# A reference ends a word: one glued to the next word lost that word's space
# ("Agreement,³⁸and", 79/159) or has it on the wrong side ("basis ¹no", 79/289).
_NOTE_BEFORE_WORD = re.compile(rf" *({NOTE_OPEN}[^{NOTE_CLOSE}]*{NOTE_CLOSE})(?=[^\W\d_])")
_SPACES = re.compile(r"\s+")


def repair(text: str) -> str:
    """Fix spacing artefacts of PDF extraction in one block's text.

    >>> repair("zero - and low-emission, the Power ’s report ( E/2024/27) at its thirty fifth session")
    'zero- and low-emission, the Power’s report (E/2024/27) at its thirty-fifth session'
    """
    # A line-end hyphen before "and" is suspended ("short- and long-term"): it keeps its space.
    text = re.sub(r"(?<=[^\W\d_])" + SOFT_BREAK + r"\s*(?=(?:and|or|nor)\b)", "- ", text)
    text = re.sub(r"(?<!\s)\s*" + SOFT_BREAK + r"\s*", "-", text)
    text = _SPACES.sub(" ", text).strip()
    text = _HYPHEN_BEFORE.sub("-", text)
    if " -" in text:
        text = _SUSPENDED.sub("-", text)
    if "ty " in text:
        text = _TENS_UNITS.sub(r"\1-", text)
    text = _HYPHEN_AFTER.sub("-", text)
    text = _DASH_DIGITS.sub("–", text)
    text = _SPACE_PUNCT.sub("", text)
    if " ’" in text or " ”" in text:
        text = _SPACE_QUOTE.sub("", text)
    if "( " in text:
        text = _SPACE_BRACKET.sub("", text)
    if "WHA " in text or ". " in text:
        text = _SPACE_SYMBOL.sub("", text)
    text = _NOTE_BEFORE_WORD.sub(r"\1 ", text)
    text = _SPACE_NOTE.sub("", text)
    return text


_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_TOKEN_STRIP = "“”‘’\"'()[],;:.!?*" + NOTE_CLOSE


def whole_words(text: str) -> Iterator[str]:
    """The whole words of ``text`` (lower case; letters and inner hyphens or apostrophes).

    >>> list(whole_words("(b) Self-determination, 2030 SDGs"))
    ['b', 'self-determination', 'sdgs']
    """
    for tok in text.split():
        tok = tok.split(NOTE_OPEN)[0].strip(_TOKEN_STRIP)
        if tok and _WORD_RE.fullmatch(tok):
            yield tok.lower()


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each whole word (lower case) occurs; hyphenated words count whole and by part."""
    counts: Counter[str] = Counter()
    for t in texts:
        for low in whole_words(t):
            counts[low] += 1
            if "-" in low:
                counts.update(low.split("-"))
    return counts


# A pair is a word split repeatedly when the joined word is this many times more
# common than its rarer half ("A genda" beside "Agenda" throughout).
_SPLIT_RATIO = 4
_TAIL_LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_]+$")
_HEAD_LETTERS = re.compile(r"[^\W\d_]+")


@cache
def common_words() -> frozenset[str]:
    """The words of ``words.txt`` (lower case): common in UN resolutions, read alike from PDF and text."""
    return frozenset(Path(__file__).with_name("words.txt").read_text(encoding="utf-8").split())


# A token's word: letters and inner hyphens between an opening mark and the rest.
_CORE = re.compile(r"^([“‘(\"]?)([^\W\d_]+(?:-[^\W\d_]+)*)(.*)$", re.S)
# A token that starts with the letter the word before it lost ("Nuclea rTest-Ban").
_STRAY_HEAD = re.compile(r"^([a-z])(?=[A-Z][a-z])")
# Small letters that are no word on their own ("a" is one).
_LETTERS = frozenset("bcdefghijklmnopqrstuvwxyz")


def _hyphen_places(counts: dict[str, int], common: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """For each word that is a known hyphenated word less one of its hyphens, where that hyphen goes.

    Known: in the document or common. ``selfgoverning`` -> (4,) when ``self-governing`` is known;
    only places from 2 to len - 2 count, as a hyphen needs two letters before and one after.
    """
    places: dict[str, set[int]] = {}
    for word in (*counts, *common):
        if "-" not in word:
            continue
        for k, ch in enumerate(word):
            if ch == "-" and 2 <= k <= len(word) - 3:
                glued = word[:k] + word[k + 1 :]
                places.setdefault(glued, set()).add(k)
    return {glued: tuple(sorted(ks)) for glued, ks in places.items()}


class SplitWords:
    """Rejoins words that extraction split (``A genda``, ``strengtheni ng``,
    ``Nuclea rTest-Ban``) and puts back a compound's lost hyphen (``SecretaryGeneral``).

    A pair is joined when the joined form occurs elsewhere in the document
    (or is a common word) and one half is a fragment: a lone small letter, a
    piece seen nowhere else in the document that is no common word, or one
    far rarer than the joined word (split the same way throughout). So real
    two-word phrases ("a part", "as set out") are left alone.

    >>> words = SplitWords(["strengthening peace", "Secretary-General", "a part of it"])
    >>> words.fix("as a means of strengtheni ng peace, a part of the SecretaryGeneral’s Nuclea rTest-Ban")
    'as a means of strengthening peace, a part of the Secretary-General’s Nuclear Test-Ban'
    """

    def __init__(self, texts: Iterable[str]) -> None:
        # A plain dict: a Counter's miss calls a Python method, and most lookups miss.
        counts = dict(word_counts(texts))
        self.count = counts.get
        self.common = common_words()
        self.hyphened = _hyphen_places(counts, self.common)

    def fix(self, text: str) -> str:
        tokens = text.split(" ")
        out: list[str] = []
        for i, tok in enumerate(tokens):
            joined = self._join(out[-1], tok) if out else ""
            # A lone letter goes to the side it makes the commoner word with:
            # "Convention s hall" is "Convention shall", "barrier s that" is "barriers that".
            after = self._join(tok, tokens[i + 1]) if joined and len(tok) == 1 and i + 1 < len(tokens) else ""
            if joined and self.count(after, 0) <= self.count(joined, 0):
                out[-1] = out[-1] + tok
                continue
            stray = _STRAY_HEAD.match(tok)
            moved = (out[-1] + tok[0]).lower() if out and stray else ""
            if moved and self._known(moved) and self._fragment(out[-1], moved):
                out[-1] += tok[0]
                tok = tok[1:]
            out.append(tok)
        return " ".join(self._hyphenate(t) for t in out)

    def _known(self, word: str) -> bool:
        return self.count(word, 0) > 0 or word in self.common

    def _fragment(self, part: str, joined: str) -> bool:
        """True if ``part`` is a piece of the known word ``joined`` (lower case), no word of its own."""
        if part in _LETTERS:  # a lone small letter: "e vents", "c apture"
            return True
        part = part.lower()
        # A part seen nowhere else is a fragment (its one count is this very
        # spot) unless it is a word; a part much rarer than the joined word is
        # one split repeatedly ("inter national" beside "international").
        count = self.count(part, 0)
        return (count <= 1 and part not in self.common) or self.count(joined, 0) >= _SPLIT_RATIO * count

    def _join(self, a: str, b: str) -> str:
        """The word ``a`` and ``b`` make when they are one word split (lower case), else ""."""
        if a[-1:].islower() and b[:1].isupper():
            # A word and a capital: "resolution S-35/1", never one word split.
            return ""
        if a.isalpha() and b.isalpha():  # most pairs: two plain words
            wa, wb = a, b
        else:
            ma = _TAIL_LETTERS.search(a)
            mb = _HEAD_LETTERS.match(b)
            if not ma or not mb or NOTE_CLOSE in a[-2:]:
                return ""
            wa, wb = ma.group(), mb.group()
            # Only the word that ends a and the word that starts b are glued.
            if ma.start() > 0 and a[: ma.start()] not in ("(", "“", "‘", '"'):
                return ""
        joined = (wa + wb).lower()
        if self._known(joined) and (self._fragment(wa, joined) or self._fragment(wb, joined)):
            return joined
        return ""

    def _hyphenate(self, token: str) -> str:
        """``SecretaryGeneral`` -> ``Secretary-General`` where the hyphenated word is known,
        the glued one is no common word, and the document does not use the glued one
        more often than the hyphenated one (its own spelling: "nonproliferation")."""
        core = _CORE.match(token) if len(token) >= 6 else None
        if core is None or len(core.group(2)) < 6:
            return token
        word = core.group(2)
        low = word.lower()
        if low not in self.hyphened:  # no known word is this one with a hyphen: most words
            return token
        common = low in self.common
        if common and word[1:].islower():  # a common word, no capital inside
            return token
        glued = self.count(low, 0)
        # The places a known word has a hyphen that ``low`` lacks, first place first.
        for k in self.hyphened.get(low, ()):
            hyphenated = low[:k] + "-" + low[k:]
            # A capital inside ("CounterTerrorism") is no word's spelling, even a common one's.
            camel = word[k - 1].islower() and word[k].isupper()
            if (
                "-" not in low[k - 1 : k + 1]
                and (camel or not common)
                and (glued <= 1 or self.count(hyphenated, 0) >= glued)
            ):
                return core.group(1) + word[:k] + "-" + word[k:] + core.group(3)
        return token
