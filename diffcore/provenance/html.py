"""The trace as a self-contained HTML page, in the report's style (``templates/trace.html.j2``)."""

from __future__ import annotations

from dataclasses import dataclass

from . import Trace

__all__ = ["render_trace"]


@dataclass(frozen=True)
class _SourceView:
    symbol: str
    id: str
    date: str
    verbatim: bool
    percent: int
    pieces: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _RowView:
    id: str
    kind: str  # "verbatim", "close" or "new"
    badge: str
    span: str
    text: str
    sources: tuple[_SourceView, ...]


def render_trace(t: Trace, corpus: str = "") -> str:
    """The trace page: every paragraph with its sources and the word diff against each.

    >>> from diffcore.provenance import ParagraphTrace
    >>> html = render_trace(Trace("A/1", "T", "", "a.txt", (ParagraphTrace("OP1", "<b>", ()),)))
    >>> "&lt;b&gt;" in html and "new language" in html
    True
    """
    from ..render.html import environment

    rows = []
    for p in t.paragraphs:
        kind = "new" if p.new_language else "verbatim" if p.verbatim else "close"
        span = ""
        if p.earliest and p.latest:
            span = f"agreed in {' '.join(p.earliest)}"
            if p.latest != p.earliest:
                span += f"; repeated in {' '.join(p.latest)}"
        sources = tuple(
            _SourceView(
                s.symbol,
                s.id,
                s.date,
                s.verbatim,
                round(s.similarity * 100),
                tuple((seg.op.value, seg.text) for seg in s.diff) if s.diff else (("equal", s.text),),
            )
            for s in p.sources
        )
        badge = {"new": "new language", "verbatim": "verbatim", "close": "close"}[kind]
        rows.append(_RowView(p.id, kind, badge, span, p.text, sources))
    counts = {k: sum(r.kind == k for r in rows) for k in ("verbatim", "close", "new")}
    title = f"Provenance of {t.symbol or t.source}"
    template = environment().get_template("trace.html.j2")
    return template.render(title=title, t=t, rows=rows, counts=counts, corpus=corpus or "—")
