"""Stage 6, render: a :class:`~diffcore.model.Comparison` -> HTML, JSON or text.

The HTML report is built by one jinja2 Environment with autoescape on, from
templates that hold presentation only; this module prepares plain view
objects (rows, cells, pieces) for them. JSON is the contract other tools
read: key order is fixed and nothing varies between runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import (
    Comparison,
    Digest,
    Link,
    LinkKind,
    Metadata,
    Op,
    Paragraph,
    Part,
    Resolution,
    Segment,
    VerbChange,
)

if TYPE_CHECKING:  # jinja2 is imported only when a report is rendered
    import jinja2

__all__ = [
    "ReportOptions",
    "comparison_dict",
    "digest_dict",
    "render_digest",
    "render_html",
    "render_json",
    "render_text",
    "resolution_dict",
]

FORMAT_NAME = "resdiff-comparison"
FORMAT_VERSION = 1


# ---------------------------------------------------------------- JSON


def resolution_dict(res: Resolution) -> dict[str, Any]:
    """One resolution as the JSON contract has it."""
    return {
        "source": res.source,
        "format": res.format,
        "metadata": _metadata_dict(res.metadata),
        "notes": list(res.notes),
        "paragraphs": [
            {
                "id": p.id,
                "part": p.part.value,
                "number": p.number,
                "section": p.section,
                "text": p.text,
                "footnotes": [{"offset": n.offset, "marker": n.marker} for n in p.notes],
            }
            for p in res.paragraphs
        ],
        "footnotes": [{"marker": f.marker, "text": f.text} for f in res.footnotes],
    }


def _metadata_dict(m: Metadata) -> dict[str, Any]:
    return {
        "symbol": m.symbol,
        "title": m.title,
        "status": m.status,
        "adopted": m.adopted,
        "session": m.session,
        "agenda_item": m.agenda_item,
        "committee": m.committee,
        "committee_report": m.committee_report,
        "plenary_meeting": m.plenary_meeting,
        "distributed": m.distributed,
        "distribution": m.distribution,
        "sponsors": list(m.sponsors),
        "basis": m.basis,
        "revision": m.revision,
        "corrigendum": m.corrigendum,
    }


def _link_dict(link: Link) -> dict[str, Any]:
    out: dict[str, Any] = {
        "old": list(link.old),
        "new": list(link.new),
        "kind": link.kind.value,
        "similarity": link.similarity,
    }
    if link.runner_up:
        out["runner_up"] = {"id": link.runner_up[0], "similarity": link.runner_up[1]}
    out["change"] = link.change.value
    if link.verbs:
        out["verb"] = _verb_dict(link.verbs[0])
        out["verbs"] = [_verb_dict(v) for v in link.verbs]
    if link.qualifiers_added or link.qualifiers_removed:
        out["qualifiers"] = {
            "added": list(link.qualifiers_added),
            "removed": list(link.qualifiers_removed),
        }
    out["words_added"] = link.words_added
    out["words_removed"] = link.words_removed
    out["diff"] = _diff_list(link.diff)
    return out


def _verb_dict(v: VerbChange) -> dict[str, str]:
    return {"old_id": v.old_id, "new_id": v.new_id, "old": v.old, "new": v.new, "direction": v.direction}


def digest_dict(d: Digest) -> dict[str, Any]:
    """The digest as the JSON contract has it."""
    return {
        "added": [{"id": i, "opening": t} for i, t in d.added],
        "deleted": [{"id": i, "opening": t} for i, t in d.deleted],
        "verb_changes": [_verb_dict(v) for v in d.verb_changes],
        "qualifiers": [{"link": link, "change": how, "qualifier": q} for link, how, q in d.qualifiers],
        "substantive": [{"link": link, "words_changed": n} for link, n in d.substantive],
        "technical": d.technical,
        "rearranged": list(d.rearranged),
    }


def _diff_list(diff: Iterable[Segment]) -> list[dict[str, str]]:
    return [{"op": s.op.value, "text": s.text} for s in diff]


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """The whole comparison as the JSON contract has it."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "old": resolution_dict(c.old),
        "new": resolution_dict(c.new),
        "title_diff": _diff_list(c.title_diff),
        "links": [_link_dict(link) for link in c.links],
        "footnote_links": [_link_dict(link) for link in c.footnote_links],
        "summary": c.summary,
        "digest": digest_dict(c.digest),
    }


