"""Stage 4, word diff: the texts of a link -> equal/delete/insert segments.

diff-match-patch compares characters; to compare words, every distinct token
(a word, a run of whitespace, a punctuation mark) is mapped to one private
character, the strings of those characters are diffed, the result is tidied
with the semantic cleanup, and the characters are mapped back. A change thus
never splits a word, and a changed comma stays a changed comma.
"""

from __future__ import annotations

from .model import Op, Segment
from .options import Options
from .text import TOKEN_RE

__all__ = ["word_diff"]

_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}


def word_diff(old: str, new: str, options: Options = Options()) -> tuple[Segment, ...]:
    """Diff two texts word by word.

    >>> [(s.op.value, s.text) for s in word_diff("Urges all States;", "Urges States to act;")]
    [('equal', 'Urges '), ('delete', 'all '), ('equal', 'States'), ('insert', ' to act'), ('equal', ';')]
    """
    if old == new:
        return (Segment(Op.EQUAL, old),) if old else ()
    if not old or not new:
        return (Segment(Op.INSERT, new),) if new else (Segment(Op.DELETE, old),)
    from diff_match_patch import diff_match_patch  # imported when a diff is needed

    dmp = diff_match_patch()
    dmp.Diff_Timeout = options.diff_timeout
    table: dict[str, str] = {}
    tokens: list[str] = []

    def encode(text: str) -> str:
        out = []
        for tok in TOKEN_RE.findall(text):
            code = table.get(tok)
            if code is None:
                code = _code(len(tokens))
                table[tok] = code
                tokens.append(tok)
            out.append(code)
        return "".join(out)

    a, b = encode(old), encode(new)
    coded = dmp.diff_main(a, b, False)
    # The semantic cleanup weighs equalities by length: run it on the real
    # text, so that "States" between two edits counts six characters, not
    # one token. Its overlap step may, rarely, cut inside a word: then fall
    # back to the same cleanup on the token codes, which cannot.
    diffs = [(op, "".join(tokens[_index(c)] for c in chars)) for op, chars in coded]
    dmp.diff_cleanupSemantic(diffs)
    if not _on_token_boundaries(diffs, old, new):
        dmp.diff_cleanupSemantic(coded)
        diffs = [(op, "".join(tokens[_index(c)] for c in chars)) for op, chars in coded]
    segments: list[Segment] = []
    for op, text in diffs:
        if segments and segments[-1].op is _OPS[op]:
            segments[-1] = Segment(_OPS[op], segments[-1].text + text)
        elif text:
            segments.append(Segment(_OPS[op], text))
    return tuple(segments)


def _on_token_boundaries(diffs: list[tuple[int, str]], old: str, new: str) -> bool:
    """True when every cut between segments falls between two tokens of its side."""
    for side, skip in ((old, 1), (new, -1)):
        starts = {m.start() for m in TOKEN_RE.finditer(side)}
        pos = 0
        for op, text in diffs:
            if op == skip:
                continue
            pos += len(text)
            if pos < len(side) and pos not in starts:
                return False
    return True


# Token codes avoid the surrogate range, which Python strings can hold but
# diff-match-patch's internals should never see split.
def _code(n: int) -> str:
    return chr(n + 0x100 if n < 0xD800 - 0x100 else n + 0x100 + 0x800)


def _index(c: str) -> int:
    n = ord(c) - 0x100
    return n if n < 0xD800 - 0x100 else n - 0x800
