"""Plain text: what resdiff understood of one resolution, and the digest of a comparison."""

from __future__ import annotations

from dataclasses import dataclass

from ..mandates import describe, mandate_changes
from ..model import Comparison, DigestItem, LinkKind, MandateChange, Paragraph, Part, Resolution
from .json import metadata_dict
from .views import paired_by_line, side_labels

__all__ = [
    "DIGEST_TOP",
    "DigestEntry",
    "DigestSection",
    "change_counts",
    "digest_sections",
    "render_digest",
    "render_text",
    "summary_line",
]


def render_text(res: Resolution) -> str:
    """What the tool understood of one resolution, for ``resdiff show``.

    >>> from diffcore import parse
    >>> print(render_text(parse("samples/A_RES_64_177.txt")).splitlines()[0][:39])
    A/RES/64/177 - Technical assistance for
    """
    m = res.metadata
    lines = [f"{m.symbol or '(no symbol)'} - {m.title or '(no title)'}"]
    for key, value in metadata_dict(m).items():
        if key not in ("symbol", "title") and value not in ("", None, []):
            shown = ", ".join(value) if isinstance(value, list) else value
            lines.append(f"  {key.replace('_', ' ')}: {shown}")
    for note in res.notes:
        lines.append(f"  note: {note}")
    counts = {part: sum(p.part is part for p in res.paragraphs) for part in Part}
    lines.append(
        f"  paragraphs: {counts[Part.PREAMBLE]} preambular, {counts[Part.OPERATIVE]} operative"
        + (f", {counts[Part.ANNEX]} in annexes" if counts[Part.ANNEX] else "")
        + f"; footnotes: {len(res.footnotes)}"
    )
    section = ""
    for p in res.paragraphs:
        if p.section != section:
            section = p.section
            lines.append(f"\n== {section}")
        text = _with_markers(p)
        first, *rest = text.split("\n")
        lines.append(f"{p.id:>6}  {first}")
        lines.extend(f"{'':>6}    {line}" for line in rest)
    if res.footnotes:
        lines.append("\nFootnotes")
        lines.extend(f"{f.marker:>6}  {f.text}" for f in res.footnotes)
    return "\n".join(lines) + "\n"


def summary_line(c: Comparison) -> str:
    """Counts by kind and words changed, in one sentence.

    >>> from diffcore import compare
    >>> summary_line(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))[:25]
    '1 unchanged, 9 modified, '
    """
    s = c.summary
    counts = ", ".join(f"{s[k.value]} {k.value}" for k in LinkKind if s[k.value])
    return f"{counts}; {s['words_added']} words added, {s['words_removed']} removed."


# Items shown per digest list before the rest is folded away ("N more"):
# the digest of a 400-paragraph text must fit on one screen.
DIGEST_TOP = 8


@dataclass(frozen=True)
class DigestEntry:
    """One line of the digest: ``label`` names the link's row (``anchor``), ``detail`` says what
    changed there, ``tag`` is a verb change's direction or ""."""

    label: str
    detail: str
    anchor: str
    tag: str = ""

    @property
    def rest(self) -> str:
        """What follows the label: the detail, and the tag in brackets."""
        return self.detail + (f" ({self.tag})" if self.tag else "")

    @property
    def text(self) -> str:
        return f"{self.label}: {self.rest}"


@dataclass(frozen=True)
class DigestSection:
    """A titled list of the digest; ``key`` names it for styles and tests."""

    key: str
    heading: str
    entries: tuple[DigestEntry, ...]

    @property
    def top(self) -> tuple[DigestEntry, ...]:
        return self.entries[:DIGEST_TOP]

    @property
    def more(self) -> tuple[DigestEntry, ...]:
        return self.entries[DIGEST_TOP:]


def _anchor(old: tuple[str, ...], new: tuple[str, ...]) -> str:
    """The report's anchor for a link's row: its first new paragraph, else its first old one."""
    return f"new-{new[0]}" if new else f"old-{old[0]}"


def change_counts(c: Comparison) -> str:
    """How many paired paragraphs changed in substance, technically, in punctuation only; stale
    cross-references. (New and deleted paragraphs are counted in :func:`summary_line`.)

    >>> from diffcore import compare
    >>> print(change_counts(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")))
    10 substantive, 1 technical, 0 editorial (punctuation only) in paired paragraphs; 0 stale cross-references
    """
    d = c.digest
    return (
        f"{len(d.substantive)} substantive, {d.technical} technical,"
        # Said outright: the report's filters also count added and deleted rows as substantive.
        f" {d.editorial} editorial (punctuation only) in paired paragraphs;"
        f" {len(d.stale_refs)} stale cross-reference{'s' if len(d.stale_refs) != 1 else ''}"
    )


