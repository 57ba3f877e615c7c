"""A seeded drafting simulator: real paragraphs -> a new version with known truth.

The aligner is measured on texts nobody tuned it to: :func:`simulate` takes
the paragraphs of a real resolution and drafts a new version of it the way
negotiators do -- words substituted, inserted and deleted at a chosen
intensity, technical updates (years, dates, session ordinals, symbols),
paragraphs added (from another text), deleted, moved within a part and
between the preamble and the operative part, split and merged, operative
paragraphs renumbered -- and records which old paragraphs became which new
ones. The same seed always gives the same pair.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from diffcore.model import Metadata, Paragraph, Part, Resolution
from diffcore.text import ordinal_value

__all__ = ["Rates", "Score", "SimPair", "TruthLink", "make_resolution", "simulate"]


@dataclass(frozen=True)
class Rates:
    """How much drafting happens: shares of paragraphs (or of words, for ``intensity``)."""

    modified: float = 0.5  # paragraphs whose words are edited
    intensity: float = 0.3  # words changed in an edited paragraph
    technical: float = 0.3  # paragraphs whose years, dates, ordinals and symbols are updated
    added: float = 0.08
    deleted: float = 0.08
    moved: float = 0.05  # within its part
    crossed: float = 0.02  # from the preamble to the operative part or back
    split: float = 0.04
    merged: float = 0.04


@dataclass(frozen=True)
class TruthLink:
    """Old paragraphs that became new ones: one to one, a split, or a merge."""

    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "split" if len(self.new) > 1 else "merged" if len(self.old) > 1 else "one"


@dataclass(frozen=True)
class SimPair:
    """Two versions and the truth: every paragraph not in a link was added or deleted."""

    old: Resolution
    new: Resolution
    links: tuple[TruthLink, ...]


@dataclass
class _Item:
    """A paragraph of the new version being drafted, with the old ids it came from."""

    part: Part
    text: str
    origin: tuple[str, ...]
    split_from: bool = False


def make_resolution(items: Sequence[tuple[Part, str]], name: str) -> Resolution:
    """A resolution of the given paragraphs: preamble first, operative numbered from 1.

    >>> r = make_resolution([(Part.OPERATIVE, "Decides b;"), (Part.PREAMBLE, "Noting a,")], "x")
    >>> [(p.id, p.number) for p in r.paragraphs]
    [('PP1', None), ('OP1', 1)]
    """
    pre = [t for part, t in items if part is Part.PREAMBLE]
    ops = [t for part, t in items if part is not Part.PREAMBLE]
    paragraphs = [Paragraph(f"PP{k}", Part.PREAMBLE, None, t) for k, t in enumerate(pre, 1)]
    paragraphs += [Paragraph(f"OP{k}", Part.OPERATIVE, k, t) for k, t in enumerate(ops, 1)]
    return Resolution(name, "simulated", Metadata(symbol=name), tuple(paragraphs))


def simulate(
    base: Sequence[Paragraph], donors: Sequence[Paragraph], seed: int, rates: Rates = Rates()
) -> SimPair:
    """Draft a new version of ``base``; added paragraphs come from ``donors``.

    ``base`` paragraphs are renumbered (annex paragraphs become operative) and
    exact duplicates dropped, so the truth is never ambiguous.

    >>> from diffcore.model import Paragraph, Part
    >>> base = [Paragraph(f"OP{k}", Part.OPERATIVE, k, f"Decides to act on matter {k} at once;")
    ...         for k in range(1, 30)]
    >>> pair = simulate(base, base[:3], seed=1)
    >>> pair == simulate(base, base[:3], seed=1)
    True
    >>> len(pair.old.paragraphs)
    29
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    unique: list[tuple[Part, str]] = []
    for p in base:
        if p.text.strip() and p.text not in seen:
            seen.add(p.text)
            unique.append((Part.PREAMBLE if p.part is Part.PREAMBLE else Part.OPERATIVE, p.text))
    old = make_resolution(unique, "old")
    vocab = [words for words in (d.text.split() for d in donors) if len(words) >= 4]
    parts: dict[Part, list[_Item]] = {Part.PREAMBLE: [], Part.OPERATIVE: []}
    for p in old.paragraphs:
        parts[p.part].append(_Item(p.part, p.text, (p.id,)))
    shift = rng.choice([1, 2, 3])

    for items in parts.values():
        items[:] = [it for it in items if rng.random() >= rates.deleted]
        _merge(items, rng, rates.merged)
        _split(items, rng, rates.split)
        for it in items:
            if vocab and rng.random() < rates.modified:
                it.text = _edit_words(it.text, rng, rates.intensity, vocab)
            if rng.random() < rates.technical:
                it.text = _technical(it.text, shift, rng)
    for items in parts.values():
        for it in [it for it in items if rng.random() < rates.moved]:
            items.remove(it)
            items.insert(rng.randrange(len(items) + 1), it)
    crossing = {part: [it for it in items if rng.random() < rates.crossed] for part, items in parts.items()}
    for part, chosen in crossing.items():
        other = Part.OPERATIVE if part is Part.PREAMBLE else Part.PREAMBLE
        for it in chosen:
            parts[part].remove(it)
            it.part, it.text = other, _recast(it.text, other)
            parts[other].insert(rng.randrange(len(parts[other]) + 1), it)
    fresh = _unrelated(donors, [t for _, t in unique])
    count = round(rates.added * len(old.paragraphs))
    for d in rng.sample(fresh, min(count, len(fresh))):
        part = Part.PREAMBLE if d.part is Part.PREAMBLE else Part.OPERATIVE
        parts[part].insert(rng.randrange(len(parts[part]) + 1), _Item(part, d.text, ()))

    drafted = parts[Part.PREAMBLE] + parts[Part.OPERATIVE]
    new = make_resolution([(it.part, it.text) for it in drafted], "new")
    by_old: dict[str, list[str]] = {}
    links: list[TruthLink] = []
    for it, p in zip(drafted, new.paragraphs, strict=True):
        if len(it.origin) > 1:
            links.append(TruthLink(it.origin, (p.id,)))
        elif it.origin:
            by_old.setdefault(it.origin[0], []).append(p.id)
    links += [TruthLink((o,), tuple(ns)) for o, ns in by_old.items()]
    return SimPair(old, new, tuple(links))


