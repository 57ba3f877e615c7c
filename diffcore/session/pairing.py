"""STAND-IN for branch `pairing` (replaced by its real module on merge): a chain follows citations only.

A text's predecessor is the document it is based on (``metadata.basis``) or
the last resolution it cites by number. Enough to run the session engine.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ..model import Resolution

__all__ = ["Chain", "Confidence", "Step", "chain_documents"]


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Step:
    old: str
    new: str
    confidence: Confidence
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    documents: tuple[str, ...]
    steps: tuple[Step, ...]
    confidence: Confidence


_CITED = re.compile(r"\b(\d{2})/(\d+) of")


def chain_documents(docs: Mapping[str, Resolution]) -> tuple[Chain, ...]:
    """Every key in exactly one chain (stand-in)."""
    by_symbol = {r.metadata.symbol: k for k, r in docs.items()}
    before: dict[str, str] = {}
    taken: set[str] = set()

    def link(key: str, old: str | None) -> None:
        if old is not None and old != key and old not in taken and key not in before:
            before[key] = old
            taken.add(old)

    def cited(res: Resolution) -> list[str]:
        text = " ".join(p.text for p in res.paragraphs)
        found = sorted({(int(a), f"A/RES/{a}/{b}") for a, b in _CITED.findall(text)}, reverse=True)
        return [symbol for _, symbol in found]

    drafts = [k for k, r in docs.items() if r.metadata.status == "draft"]
    adopted = [k for k in docs if k not in drafts]
    for key in drafts:  # a draft follows the draft it is based on
        link(key, by_symbol.get(docs[key].metadata.basis))
    for key in drafts:  # the first draft of a series follows the resolution it cites
        if key not in before:
            for symbol in cited(docs[key]):
                link(key, by_symbol.get(symbol))
    for key in adopted:  # a resolution follows the last draft of its title, else what it cites
        m = docs[key].metadata
        same = [
            d
            for d in drafts
            if (docs[d].metadata.title, docs[d].metadata.session) == (m.title, m.session) and d not in taken
        ]
        link(key, same[-1] if same else None)
        for symbol in cited(docs[key]):
            link(key, by_symbol.get(symbol))
    after = {old: new for new, old in before.items()}
    chains = []
    for key in docs:
        if key in before:
            continue
        keys = [key]
        while keys[-1] in after:
            keys.append(after[keys[-1]])
        steps = tuple(Step(a, b, Confidence.HIGH, ("cites",)) for a, b in itertools.pairwise(keys))
        chains.append(Chain(tuple(keys), steps, Confidence.HIGH))
    return tuple(chains)