def digest_sections(c: Comparison) -> list[DigestSection]:
    """The digest's lists, empty ones left out: shared by the text, Markdown and HTML writers.

    >>> from diffcore import compare
    >>> c = compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")
    >>> sections = {s.key: s for s in digest_sections(c)}
    >>> [(e.label, e.anchor) for e in sections["rearranged"].entries]
    [('PP3 → PP6', 'new-PP6'), ('OP5 → OP4, OP6', 'new-OP4')]
    """
    d = c.digest
    rows = {
        (side, pid): _anchor(link.old, link.new)
        for link in c.links
        for side in ("old", "new")
        for pid in getattr(link, side)
    }
    sections = [
        DigestSection(
            "stale",
            "Stale cross-references",
            tuple(DigestEntry(s.new_id, f"“{s.text}” {s.reason}", f"new-{s.new_id}") for s in d.stale_refs),
        ),
        DigestSection(
            "verbs",
            "Opening verbs changed",
            tuple(
                DigestEntry(f"{v.old_id} → {v.new_id}", f"{v.old} → {v.new}", f"new-{v.new_id}", v.direction)
                for v in d.verb_changes
            ),
        ),
        DigestSection("added", "New paragraphs", tuple(DigestEntry(i, t, f"new-{i}") for i, t in d.added)),
        DigestSection(
            "provenance",
            "Where new wording came from",
            tuple(DigestEntry(i, t, f"new-{i}") for i, t in c.provenance),
        ),
        DigestSection(
            "deleted", "Deleted paragraphs", tuple(DigestEntry(i, t, f"old-{i}") for i, t in d.deleted)
        ),
        DigestSection(
            "qualifiers",
            "Qualifiers",
            tuple(
                DigestEntry(item.label, f"{how} “{q}”", _anchor(item.old, item.new))
                for item, how, q in d.qualifiers
            ),
        ),
        DigestSection(
            "rearranged",
            "Moved, split or merged",
            tuple(
                DigestEntry(item.label, _rearranged(item), _anchor(item.old, item.new))
                for item in d.rearranged
            ),
        ),
        DigestSection(
            "substantive",
            "Substantive changes, largest first",
            tuple(
                DigestEntry(
                    item.label,
                    f"{item.words} word{'s' if item.words != 1 else ''} changed",
                    _anchor(item.old, item.new),
                )
                for item in d.substantive
            ),
        ),
        DigestSection(
            "mandates",
            "Mandates (requests for reports and action)",
            tuple(DigestEntry(*describe(ch), _mandate_anchor(rows, ch)) for ch in mandate_changes(c)),
        ),
    ]
    return [s for s in sections if s.entries]


def _mandate_anchor(rows: dict[tuple[str, str], str], ch: MandateChange) -> str:
    """The anchor of the row that holds a mandate's paragraph (the new one, else the old one)."""
    side, pid = ("new", ch.new_id) if ch.new_id else ("old", ch.old_id)
    return rows.get((side, pid.split("(")[0]), f"{side}-{pid}")


def _rearranged(item: DigestItem) -> str:
    if len(item.new) > 1:
        return "split"
    if len(item.old) > 1:
        return "merged"
    return "moved"


def render_digest(c: Comparison) -> str:
    """The digest as plain text, for a terminal or an e-mail: counts first, then each list's
    first items and how many more the report holds.

    >>> from diffcore import compare
    >>> text = render_digest(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> "OP6 → OP7: Also requests → Urges (strengthened)" in text
    True
    """
    old, new = side_labels(c)
    lines = [f"{old} → {new}: {summary_line(c)}", f"Changes: {change_counts(c)}."]
    for section in digest_sections(c):
        lines.append(f"\n{section.heading} ({len(section.entries)})")
        lines.extend(f"  - {entry.text}" for entry in section.top)
        if section.more:
            lines.append(f"  … and {len(section.more)} more (see the report)")
    lines.append(f"\nHow paired: {paired_by_line(c)}.")
    return "\n".join(lines) + "\n"


def _with_markers(p: Paragraph) -> str:
    """The paragraph text with footnote references shown as ``[n]``."""
    text = p.text
    for note in sorted(p.notes, key=lambda n: n.offset, reverse=True):
        text = f"{text[: note.offset]}[{note.marker}]{text[note.offset :]}"
    return text
