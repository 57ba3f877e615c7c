"""Stage 5, classify: what each change means to a drafter.

For every link: the opening phrase of each paragraph and whether the
operative verb changed (and in which direction on a strength scale), the
negotiated qualifiers added or removed, and whether the change is only a
technical update (dates and periods, years, symbols, resolution numbers and
lists of them grown by the latest, session and meeting ordinals, paragraphs of
the year's report, time gone by, sequencing words, final punctuation) or
substantive. Then a digest of the whole comparison.
The vocabulary lives in ``vocabulary.toml`` beside this module.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .model import Change, Digest, DigestItem, Link, LinkKind, MatchedBy, Op, Paragraph, VerbChange
from .text import MONTHS, WORD_RE, ordinal_words

__all__ = [
    "classify",
    "layout_key",
    "make_digest",
    "opening_phrase",
    "technical_form",
    "text_change",
    "verb_direction",
]


@dataclass(frozen=True)
class _Vocabulary:
    # first word -> the openers starting with it, as lower-case words without
    # intensifiers, longest first
    openers: dict[str, tuple[tuple[str, ...], ...]]
    sequencing: tuple[str, ...]
    adverbs: frozenset[str]
    intensifiers: frozenset[str]  # lower-case
    scales: tuple[tuple[tuple[str, ...], ...], ...]  # scale -> level -> openers as listed
    qualifiers: dict[str, str]  # lower-case phrase -> the phrase as listed
    qualifier_words: frozenset[str]  # every word of every qualifier, lower-cased
    qualifier_re: re.Pattern[str]
    sequencing_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = tomllib.loads((Path(__file__).with_name("vocabulary.toml")).read_text(encoding="utf-8"))
    intensifiers = frozenset(w.lower() for w in data["intensifiers"])
    keys = {
        tuple(w for w in map(_bare, opener.split()) if w not in intensifiers)
        for opener in (*data["preambular"], *data["operative"])
    }
    qualifiers = {q.lower(): q for q in data["qualifiers"]}
    # One pass finds them all; longest first, so "within its existing mandate"
    # is not read as "within its" plus something else.
    qualifier_re = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(q) for q in sorted(qualifiers, key=lambda q: (-len(q), q)))
        + r")(?![\w-])"
    )
    seq = sorted({s.lower() for s in data["sequencing"]}, key=lambda s: -len(s))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(k for k in keys if k):
        by_first.setdefault(key[0], []).append(key)
    return _Vocabulary(
        openers={w: tuple(sorted(ks, key=lambda k: (-len(k), k))) for w, ks in by_first.items()},
        sequencing=tuple(data["sequencing"]),
        adverbs=frozenset(data["adverbs"]),
        intensifiers=intensifiers,
        scales=tuple(
            tuple(tuple(level) if isinstance(level, list) else (level,) for level in scale)
            for scale in data["scales"]
        ),
        qualifiers=qualifiers,
        qualifier_words=frozenset(w for q in qualifiers for w in WORD_RE.findall(q)),
        qualifier_re=qualifier_re,
        sequencing_re=re.compile(r"\b(?:" + "|".join(re.escape(s) for s in seq) + r")\b", re.I),
    )


@lru_cache(maxsize=1)
def _ranks() -> dict[str, dict[int, int]]:
    """Each scaled opener's key -> {scale: level}; lower levels are stronger."""
    rank: dict[str, dict[int, int]] = {}
    for k, scale in enumerate(_vocabulary().scales):
        for level, openers in enumerate(scale):
            for opener in openers:
                rank.setdefault(_force(opener)[0], {}).setdefault(k, level)
    return rank


