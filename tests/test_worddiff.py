"""Word diff: exact rebuild of both sides, whole words, visible punctuation."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from diffcore import compare, worddiff
from diffcore.model import Op, Segment
from diffcore.options import Options
from diffcore.text import TOKEN_RE
from diffcore.worddiff import word_diff

ROOT = Path(__file__).resolve().parents[1]


def rebuild(diff: Sequence[Segment], keep: Op) -> str:
    return "".join(s.text for s in diff if s.op in (Op.EQUAL, keep))


WORDS = st.lists(
    st.sampled_from(
        [
            "Urges",
            "States",
            "all",
            "the",
            "Counter-Terrorism",
            ",",
            ";",
            " ",
            "  ",
            "sixty-fifth",
            "2008-2011",
            "\n",
            "(a)",
            "Member",
            "upon",
            "request",
            "é",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_diff_rebuilds_both_sides_exactly(a: str, b: str) -> None:
    diff = word_diff(a, b)
    assert rebuild(diff, Op.DELETE) == a
    assert rebuild(diff, Op.INSERT) == b


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_changes_never_split_a_word(a: str, b: str) -> None:
    for side, keep in ((a, Op.DELETE), (b, Op.INSERT)):
        starts = {m.start() for m in TOKEN_RE.finditer(side)} | {len(side)}
        pos = 0
        for seg in word_diff(a, b):
            if seg.op in (Op.EQUAL, keep):
                pos += len(seg.text)
                assert pos in starts


def test_a_changed_word_keeps_its_neighbours() -> None:
    diff = word_diff("at its sixty-fifth session", "at its sixty-seventh session")
    assert [(s.op.value, s.text) for s in diff] == [
        ("equal", "at its "),
        ("delete", "sixty-fifth"),
        ("insert", "sixty-seventh"),
        ("equal", " session"),
    ]


def test_punctuation_change_is_visible_and_alone() -> None:
    diff = word_diff("the Strategy; and", "the Strategy, and")
    assert [(s.op.value, s.text) for s in diff] == [
        ("equal", "the Strategy"),
        ("delete", ";"),
        ("insert", ","),
        ("equal", " and"),
    ]


def test_long_texts_are_diffed_in_full_without_a_timeout() -> None:
    # With diff-match-patch's default 1 s timeout a long diff can degrade to
    # delete-all/insert-all; Options.diff_timeout = 0 means no limit.
    words = [f"w{i}" for i in range(6000)]
    a = " ".join(words)
    b = " ".join(w if i % 7 else w + "x" for i, w in enumerate(words))
    diff = word_diff(a, b, Options())
    equal = sum(len(s.text) for s in diff if s.op is Op.EQUAL)
    assert equal > len(a) * 0.7


def test_very_long_texts_are_compared_clause_by_clause_and_stay_exact() -> None:
    # 8,000 words a side is past the word-pair budget: the diff goes clause by
    # clause, and a one-word change is still reported as one word.
    clauses = [f"Requests report number {i} on item {i % 17} from all agencies;" for i in range(800)]
    old = " ".join(clauses)
    new = old.replace("report number 400 on", "report number 400 about")
    diff = word_diff(old, new)
    assert [(s.op.value, s.text) for s in diff if s.op is not Op.EQUAL] == [
        ("delete", "on"),
        ("insert", "about"),
    ]
    assert rebuild(diff, Op.DELETE) == old and rebuild(diff, Op.INSERT) == new


# Hostile texts (issue 12): the word diff stays a correct, fine-grained diff
# on token distributions with few or no words to anchor it, however long.

ALPHABETS = [
    [":", "*"],  # a header of punctuation
    [":", "*", ",", ";"],
    ["the"],  # one word repeated
    ["States", ","],  # two tokens alternating
    ["a", "b", "c"],
    ["the", "of", "and", "Member", "States", ",", ";", "(a)"],
]


def hostile_pair(seed: int, alphabet: list[str], n: int, rate: float, spaced: bool) -> tuple[str, str]:
    """``n`` tokens of ``alphabet``, and a copy with a share ``rate`` of them replaced, dropped or doubled."""
    rng = random.Random(seed)
    old = [rng.choice(alphabet) for _ in range(n)]
    new: list[str] = []
    for tok in old:
        r = rng.random()
        if r < rate / 3:
            new.append(rng.choice([*alphabet, "x"]))
        elif r < 2 * rate / 3:
            continue
        elif r < rate:
            new += [tok, rng.choice(alphabet)]
        else:
            new.append(tok)
    sep = " " if spaced else ""
    return sep.join(old), sep.join(new)


def assert_correct(old: str, new: str, diff: Sequence[Segment]) -> None:
    assert rebuild(diff, Op.DELETE) == old
    assert rebuild(diff, Op.INSERT) == new
    assert all(s.text for s in diff)
    assert all(a.op is not b.op for a, b in itertools.pairwise(diff))


HOSTILE = st.tuples(
    st.integers(0, 2**32),
    st.sampled_from(ALPHABETS),
    st.sampled_from([10, 300, 1500]),
    st.sampled_from([0.05, 0.3, 1.0]),
    st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(HOSTILE)
def test_hostile_texts_give_a_correct_diff(case: tuple[int, list[str], int, float, bool]) -> None:
    old, new = hostile_pair(*case)
    assert_correct(old, new, word_diff(old, new))


@settings(max_examples=150, deadline=None)
@given(HOSTILE, st.sampled_from([2, 8, 40]))
def test_the_bounded_paths_give_a_correct_diff(
    case: tuple[int, list[str], int, float, bool], codes: int
) -> None:
    # Small limits send short texts down every bounded path: the sliding
    # window, the cleanup in pieces, clause by clause, and token codes that
    # repeat (as past 1.1 million distinct tokens).
    old, new = hostile_pair(*case)
    with patch.multiple(
        worddiff,
        _PIECE_PAIRS=50,
        _WINDOW=8,
        _CLEANUP_SPAN=5,
        _CLEANUP_PIECE=3,
        _MAX_WORD_PAIRS=400,
        _CODES=codes,
    ):
        diff = word_diff(old, new)
    assert_correct(old, new, diff)


def test_codes_wrap_past_the_last_code_point_and_skip_the_surrogates() -> None:
    codes = [
        worddiff._code(n) for n in (0, 0xD800 - 0x101, 0xD800 - 0x100, worddiff._CODES - 1, worddiff._CODES)
    ]
    assert [hex(ord(c)) for c in codes] == ["0x100", "0xd7ff", "0xe000", "0x10ffff", "0x100"]


def changed_tokens(diff: Sequence[Segment], op: Op) -> list[str]:
    return [tok for s in diff if s.op is op for tok in TOKEN_RE.findall(s.text) if not tok.isspace()]


def test_a_header_of_punctuation_gets_a_fine_diff() -> None:
    # The title: ": *" pairs, here 5,000 of them, with every star a
    # comma in the new text. Each star is one deletion beside one insertion.
    old, new = ": *" * 5_000, ": ," * 5_000
    diff = word_diff(old, new)
    assert_correct(old, new, diff)
    assert changed_tokens(diff, Op.DELETE) == ["*"] * 5_000
    assert changed_tokens(diff, Op.INSERT) == [","] * 5_000


def test_a_few_changes_in_long_unanchored_text_stay_small() -> None:
    # Alternating tokens, no word found once: 1% of them replaced, a long
    # stretch each side, past every limit. The diff is about as small as one
    # made without limits, not delete-all/insert-all.
    old, new = hostile_pair(7, ["States", ","], 20_000, 0.01, True)
    diff = word_diff(old, new)
    assert_correct(old, new, diff)
    changed = sum(len(s.text) for s in diff if s.op is not Op.EQUAL)
    assert changed < 0.05 * len(old)


def test_a_shifted_text_is_one_insertion() -> None:
    old = ": *" * 20_000
    diff = word_diff(old, "*" + old)
    assert [(s.op.value, s.text) for s in diff] == [("insert", "*"), ("equal", old)]


def test_a_punctuation_title_and_paragraph_diff_finely_through_compare(tmp_path: Path) -> None:
    # A sample resolution with its title and first paragraph made punctuation.
    text = (ROOT / "samples" / "A_RES_64_177.txt").read_text(encoding="utf-8")
    title = text.split("64/177.\t")[1].split("\n")[0]
    para = "Reaffirming all General Assembly and Security Council resolutions related to technical assistance"
    for name, mark in (("old.txt", "*"), ("new.txt", ",")):
        punct = f": {mark}" * 5_000
        (tmp_path / name).write_text(
            text.replace(title, punct).replace(para, "Reaffirming " + punct), "utf-8"
        )
    c = compare(tmp_path / "old.txt", tmp_path / "new.txt")
    link = next(link for link in c.links if link.old == ("PP1",))
    for diff in (c.title_diff, link.diff):
        assert changed_tokens(diff, Op.DELETE) == ["*"] * 5_000
        assert changed_tokens(diff, Op.INSERT) == [","] * 5_000
