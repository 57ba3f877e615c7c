"""The word diff reads like a human redline: whole numbers and symbols, visible
hyphen changes, no space before punctuation in Markdown, no symbol glued to a word."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from diffcore import compare, parse
from diffcore.classify import classify
from diffcore.model import Change, Link, LinkKind, Op, Resolution, Segment
from diffcore.read.repair import SplitWords
from diffcore.render.markdown import render_markdown
from diffcore.text import TOKEN_RE
from diffcore.worddiff import word_diff

TEXTS = Path(__file__).resolve().parent / "documents" / "text"


@cache
def doc(name: str) -> Resolution:
    return parse(TEXTS / f"{name}.txt")


def changed(diff: Sequence[Segment], op: Op) -> list[str]:
    return [s.text.strip() for s in diff if s.op is op]


def para_diff(old: str, new: str, needle: str) -> tuple[Segment, ...]:
    """The word diff of the paragraphs of ``old`` and ``new`` that contain ``needle``."""
    (a,) = [p.text for p in doc(old).paragraphs if needle in p.text]
    (b,) = [p.text for p in doc(new).paragraphs if needle in p.text]
    return word_diff(a, b)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("over 3.7 million in 2023.", ["over", "3.7", "million", "in", "2023", "."]),
        ("paragraphs 3, 4 and 5", ["paragraphs", "3", ",", "4", "and", "5"]),
        ("1,234.5; 1 234; 10,000", ["1,234.5", ";", "1 234", ";", "10,000"]),
        ("12.5% or 12.5 per cent", ["12.5", "%", "or", "12.5", "per", "cent"]),
        ("2023-12-18 / 18.12.2023", ["2023-12-18", "/", "18.12.2023"]),
        ("A/C.2/80/L.5 and A/79/123.", ["A/C.2/80/L.5", "and", "A/79/123", "."]),
        ("S/RES/2719 (2023), S-35/1;", ["S/RES/2719", "(", "2023", ")", ",", "S-35/1", ";"]),
        ("resolution 78/1 of 18 December 2023", ["resolution", "78/1", "of", "18", "December", "2023"]),
        ("and/or in-kind", ["and", "/", "or", "in-kind"]),
    ],
)
def test_numbers_dates_and_symbols_are_one_token(text: str, tokens: list[str]) -> None:
    assert [t for t in TOKEN_RE.findall(text) if not t.isspace()] == tokens


def test_changed_decimals_show_whole() -> None:
    # The WMO figures in A/RES/78/69 PP22 -> A/RES/79/144 PP22 showed as "0.~~2~~1".
    diff = para_diff("A_RES_78_69", "A_RES_79_144", "carbon dioxide levels in the atmosphere were")
    assert {"0.2", "2.2", "0.53", "1.15"} <= set(changed(diff, Op.DELETE))
    assert {"0.1", "2.3", "0.55", "1.45"} <= set(changed(diff, Op.INSERT))
    assert not any(re.search(r"\d[.,]$", s.text) for s in diff if s.op is Op.EQUAL)


def test_changed_thousands_and_symbols_show_whole() -> None:
    diff = para_diff("A_RES_78_69", "A_RES_79_144", "Rhodes Academy")
    assert ("1,088", "1,137") in zip(changed(diff, Op.DELETE), changed(diff, Op.INSERT), strict=False)
    diff = para_diff("A_RES_78_69", "A_RES_79_144", "of the Executive Council")
    assert "resolution EC-57/1" in changed(diff, Op.INSERT)
    diff = para_diff("A_RES_78_160", "A_C.2_80_L.18", "open-source technologies")
    assert "2023/4" in changed(diff, Op.DELETE) and "2025/19" in changed(diff, Op.INSERT)


def test_a_hyphen_for_a_space_is_an_editorial_change() -> None:
    # A/RES/79/218 OP52 hyphenates "capacity-development projects" (so its PDF reads);
    # it was hidden as layout.
    old, new = doc("A_RES_78_233"), doc("A_RES_79_218")
    (link,) = [link for link in compare(old, new).links if link.new == ("OP52",)]
    assert changed(link.diff, Op.DELETE) == ["capacity development"]
    assert changed(link.diff, Op.INSERT) == ["capacity-development"]
    olds, news = [old.paragraph(i) for i in link.old], [new.paragraph(i) for i in link.new]
    printed = classify(replace(link, kind=LinkKind.MODIFIED), olds, news, hyphens=True)
    assert printed.kind is LinkKind.MODIFIED and printed.change is Change.EDITORIAL
    # pdftotext's text may drop a hyphen or make it a space ("thirty seventh" in
    # A/80/L.22, "North South" in A/C.2/80/L.18): from it the change is layout.
    assert old.format == "pdf-text" and link.kind is LinkKind.UNCHANGED


def test_a_line_end_hyphen_is_still_layout() -> None:
    # The same paragraph with an extraction artefact instead: nothing to report.
    new = doc("A_RES_79_218")
    (para,) = [p for p in new.paragraphs if "capacity-development projects" in p.text]
    broken = replace(para, text=para.text.replace("capacity-development", "capacity- development"))
    link = Link((para.id,), (para.id,), LinkKind.MODIFIED, diff=word_diff(para.text, broken.text))
    assert link.diff != (Segment(Op.EQUAL, para.text),)
    assert classify(link, [para], [broken], hyphens=True).kind is LinkKind.UNCHANGED


def test_markdown_puts_no_space_before_punctuation() -> None:
    md = render_markdown(compare(doc("A_RES_78_233"), doc("A_RES_79_218")))
    assert not re.search(r"\w (~~|\*\*)[,;:.]", md)
    assert "2030 Agenda<del>,</del>**;** the Addis Ababa" in md  # PP6: a comma became a semicolon
    assert "~~twenty-eighth~~ **twenty-ninth**" in md  # side by side, still spaced
    assert "youth and civil society<del>,</del> and strengthening" in md  # OP38 + OP42 -> OP44


def test_a_symbol_after_a_word_is_not_glued_to_it() -> None:
    # "resolution" + "S-35/1" made "resolutions", a word of the document, and was
    # joined as a split word in A/RES/79/183 ("resolutionS-35/1").
    lines = (TEXTS / "A_RES_79_182.txt").read_text(encoding="utf-8").splitlines()
    words = SplitWords(lines)
    assert words.count("resolutions", 0) > 0
    for text in ("Human Rights Council resolution S-35/1 and", "see resolution A/RES/78/219;"):
        assert words.fix(text) == text
    assert words.fix("the situation in Myan mar") == "the situation in Myanmar"  # a split word still is