def opening_phrase(text: str) -> str:
    """The opening phrase of a paragraph: a known opener, else its first word(s).

    Sequencing words, adverbs and intensifiers around or inside the opener
    belong to the phrase.

    >>> opening_phrase("Also requests the Secretary-General to report")
    'Also requests'
    >>> opening_phrase("Noting with concern that x")
    'Noting with concern'
    >>> opening_phrase("Reiterates further its call")
    'Reiterates further'
    >>> opening_phrase("Expresses its grave concern at the situation")
    'Expresses its grave concern'
    """
    v = _vocabulary()
    words = text.split(maxsplit=_OPENER_WINDOW)[:_OPENER_WINDOW]
    prefix: list[str] = []
    # Leading sequencing words and adverbs: "Also", "Further", "Strongly".
    while words and (words[0] in v.sequencing or words[0] in v.adverbs) and len(prefix) < 2:
        prefix.append(words.pop(0))
    size = _opener_size(words)
    if not size:
        if not words or (not words[0][:1].isupper() and not prefix):
            return " ".join(prefix)
        first = WORD_RE.match(words[0])
        words[0] = first.group(0) if first else words[0]
        size = 1
    phrase = prefix + [w.rstrip(",;:") for w in words[:size]]
    tail = words[size:]
    # Trailing sequencing words and adverbs: "Requests further", "Urges strongly".
    while tail and (tail[0].rstrip(",") in v.sequencing or tail[0].rstrip(",") in v.adverbs):
        phrase.append(tail.pop(0).rstrip(","))
    return " ".join(phrase)


# Words looked at for an opener: the longest listed has five, plus
# intensifiers, two leading sequencing words and trailing ones.
_OPENER_WINDOW = 12


def _opener_size(words: Sequence[str]) -> int:
    """How many of ``words`` the longest known opener takes, intensifiers included; 0 for none.

    >>> _opener_size("Expresses deep concern about".split()), _opener_size("Exhorts States".split())
    (3, 0)
    """
    v = _vocabulary()
    bare = [_bare(w) for w in words]
    for opener in v.openers.get(bare[0] if bare else "", ()):
        k = 0
        for want in opener:
            while k < len(bare) and bare[k] != want and bare[k] in v.intensifiers:
                k += 1
            if k == len(bare) or bare[k] != want:
                break
            k += 1
        else:
            return k
    return 0


def _bare(word: str) -> str:
    """A word lower-cased, without the punctuation that can close an opener."""
    return word.rstrip(",;:.").lower()


def _stem(verb: str) -> str:
    """The verb without its ending, so that a preambular form is its operative one.

    >>> [_stem(v) for v in ("welcomes", "welcoming", "notes", "noting", "recalls", "recalling")]
    ['welcom', 'welcom', 'not', 'not', 'recall', 'recall']
    """
    for ending in ("ing", "es", "s"):
        if verb.endswith(ending) and len(verb) > len(ending) + 2:
            return verb[: -len(ending)]
    return verb


_POSSESSIVES = frozenset(["its", "their"])


@lru_cache(maxsize=4096)
def _force(phrase: str) -> tuple[str, int]:
    """An opener's key (its verb's stem and the words that name what it does) and its intensity.

    Sequencing words, intensifiers and "its" are left out of the key; the
    intensity counts the intensifiers.

    >>> _force("Also expresses its grave concern"), _force("Expressing concern")
    (('express concern', 1), ('express concern', 0))
    >>> _force("Taking note of")
    ('tak note', 0)
    """
    v = _vocabulary()
    words = [_bare(w) for w in v.sequencing_re.sub(" ", phrase).split()]
    strength = sum(w in v.intensifiers for w in words)
    kept = [w for w in words if w not in v.intensifiers and w not in _POSSESSIVES]
    if kept and kept[-1] == "of":
        kept.pop()
    if kept:
        kept[0] = _stem(kept[0])
    return " ".join(kept), strength


def verb_direction(old: str, new: str) -> str:
    """ "strengthened", "weakened" or "changed": how opener ``old`` -> ``new`` moves on a scale.

    Two openers on one scale move up or down it; the same opener with more or
    fewer intensifiers is stronger or weaker; anything else has no direction.

    >>> verb_direction("Also requests", "Urges"), verb_direction("Urges", "Encourages")
    ('strengthened', 'weakened')
    >>> verb_direction("Welcomes", "Takes note of"), verb_direction("Notes", "Welcoming")
    ('weakened', 'strengthened')
    >>> verb_direction("Expresses concern", "Expresses grave concern")
    'strengthened'
    >>> verb_direction("Calls upon", "Recalls"), verb_direction("Stresses", "Emphasizes")
    ('changed', 'changed')
    """
    (ka, sa), (kb, sb) = _force(old), _force(new)
    if ka != kb:
        ra, rb = _ranks().get(ka, {}), _ranks().get(kb, {})
        # +1 where the new opener stands lower (weaker) on a scale they share.
        steps = {(rb[k] > ra[k]) - (rb[k] < ra[k]) for k in ra.keys() & rb.keys()}
        if len(steps) != 1:
            return "changed"  # on no common scale, or on scales that disagree
        (step,) = steps
        if step:
            return "weakened" if step > 0 else "strengthened"
    if sa == sb:
        return "changed"
    return "strengthened" if sb > sa else "weakened"


