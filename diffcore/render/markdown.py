"""A Markdown redline for e-mails and trackers: ``~~deleted~~`` and ``**inserted**`` words.

Where a mark would sit between a letter and punctuation, which CommonMark
does not read as emphasis, ``<del>`` and ``<ins>`` mark the change instead.
Document text is backslash-escaped, so nothing in a resolution can become a
link, an HTML tag, emphasis or a heading in whatever renders the Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Change, Comparison, Hide
from .text import DigestEntry, change_counts, digest_sections, summary_line
from .views import Line, Piece, ReportOptions, Row, footnote_rows, paired_by_line, rows, side_labels

__all__ = ["heading_slug", "md_escape", "redline_md_line", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_~\[\]<>&|#])")
# Where renderers start a link of their own (GFM's extended autolinks, linkify's
# bare domains): a scheme's "://" or "mailto:", an e-mail's "@", a domain's dot.
# A backslash before that character leaves it as it was, and no link starts.
_LINKISH = re.compile(r"(?<=[\w.+-])(?=\.[^\W\d_]{2}|@|:/)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)", re.IGNORECASE)
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def md_escape(text: str) -> str:
    r"""``text`` with every character Markdown (or HTML in it) could act on backslash-escaped.

    Nor can a URL, ``www.`` address or e-mail address in it become a link.

    >>> md_escape("<b>5 * 3</b> [link](x) ~~no~~")
    '\\<b\\>5 \\* 3\\</b\\> \\[link\\](x) \\~\\~no\\~\\~'
    >>> md_escape("see https://www.un.org or info@un.org, paragraph 64.177")
    'see https\\://www\\.un\\.org or info\\@un\\.org, paragraph 64.177'
    """
    return _LINKISH.sub(r"\\", _SPECIAL.sub(r"\\\1", text))


def _pieces(pieces: Sequence[Piece]) -> str:
    out: list[str] = []
    for k, p in enumerate(pieces):
        if p.op == "note":
            out.append(f"^{md_escape(p.text)}")
            continue
        text = md_escape(p.text)
        if p.op == "equal" or not text.strip():
            out.append(text if p.op != "delete" else "")
            continue
        # Emphasis markers must touch words and be flanked the way CommonMark wants:
        # spaces stay outside them. A mark between a letter and punctuation
        # ("violations~~,~~") neither opens nor closes, so there HTML tags mark
        # the change: a space would show one the text does not have.
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        before = out[-1][-1:] if out and out[-1] else "".join(out)[-1:]
        nxt = next((q for q in pieces[k + 1 :] if q.text), None)
        after = "" if nxt is None else "^" if nxt.op == "note" else nxt.text[0]
        closes_badly = not trail and after.isalnum() and not core[-1].isalnum()
        if closes_badly and nxt is not None and nxt.op in ("delete", "insert"):
            trail, closes_badly = " ", False  # a deletion and an insertion side by side
        if closes_badly or (not lead and before.isalnum() and not core[0].isalnum()):
            tag = "del" if p.op == "delete" else "ins"
            out.append(f"{lead}<{tag}>{core}</{tag}>{trail}")
            continue
        if not lead and before in ("~", "*"):  # a deletion and an insertion side by side
            lead = " "
        mark = "~~" if p.op == "delete" else "**"
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)


def redline_md_line(line: Line, last: bool) -> str:
    body = _pieces(line.pieces)
    body = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), body) if not line.new_id else body
    pid = line.new_id or line.old_id
    label = f"`{pid}` " if pid else ""
    if not last and line.mark == "delete":
        body += " ~~¶~~"
    elif not last and line.mark == "insert":
        body += " **¶**"
    indent = "    " if line.sub and not pid else ""
    return f"{indent}{label}{body}".rstrip()


def render_markdown(c: Comparison, options: ReportOptions = ReportOptions()) -> str:
    """The comparison as a Markdown redline: header, digest, then each changed paragraph.

    >>> from diffcore import compare
    >>> md = render_markdown(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> "~~sixty-fifth~~ **sixty-seventh**" in md
    True
    """
    old_label, new_label = side_labels(c, options)
    title = options.title or f"{old_label} \u2192 {new_label}"
    out = [f"# {md_escape(title)}", ""]
    for side, label, res in (("Old", old_label, c.old), ("New", new_label, c.new)):
        m = res.metadata
        facts = [f"adopted {m.adopted}" if m.adopted else "", f"session {m.session}" if m.session else ""]
        more = ", ".join(f for f in facts if f)
        out.append(f"- **{side}:** {md_escape(label)}" + (f" ({more})" if more else ""))
    if c.title_diff:
        out.append(f"- **Title:** {_pieces([Piece(s.op.value, s.text) for s in c.title_diff])}")
    out += [
        "",
        md_escape(summary_line(c)),
        "",
        "Legend: ~~deleted~~, **inserted**, ^1 footnote reference.",
        "",
    ]
    shown = [row for row in rows(c) if not row.placeholder and not _hidden(row, options)]
    headings = {row.first_anchor: _heading(row.label, row.kind, row.change) for row in shown}
    out += ["## Digest", "", f"Changes: {md_escape(change_counts(c))}.", ""]
    for section in digest_sections(c):
        out += [f"### {md_escape(section.heading)} ({len(section.entries)})", ""]
        out += [_digest_line(entry, headings) for entry in section.top] + [""]
        if section.more:
            # GitHub and GitLab fold this away; elsewhere it reads as the rest of the list.
            out += [f"<details><summary>{len(section.more)} more</summary>", ""]
            out += [_digest_line(entry, headings) for entry in section.more]
            out += ["", "</details>", ""]
    out += [
        f"How paired: {md_escape(paired_by_line(c))}.",
        "",
        "## Paragraphs",
        "",
    ]
    for row in shown:
        if row.heading:
            out += [f"### {md_escape(row.heading)}", ""]
        out += _row_block(row.label, row.kind, row.change, row.note, row.inline, row.stale)
    fn_rows = footnote_rows(c)
    if fn_rows:
        out += ["## Footnotes", ""]
        for row in fn_rows:
            if row.kind not in options.hide:
                out += _row_block(row.label, row.kind, "", "", row.inline)
    return "\n".join(out).rstrip() + "\n"


def _hidden(row: Row, options: ReportOptions) -> bool:
    """Whether ``--hide`` leaves the row out; hiding technical changes hides editorial ones too.
    A row with a stale cross-reference is always shown: that is a finding, whatever its words."""
    if row.stale:
        return False
    hide = {h.value for h in options.hide}
    if Hide.TECHNICAL in options.hide:
        hide.add(Change.EDITORIAL.value)
    return row.kind in hide or row.change in hide


def _heading(label: str, kind: str, change: str) -> str:
    """A row's heading, unescaped: ``OP5 → OP4, OP6 (split, substantive)``."""
    tags = ", ".join(
        t for t in (kind, change if change in ("editorial", "technical", "substantive") else "") if t
    )
    return f"{label} ({tags})"


def heading_slug(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading: lower case, punctuation dropped, spaces to hyphens.

    >>> heading_slug("OP5 → OP4, OP6 (split, substantive)")
    'op5--op4-op6-split-substantive'
    """
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _digest_line(entry: DigestEntry, headings: dict[str, str]) -> str:
    """A digest entry as a list item, its label a link to its paragraph's heading when shown."""
    label = md_escape(entry.label)
    heading = headings.get(entry.anchor)
    if heading is not None:
        label = f"[{label}](#{heading_slug(heading)})"
    return f"- {label}: {md_escape(entry.rest)}"


def _row_block(
    label: str, kind: str, change: str, note: str, lines: Sequence[Line], stale: Sequence[str] = ()
) -> list[str]:
    out = [f"#### {md_escape(_heading(label, kind, change))}", ""]
    out += [f"**⚠ Stale cross-reference:** {md_escape(why)}" for why in stale] + ([""] if stale else [])
    if note and kind not in ("added", "deleted"):
        out += [f"*{md_escape(note)}*", ""]
    for k, line in enumerate(lines):
        out += [redline_md_line(line, k == len(lines) - 1), ""]
    return out
