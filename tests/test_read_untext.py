"""Reading the UN text format of the samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NEW, OLD

from diffcore.errors import ResdiffError
from diffcore.model import NOTE_OPEN, BlockKind
from diffcore.read import read_bytes, read_source
from diffcore.text import note


def texts(path: str | Path) -> list[str]:
    return [b.text for b in read_source(path).blocks if b.kind is BlockKind.TEXT]


def test_markers_and_page_furniture_are_dropped() -> None:
    for path in (OLD, NEW):
        for text in texts(path):
            assert "[DU" not in text and "<<ODS" not in text
            assert text.strip("-_ ") != ""
            assert text not in ("3", "2", "09-47245", "*0947245*", "11-46950", "*1146950*")


def test_masthead_is_split_into_header_lines() -> None:
    blocks = texts(OLD)
    for line in (
        "A/RES/64/177",
        "Distr.: General",
        "24 March 2010",
        "Sixty-fourth session",
        "Agenda item 104",
    ):
        assert line in blocks
    assert blocks.index("Agenda item 104") < blocks.index("The General Assembly,")


def test_footnotes_are_read_and_the_closing_date_is_not_one() -> None:
    notes = [(b.marker, b.text) for b in read_source(NEW).blocks if b.kind is BlockKind.FOOTNOTE]
    assert notes == [
        ("1", "Resolution 60/288."),
        ("2", "Resolution 65/230, annex."),
        ("3", "Adopted by a vote of 55 in favour and 14 not in favour."),
        ("4", "Adopted by a vote of 57 in favour and 13 not in favour."),
    ]


def test_glued_footnote_references_become_markers() -> None:
    body = "\n".join(texts(NEW))
    assert f"Aviation{note('3')} and the Protocol" in body
    assert f"Aircraft,{note('4')} both adopted" in body
    assert f"Counter-Terrorism Strategy;{note('1')}" in body
    assert "Aviation3" not in body


def test_numbers_that_are_not_references_stay() -> None:
    body = "\n".join(texts(OLD))
    assert "2008-2011 for the Office," in body  # a year range
    assert "resolution 60/288 of 8 September 2006" in body
    assert body.count(NOTE_OPEN) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old binary Word"),
    ],
)
def test_bad_input_is_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ResdiffError) as err:
        read_bytes(data, "in.txt")
    assert message in str(err.value)
    assert "\n" not in str(err.value)
    assert str(err.value).startswith("in.txt: ")