_MONTH = "(?:" + "|".join(MONTHS) + ")"
_TECHNICAL = [
    # Dates, with or without the day; years and year ranges.
    (re.compile(rf"\b(?:\d{{1,2}}(?:\s*(?:and|to|-|–)\s*\d{{1,2}})?\s+)?{_MONTH}(?:\s+\d{{4}})?"), "‹date›"),
    # Document symbols (A/64/440, A/RES/66/178, E/CN.15/2011/21), with corrigenda.
    (re.compile(r"\b[A-Z]{1,2}(?:/[A-Za-z0-9.]+)+(?:\s+and\s+Corr\.\d+)?"), "‹symbol›"),
    # Resolution and decision numbers: 63/195, 2007/12, with a part letter (77/290 B); and
    # Security Council resolutions, whose number comes with its year: 2708 (2023).
    (re.compile(r"\b\d{1,4}/\d{1,4}\b(?: [A-H]\b(?![./]))?|\b\d{3,4} \((?:19|20)\d{2}\)"), "‹res›"),
    # Paragraphs of a report ("paragraphs 465 and 466 of the report of the Commission"):
    # each year's report numbers them anew. Paragraphs of the resolution itself are
    # followed by the crossrefs stage; those of another resolution keep their numbers.
    (
        re.compile(
            r"\bparagraphs? \d{1,4}(?:(?:, (?:and )?| (?:and|to) )\d{1,4}){0,20}"
            r"(?=,? of (?:the|its|his|her|their) (?:[\w-]+ ){0,3}?reports?\b)"
        ),
        "paragraph ‹para›",
    ),
    (re.compile(r"\b(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2})?\b"), "‹year›"),
    # Time gone by, which grows by itself: "27 years after the Treaty was opened" -> "28 years
    # after"; not a period set ("for a period of 2 years after its adoption", "within 5 years").
    (
        re.compile(
            r"(?<!of )(?<!for )(?<!within )(?<!every )(?<!by )(?<!to )"
            r"\b\d{1,3}(?= years? (?:after|since|ago)\b)"
        ),
        "‹years›",
    ),
]


_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, factored by common prefixes.

    One long alternation is tried word by word at every position of a text;
    a trie is tried letter by letter, several times faster.

    >>> _trie_pattern(["tenth", "tenths", "third"])
    't(?:enth(?:s)?|hird)'
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if ends:
            return f"(?:{body})?"
        return body

    return pattern(trie)


# Session-like ordinals: "tenth" and above, or any compound ("sixty-fifth");
# "first" or "second" alone are too common in prose to be technical. The
# hyphen of a compound may be a non-breaking one.
_ORDINAL_RE = re.compile(
    r"\b"
    + _trie_pattern(
        w.replace("-", "‑") for w, value in ordinal_words().items() if value >= 10 or "-" in w
    ).replace("‑", "[-‑]")
    + r"\b",
    re.I,
)
_DATE_RANGE_RE = re.compile(r"‹date›\s*(?:to|-|–)\s*‹date›")
# "first" to "ninth" are session-like where they number a session, meeting, conference
# or anniversary: "the first Meeting of States Parties" -> "the second Meeting".
_SMALL_ORDINAL_RE = re.compile(
    r"\b"
    + _trie_pattern(w for w, value in ordinal_words().items() if value < 10 and "-" not in w)
    + r"\b(?=\s+(?:(?:Review|High-level)\s+)?(?:sessions?|meetings?|conferences?|anniversary)\b)",
    re.I,
)
# A list is at most 20 long: an unbounded one is rescanned from each of its items (quadratic).
_SESSION_RE = re.compile(r"‹ord›(?:\s*(?:,|and)\s*‹ord›){0,20}\s+(sessions?|meetings?|anniversary)")
# A list of resolutions recalled ("72/31 of 4 December 2017, ... and 78/35 of 4 December
# 2023"): adding the latest one to it is the yearly update, so a list of any length is one.
_RES_LIST_RE = re.compile(
    r"‹res›(?: of ‹date›)?(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)‹res›(?: of ‹date›)?){1,60}"
)


