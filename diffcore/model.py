"""The data model shared by every stage: frozen dataclasses and enums.

Data flows one way: ``read`` makes a :class:`SourceText` (text blocks),
``structure`` turns it into a :class:`Resolution`, ``align`` links the
paragraphs of two resolutions, ``worddiff`` fills each :class:`Link` with
:class:`Segment` ops, ``classify`` labels the changes, and ``render`` turns
the :class:`Comparison` into HTML, JSON or text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "NOTE_CLOSE",
    "NOTE_OPEN",
    "Block",
    "BlockKind",
    "Change",
    "Collapse",
    "Comparison",
    "Digest",
    "DigestItem",
    "Footnote",
    "Hide",
    "HistoryFormat",
    "Link",
    "LinkKind",
    "Mandate",
    "MandateChange",
    "MandateChangeKind",
    "MatchedBy",
    "Metadata",
    "NoteRef",
    "Op",
    "Paper",
    "Paragraph",
    "Part",
    "PdfEngine",
    "ReportFormat",
    "Resolution",
    "SectionEvent",
    "Segment",
    "ShowFormat",
    "SourceText",
    "StaleRef",
    "VerbChange",
    "View",
]

# A reader that knows where a footnote reference is (a superscript in a PDF,
# a glued digit in the UN text format) writes it into a block's text as
# NOTE_OPEN + marker + NOTE_CLOSE; ``structure`` lifts it out of the text so
# that renumbered footnotes never show up as word changes.
NOTE_OPEN = "\ue000"
NOTE_CLOSE = "\ue001"


class BlockKind(StrEnum):
    """What a block of source text is, as far as the reader can tell."""

    TEXT = "text"  # a logical paragraph or header line, in reading order
    FOOTNOTE = "footnote"  # a footnote's text; its number is in Block.marker


@dataclass(frozen=True)
class Block:
    """One logical unit of text: a whole paragraph, a header line, a footnote."""

    kind: BlockKind
    text: str
    marker: str = ""


@dataclass(frozen=True)
class SourceText:
    """What a reader got out of a file, page furniture already removed."""

    path: str
    format: str  # "un-text", "pdf", "pdf-text", "docx"
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = ()  # remarks for the report, e.g. tracked changes accepted


class Part(StrEnum):
    """The part of a resolution a paragraph belongs to."""

    PREAMBLE = "preamble"
    OPERATIVE = "operative"
    ANNEX = "annex"


@dataclass(frozen=True)
class NoteRef:
    """A footnote reference: ``marker`` stood just before ``offset`` in the text."""

    offset: int
    marker: str


@dataclass(frozen=True)
class Paragraph:
    """A preambular, operative or annex paragraph.

    ``text`` has no paragraph number and no footnote references; its
    sub-paragraphs, such as ``(a) ...``, follow the chapeau on lines of
    their own (joined with ``"\\n"``).
    """

    id: str
    part: Part
    number: int | None
    text: str
    notes: tuple[NoteRef, ...] = ()
    section: str = ""  # the heading the paragraph stands under, if any


@dataclass(frozen=True)
class Footnote:
    marker: str
    text: str


@dataclass(frozen=True)
class Metadata:
    """What a resolution says about itself, each field empty when absent."""

    symbol: str = ""
    title: str = ""
    status: str = ""  # "adopted" or "draft"
    adopted: str = ""  # ISO date
    session: int | None = None
    agenda_item: str = ""
    committee: str = ""
    committee_report: str = ""
    plenary_meeting: int | None = None
    distributed: str = ""  # ISO date of the distribution line
    distribution: str = ""  # "General" or "Limited"
    sponsors: tuple[str, ...] = ()
    basis: str = ""  # the draft a Vice-Chair's text is based on
    revision: str = ""  # e.g. "Rev.1"
    corrigendum: str = ""  # e.g. "Corr.1"
    organ: str = ""  # the line that opens the text: "The General Assembly,"


@dataclass(frozen=True)
class Resolution:
    """A parsed resolution: metadata, paragraphs in document order, footnotes."""

    source: str
    format: str
    metadata: Metadata
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...] = ()
    notes: tuple[str, ...] = ()

    def paragraph(self, pid: str) -> Paragraph:
        """Return the paragraph with id ``pid``; KeyError if there is none."""
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KeyError(pid)


class LinkKind(StrEnum):
    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    DELETED = "deleted"


class MatchedBy(StrEnum):
    """The aligner's pass that made a link, in the order the passes run (see docs/alignment.md).

    A split or merge records the pass that attached its pieces (the clause
    rule if any piece came by it); an added or deleted paragraph, which no
    pass paired, is ``UNMATCHED``.
    """

    IDENTICAL = "identical"  # the same text, paired by hash
    BEST_MATCH = "best_match"  # the best-scoring pair above Options.min_similarity
    IN_PLACE_OVER_MOVE = "in_place_over_move"  # a pair in place that a near-equal move gave way to
    SPLIT_PIECE = "split_piece"  # a new paragraph made of what an old one's partner left out
    MERGE_PIECE = "merge_piece"  # the same, sides swapped
    CLAUSE_MOVED_OUT = "clause_moved_out"  # a piece holding nearly all of a clause its partner dropped
    REWRITTEN_IN_PLACE = "rewritten_in_place"  # a weak pair alone in a small gap, same opening word
    LONE_REWRITE = "lone_rewrite"  # a pair alone on each side of its gap, another opening word
    UNMATCHED = "unmatched"  # no pass found a partner


class Op(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


class Change(StrEnum):
    """Whether a link's changes matter to a drafter."""

    NONE = "none"
    EDITORIAL = "editorial"  # punctuation only: a comma, a full stop for a semicolon
    TECHNICAL = "technical"  # dates, symbols, sessions, cross-references that follow renumbering
    SUBSTANTIVE = "substantive"


