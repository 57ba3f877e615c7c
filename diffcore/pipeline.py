"""The library's entry points: parse a file, compare two resolutions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .align import align
from .classify import classify, make_digest
from .model import Comparison, Footnote, Link, Paragraph, Part, Resolution
from .options import Options
from .read import read_source
from .structure import build_resolution
from .worddiff import word_diff

__all__ = ["compare", "parse"]


def parse(path: str | Path) -> Resolution:
    """Read and structure one resolution file (.txt, .pdf or .docx).

    >>> parse("samples/A_RES_64_177.txt").metadata.symbol
    'A/RES/64/177'
    """
    return build_resolution(read_source(path))


def compare(
    old: str | Path | Resolution, new: str | Path | Resolution, options: Options = Options()
) -> Comparison:
    """Compare two resolutions, given as files or already parsed.

    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> [link.new for link in c.links if link.kind.value == "split"]
    [('OP4', 'OP6')]
    """
    a = old if isinstance(old, Resolution) else parse(old)
    b = new if isinstance(new, Resolution) else parse(new)
    diffed = _with_diffs(align(a.paragraphs, b.paragraphs, options), a.paragraphs, b.paragraphs, options)
    old_by_id = {p.id: p for p in a.paragraphs}
    new_by_id = {p.id: p for p in b.paragraphs}
    links = tuple(
        classify(link, [old_by_id[i] for i in link.old], [new_by_id[i] for i in link.new]) for link in diffed
    )
    fa, fb = _footnote_paragraphs(a.footnotes), _footnote_paragraphs(b.footnotes)
    footnote_links = _with_diffs(align(fa, fb, options), fa, fb, options)
    return Comparison(
        old=a,
        new=b,
        links=links,
        footnote_links=footnote_links,
        title_diff=word_diff(a.metadata.title, b.metadata.title, options),
        digest=make_digest(links, a.paragraphs, b.paragraphs),
    )


def _footnote_paragraphs(footnotes: tuple[Footnote, ...]) -> list[Paragraph]:
    """Footnotes as paragraphs, so the aligner can pair them by what they say."""
    return [Paragraph(f.marker, Part.ANNEX, None, f.text) for f in footnotes]


def _with_diffs(
    links: list[Link],
    olds: tuple[Paragraph, ...] | list[Paragraph],
    news: tuple[Paragraph, ...] | list[Paragraph],
    options: Options,
) -> tuple[Link, ...]:
    """Fill each link's word diff; a side's paragraphs are joined with a newline."""
    old_text = {p.id: p.text for p in olds}
    new_text = {p.id: p.text for p in news}
    return tuple(
        replace(
            link,
            diff=word_diff(
                "\n".join(old_text[i] for i in link.old),
                "\n".join(new_text[i] for i in link.new),
                options,
            ),
        )
        for link in links
    )
