"""The JSON contract other tools read: key order is fixed and nothing varies between runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..mandates import mandate_changes
from ..model import (
    Comparison,
    Digest,
    DigestItem,
    Link,
    MandateChange,
    MatchedBy,
    Metadata,
    Resolution,
    Segment,
    StaleRef,
    VerbChange,
)
from .views import file_name

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "comparison_dict",
    "digest_dict",
    "link_dict",
    "metadata_dict",
    "render_json",
    "resolution_dict",
]

FORMAT_NAME = "resdiff-comparison"
# 2: each link's "matched_by" (the aligner's pass) and "in_place", and the
# digest's "matched_by" (links per pass).
# 3: "change" may be "editorial" (punctuation only; words count only tokens
# with a letter or digit); each link's "stale_refs"; the digest's "editorial",
# "stale_refs", and "old"/"new" ids beside each "link" label; the digest's
# "sections" (section events).
# 4: the top-level "mandates" (requests for reports and action, new, dropped
# or changed).
FORMAT_VERSION = 4


# ---------------------------------------------------------------- JSON


def resolution_dict(res: Resolution) -> dict[str, Any]:
    """One resolution as the JSON contract has it; ``source`` is the file's name, not its path.

    The name alone keeps the output the same wherever the files were read from.

    >>> from diffcore import parse
    >>> resolution_dict(parse("samples/../samples/A_RES_64_177.txt"))["source"]
    'A_RES_64_177.txt'
    """
    return {
        "source": file_name(res),
        "format": res.format,
        "metadata": metadata_dict(res.metadata),
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


def metadata_dict(m: Metadata) -> dict[str, Any]:
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
        "organ": m.organ,
    }


def link_dict(link: Link) -> dict[str, Any]:
    out: dict[str, Any] = {
        "old": list(link.old),
        "new": list(link.new),
        "kind": link.kind.value,
        "matched_by": link.matched_by.value,
        "in_place": link.in_place,
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
    if link.stale_refs:
        out["stale_refs"] = [_stale_dict(r) for r in link.stale_refs]
    out["words_added"] = link.words_added
    out["words_removed"] = link.words_removed
    out["diff"] = _diff_list(link.diff)
    return out


def _verb_dict(v: VerbChange) -> dict[str, str]:
    return {"old_id": v.old_id, "new_id": v.new_id, "old": v.old, "new": v.new, "direction": v.direction}


def _stale_dict(r: StaleRef) -> dict[str, Any]:
    return {
        "new_id": r.new_id,
        "text": r.text,
        "old_target": r.old_target,
        "became": list(r.became),
        "new_target": r.new_target,
        "reason": r.reason,
    }


def _item_dict(item: DigestItem) -> dict[str, Any]:
    return {"link": item.label, "old": list(item.old), "new": list(item.new)}


def digest_dict(d: Digest) -> dict[str, Any]:
    """The digest as the JSON contract has it."""
    return {
        "added": [{"id": i, "opening": t} for i, t in d.added],
        "deleted": [{"id": i, "opening": t} for i, t in d.deleted],
        "verb_changes": [_verb_dict(v) for v in d.verb_changes],
        "qualifiers": [{**_item_dict(item), "change": how, "qualifier": q} for item, how, q in d.qualifiers],
        "substantive": [{**_item_dict(item), "words_changed": item.words} for item in d.substantive],
        "technical": d.technical,
        "editorial": d.editorial,
        "rearranged": [_item_dict(item) for item in d.rearranged],
        "stale_refs": [_stale_dict(r) for r in d.stale_refs],
        "matched_by": {by.value: dict(d.matched_by).get(by, 0) for by in MatchedBy},
        "sections": [{"event": e.kind, "old": e.old, "new": e.new} for e in d.sections],
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
        "links": [link_dict(link) for link in c.links],
        "footnote_links": [link_dict(link) for link in c.footnote_links],
        "summary": c.summary,
        "digest": digest_dict(c.digest),
        "mandates": [_mandate_dict(ch) for ch in mandate_changes(c)],
        # With a corpus index (compare --db): where added and rewritten paragraphs' wording came from.
        **({"provenance": [{"id": i, "source": t} for i, t in c.provenance]} if c.provenance else {}),
    }


def _mandate_dict(ch: MandateChange) -> dict[str, str]:
    """One mandate change (diffcore.mandates): kind, paragraph ids, body, action, timings."""
    return {
        "kind": ch.kind.value,
        "old_id": ch.old_id,
        "new_id": ch.new_id,
        "body": ch.body,
        "action": ch.action,
        "old_timing": ch.old_timing,
        "new_timing": ch.new_timing,
    }


def render_json(c: Comparison) -> str:
    """The comparison as indented JSON text (UTF-8, not ASCII-escaped).

    >>> import json
    >>> from diffcore import compare
    >>> doc = json.loads(render_json(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt")))
    >>> doc["format"], doc["version"], doc["old"]["metadata"]["symbol"]
    ('resdiff-comparison', 4, 'A/RES/64/177')
    """
    import json  # here, not at import: only this writer needs it

    return json.dumps(comparison_dict(c), ensure_ascii=False, indent=2) + "\n"
