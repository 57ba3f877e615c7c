"""Plain text: what resdiff understood of one resolution, and the digest of a comparison."""

from __future__ import annotations

from ..mandates import mandate_lines
from ..model import Comparison, LinkKind, Paragraph, Part, Resolution
from .json import metadata_dict
from .views import paired_by_line, side_labels

__all__ = ["digest_sections", "render_digest", "render_text", "summary_line"]


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


def digest_sections(c: Comparison) -> list[tuple[str, list[str]]]:
    """The digest as (heading, items) pairs, empty sections left out: shared by text and Markdown.

    >>> from diffcore import compare
    >>> sections = dict(digest_sections(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")))
    >>> "OP5 → OP4, OP6" in sections["Moved, split or merged"]
    True
    """
    d = c.digest
    sections = [
        ("New paragraphs", [f"{i}: {t}" for i, t in d.added]),
        ("Deleted paragraphs", [f"{i}: {t}" for i, t in d.deleted]),
        (
            "Opening verbs changed",
            [f"{v.old_id} → {v.new_id}: {v.old} → {v.new} ({v.direction})" for v in d.verb_changes],
        ),
        ("Qualifiers", [f"{link}: {how} “{q}”" for link, how, q in d.qualifiers]),
        ("Moved, split or merged", list(d.rearranged)),
        ("Substantive changes, largest first", [f"{link}: {n} words changed" for link, n in d.substantive]),
        ("Mandates (requests for reports and action)", mandate_lines(c)),
    ]
    return [(heading, items) for heading, items in sections if items]


def render_digest(c: Comparison) -> str:
    """The digest as plain text, for a terminal or an e-mail.

    >>> from diffcore import compare
    >>> text = render_digest(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> "OP6 → OP7: Also requests → Urges (strengthened)" in text
    True
    """
    old, new = side_labels(c)
    lines = [f"{old} → {new}: {summary_line(c)}"]
    for heading, items in digest_sections(c):
        lines.append(f"\n{heading}")
        lines.extend(f"  - {item}" for item in items)
    lines.append(f"\nTechnical updates only (dates, symbols, sessions): {c.digest.technical} paragraph(s).")
    lines.append(f"How paired: {paired_by_line(c)}.")
    return "\n".join(lines) + "\n"


def _with_markers(p: Paragraph) -> str:
    """The paragraph text with footnote references shown as ``[n]``."""
    text = p.text
    for note in sorted(p.notes, key=lambda n: n.offset, reverse=True):
        text = f"{text[: note.offset]}[{note.marker}]{text[note.offset :]}"
    return text