@dataclass(frozen=True)
class VerbChange:
    """The opening verb of ``old_id`` was ``old``; in ``new_id`` it is ``new``."""

    old_id: str
    new_id: str
    old: str
    new: str
    direction: str  # "strengthened", "weakened" or "changed"


@dataclass(frozen=True)
class StaleRef:
    """A cross-reference in new paragraph ``new_id`` that no longer points where it did.

    ``text`` is the reference as written ("paragraph 99 above"). In the old
    text the same reference pointed at ``old_target`` (``""`` if the old text
    had no such reference), which became ``became`` in the new text (empty if
    it was deleted); in the new text the number points at ``new_target``
    (``""``: no paragraph has that number). ``wrong_side`` is set when the
    reference says "above" of a paragraph that stands below it, or the reverse.
    """

    new_id: str
    text: str
    old_target: str
    became: tuple[str, ...]
    new_target: str
    wrong_side: bool = False

    @property
    def reason(self) -> str:
        """Why the reference is stale, in one sentence.

        >>> StaleRef("OP95", "paragraph 99 above", "OP99", ("OP94",), "OP99").reason
        'pointed at OP99, now OP94; not updated, it points at OP99 instead'
        >>> StaleRef("OP5", "paragraph 9 above", "OP9", (), "").reason
        'points at no paragraph of the new text (it pointed at OP9, since deleted)'
        >>> StaleRef("OP3", "paragraph 5 above", "OP5", ("OP5",), "OP5", wrong_side=True).reason
        'says above, but OP5 stands below OP3'
        """
        if not self.new_target:
            return "points at no paragraph of the new text" + self._was()
        if self.wrong_side:
            said = self.text.split()[-1]
            other = "below" if said == "above" else "above"
            return f"says {said}, but {self.new_target} stands {other} {self.new_id}"
        if not self.became:
            return f"pointed at {self.old_target}, which was deleted; now points at {self.new_target}"
        return (
            f"pointed at {self.old_target}, now {', '.join(self.became)}; not updated,"
            f" it points at {self.new_target} instead"
        )

    def _was(self) -> str:
        if not self.old_target:
            return ""
        now = f"now {', '.join(self.became)}" if self.became else "since deleted"
        return f" (it pointed at {self.old_target}, {now})"


# A word is a whitespace-separated token with a letter or digit ([^\W_] is
# exactly str.isalnum): an inserted comma is not a word.
_WORD = re.compile(r"\S*?[^\W_]\S*")


@dataclass(frozen=True)
class Link:
    """Old paragraphs and the new paragraphs they became.

    ``matched_by`` is the aligner's pass that made the link; ``in_place`` is
    true when the link is one of those that kept their order on both sides
    (false for moves and for added or deleted paragraphs). ``diff`` rebuilds
    the old texts (equal + delete) and the new texts (equal + insert), each
    side's paragraphs joined with ``"\\n"``.
    """

    old: tuple[str, ...]
    new: tuple[str, ...]
    kind: LinkKind
    similarity: float = 0.0
    diff: tuple[Segment, ...] = ()
    change: Change = Change.NONE
    verbs: tuple[VerbChange, ...] = ()
    qualifiers_added: tuple[str, ...] = ()
    qualifiers_removed: tuple[str, ...] = ()
    runner_up: tuple[str, float] | None = None
    matched_by: MatchedBy = MatchedBy.UNMATCHED
    in_place: bool = False
    stale_refs: tuple[StaleRef, ...] = ()

    @property
    def words_added(self) -> int:
        """Words inserted; none for an unchanged link, whose diff can hold spacing only."""
        return self._words(Op.INSERT)

    @property
    def words_removed(self) -> int:
        return self._words(Op.DELETE)

    def _words(self, op: Op) -> int:
        if self.kind is LinkKind.UNCHANGED:
            return 0
        return sum(len(_WORD.findall(s.text)) for s in self.diff if s.op is op)


