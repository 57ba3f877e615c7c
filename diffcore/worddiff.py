"""Stage 4, word diff: the texts of a link -> equal/delete/insert segments.

diff-match-patch compares characters; to compare words, every distinct token
(a word, a number such as "3.7" or a symbol such as "A/C.2/80/L.5", a run of
whitespace, a punctuation mark) is mapped to one private character, the
strings of those characters are diffed, the result is tidied with the
semantic cleanup, and the characters are mapped back. A change thus never
splits a word or a number, and a changed comma stays a changed comma. Long
texts are first cut at words found once on each side (as patience diff does), so
the quadratic part of the algorithm only ever sees short pieces. A piece
that is still long (no anchor in a stretch of punctuation, say) goes through
a sliding window, and a long diff is cleaned up in pieces, so that the time
grows about linearly with the text on any input (``scripts/growth.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby
from typing import Any

from .model import Op, Segment
from .options import Options
from .order import longest_ordered_run
from .text import CHUNK_RE, TOKEN_RE

__all__ = ["word_diff"]

_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}
# Above this many word pairs (about 3,000 words a side) texts are first
# compared clause by clause: see _by_clauses.
_MAX_WORD_PAIRS = 10_000_000
# diff-match-patch's bisection costs O(N*D): a piece between anchors with
# more token pairs than this (the largest in the dev series has 200,000)
# is diffed through a sliding window of _WINDOW tokens a side: see _windowed.
_PIECE_PAIRS = 250_000
_WINDOW = 64
# Its semantic cleanup rescans from the last kept equality after each change,
# quadratic on thousands of tiny edits: a diff longer than this many entries
# (the dev series reach 345) is cleaned up in pieces of _CLEANUP_PIECE: see _cleanup.
_CLEANUP_SPAN = 400
_CLEANUP_PIECE = 64
# Texts of fewer words than this are diffed whole: see _anchored.
_ANCHOR_MIN = 32
_CLAUSE_RE = re.compile(r".+?(?:[;:.](?=\s)\s*|\n|$)|\n", re.S)


def word_diff(old: str, new: str, options: Options = Options()) -> tuple[Segment, ...]:
    """Diff two texts word by word.

    >>> [(s.op.value, s.text) for s in word_diff("Urges all States;", "Urges States to act;")]
    [('equal', 'Urges '), ('delete', 'all '), ('equal', 'States'), ('insert', ' to act'), ('equal', ';')]
    """
    return _diff(old, new, options, by_clauses=True)


def _diff(old: str, new: str, options: Options, by_clauses: bool) -> tuple[Segment, ...]:
    if old == new:
        return (Segment(Op.EQUAL, old),) if old else ()
    if not old or not new:
        return (Segment(Op.INSERT, new),) if new else (Segment(Op.DELETE, old),)
    from diff_match_patch import diff_match_patch  # imported when a diff is needed

    dmp = diff_match_patch()
    dmp.Diff_Timeout = options.diff_timeout
    lead_a, chunks_a = _chunks(old)
    lead_b, chunks_b = _chunks(new)
    if by_clauses and len(chunks_a) * len(chunks_b) > _MAX_WORD_PAIRS:
        return _by_clauses(old, new, options, dmp)
    # Only words and punctuation are diffed, each as one character; the
    # whitespace after each is put back below. Half the tokens, a quarter
    # of the work for diff-match-patch's O(N*D) bisection.
    words_a = list(map(str.rstrip, chunks_a))
    words_b = list(map(str.rstrip, chunks_b))
    table: dict[str, str] = {}
    coded = _anchored(dmp, _encode(words_a, table), _encode(words_b, table))
    diffs: list[tuple[int, str]] = []
    _emit_pair(diffs, lead_a, lead_b)
    i = j = 0
    gone: list[str] = []  # the chunks of a change being gathered
    came: list[str] = []
    for op, chars in coded:
        n = len(chars)
        if op < 0:
            gone += chunks_a[i : i + n]
            i += n
        elif op > 0:
            came += chunks_b[j : j + n]
            j += n
        else:
            _emit_change(diffs, "".join(gone), "".join(came))
            gone, came = [], []
            if chunks_a[i : i + n] == chunks_b[j : j + n]:
                _emit(diffs, 0, "".join(chunks_a[i : i + n]))
            else:  # the same words, spaced differently (or two words sharing a code)
                for k, (a, b) in enumerate(zip(chunks_a[i : i + n], chunks_b[j : j + n], strict=True)):
                    word = a.rstrip()
                    if word != b.rstrip():
                        _emit_change(diffs, a, b)
                        continue
                    _emit(diffs, 0, word)
                    # Spacing before a change joins it: "society~~,~~ and", not "society ~~, ~~and".
                    if k == n - 1:
                        gone, came = [a[len(word) :]], [b[len(word) :]]
                    else:
                        _emit_pair(diffs, a[len(word) :], b[len(word) :])
            i += n
            j += n
    _emit_change(diffs, "".join(gone), "".join(came))
    diffs = _joined(diffs)
    # The semantic cleanup weighs equalities by length: on the real text,
    # "States" between two edits counts six characters, not one token. Its
    # overlap step may, rarely, cut inside a word.
    cleaned = _cleanup(dmp, list(diffs))
    if _on_token_boundaries(cleaned, old, new):
        diffs = cleaned
    else:
        # Same cleanup on one character per token (whitespace included), which
        # cannot cut a word; the uncleaned diff is on token boundaries already.
        tokens: dict[str, str] = {}
        coded_tokens = [(op, _encode(TOKEN_RE.findall(text), tokens)) for op, text in diffs]
        if len(tokens) <= _CODES:  # else codes repeat, and the uncleaned diff stays
            back = {code: tok for tok, code in tokens.items()}
            diffs = [(op, "".join(back[c] for c in chars)) for op, chars in _cleanup(dmp, coded_tokens)]
    segments: list[Segment] = []
    for op, text in diffs:
        if segments and segments[-1].op is _OPS[op]:
            segments[-1] = Segment(_OPS[op], segments[-1].text + text)
        elif text:
            segments.append(Segment(_OPS[op], text))
    return tuple(segments)


def _by_clauses(old: str, new: str, options: Options, dmp: Any) -> tuple[Segment, ...]:
    """Diff very long texts clause by clause first, then word by word where clauses differ.

    A word diff costs the product of the two lengths at worst; on texts of
    many thousand words (a whole annex, a merged run of paragraphs) that is
    minutes. Clauses end at ``;``, ``:``, ``.`` or a line break.
    """
    clauses_a = _CLAUSE_RE.findall(old)
    clauses_b = _CLAUSE_RE.findall(new)
    table: dict[str, str] = {}
    coded = _bounded(dmp, _encode(clauses_a, table), _encode(clauses_b, table))
    out: list[Segment] = []
    i = j = 0
    gone = came = ""
    for op, chars in [*coded, (0, "")]:
        if op < 0:
            gone += "".join(clauses_a[i : i + len(chars)])
            i += len(chars)
            continue
        if op > 0:
            came += "".join(clauses_b[j : j + len(chars)])
            j += len(chars)
            continue
        same = clauses_a[i : i + len(chars)]
        if same != clauses_b[j : j + len(chars)]:  # past a million distinct clauses codes repeat
            gone += "".join(same)
            came += "".join(clauses_b[j : j + len(chars)])
        else:
            if gone or came:
                out.extend(_diff(gone, came, options, by_clauses=False))
                gone = came = ""
            if chars:
                out.append(Segment(Op.EQUAL, "".join(same)))
        i += len(chars)
        j += len(chars)
    merged: list[Segment] = []
    for seg in out:
        if merged and merged[-1].op is seg.op:
            merged[-1] = Segment(seg.op, merged[-1].text + seg.text)
        elif seg.text:
            merged.append(seg)
    return tuple(merged)


def _anchored(dmp: Any, a: str, b: str) -> list[tuple[int, str]]:
    """``dmp.diff_main(a, b)``, cut first at characters found once on each side.

    As in patience diff, the longest run of such characters that keeps its
    order on both sides is kept equal, and diff-match-patch compares only
    the pieces between them: its bisection costs O(N*D) per call, so many
    short pieces cost far less than one long text, and an anchor on a rare
    word keeps a common one ("the", "of") from being matched far away.

    >>> from diff_match_patch import diff_match_patch
    >>> _anchored(diff_match_patch(), "abcde", "xbcdy")
    [(-1, 'a'), (1, 'x'), (0, 'bcd'), (-1, 'e'), (1, 'y')]
    """
    if min(len(a), len(b)) < _ANCHOR_MIN:
        return _bounded(dmp, a, b)
    once_b = {c for c, n in Counter(b).items() if n == 1}
    at_b = {c: j for j, c in enumerate(b) if c in once_b}
    once_a = {c for c, n in Counter(a).items() if n == 1}
    # A unique word is an anchor only with a neighbour that matches too: a
    # lone coincidence ("United" in two unrelated phrases) would pull apart
    # the text around it.
    ends_a, ends_b = f"\x00{a}\x00", f"\x00{b}\x00"
    points = [
        (i, j)
        for i, j in ((i, at_b.get(c, -1)) for i, c in enumerate(a) if c in once_a)
        if j >= 0 and (ends_a[i] == ends_b[j] or ends_a[i + 2] == ends_b[j + 2])
    ]
    out: list[tuple[int, str]] = []
    i0 = j0 = 0
    for i, j in [*sorted(points[k] for k in longest_ordered_run(points)), (len(a), len(b))]:
        gone, came = a[i0:i], b[j0:j]
        if gone == came:  # mostly common words between two anchors: nothing to compare
            _emit(out, 0, gone)
        elif gone and came:
            for op, text in _bounded(dmp, gone, came):
                _emit(out, op, text)
        else:  # one side only: nothing to compare
            _emit(out, -1, gone)
            _emit(out, 1, came)
        _emit(out, 0, a[i : i + 1])
        i0, j0 = i + 1, j + 1
    # Equal runs are joined as they come; the cleanup still merges edits
    # across pieces and slides them to the same place diff_main would.
    out = _joined(out)
    dmp.diff_cleanupMerge(out)
    return out


def _bounded(dmp: Any, a: str, b: str) -> list[tuple[int, str]]:
    """``dmp.diff_main(a, b)``, through a sliding window when that could take quadratic time.

    >>> from diff_match_patch import diff_match_patch
    >>> _bounded(diff_match_patch(), "abc", "abd")
    [(0, 'ab'), (-1, 'c'), (1, 'd')]
    """
    if len(a) * len(b) <= _PIECE_PAIRS:
        whole: list[tuple[int, str]] = dmp.diff_main(a, b, False)
        return whole
    return _windowed(dmp, a, b)


def _windowed(dmp: Any, a: str, b: str) -> list[tuple[int, str]]:
    """A diff of ``a`` and ``b`` made window by window, in time linear in their length.

    The first ``_WINDOW`` characters of each side are diffed, the diff is kept
    up to where it has used half the window of one side, and the window moves
    on from there. Stretches that match are kept equal and a change of up to
    half a window is found as exactly as by one diff; only a longer change
    with nothing to anchor it may be matched less closely than by one diff.

    >>> from diff_match_patch import diff_match_patch
    >>> diff = _windowed(diff_match_patch(), "ab" * 200, "ac" * 200)
    >>> diff[:4], len(diff)
    ([(0, 'a'), (-1, 'b'), (1, 'c'), (0, 'a')], 600)
    """
    head = dmp.diff_commonPrefix(a, b)
    tail = dmp.diff_commonSuffix(a[head:], b[head:])
    out: list[tuple[int, str]] = []
    _emit(out, 0, a[:head])
    end = a[len(a) - tail :]
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    half = _WINDOW // 2
    i = j = 0
    while (len(a) - i) * (len(b) - j) > _WINDOW * _WINDOW:
        used_a = used_b = 0
        for op, text in dmp.diff_main(a[i : i + _WINDOW], b[j : j + _WINDOW], False):
            room = min(half - used_a if op <= 0 else half, half - used_b if op >= 0 else half)
            kept = text[:room]
            _emit(out, op, kept)
            used_a += len(kept) if op <= 0 else 0
            used_b += len(kept) if op >= 0 else 0
            if half in (used_a, used_b):
                break
        i += used_a
        j += used_b
    for op, text in dmp.diff_main(a[i:], b[j:], False):
        _emit(out, op, text)
    _emit(out, 0, end)
    return _joined(out)


def _cleanup(dmp: Any, diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """diff-match-patch's semantic cleanup, on a long diff piece by piece to bound its time.

    A change cut by a piece's end stays as one deletion and one insertion.

    >>> from diff_match_patch import diff_match_patch
    >>> _cleanup(diff_match_patch(), [(0, "ab"), (-1, "cx"), (0, "d"), (1, "ey")])
    [(0, 'ab'), (-1, 'cxd'), (1, 'dey')]
    """
    if len(diffs) <= _CLEANUP_SPAN:
        dmp.diff_cleanupSemantic(diffs)
        return diffs
    out: list[tuple[int, str]] = []
    gone: list[str] = []  # the change being gathered across pieces
    came: list[str] = []
    for k in range(0, len(diffs), _CLEANUP_PIECE):
        piece = diffs[k : k + _CLEANUP_PIECE]
        dmp.diff_cleanupSemantic(piece)
        for op, text in piece:
            if op:
                (gone if op < 0 else came).append(text)
            else:
                _emit(out, -1, "".join(gone))
                _emit(out, 1, "".join(came))
                _emit(out, 0, text)
                gone, came = [], []
    _emit(out, -1, "".join(gone))
    _emit(out, 1, "".join(came))
    return _joined(out)


def _chunks(text: str) -> tuple[str, list[str]]:
    """Leading whitespace, then the words and punctuation marks, each with the whitespace after it.

    >>> _chunks(" Urges  all States;")
    (' ', ['Urges  ', 'all ', 'States', ';'])
    """
    body = text.lstrip()
    return text[: len(text) - len(body)], CHUNK_RE.findall(body)


def _encode(words: list[str], table: dict[str, str]) -> str:
    """One private character per distinct word, shared by both sides through ``table``."""
    # Codes are given in order of first appearance: the semantic cleanup
    # reads character classes, so set order must not choose them.
    for w in dict.fromkeys(words):
        if w not in table:
            table[w] = _code(len(table))
    return "".join(map(table.__getitem__, words))


def _emit(diffs: list[tuple[int, str]], op: int, text: str) -> None:
    """Add a piece of diff; pieces of one op in a row are joined by :func:`_joined`."""
    if text:
        diffs.append((op, text))


def _joined(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Runs of pieces with the same op, each joined into one: once, as joining piece by piece is quadratic.

    >>> _joined([(0, "a"), (0, "b"), (-1, "c"), (0, "d")])
    [(0, 'ab'), (-1, 'c'), (0, 'd')]
    """
    return [(op, "".join(text for _, text in run)) for op, run in groupby(diffs, key=lambda d: d[0])]