def render_json(c: Comparison) -> str:
    """The comparison as indented JSON text (UTF-8, not ASCII-escaped).

    >>> from diffcore import compare
    >>> doc = json.loads(render_json(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")))
    >>> doc["format"], doc["version"], doc["old"]["metadata"]["symbol"]
    ('resdiff-comparison', 1, 'A/RES/64/177')
    """
    return json.dumps(comparison_dict(c), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- text


def render_text(res: Resolution) -> str:
    """What the tool understood of one resolution, for ``resdiff show``.

    >>> from diffcore import parse
    >>> print(render_text(parse("samples/A_RES_64_177.txt")).splitlines()[0][:39])
    A/RES/64/177 - Technical assistance for
    """
    m = res.metadata
    lines = [f"{m.symbol or '(no symbol)'} - {m.title or '(no title)'}"]
    for key, value in _metadata_dict(m).items():
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


def render_digest(c: Comparison) -> str:
    """The digest as plain text, for a terminal or an e-mail.

    >>> from diffcore import compare
    >>> text = render_digest(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> "OP6 → OP7: Also requests → Urges (strengthened)" in text
    True
    """
    d = c.digest
    s = c.summary
    old = c.old.metadata.symbol or Path(c.old.source).name
    new = c.new.metadata.symbol or Path(c.new.source).name
    counts = ", ".join(f"{s[k.value]} {k.value}" for k in LinkKind if s[k.value])
    lines = [
        f"{old} → {new}: {counts}; {s['words_added']} words added, {s['words_removed']} removed.",
    ]

    def block(heading: str, items: list[str]) -> None:
        if items:
            lines.append(f"\n{heading}")
            lines.extend(f"  - {item}" for item in items)

    block("New paragraphs", [f"{i}: {t}" for i, t in d.added])
    block("Deleted paragraphs", [f"{i}: {t}" for i, t in d.deleted])
    block(
        "Opening verbs changed",
        [f"{v.old_id} → {v.new_id}: {v.old} → {v.new} ({v.direction})" for v in d.verb_changes],
    )
    block("Qualifiers", [f"{link}: {how} “{q}”" for link, how, q in d.qualifiers])
    block("Moved, split or merged", list(d.rearranged))
    block(
        "Substantive changes, largest first",
        [f"{link}: {n} words changed" for link, n in d.substantive],
    )
    lines.append(f"\nTechnical updates only (dates, symbols, sessions): {d.technical} paragraph(s).")
    return "\n".join(lines) + "\n"


def _with_markers(p: Paragraph) -> str:
    """The paragraph text with footnote references shown as ``[n]``."""
    text = p.text
    for note in sorted(p.notes, key=lambda n: n.offset, reverse=True):
        text = f"{text[: note.offset]}[{note.marker}]{text[note.offset :]}"
    return text


# ---------------------------------------------------------------- HTML


@dataclass(frozen=True)
class Piece:
    """A run of text in a report cell: op is equal/delete/insert, or note."""

    op: str
    text: str


@dataclass(frozen=True)
class ParaView:
    """One paragraph in a cell: its anchor, label and lines of pieces."""

    anchor: str
    id: str
    lines: tuple[tuple[Piece, ...], ...]
    sub: tuple[bool, ...]  # per line: is it a sub-paragraph


@dataclass(frozen=True)
class ReportOptions:
    """How a report looks: its title, and which rows start hidden.

    ``hide`` may hold "unchanged" and "technical"; hidden rows stay in the
    file behind a switch, so a reader can bring them back.
    """

    title: str = ""
    hide: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Row:
    kind: str
    change: str
    verbs: tuple[VerbChange, ...]
    qualifiers_added: tuple[str, ...]
    qualifiers_removed: tuple[str, ...]
    label: str
    note: str
    similarity: float
    words_added: int
    words_removed: int
    old: tuple[ParaView, ...]
    new: tuple[ParaView, ...]
    heading: str  # a section heading to show above this row
    counterpart: tuple[tuple[str, str], ...]  # (anchor, id) of the row's other side, for moves


def _side_pieces(diff: Sequence[Segment], side: str) -> list[Piece]:
    skip = Op.INSERT if side == "old" else Op.DELETE
    return [Piece(s.op.value, s.text) for s in diff if s.op is not skip]


def _paragraph_views(pieces: list[Piece], paragraphs: Sequence[Paragraph], side: str) -> tuple[ParaView, ...]:
    """Cut a side's pieces into its paragraphs and lines, adding footnote markers."""
    views = []
    stream = _char_runs(pieces)
    for k, p in enumerate(paragraphs):
        notes: dict[int, list[str]] = {}
        for n in p.notes:
            notes.setdefault(n.offset, []).append(n.marker)
        lines: list[list[Piece]] = [[]]
        for pos in range(len(p.text) + 1):
            for marker in notes.get(pos, ()):
                lines[-1].append(Piece("note", marker))
            if pos == len(p.text):
                break
            op, ch = next(stream)
            if ch == "\n":
                lines.append([])
            elif lines[-1] and lines[-1][-1].op == op:
                lines[-1][-1] = Piece(op, lines[-1][-1].text + ch)
            else:
                lines[-1].append(Piece(op, ch))
        if k < len(paragraphs) - 1:
            next(stream)  # the newline that joined this paragraph to the next
        views.append(
            ParaView(
                anchor=f"{side}-{p.id}",
                id=p.id,
                lines=tuple(tuple(line) for line in lines),
                sub=tuple(_is_sub(line) for line in lines),
            )
        )
    return tuple(views)


def _char_runs(pieces: list[Piece]) -> Iterator[tuple[str, str]]:
    for piece in pieces:
        for ch in piece.text:
            yield piece.op, ch


def _is_sub(line: list[Piece]) -> bool:
    start = "".join(p.text for p in line[:3] if p.op != "note")
    return start.startswith("(") and ")" in start[:7]


def _label(link: Link) -> str:
    old = ", ".join(link.old) or "-"
    new = ", ".join(link.new) or "-"
    return f"{old} \u2192 {new}"


def _note(link: Link) -> str:
    if link.kind is LinkKind.SPLIT:
        return f"{link.old[0]} was split into {' and '.join(link.new)}"
    if link.kind is LinkKind.MERGED:
        return f"{' and '.join(link.old)} were merged into {link.new[0]}"
    if link.kind is LinkKind.MOVED:
        return f"moved: was {link.old[0]}, now {link.new[0]}"
    if link.kind is LinkKind.ADDED:
        return "new paragraph"
    if link.kind is LinkKind.DELETED:
        return "paragraph deleted"
    return ""


def _rows(c: Comparison) -> list[Row]:
    old_by_id = {p.id: p for p in c.old.paragraphs}
    new_by_id = {p.id: p for p in c.new.paragraphs}
    rows = []
    section = ""
    for link in c.links:
        olds = [old_by_id[i] for i in link.old]
        news = [new_by_id[i] for i in link.new]
        heading = ""
        here = news[0].section if news else section
        if here != section:
            heading = section = here
        counterpart: tuple[tuple[str, str], ...] = ()
        if link.kind in (LinkKind.MOVED, LinkKind.SPLIT, LinkKind.MERGED):
            counterpart = tuple((f"old-{i}", i) for i in link.old) + tuple((f"new-{i}", i) for i in link.new)
        rows.append(
            Row(
                kind=link.kind.value,
                change=link.change.value,
                verbs=link.verbs,
                qualifiers_added=link.qualifiers_added,
                qualifiers_removed=link.qualifiers_removed,
                label=_label(link),
                note=_note(link),
                similarity=link.similarity,
                words_added=link.words_added,
                words_removed=link.words_removed,
                old=_paragraph_views(_side_pieces(link.diff, "old"), olds, "old"),
                new=_paragraph_views(_side_pieces(link.diff, "new"), news, "new"),
                heading=heading,
                counterpart=counterpart,
            )
        )
    return rows


def _footnote_rows(c: Comparison) -> list[Row]:
    rows = []
    for link in c.footnote_links:
        old = [Paragraph(m, Part.ANNEX, None, _footnote_text(c.old, m)) for m in link.old]
        new = [Paragraph(m, Part.ANNEX, None, _footnote_text(c.new, m)) for m in link.new]
        rows.append(
            Row(
                kind=link.kind.value,
                change=link.change.value,
                verbs=(),
                qualifiers_added=(),
                qualifiers_removed=(),
                label=_label(link),
                note="",
                similarity=link.similarity,
                words_added=link.words_added,
                words_removed=link.words_removed,
                old=_paragraph_views(_side_pieces(link.diff, "old"), old, "old-fn"),
                new=_paragraph_views(_side_pieces(link.diff, "new"), new, "new-fn"),
                heading="",
                counterpart=(),
            )
        )
    return rows


def _footnote_text(res: Resolution, marker: str) -> str:
    return next(f.text for f in res.footnotes if f.marker == marker)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The one jinja2 Environment, autoescaping everything it renders."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_template_dir())),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _template_dir() -> Path:
    """The templates: beside the package in a source checkout, inside it when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "report.html.j2").is_file():
            return candidate
    raise FileNotFoundError("resdiff templates not found; reinstall the package")


def render_html(c: Comparison, options: ReportOptions = ReportOptions()) -> str:
    """The self-contained side-by-side HTML report.

    >>> from diffcore import compare
    >>> html = render_html(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> html.startswith("<!DOCTYPE html>") and "<del" in html and "<ins" in html
    True
    """
    old_label = c.old.metadata.symbol or Path(c.old.source).name
    new_label = c.new.metadata.symbol or Path(c.new.source).name
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=options.title or f"{old_label} \u2192 {new_label}",
        hide=options.hide,
        digest=c.digest,
        old=c.old,
        new=c.new,
        old_label=old_label,
        new_label=new_label,
        title_diff=[Piece(s.op.value, s.text) for s in c.title_diff],
        summary=c.summary,
        kinds=[k.value for k in LinkKind],
        rows=_rows(c),
        footnote_rows=_footnote_rows(c),
    )