@dataclass(frozen=True)
class DigestItem:
    """A link as the digest names it: its old and new ids, and the words it changed."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    words: int = 0

    @property
    def label(self) -> str:
        """``"OP5 → OP4, OP6"``; a missing side is ``-``."""
        return f"{', '.join(self.old) or '-'} \u2192 {', '.join(self.new) or '-'}"


@dataclass(frozen=True)
class SectionEvent:
    """What became of a section heading: ``kind`` is "renamed", "merged", "removed" or "added".

    ``old``/``new`` are the headings as printed ("XIII. Regional cooperation");
    for "merged", ``new`` is the section most of its paragraphs went to.
    Renumbering alone ("XIV." becoming "XIII.") is no event.
    """

    kind: str
    old: str
    new: str


@dataclass(frozen=True)
class Digest:
    """A short summary a reader can paste into a briefing."""

    added: tuple[tuple[str, str], ...] = ()  # (new id, opening words)
    deleted: tuple[tuple[str, str], ...] = ()  # (old id, opening words)
    verb_changes: tuple[VerbChange, ...] = ()
    qualifiers: tuple[tuple[DigestItem, str, str], ...] = ()  # (link, "added"/"removed", phrase)
    substantive: tuple[DigestItem, ...] = ()  # most words changed first
    technical: int = 0
    rearranged: tuple[DigestItem, ...] = ()  # moved, split and merged links
    matched_by: tuple[tuple[MatchedBy, int], ...] = ()  # links per aligner pass, in pass order
    editorial: int = 0  # links changed in punctuation only
    stale_refs: tuple[StaleRef, ...] = ()  # cross-references that no longer point where they did
    sections: tuple[SectionEvent, ...] = ()  # headings renamed, merged, removed or added


@dataclass(frozen=True)
class Comparison:
    """Two resolutions and the links between their paragraphs and footnotes."""

    old: Resolution
    new: Resolution
    links: tuple[Link, ...]
    footnote_links: tuple[Link, ...] = ()
    title_diff: tuple[Segment, ...] = ()
    digest: Digest = Digest()
    provenance: tuple[tuple[str, str], ...] = ()  # (new paragraph id, where its wording came from), with --db

    @property
    def summary(self) -> dict[str, int]:
        """Counts of links per kind, then words added and removed."""
        counts = {kind.value: 0 for kind in LinkKind}
        for link in self.links:
            counts[link.kind.value] += 1
        counts["words_added"] = sum(link.words_added for link in self.links)
        counts["words_removed"] = sum(link.words_removed for link in self.links)
        return counts


# How a user asks for a report: the CLI's choices, the renderers' options and
# the templates' switches all use these, so a value is spelt once.


class ReportFormat(StrEnum):
    """The formats a comparison can be written in."""

    HTML = "html"
    JSON = "json"
    MD = "md"
    DOCX = "docx"
    PDF = "pdf"


class HistoryFormat(StrEnum):
    """The formats ``resdiff history`` writes (Word and PDF redlines are for one pair)."""

    HTML = "html"
    JSON = "json"
    MD = "md"


class ShowFormat(StrEnum):
    """The formats ``resdiff show`` prints one resolution in."""

    TEXT = "text"
    JSON = "json"


class View(StrEnum):
    """The view an HTML report opens in."""

    SIDE = "side"
    INLINE = "inline"


class Hide(StrEnum):
    """Rows a report can start with hidden."""

    UNCHANGED = "unchanged"
    TECHNICAL = "technical"  # and editorial (punctuation-only) changes with them


class Paper(StrEnum):
    """Print and PDF page sizes (landscape)."""

    A4 = "A4"
    LETTER = "Letter"


class Collapse(StrEnum):
    """When a report folds runs of unchanged paragraphs: ``auto`` for long texts."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class PdfEngine(StrEnum):
    """What prints a PDF report: ``auto`` is Chromium if installed, else WeasyPrint."""

    AUTO = "auto"
    CHROMIUM = "chromium"
    WEASYPRINT = "weasyprint"


# ---------------------------------------------------------------- mandates
# What operative paragraphs ask the Secretary-General or another body to do
# (diffcore.mandates finds them); they drive the secretariat's work plan.


class MandateChangeKind(StrEnum):
    NEW = "new"
    DROPPED = "dropped"
    TIMING_CHANGED = "timing_changed"
    CHANGED = "changed"  # same paragraph, another body or action


@dataclass(frozen=True)
class Mandate:
    """A request for a report or action: ``body`` is asked to ``action`` (``timing`` "" if none)."""

    paragraph: str  # "OP12", or "OP12(a)" for a sub-paragraph
    body: str  # "Secretary-General"
    action: str  # "submit a report"
    timing: str  # "at its eighty-first session", "annually", ""


@dataclass(frozen=True)
class MandateChange:
    """A mandate new, dropped, or changed between two versions; ids are "" when absent."""

    kind: MandateChangeKind
    old_id: str
    new_id: str
    body: str
    action: str
    old_timing: str
    new_timing: str