def _emit_change(diffs: list[tuple[int, str]], gone: str, came: str) -> None:
    """A replaced run of words; the whitespace both sides end with stays equal."""
    gone_tail = gone[len(gone.rstrip()) :]
    same = gone_tail if gone and came and came[len(came.rstrip()) :] == gone_tail else ""
    cut = len(same)
    _emit(diffs, -1, gone[: len(gone) - cut])
    _emit(diffs, 1, came[: len(came) - cut])
    _emit(diffs, 0, same)


def _emit_pair(diffs: list[tuple[int, str]], a: str, b: str) -> None:
    """Whitespace between two kept words: equal when the same, else replaced."""
    if a == b:
        _emit(diffs, 0, a)
    else:
        _emit(diffs, -1, a)
        _emit(diffs, 1, b)


def _on_token_boundaries(diffs: list[tuple[int, str]], old: str, new: str) -> bool:
    """True when every cut between segments falls between two tokens of its side."""
    for side, skip in ((old, 1), (new, -1)):
        starts = {m.start() for m in TOKEN_RE.finditer(side)}
        starts.add(len(side))
        pos = 0
        for op, text in diffs:
            if op != skip:
                pos += len(text)
                if pos not in starts:
                    return False
    return True


# Token codes avoid the surrogate range, which Python strings can hold but
# diff-match-patch's internals should never see split. Past about 1.1 million
# distinct tokens codes repeat: equal codes are checked against the tokens.
_CODES = 0x110000 - 0x100 - 0x800


def _code(n: int) -> str:
    n %= _CODES
    return chr(n + 0x100 if n < 0xD800 - 0x100 else n + 0x100 + 0x800)
