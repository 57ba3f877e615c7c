"""STAND-IN for branch `mandates` (replaced by its real module on merge): requests to the S-G."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .model import Comparison, Part, Resolution

__all__ = ["Mandate", "MandateChange", "MandateKind", "mandate_changes", "mandates"]


class MandateKind(StrEnum):
    NEW = "new"
    DROPPED = "dropped"
    TIMING_CHANGED = "timing_changed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Mandate:
    paragraph: str
    body: str
    action: str
    timing: str


@dataclass(frozen=True)
class MandateChange:
    kind: MandateKind
    old_id: str
    new_id: str
    body: str
    action: str
    old_timing: str
    new_timing: str


_REQUEST = re.compile(r"^Requests the Secretary-General to (\w+(?: \w+)?)")
_TIMING = re.compile(r"at its (\w+(?:-\w+)?) session")


def mandates(res: Resolution) -> tuple[Mandate, ...]:
    out = []
    for p in res.paragraphs:
        m = _REQUEST.match(p.text)
        if p.part is Part.OPERATIVE and m:
            t = _TIMING.search(p.text)
            out.append(Mandate(p.id, "Secretary-General", m.group(1), t.group(0) if t else ""))
    return tuple(out)


def mandate_changes(c: Comparison) -> tuple[MandateChange, ...]:
    old = {m.action: m for m in mandates(c.old)}
    new = {m.action: m for m in mandates(c.new)}
    out = []
    for action, m in new.items():
        if action not in old:
            out.append(MandateChange(MandateKind.NEW, "", m.paragraph, m.body, action, "", m.timing))
    for action, m in old.items():
        if action not in new:
            out.append(MandateChange(MandateKind.DROPPED, m.paragraph, "", m.body, action, m.timing, ""))
    return tuple(out)