_PUNCT = ",;:."


def _merge(items: list[_Item], rng: random.Random, rate: float) -> None:
    """Join some neighbours into one paragraph, the second continuing the first's sentence."""
    k = 0
    while k < len(items) - 1:
        a, b = items[k], items[k + 1]
        if a.origin and b.origin and len(a.text) + len(b.text) < 1500 and rng.random() < rate:
            joiner = rng.choice([", and ", "; ", ", ", " and "])
            a.text = a.text.rstrip(_PUNCT + " ") + joiner + _lower_first(b.text)
            a.origin = a.origin + b.origin
            del items[k + 1]
        k += 1


def _split(items: list[_Item], rng: random.Random, rate: float) -> None:
    """Cut some long paragraphs in two at a clause boundary near the middle."""
    k = 0
    while k < len(items):
        it = items[k]
        if len(it.origin) == 1 and not it.split_from and len(it.text.split()) >= 24 and rng.random() < rate:
            cut = _cut_point(it.text)
            head = it.text[:cut].rstrip(_PUNCT + " ") + it.text.rstrip()[-1:].replace(".", ";")
            tail = it.text[cut:].lstrip(_PUNCT + " ")
            tail = tail[:1].upper() + tail[1:]
            if head.rstrip(_PUNCT) and tail:
                items[k : k + 1] = [
                    _Item(it.part, head, it.origin, True),
                    _Item(it.part, tail, it.origin, True),
                ]
                k += 1
        k += 1


def _cut_point(text: str) -> int:
    """Where to split: the clause mark (or, failing that, space) nearest the middle."""
    middle = len(text) // 2
    lo, hi = len(text) * 3 // 10, len(text) * 7 // 10
    marks = [m.end() for m in re.finditer(r"[;,:] | and ", text) if lo <= m.end() <= hi]
    if not marks:
        marks = [m.end() for m in re.finditer(r" ", text) if lo <= m.end() <= hi] or [middle]
    return min(marks, key=lambda pos: (abs(pos - middle), pos))


def _edit_words(text: str, rng: random.Random, intensity: float, vocab: list[list[str]]) -> str:
    """Substitute, insert and delete short runs of words until ``intensity`` of them changed."""
    toks = text.split(" ")
    target = max(1, round(intensity * len(toks)))
    changed = 0
    while changed < target:
        span = min(rng.randint(1, 3), target - changed)
        op = rng.random()
        donor = rng.choice(vocab)
        start = rng.randrange(max(1, len(donor) - span + 1))
        phrase = [w.strip(_PUNCT) or w for w in donor[start : start + span]]
        pos = rng.randrange(len(toks) + 1)
        if op < 0.4 and pos < len(toks):
            toks[pos : pos + span] = phrase
        elif op < 0.7 or len(toks) <= span + 2:
            toks[pos:pos] = phrase
        else:
            pos = min(pos, len(toks) - span)
            del toks[pos : pos + span]
        changed += span
    return " ".join(t for t in toks if t)