def technical_form(text: str) -> str:
    """``text`` with every technical detail replaced by a placeholder.

    Two texts with the same technical form differ only by technical updates.

    >>> technical_form("Also requests a report at its sixty-fifth session;")
    'requests a report at its ‹ord› session'
    >>> technical_form("Recalling its resolution 63/195 of 18 December 2008,")
    'recalling its resolution ‹res› of ‹date›'
    >>> technical_form("55 in favour") == technical_form("57 in favour")
    False
    """
    out = text
    for pattern, token in _TECHNICAL:
        out = pattern.sub(token, out)

    out = _RES_LIST_RE.sub("‹resolutions›", out)
    # A period is one date: "from 27 November to 1 December 2023" -> "from 3 to 7 March 2025".
    out = _DATE_RANGE_RE.sub("‹date›", out)
    out = _ORDINAL_RE.sub("‹ord›", out)
    out = _SMALL_ORDINAL_RE.sub("‹ord›", out)
    out = _SESSION_RE.sub(lambda m: "‹ord› " + m.group(1).rstrip("s"), out)
    out = _vocabulary().sequencing_re.sub(" ", out)
    lines = [" ".join(line.split()).rstrip(";,.:").lower() for line in out.split("\n")]
    return "\n".join(lines)


_LAYOUT_RE = re.compile(r"[\s\-‐‑\u00ad]+")


def layout_key(text: str) -> str:
    """``text`` without spaces and hyphens: equal keys differ only in layout.

    >>> layout_key("see king the Secretary- General") == layout_key("seeking the Secretary-General")
    True
    """
    return _LAYOUT_RE.sub("", text)


def _hyphen_for_space(old: str, new: str) -> bool:
    """Whether a word-joining hyphen on one side stands where the other has a space.

    Texts with equal :func:`layout_key` may still differ in drafting: "in-kind"
    became "in kind". A hyphen followed by a space ("capacity- building") or
    a hyphen come or gone between letters stays layout.

    >>> _hyphen_for_space("in-kind support", "in kind support")
    True
    >>> _hyphen_for_space("capacity- building", "capacity-building")
    False
    """
    gaps = []
    for text in (old, new):
        kinds: dict[int, str] = {}
        kept = last = 0
        for m in _LAYOUT_RE.finditer(text):
            kept += m.start() - last
            last = m.end()
            gap = m.group()
            kinds[kept] = "space" if gap.isspace() else "hyphen" if gap in ("-", "‐", "‑") else "loose"
        gaps.append(kinds)
    return any({gaps[0][k], gaps[1][k]} == {"space", "hyphen"} for k in gaps[0].keys() & gaps[1].keys())


# Words a technical update may add or remove: numbers, symbol parts (A, RES,
# CN), months, ordinals, sequencing words and the glue of dates and sessions.
_TECHNICAL_WORDS = frozenset(
    [m.lower() for m in MONTHS]
    + list(ordinal_words())
    + ["and", "to", "from", "of", "corr", "rev", "add", "session", "sessions", "meeting", "meetings"]
    + ["paragraph", "paragraphs"]
)


_NUMBERISH = re.compile(r"[\d\-‐‑]+")


def _changed_words(link: Link) -> tuple[list[str], list[str], bool]:
    """The words of the link's deleted and inserted segments, and whether some
    change holds no word at all (only spacing or punctuation changed there)."""
    gone: list[str] = []
    came: list[str] = []
    wordless = False
    for seg in link.diff:
        if seg.op is not Op.EQUAL:
            found = WORD_RE.findall(seg.text)
            wordless = wordless or not found
            (gone if seg.op is Op.DELETE else came).extend(found)
    return gone, came, wordless


