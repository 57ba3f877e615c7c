"""Word diff: exact rebuild of both sides, whole words, visible punctuation."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from diffcore.model import Op, Segment
from diffcore.options import Options
from diffcore.text import TOKEN_RE
from diffcore.worddiff import word_diff


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