_ORDINAL_RE = re.compile(r"\b[A-Za-z]+(?:-[a-z]+)?(?:th|st|nd|rd)\b")
_YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_SYMBOL_RE = re.compile(r"\b(\d{2})/(\d{1,3})\b")
_DAY_RE = re.compile(
    r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TENS = ["", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"]
_TEENS += ["seventeenth", "eighteenth", "nineteenth"]


def _ordinal_word(n: int) -> str:
    """English ordinal for 1..99, as resolutions spell session numbers.

    >>> _ordinal_word(65), _ordinal_word(80), _ordinal_word(12)
    ('sixty-fifth', 'eightieth', 'twelfth')
    """
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return f"{_TENS[tens]}ieth" if not unit else f"{_TENS[tens]}y-{_UNITS[unit]}"


def _technical(text: str, shift: int, rng: random.Random) -> str:
    """Advance years, session ordinals and symbols by ``shift`` sessions; move dates.

    >>> _technical("at its sixty-fifth session in 2010, resolution 64/177", 2, random.Random(0))[:45]
    'at its sixty-seventh session in 2012, resolut'
    """

    def ordinal(m: re.Match[str]) -> str:
        value = ordinal_value(m.group(0))
        if value is None or value < 20 or value + shift > 99:
            return m.group(0)
        word = _ordinal_word(value + shift)
        return word.capitalize() if m.group(0)[0].isupper() else word

    out = _ORDINAL_RE.sub(ordinal, text)
    out = _YEAR_RE.sub(lambda m: str(int(m.group(1)) + shift), out)
    out = _SYMBOL_RE.sub(lambda m: f"{int(m.group(1)) + shift}/{rng.randint(1, 320)}", out)
    return _DAY_RE.sub(lambda m: f"{rng.randint(1, 28)} {m.group(2)}", out)


_RECAST = {
    "Recalling": "Recalls",
    "Noting": "Notes",
    "Recognizing": "Recognizes",
    "Welcoming": "Welcomes",
    "Stressing": "Stresses",
    "Reaffirming": "Reaffirms",
    "Emphasizing": "Emphasizes",
    "Acknowledging": "Acknowledges",
    "Expressing": "Expresses",
    "Taking": "Takes",
    "Encouraging": "Encourages",
    "Underlining": "Underlines",
    "Bearing": "Bears",
    "Concerned": "Expresses concern",
    "Deeply": "Deeply",
}


def _recast(text: str, part: Part) -> str:
    """Reword a paragraph's opening verb and final mark for the part it moves to."""
    first, _, rest = text.partition(" ")
    table = _RECAST if part is Part.OPERATIVE else {v: k for k, v in _RECAST.items()}
    first = table.get(first, first)
    body = f"{first} {rest}".rstrip(_PUNCT + " ") if rest else first
    return body + ("," if part is Part.PREAMBLE else ";")


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym or a name part."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() or len(first) < 2 else text[:1].lower() + text[1:]


def _bigrams(text: str) -> set[tuple[str, str]]:
    ws = re.findall(r"\w+", text.lower())
    return set(pairwise(ws))


def _unrelated(donors: Sequence[Paragraph], texts: Sequence[str]) -> list[Paragraph]:
    """Donor paragraphs sharing under a fifth of their word pairs with every base text.

    An added paragraph must be new: one that resembles a base paragraph would
    make a link to it right, not false.
    """
    index: dict[tuple[str, str], list[int]] = {}
    sizes = []
    for k, t in enumerate(texts):
        grams = _bigrams(t)
        sizes.append(len(grams))
        for g in grams:
            index.setdefault(g, []).append(k)
    out = []
    for d in donors:
        mine = _bigrams(d.text)
        shared: dict[int, int] = {}
        for g in mine:
            for k in index.get(g, ()):
                shared[k] = shared.get(k, 0) + 1
        if mine and all(c < 0.2 * min(len(mine), sizes[k] or 1) for k, c in shared.items()):
            out.append(d)
    return out


@dataclass
class Score:
    """Link pairs found, missed and wrong, as the reference scorer counts them.

    A split A -> B1 + B2 counts as the pairs A-B1 and A-B2; ``split_*`` and
    ``merge_*`` count the pairs of the truth's splits and merges alone.
    """

    hit: int = 0
    extra: int = 0
    missed: int = 0
    split_hit: int = 0
    split_all: int = 0
    merge_hit: int = 0
    merge_all: int = 0

    def add(self, found: set[tuple[str, str]], truth: Sequence[TruthLink]) -> None:
        """Count one comparison: ``found`` are the aligner's (old id, new id) pairs."""
        want = {(o, n) for link in truth for o in link.old for n in link.new}
        self.hit += len(found & want)
        self.extra += len(found - want)
        self.missed += len(want - found)
        for link in truth:
            got = sum((o, n) in found for o in link.old for n in link.new)
            total = len(link.old) * len(link.new)
            if link.kind == "split":
                self.split_hit, self.split_all = self.split_hit + got, self.split_all + total
            elif link.kind == "merged":
                self.merge_hit, self.merge_all = self.merge_hit + got, self.merge_all + total

    @property
    def precision(self) -> float:
        return self.hit / (self.hit + self.extra) if self.hit + self.extra else 1.0

    @property
    def recall(self) -> float:
        return self.hit / (self.hit + self.missed) if self.hit + self.missed else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def split_recall(self) -> float:
        return self.split_hit / self.split_all if self.split_all else 1.0

    @property
    def merge_recall(self) -> float:
        return self.merge_hit / self.merge_all if self.merge_all else 1.0