def _only_technical_words(gone: list[str], came: list[str]) -> bool:
    """A cheap necessary condition for a technical change, checked on the diff alone.

    Most substantive changes add or remove an ordinary word; only when none
    does is the full technical form of both texts worth computing.

    >>> _only_technical_words(["2009"], ["2011"]), _only_technical_words(["all"], [])
    (True, False)
    >>> _only_technical_words(["Nuclea", "rTest-Ban", "2022"], ["Nuclear-Test-Ban", "2024"])
    True
    """
    sequencing = _vocabulary().sequencing_re
    # A word removed in one place and added in another ("Requests" ->
    # "Also requests") is no change of wording.
    moved = Counter(w.lower() for w in gone) & Counter(w.lower() for w in came)
    left: tuple[list[str], list[str]] = ([], [])
    for side, words in zip(left, (gone, came), strict=True):
        for word in words:
            low = word.lower()
            if not (
                moved[low]
                or _NUMBERISH.fullmatch(low)
                or low in _TECHNICAL_WORDS
                or (word.isupper() and len(word) <= 5)
                or sequencing.fullmatch(word)
            ):
                side.append(low)
    # Other words only re-spaced ("Nuclea rTest-Ban" -> "Nuclear-Test-Ban", an extraction artefact).
    return layout_key("".join(left[0])) == layout_key("".join(left[1]))


def _touches_qualifier(gone: list[str], came: list[str]) -> bool:
    words = _vocabulary().qualifier_words
    return any(w.lower() in words for w in gone + came)


def _same_length_unlaid(link: Link) -> bool:
    """A cheap necessary condition for a layout-only change: the deleted and the
    inserted text are as long once spaces and hyphens are taken out."""
    gone = sum(len(layout_key(seg.text)) for seg in link.diff if seg.op is Op.DELETE)
    came = sum(len(layout_key(seg.text)) for seg in link.diff if seg.op is Op.INSERT)
    return gone == came


def _qualifier_counts(text: str) -> dict[str, int]:
    v = _vocabulary()
    # Lower-casing the text is cheaper than a case-blind pattern.
    return dict(Counter(v.qualifiers[m] for m in v.qualifier_re.findall(text.lower())))


def text_change(link: Link, old_text: str, new_text: str, diff_of_texts: bool = True) -> Change:
    """How much the change from ``old_text`` to ``new_text`` (the link's two sides) matters.

    No word changed: editorial (punctuation, or a hyphen for a space); the texts the same once
    technical details and punctuation at word ends are set aside: technical;
    else substantive. ``diff_of_texts`` says the link's diff is of these
    texts, so that its changed words can rule a technical update out quickly.

    >>> link = Link(("OP1",), ("OP1",), LinkKind.MODIFIED)
    >>> text_change(link, "Calls upon States to act.", "Calls upon States, to act;")
    <Change.EDITORIAL: 'editorial'>
    """
    if old_text == new_text:
        return Change.NONE
    if WORD_RE.findall(old_text) == WORD_RE.findall(new_text) or layout_key(old_text) == layout_key(new_text):
        return Change.EDITORIAL  # punctuation, or a hyphen for a space ("in-kind", "in kind")
    if diff_of_texts and not _only_technical_words(*_changed_words(link)[:2]):
        return Change.SUBSTANTIVE
    old_form, new_form = _unpunctuated(technical_form(old_text)), _unpunctuated(technical_form(new_text))
    if old_form == new_form or layout_key(old_form) == layout_key(new_form):
        return Change.TECHNICAL  # with, at most, words re-spaced as well (an extraction artefact)
    return Change.SUBSTANTIVE


# Punctuation that closes a word: a comma inserted beside a technical update
# leaves the change technical. Inside a token ("3.5", "A/79") it stays.
_WORD_END_PUNCTUATION = re.compile(r"[,;:.!?]+(?=\s|$)")


def _unpunctuated(text: str) -> str:
    return " ".join(_WORD_END_PUNCTUATION.sub("", text).split())


