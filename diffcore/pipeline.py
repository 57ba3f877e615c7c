"""The library's entry points: parse a file, compare two resolutions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .align import align
from .classify import classify, make_digest
from .crossrefs import resolve_refs
from .model import Change, Comparison, Footnote, Link, LinkKind, Op, Paragraph, Part, Resolution, Segment
from .options import Options
from .perf import collector_paused, ordered_map
from .read import read_source
from .sections import section_events
from .structure import build_resolution
from .worddiff import word_diff

__all__ = ["compare", "parse", "slow_to_read"]


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
    with collector_paused():
        return _compare(old, new, options)


def _compare(old: str | Path | Resolution, new: str | Path | Resolution, options: Options) -> Comparison:
    if isinstance(old, Resolution) or isinstance(new, Resolution) or not slow_to_read(old, new):
        a = old if isinstance(old, Resolution) else parse(old)
        b = new if isinstance(new, Resolution) else parse(new)
    else:  # two PDFs, say: read one in a worker while this process reads the other
        a, b = ordered_map(parse, [old, new], options.workers, min_items=2)
    old_by_id = {p.id: p for p in a.paragraphs}
    new_by_id = {p.id: p for p in b.paragraphs}
    # pdftotext drops some hyphens or turns them into spaces ("North South" for
    # "North-South"): from its text a hyphen for a space may be layout.
    hyphens = "pdf-text" not in (a.format, b.format)
    aligned = align(a.paragraphs, b.paragraphs, options)
    # A paragraph unchanged in place needs neither a word diff nor a label:
    # only the other links go to the workers (in a long text, most are unchanged).
    work = [
        (link, [old_by_id[i] for i in link.old], [new_by_id[i] for i in link.new], options, hyphens)
        for link in aligned
        if link.kind is not LinkKind.UNCHANGED
    ]
    done = iter(ordered_map(_diffed_and_classified, work, options.workers))
    links = resolve_refs(
        [_unchanged(link, old_by_id) if link.kind is LinkKind.UNCHANGED else next(done) for link in aligned],
        a.paragraphs,
        b.paragraphs,
    )
    return Comparison(
        old=a,
        new=b,
        links=links,
        footnote_links=_footnote_links(a, b, options),
        title_diff=word_diff(a.metadata.title, b.metadata.title, options),
        digest=replace(
            make_digest(links, a.paragraphs, b.paragraphs),
            sections=section_events(links, a.paragraphs, b.paragraphs),
        ),
    )


# Reading takes long enough to be worth a worker (a fork and a pickled
# Resolution, about 10 ms) for a PDF or Word file or a long text.
_SLOW_SUFFIXES = (".pdf", ".docx")
_SLOW_SIZE = 256 * 1024


def slow_to_read(*paths: str | Path) -> bool:
    try:
        return any(Path(p).suffix.lower() in _SLOW_SUFFIXES for p in paths) or (
            sum(Path(p).stat().st_size for p in paths) >= _SLOW_SIZE
        )
    except OSError:  # a missing file: let the reader say so
        return False


def _unchanged(link: Link, old_by_id: dict[str, Paragraph]) -> Link:
    """An unchanged link as diffing and labelling it would make it: one equal segment, no change."""
    text = old_by_id[link.old[0]].text
    return replace(link, diff=(Segment(Op.EQUAL, text),) if text else (), change=Change.NONE)


def _diffed_and_classified(work: tuple[Link, list[Paragraph], list[Paragraph], Options, bool]) -> Link:
    """One link's word diff and classification: the work that runs in parallel."""
    link, olds, news, options, hyphens = work
    return classify(_diffed(link, olds, news, options), olds, news, hyphens)


def _diffed(link: Link, olds: Sequence[Paragraph], news: Sequence[Paragraph], options: Options) -> Link:
    """The link with its word diff; a side's paragraphs are joined with a newline."""
    diff = word_diff("\n".join(p.text for p in olds), "\n".join(p.text for p in news), options)
    return replace(link, diff=diff)


def _footnote_paragraphs(footnotes: tuple[Footnote, ...]) -> list[Paragraph]:
    """Footnotes as paragraphs, so the aligner can pair them by what they say."""
    return [Paragraph(f.marker, Part.ANNEX, None, f.text) for f in footnotes]


def _footnote_links(a: Resolution, b: Resolution, options: Options) -> tuple[Link, ...]:
    """The footnotes aligned and diffed like paragraphs (they are not classified)."""
    fa, fb = _footnote_paragraphs(a.footnotes), _footnote_paragraphs(b.footnotes)
    old_by_id = {p.id: p for p in fa}
    new_by_id = {p.id: p for p in fb}
    return tuple(
        _diffed(link, [old_by_id[i] for i in link.old], [new_by_id[i] for i in link.new], options)
        for link in align(fa, fb, options)
    )