def classify(link: Link, olds: Sequence[Paragraph], news: Sequence[Paragraph], hyphens: bool = True) -> Link:
    """Label one link: technical or substantive, verb changes, qualifiers.

    ``olds`` and ``news`` are the link's paragraphs, in the link's order.
    ``hyphens`` says both texts' hyphens are as printed, so that a hyphen
    for a space is a change; else it is layout, like a line-end hyphen.
    """
    if link.kind is LinkKind.UNCHANGED:
        return replace(link, change=Change.NONE)
    old_text = "\n".join(p.text for p in olds)
    new_text = "\n".join(p.text for p in news)
    gone, came, wordless = _changed_words(link)
    if (
        link.kind is LinkKind.MODIFIED
        and _same_length_unlaid(link)
        and layout_key(old_text) == layout_key(new_text)
        and not (hyphens and _hyphen_for_space(old_text, new_text))
    ):
        # Only spacing or line-end hyphens differ: an artefact of extraction
        # ("see king", "capacity- building"), not a drafting change ("in-kind"
        # to "in kind" is one).
        return replace(link, kind=LinkKind.UNCHANGED, change=Change.NONE)
    change = text_change(link, old_text, new_text) if olds and news else Change.SUBSTANTIVE
    verbs = _verb_changes(olds, news)
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    # A qualifier can only come or go where a changed word is one of its
    # words, or where a change has no word (a comma inside "inter alia").
    if olds and news and (wordless or _touches_qualifier(gone, came)):
        qa, qb = _qualifier_counts(old_text), _qualifier_counts(new_text)
        added = tuple(q for q in sorted(qb) if qb[q] > qa.get(q, 0))
        removed = tuple(q for q in sorted(qa) if qa[q] > qb.get(q, 0))
    return replace(link, change=change, verbs=verbs, qualifiers_added=added, qualifiers_removed=removed)


def _verb_changes(olds: Sequence[Paragraph], news: Sequence[Paragraph]) -> tuple[VerbChange, ...]:
    """The change of opener between a link's paragraphs, where its force changed.

    In a split or merge the old opener lives on in one piece: the one that
    keeps its verb, else the first, which took the paragraph's opening words.
    The other pieces open paragraphs of their own; their openers are new, not
    a change of the old one.
    """
    pairs = [(o, n) for o in olds for n in news]
    if len(pairs) > 1:
        same = [(o, n) for o, n in pairs if _opener_key(o) == _opener_key(n)]
        pairs = same[:1] or pairs[:1]
    return tuple(
        VerbChange(o.id, n.id, a, b, verb_direction(a, b))
        for o, n in pairs
        if (a := opening_phrase(o.text)) and (b := opening_phrase(n.text)) and _force(a) != _force(b)
    )


def _opener_key(p: Paragraph) -> str:
    return _force(opening_phrase(p.text))[0]


def _opening_words(text: str, count: int = 8) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _item(link: Link) -> DigestItem:
    return DigestItem(link.old, link.new, link.words_added + link.words_removed)


def make_digest(links: Sequence[Link], old: Sequence[Paragraph], new: Sequence[Paragraph]) -> Digest:
    """The digest of a comparison: what a briefing would say, in a fixed order."""
    old_by_id = {p.id: p for p in old}
    new_by_id = {p.id: p for p in new}
    substantive = sorted(
        (_item(link) for link in links if link.change is Change.SUBSTANTIVE and link.old and link.new),
        key=lambda item: -item.words,
    )
    return Digest(
        added=tuple(
            (link.new[0], _opening_words(new_by_id[link.new[0]].text))
            for link in links
            if link.kind is LinkKind.ADDED
        ),
        deleted=tuple(
            (link.old[0], _opening_words(old_by_id[link.old[0]].text))
            for link in links
            if link.kind is LinkKind.DELETED
        ),
        verb_changes=tuple(v for link in links for v in link.verbs),
        qualifiers=tuple(
            (_item(link), how, q)
            for link in links
            for how, qs in (("added", link.qualifiers_added), ("removed", link.qualifiers_removed))
            for q in qs
        ),
        substantive=tuple(substantive),
        technical=sum(link.change is Change.TECHNICAL for link in links),
        rearranged=tuple(
            _item(link) for link in links if link.kind in (LinkKind.MOVED, LinkKind.SPLIT, LinkKind.MERGED)
        ),
        matched_by=tuple((by, n) for by in MatchedBy if (n := sum(link.matched_by is by for link in links))),
        editorial=sum(link.change is Change.EDITORIAL for link in links),
        stale_refs=tuple(s for link in links for s in link.stale_refs),
    )
