"""Mandates: what an operative paragraph asks the Secretary-General or another body to do, and when.

Requests for reports and action drive the secretariat's work plan and
budget, so a reader wants to know which of them are new, which were
dropped and which changed their timing. A request is found wherever a
clause opens with a request verb ("Requests", "also requests", "To
request", "Reiterates its request to", "Invites", "Calls upon",
"Encourages", "Urges", "Authorizes") addressed to a body of the United
Nations (the Secretary-General, an Office, a Committee, a Special
Rapporteur, UNCTAD, ...; not States or Governments), at the start of a
paragraph or sub-paragraph, after a comma or semicolon, or after "and" or
"in this regard"; and where the General Assembly itself decides to put an
item on a future session's agenda, to continue its consideration of a
question, or to convene, hold, organize or establish something. A paragraph
whose chapeau is "Requests the Secretary-General:" (or "Invites UNCTAD ...
to:") gives one mandate per sub-paragraph, as ``OP12(a)``.

Timing is compared relative to each document's own session: "at its
eightieth session" in a 79th-session text and "at its eighty-first
session" in an 80th-session text are both "the next session", the same
cadence, not a change; a year ("in September 2025") is read relative to
the year the session opened (session + 1945) the same way. The same words
are the same date too. Another body's session ("the Human Rights Council
at its sixtieth session") is named with it and not shifted. "Within
existing resources" counts as timing: it is what the budget reads.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from .model import Comparison, Mandate, MandateChange, MandateChangeKind, Part, Resolution

__all__ = ["Mandate", "MandateChange", "MandateChangeKind", "describe", "mandate_changes", "mandates"]

_VERB = re.compile(
    r"(?:^|(?<=[,;:.])\s+(?:and\s+)?|\sand\s+)(?:to\s+)?"
    r"(?:(?:also|further|again|once again|strongly|urgently|kindly|therefore"
    r"|accordingly|in (?:this|that) (?:regard|context|respect|connection)|to (?:this|that) end),?\s+)*"
    r"(?P<verb>requests?|invites?|calls?\s+upon|encourages?|urges?|authorizes?|entrusts?"
    r"|(?:reiterates|reaffirms)\s+(?:its|the)\s+requests?\s+to)\s+(?:also\s+)?",
    re.IGNORECASE,
)
# The words that make an addressee a body of the Organization rather than a State.
_BODY = re.compile(
    r"Secretar(?:y|ies)-General|Secretariat|(?<!non-)United Nations|Court\b|Office|Department|Division"
    r"|Committee|Commission|Council|Conference|Programme|Fund\b|Agency|Organization|Entity|Board|Rapporteur|Representative"
    r"|Envoy|Adviser|Independent Expert|High Commissioner|Executive Director|Director-General"
    r"|Administrator|President of the General Assembly|Chair|Working Group|Panel|Centre|Institute"
    r"|University|Unit\b|Forum|Mechanism|Group of|Bank\b|Tribunal|Coordinator|Team\b|Mission\b"
    r"|[Ff]acilitators|Co-Chairs|Bureau|President\b"
    r"|\b(?![IVXLC]+\b)[A-Z]{3,}\b"
)
# The word after "to" that ends the addressee: an infinitive (lower case), not "the Secretary-General".
_NOT_VERB = re.compile(r"(?:the|a|an|all|its|his|her|their|this|that|these|those|[A-Z]\S*)\b")
# Every match of _VERB holds one of these words.
_VERB_WORDS = ("request", "invite", "call", "encourage", "urge", "authorize", "entrust")
_DECIDES = re.compile(
    r"(?:^|(?<=[,;:])\s+(?:and\s+)?)(?:to\s+)?(?:(?:also|further)\s+)?decides?\s+(?:also\s+|further\s+)?to\s+"
    r"(?=(?:include|convene|hold|establish|organize|continue\s+(?:its\s+)?(?:consideration|examination))\b)",
    re.IGNORECASE,
)
_ORD = r"(?:[a-z]+-)?[a-z]+(?:st|nd|rd|th|ieth)"
_TIMING = re.compile(
    rf"(?:at|of|during) (?:its|the) (?P<ord>{_ORD})(?: and (?P<ord2>{_ORD}))? sessions?"
    r"|annually|biennially|triennially|every (?:two|three|four|five) years"
    r"|on an? (?:annual|biennial|triennial) basis"
    r"|(?:no later than|before the end of|by|in|during) "
    r"(?:the (?:first|second|third|fourth) quarter of |the end of )?"
    r"(?:(?:\d{1,2} )?(?:January|February|March|April|May|June"
    r"|July|August|September|October|November|December) )?\d{4}"
    r"|within existing resources",
)
_REPORT_VERB = re.compile(r"(submit|present|prepare|provide|transmit|include|make available)\b")
_STOP = re.compile(
    r"\s(?:on|in|at|through|with|for|by|within|including|that|which|and|under|as|from|of)\s|[,;:(“\"]"
)
_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"]
_TEENS += ["fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


@lru_cache(maxsize=8192)  # asked of every word of every request's subject
def ordinal(word: str) -> int | None:
    """The number an ordinal word spells, None if it is not one.

    >>> ordinal("eighty-first"), ordinal("eightieth"), ordinal("twelfth"), ordinal("session")
    (81, 80, 12, None)
    """
    word = word.lower()
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    tens, _, unit = word.partition("-")
    for k, stem in enumerate(_TENS):
        if tens == stem + "ieth" and not unit:
            return 10 * (k + 2)
        if tens == stem + "y" and unit in _UNITS:
            return 10 * (k + 2) + _UNITS.index(unit) + 1
    return None


def _addressee(text: str) -> tuple[str, str] | None:
    """Split "the Secretary-General to submit ..." into the addressee and what follows "to".

    "that the Secretary-General continue to monitor ..." is split at the subject's verb
    (``_THAT``); a "that" clause whose subject is not a name asks no one. A "to" after "the
    right" or "in a position" ("the Special Rapporteur on the right to food to ...") is not
    the infinitive. None when no "to" + verb comes within 300 characters (an addressee is
    never that long).

    >>> _addressee("that the Secretary-General continue to closely monitor project risks;")
    ('the Secretary-General', 'continue to closely monitor project risks;')
    >>> _addressee("the Special Rapporteur on the right to food to continue his work")
    ('the Special Rapporteur on the right to food', 'continue his work')
    """
    that = _THAT.match(text)
    if that:
        return that.group(1), text[that.end() :]
    if re.match(r"that\s+(?:the\s+)?[a-z]", text):  # "that reports of the Secretary-General ... continue"
        return None
    for m in re.finditer(r"\sto\s", text[:300]):
        if (
            text[m.end() : m.end() + 1].islower()
            and not _NOT_VERB.match(text, m.end())
            and not _NOT_INFINITIVE.search(text, 0, m.start())
        ):
            who = text[: m.start()]
            return (who, text[m.end() :]) if ";" not in who else None
    return None


# "Requests that <a name> <verb> ...": the name (capitalized words, a parenthesis, an
# aside between commas), then a verb that is not "to" ("that Division to" names a Division).
_THAT = re.compile(
    r"that\s+((?:the\s+)?(?:next\s+)?[A-Z][\w’-]*(?:\s+(?:(?:of|for|on|and|the|in)\s+)*[A-Z][\w’-]*)*|he|she)"
    r"(?:\s*\([^()]*\))?(?:,(?:(?!\sto\s)[^,;]){1,150},)?\s+(?=[a-z])(?!to\s)"
)
# The words before a "to" that takes a noun, not a verb.
_NOT_INFINITIVE = re.compile(r"\b(?:right|position|pursuant|relating|related)$")


# Lower-case heads that name parts of the Organization when the member names it too:
# "entities of the United Nations system", not "Governments and international organizations".
_MEMBER = re.compile(
    r"\b(?:entities|(?<!non-governmental )organizations|funds|programmes|agencies|bodies|organs|country teams"
    r"|commissions|secretariats?|offices|heads|departments|mechanisms|focal points?)\b"
)
# A comma-separated part that qualifies the addressees ("in collaboration with
# the United Nations system") rather than naming one of them.
_QUALIFIER = re.compile(
    r"(?:in|with|within|through|including|as|where|when|bearing|taking|acting|according|consistent"
    r"|upon|under|by|from|at|pending|on|for|if|via|together|drawing|building|working|such as|of)\b"
)
# A qualifier whose own list the parts after it continue: "them, in cooperation with the
# International Trade Centre, the United Nations Conference on Trade and Development ...".
_WITH_LIST = re.compile(
    r"(?:in (?:close )?(?:cooperation|collaboration|consultation|coordination) with|through|of)\b"
)
# Where the members of an addressee meet.
_SEPARATOR = r"(,?\s+as well as\s+|,\s*|\s+(?:and|or)(?:\s+to)?\s+the\s+)"
# What ends a member without naming anything: a relative clause, a qualifier, a year (the
# "forum on science, technology and innovation ... in 2024" is the one of 2025), a dangling "and".
_TAIL = re.compile(
    r"\s+(?:(?:that|which|who|whose|when|where)\s|in (?:this|that) (?:regard|respect|context)\b"
    r"|with the advice\b|in (?:its|their) capacity\b|under the leadership\b|as a whole\b|in \d{4}\b).*"
    r"|\s+(?:and|or)$"
)
# The last word of a lower-case head that names an activity ("closer cooperation between the
# United Nations and ...", "the use of ..."): what is encouraged, not who.
_ACTIVITY = re.compile(r"(?:\b[a-z]+(?:tion|ment|ship|ing)|\befforts?|\bactions?|\buse|\bwork)$")
# A possessive ("the Secretary-General’s report"; "Children’s Fund" is a name): a thing, not who.
_POSSESSIVE = re.compile(r"[’']s\s+[a-z]")
# "efforts by Governments and the United Nations system", "the Agency’s efforts": the efforts'
# agent is who is encouraged to make them.
_AGENT = re.compile(
    r"^(?:the\s+)?(?:[a-z]+\s+)?(?:efforts|actions)\s+(?:of|by)\s+|^([^,]*?)[’']s\s+(?:[a-z]+\s+)?efforts\b"
)
# Where a member's head ends: its first preposition.
_HEAD_END = r"\s(?:of|on|in|for|to|within|with|by|at|from|between|among|under)\s"


def _members(who: str) -> list[str]:
    """The parts of an addressee between commas, "as well as" and "and the", a part that
    runs on past them kept whole: an adjective before a comma ("United Nations Educational,
    Scientific and Cultural Organization", "international, regional and subregional
    organizations"), a list of heads sharing one complement ("agencies, funds and programmes
    of the United Nations system"), a list ending a name's subject ("Special Rapporteur on
    the sale, sexual exploitation and sexual abuse of children") and a place that is not a
    body after "and the" ("Economic Commission for Latin America and the Caribbean").

    >>> for m in _members("the funds, programmes and specialized agencies of the United Nations system, "
    ...                   "resident coordinators and the Economic Commission for Latin America and "
    ...                   "the Caribbean"):
    ...     print(m)
    the funds, programmes and specialized agencies of the United Nations system
    resident coordinators
    Economic Commission for Latin America and the Caribbean
    """
    pieces = re.split(_SEPARATOR, who.strip())
    members = [pieces[0]]
    for sep, part in zip(pieces[1::2], pieces[2::2], strict=True):
        left = members[-1]
        if sep.strip() == ",":
            runs_on = not _QUALIFIER.match(part) and bool(
                re.search(r"(?<![\w-])(?!General\b|Tribunal\b)[A-Za-z]+(?:al|ic)$", left)
                or re.fullmatch(r"(?:(?:the|all|relevant|other)\s+)*" + _MEMBER.pattern, left)
                or (
                    re.search(r"\s(?:on|of|for) (?:the )?[a-z]+$", left)
                    and re.match(r"(?!the|a|an|all|its|their|other|relevant)[a-z]", part)
                )
            )
        else:
            runs_on = bool(
                "and" in sep
                and re.search(r"\s(?:for|of|on) [A-Z][\w ]*$", left)
                and part[:1].isupper()
                and not _BODY.search(re.split(_HEAD_END, part)[0])
            )
        if runs_on:
            members[-1] = left + sep + part
        else:
            members.append(part)
    return members


def _body(who: str) -> str:
    """The addressee's first member that is a body, as a short name with no article; "" if none is.

    A member (see ``_members``) is a body when its head, the words before its first
    preposition, names one: "Office of the High Commissioner" is, "Member States" and
    "the use of ... United Nations bodies" are not. A member that qualifies the others
    ("in collaboration with ...") is skipped, and so is the list it opens. The addressee is
    the noun phrase right after the verb: when it names an activity or a possessive, no one
    is asked ("encourages closer cooperation between the United Nations and ... to"), except
    that efforts' agent is who makes them ("efforts by the Secretary-General", "the Agency’s
    efforts"). A relative clause or a qualifier ending a member is not part of its name.

    >>> _body("Member States, in collaboration with the United Nations system")
    ''
    >>> _body("the Secretary-General, in consultation with Member States")
    'Secretary-General'
    >>> _body("Member States and the relevant entities of the United Nations development system")
    'entities of the United Nations development system'
    >>> _body("Member States, as well as the United Nations, and humanitarian organizations")
    'United Nations'
    >>> _body("the Department for General Assembly and Conference Management’s continued efforts")
    'Department for General Assembly and Conference Management'
    >>> _body("closer cooperation between the United Nations and the Association of Southeast Asian Nations")
    ''
    >>> _body("the Secretary-General and those States and organizations that are in a position")
    'Secretary-General and those States and organizations'
    """
    for k, part in enumerate(_members(_AGENT.sub(r"\1", who, count=1))):
        if not part or _QUALIFIER.match(part):
            if _WITH_LIST.match(part):
                break
            continue
        whole = re.sub(r"^(?:(?:and|or|the|all|relevant|next|th(?:at|is|ese|ose)|especially)\s+)+", "", part)
        whole = re.sub(r"\s+(?:at|during) (?:its|the) \S+ session.*", "", whole)
        head = re.split(_HEAD_END, whole)[0]
        if _POSSESSIVE.search(whole) or (head[:1].islower() and _ACTIVITY.search(head)):
            if k == 0:
                return ""
            continue
        # the name without its tail, unless the tail names the body: "entities that compose
        # United Nations Action against Sexual Violence in Conflict"
        for member in (_TAIL.sub("", whole), whole):
            head = re.split(_HEAD_END, member)[0]
            if _BODY.search(head) or (_MEMBER.search(head) and _BODY.search(member)):
                return re.sub(r"\s+", " ", member)
    return ""


def _action(rest: str) -> str:
    """A few words for what is asked: "submit a report", "convene a high-level meeting"."""
    clause = rest.split(";")[0]
    if clause.startswith("include") and _AGENDA.search(clause):
        return "include an item in the provisional agenda"
    m = _REPORT_VERB.match(clause)
    if re.match(r"report\b", clause):
        return "report"
    if m and re.search(r"\breports?\b", clause[:400]):
        return f"{m.group(1)} a report"
    words: list[str] = []
    for w in clause.split():
        if (words and _STOP.match(f" {w} ")) or (len(words) >= 3 and w == "to") or len(words) == 6:
            break
        if _STOP.fullmatch(w[-1:]):
            words.append(w[:-1])
            break
        words.append(w)
    while len(words) > 1 and words[-1] in ("the", "a", "an", "its", "their", "his", "her"):
        words.pop()
    return " ".join(words).rstrip(".")


def _timing(clause: str) -> str:
    """The timing phrases in a clause, in order, each once, joined with ", "; an agenda's session alone.

    Another body's session is named with it, so that it is not read as the Assembly's.

    >>> _timing("submit to the Human Rights Council at its sixtieth session and to the General Assembly "
    ...         "at its eighty-first session, within existing resources, a report")
    'Human Rights Council at its sixtieth session, at its eighty-first session, within existing resources'
    """
    agenda = _AGENDA.search(clause) if clause.startswith("include") else None
    if agenda:
        return f"at its {agenda.group(1)} session"
    found: list[str] = []
    for m in _TIMING.finditer(clause):
        text = m.group(0)
        if text.startswith(("of ", "during ")):  # "of its eighty-first session"
            text = "at" + text[text.index(" ") :]
        owner = _OWNER.search(clause, max(0, m.start() - 120), m.start()) if m.group("ord") else None
        if owner and _BODY.search(owner.group(1)) and "General Assembly" not in owner.group(1):
            text = f"{owner.group(1)} {text}"  # "Human Rights Council at its sixtieth session"
        if text not in found:
            found.append(text)
    return ", ".join(found)


# The capitalized name just before a session ("the Human Rights Council at its ..."): whose session it is.
_OWNER = re.compile(r"([A-Z][\w’-]*(?:\s+(?:(?:on|and|of|for|the)\s+)*[A-Z][\w’-]*)*)\s+$")


def _units(text: str) -> Iterator[tuple[str, str]]:
    """(suffix, text) for a paragraph's chapeau ("") and each sub-paragraph ("(a)")."""
    first, *subs = text.split("\n")
    yield "", first
    for line in subs:
        m = re.match(r"\(([a-z]{1,4}|\d{1,2})\)\s*", line)
        yield (f"({m.group(1)})" if m else f"({len(line)})", line[m.end() :] if m else line)


def _clauses(text: str) -> Iterator[tuple[str, str]]:
    """(body, rest) for each request in one chapeau or sub-paragraph; a body-less rest ends in ":"."""
    # Both patterns are slow to scan (they may start anywhere): a text with
    # none of their words, most of them, is not scanned at all.
    folded = text.casefold()
    starts = list(_VERB.finditer(text)) if any(w in folded for w in _VERB_WORDS) else []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        span = text[m.end() : end]
        # "Requests the Secretary-General:" or "Invites UNCTAD ... to:", each sub-paragraph saying what to do
        split = _addressee(span)
        if m.group("verb").endswith("to") and not _NOT_VERB.match(span):
            # "Reiterates its request to present annual reports ...": the "to" is the infinitive's,
            # the request names no addressee
            continue
        if span.rstrip().endswith(":") and (not split or span.rstrip().endswith(" to:")):
            body = _body(re.sub(r"(?:\s+to)?:$", "", span.rstrip()))
            if body:
                yield body, ""
            continue
        body = _body(split[0]) if split else ""
        if split and split[0].strip() in ("him", "her", "he", "she"):
            # "Expresses its gratitude to the Secretary-General ..., and requests him to render ..."
            named = _PERSON.findall(text, 0, m.start())
            body = named[-1] if named else ""
        if split and body:
            yield body, split[1]
    decisions = list(_DECIDES.finditer(text)) if "decide" in folded else []
    ends = sorted([m.start() for m in starts] + [d.start() for d in decisions] + [len(text)])
    for d in decisions:
        rest = text[d.end() : ends[bisect.bisect_right(ends, d.start())]]
        if not rest.startswith("include") or _AGENDA.search(rest[:600]):
            yield "General Assembly", rest


# The office holders "him" or "her" can stand for: the last one named before it.
_PERSON = re.compile(
    r"Secretary-General|High Commissioner|Special Rapporteur|Independent Expert"
    r"|Special (?:Representative|Envoy|Adviser)|Executive Director|Director-General|Administrator"
    r"|President of the General Assembly"
)

_AGENDA = re.compile(
    r"provisional agenda\b[^;]{0,80}?\b(?:of|for|during|at) (?:the main part of )?its (\S+) session"
)


def mandates(res: Resolution) -> tuple[Mandate, ...]:
    """The requests for reports and action in a resolution's operative paragraphs, in order.

    >>> from diffcore import parse
    >>> print(*mandates(parse("samples/A_RES_66_178.txt"))[-1:])  # doctest: +NORMALIZE_WHITESPACE
    Mandate(paragraph='OP12', body='Secretary-General', action='submit a report',
            timing='at its sixty-seventh session')
    """
    return tuple(m for m, _, _ in _found(res))


def _found(res: Resolution) -> tuple[tuple[Mandate, frozenset[str], str], ...]:
    """Each mandate of ``res`` with its subject (see ``_subject``) and its opening (``_opening``)."""
    return tuple(
        (Mandate(p.id + suffix, body, action, timing), subject, opening)
        for p in res.paragraphs
        if p.part is Part.OPERATIVE
        for suffix, body, action, timing, subject, opening in _requests(p.text)
    )


@lru_cache(maxsize=4096)
def _requests(text: str) -> tuple[tuple[str, str, str, str, frozenset[str], str], ...]:
    """(suffix, body, action, timing, subject, opening) of each request in one operative paragraph's text.

    Cached by text: a paragraph both versions share is read once.
    """
    text = _repaired(text)
    out = []
    body_for_subs = ""  # the addressee of a chapeau such as "Requests the Secretary-General:"
    for suffix, unit in _units(text):
        if suffix and body_for_subs and not _VERB.match(unit):
            action = re.sub(r"^to\s+", "", unit, flags=re.IGNORECASE)
            action = action[:1].lower() + action[1:]
            what = _action(action)
            out.append(
                (suffix, body_for_subs, what, _timing(action), _subject(action, what), _opening(action))
            )
            continue
        for body, rest in _clauses(unit):
            if not rest:
                body_for_subs = body
                continue
            what = _action(rest)
            out.append(
                (suffix, body, what, _timing(rest.split(";")[0]), _subject(rest, what), _opening(rest))
            )
    return tuple(out)


# Words that say nothing of what a request is about: the addressee, the report itself, its timing.
_GENERIC = frozenset(
    re.findall(
        r"\S+",
        """a about all also an and any are as at be by context continue further for from general assembly
        his her in including information into is its it next of on or other present provide relevant report
        reports resolution session submit prepare secretary-general that the their thereon these this those
        to update which with within""",
    )
)


def _subject(rest: str, action: str) -> frozenset[str]:
    """What a request is about: the words of its clause after the action (see ``_words``).

    >>> sorted(_subject("submit to the General Assembly at its eightieth session a report on the "
    ...                 "implementation of the present resolution, including on the protection of civilians;",
    ...                 "submit a report"))
    ['civili', 'implem', 'protec']
    """
    return _words(rest.split(";")[0]) - _words(action)


def _opening(rest: str) -> str:
    """The first eight words of what a request asks, lower case; "" when it asks in fewer than five.

    >>> _opening("continue to allocate appropriate and sufficient resources to the Division to provide")
    'continue to allocate appropriate and sufficient resources to'
    """
    words = _plain(rest.split(";")[0]).split()[:8]
    return " ".join(words) if len(words) >= 5 else ""


def _plain(text: str) -> str:
    """A text's words in lower case, one space between them: what ``_opening`` is looked up in."""
    return " ".join(re.findall(r"[\w’'-]+", _repaired(text).lower()))


def _repaired(text: str) -> str:
    """The text with what PDFs do to the words requests turn on undone: "SecretaryGeneral" (a
    hyphen at a line's end, 50 texts of the corpus), "Secretary -General", "secretariat s".

    >>> _repaired("the SecretaryGeneral and the secretariat s")
    'the Secretary-General and the secretariats'
    """
    text = re.sub(r"Secretary ?-?General", "Secretary-General", text)
    return re.sub(r"\b(?!the\b)([a-z]{3,}) s\b", r"\1s", text)


def _words(text: str) -> frozenset[str]:
    """The stems (six letters) of a text's content words; timing, numbers and ``_GENERIC`` words left out."""
    words = re.findall(r"[a-z][a-z’'-]*", _TIMING.sub(" ", text).lower())
    return frozenset(w[:6] for w in words if w not in _GENERIC and ordinal(w) is None)


def _relative(timing: str, session: int | None) -> str:
    """A timing with the Assembly's sessions and the years written relative to the document's session.

    >>> _relative("at its eightieth session, Human Rights Council at its sixtieth session, in 2025", 79)
    'at its session+1 session, Human Rights Council at its sixtieth session, in year+1'
    """
    if session is None:
        return timing

    def shift(m: re.Match[str]) -> str:
        n = ordinal(m.group(0))
        return f"session{n - session:+d}" if n else m.group(0)

    parts = [re.sub(_ORD, shift, part) if part.startswith("at ") else part for part in timing.split(", ")]
    out = ", ".join(parts)
    return re.sub(r"\b(1[89]|2[01])\d\d\b", lambda m: f"year{int(m.group(0)) - 1945 - session:+d}", out)


def _base(pid: str) -> str:
    return pid.split("(")[0]


def mandate_changes(c: Comparison) -> tuple[MandateChange, ...]:
    """Mandates new, dropped, with another timing or another action, matched through ``c.links``.

    Within each link, old and new mandates are paired by body, verb and
    relative timing, then by body and action, by body and verb, by body, and
    by verb; a request left over whose first words still stand in the paired
    paragraph ("and to provide ...") is still asked (``_still_asked``). What
    is left (the aligner left the paragraphs apart) is paired
    across the whole comparison only when it asks the same body the same
    thing on the same matter (``_pair_same_subject``): a request moved and
    rewritten. What is still left is new or dropped: a new request is a
    headline, and hiding it behind a dropped one is worse than listing a
    move as both. A pair is a change when its timing differs relative to each
    text's session (``timing_changed``) or its body or verb does
    (``changed``); another wording of the same request shows in the
    paragraph's own diff.

    >>> from diffcore import compare
    >>> changes = mandate_changes(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))
    >>> [ch.new_id for ch in changes if ch.kind is MandateChangeKind.NEW]
    ['OP5', 'OP6', 'OP8', 'OP9']

    The report "at its sixty-fifth session" (a 64th-session text) and "at
    its sixty-seventh session" (a 66th-session text) both fall due at the
    next session: the same cadence, so no change.

    >>> [ch for ch in changes if ch.body == "Secretary-General"]
    []
    """
    old_found, new_found = _found(c.old), _found(c.new)
    olds, news = [m for m, _, _ in old_found], [m for m, _, _ in new_found]
    old_when = [_relative(m.timing, c.old.metadata.session) for m in olds]
    new_when = [_relative(m.timing, c.new.metadata.session) for m in news]
    old_at: dict[str, list[int]] = {}
    new_at: dict[str, list[int]] = {}
    for at, found in ((old_at, olds), (new_at, news)):
        for k, m in enumerate(found):
            at.setdefault(_base(m.paragraph), []).append(k)
    old_keys = [_keys(m, w) for m, w in zip(olds, old_when, strict=True)]
    new_keys = [_keys(m, w) for m, w in zip(news, new_when, strict=True)]
    texts = {p.id: p.text for p in c.old.paragraphs}, {p.id: p.text for p in c.new.paragraphs}
    pairs: list[tuple[int, int]] = []
    left_old: list[int] = []
    left_new: list[int] = []
    for link in c.links:
        o0 = o = [k for pid in dict.fromkeys(link.old) for k in old_at.pop(pid, [])]
        n0 = n = [k for pid in dict.fromkeys(link.new) for k in new_at.pop(pid, [])]
        for level in range(len(_PASSES)):
            o, n = _pair(o, n, old_keys, new_keys, level, pairs)
        old_texts, new_texts = [texts[0][pid] for pid in link.old], [texts[1][pid] for pid in link.new]
        old_bodies, new_bodies = {olds[i].body for i in o0}, {news[k].body for k in n0}
        left_old += [i for i in o if not _still_asked(old_found[i], new_texts, new_bodies)]
        left_new += [k for k in n if not _still_asked(new_found[k], old_texts, old_bodies)]
    left_old, left_new = _pair_same_subject(texts, (left_old, left_new), (old_found, new_found), pairs)
    out: list[tuple[int, MandateChange]] = []
    for i, k in pairs:
        a, b = olds[i], news[k]
        if old_when[i] != new_when[k] and a.timing != b.timing:  # the same words are the same date
            kind = MandateChangeKind.TIMING_CHANGED
        elif old_keys[i][2][1] != new_keys[k][2][1] or not _same_body(a.body, b.body):
            kind = MandateChangeKind.CHANGED
        else:
            continue
        out.append((k, MandateChange(kind, a.paragraph, b.paragraph, *_what(b), a.timing, b.timing)))
    for k in left_new:
        m = news[k]
        out.append((k, MandateChange(MandateChangeKind.NEW, "", m.paragraph, *_what(m), "", m.timing)))
    for k in left_old:
        m = olds[k]
        out.append((k, MandateChange(MandateChangeKind.DROPPED, m.paragraph, "", *_what(m), m.timing, "")))
    kinds = list(MandateChangeKind)
    # new, dropped, timing changed, changed; each in its text's order
    return tuple(ch for _, ch in sorted(out, key=lambda x: (kinds.index(x[1].kind), x[0])))


# The keys old and new mandates are paired by, most exact first (see mandate_changes).
_PASSES = ("body, verb, relative timing", "body, action", "body, verb", "body", "verb")


def _keys(m: Mandate, when: str) -> tuple[tuple[str, ...], ...]:
    """A mandate's key for each pass in ``_PASSES``; ``when`` is its timing relative to its session."""
    verb = _verb(m.action)
    return (m.body, verb, when), (m.body, m.action), (m.body, verb), (m.body,), (verb,)


def _verb(action: str) -> str:
    """What an action asks for, as a verb's stem: "continue to provide assistance" -> "provi".

    Every kind of report ("submit a report", "prepare a report", "report") is "report".
    """
    if re.search(r"\breport\b", action):
        return "report"
    words = [w for w in action.split() if not w.endswith("ly") and w not in ("continue", "to", "further")]
    return (words[0] if words else action)[:5]  # a stem: "provide" and "providing" are one verb


def _same_body(a: str, b: str) -> bool:
    """Whether two addressees name one body, one of them in short: "the Commission" is the
    "International Law Commission" and the "Commission on Crime Prevention and Criminal Justice".

    A body added ("Secretary-General and relevant United Nations entities") or another one
    named after it ("Office of the High Commissioner") is not the same.

    >>> _same_body("Commission", "International Law Commission"), _same_body("Bureau", "Bureau of the Board")
    (True, True)
    >>> _same_body("High Commissioner", "Office of the High Commissioner")
    False
    >>> _same_body("Secretary-General", "Secretary-General and relevant United Nations entities")
    False
    """
    short, full = sorted((a, b), key=len)
    if full.startswith(short + " "):
        return full[len(short) :].split()[0] in ("on", "of", "for", "in")
    if full.endswith(" " + short):
        return all(w[:1].isupper() for w in full[: -len(short)].split())
    return full == short


def _what(m: Mandate) -> tuple[str, str]:
    return m.body, m.action


def _pair(
    olds: list[int],
    news: list[int],
    old_keys: Sequence[tuple[tuple[str, ...], ...]],
    new_keys: Sequence[tuple[tuple[str, ...], ...]],
    level: int,
    pairs: list[tuple[int, int]],
) -> tuple[list[int], list[int]]:
    """Pair each old mandate with the first free new one of the same pass-``level`` key; return the rest."""
    free: dict[tuple[str, ...], list[int]] = {}
    for k in reversed(news):
        free.setdefault(new_keys[k][level], []).append(k)
    left: list[int] = []
    taken: set[int] = set()
    for i in olds:
        bucket = free.get(old_keys[i][level])
        if bucket:
            k = bucket.pop()
            pairs.append((i, k))
            taken.add(k)
        else:
            left.append(i)
    return left, [k for k in news if k not in taken]


# Two requests the links left apart are one request moved when their own words agree this
# much (Dice's coefficient of ``_subject``) and their paragraphs' words this much.
_SAME_SUBJECT = 0.4
_SAME_PARAGRAPH = 0.5

_Found = Sequence[tuple[Mandate, frozenset[str], str]]


def _pair_same_subject(
    texts: tuple[dict[str, str], dict[str, str]],
    left: tuple[list[int], list[int]],
    found: tuple[_Found, _Found],
    pairs: list[tuple[int, int]],
) -> tuple[list[int], list[int]]:
    """Pair requests the links left apart when they ask one body for the same thing; return the rest.

    The same body and verb is not enough: a new request for a report would pass for a dropped
    one on another matter and the digest would not list it. The clauses after the action
    must agree and, as they are often set phrases ("report on the use of the commitment
    authority"), so must the paragraphs around them; the closest pairs first.
    """
    scored = []
    for i in left[0]:
        for k in left[1]:
            (a, a_subject, _), (b, b_subject, _) = found[0][i], found[1][k]
            if a.body != b.body or _verb(a.action) != _verb(b.action):
                continue
            subject = _dice(a_subject, b_subject)
            if subject < _SAME_SUBJECT:
                continue
            around = _dice(_words(texts[0][_base(a.paragraph)]), _words(texts[1][_base(b.paragraph)]))
            if around >= _SAME_PARAGRAPH:
                scored.append((-subject - around, i, k))
    left_old, left_new = set(left[0]), set(left[1])
    for _, i, k in sorted(scored):
        if i in left_old and k in left_new:
            pairs.append((i, k))
            left_old.discard(i)
            left_new.discard(k)
    return [i for i in left[0] if i in left_old], [k for k in left[1] if k in left_new]


def _still_asked(
    request: tuple[Mandate, frozenset[str], str], paired: Sequence[str], bodies: set[str]
) -> bool:
    """Whether the paragraphs ``paired`` with a request's own (their texts), which ask ``bodies``,
    still ask it, in other words around it.

    "... and also requests him to provide further information in the context of his next
    report" became "... and to provide further information in the context of his next
    report": a second infinitive, not a request of its own, so the request has no pair. It is
    still asked when the first eight words of what it asks stand in a paired paragraph that
    asks the same body for something.

    >>> request = (Mandate("OP8", "Secretary-General", "provide a report", ""), frozenset(),
    ...            "provide further information in the context of")
    >>> _still_asked(request, ["Requests the Secretary-General to continue to identify synergies, and "
    ...                        "to provide further information in the context of his next report;"],
    ...              {"Secretary-General"})
    True
    """
    mandate, _, opening = request
    return bool(opening) and mandate.body in bodies and any(opening in _plain(t) for t in paired)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    """How much two sets of words share, 0..1 (Dice's coefficient); 0 when either is empty."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def describe(ch: MandateChange) -> tuple[str, str]:
    """A mandate change in words, as (label, detail), for the digests.

    >>> from diffcore import compare
    >>> describe(mandate_changes(compare("samples/A_RES_64_177.txt", "samples/A_RES_66_178.txt"))[0])
    ('new OP5', 'United Nations Office on Drugs and Crime to continue to develop its technical assistance')
    """
    what = f"{ch.body} to {ch.action}"
    if ch.kind is MandateChangeKind.NEW:
        return f"new {ch.new_id}", what + (f" {ch.new_timing}" if ch.new_timing else "")
    if ch.kind is MandateChangeKind.DROPPED:
        return f"dropped {ch.old_id}", what + (f" {ch.old_timing}" if ch.old_timing else "")
    if ch.kind is MandateChangeKind.CHANGED:
        return f"changed {ch.old_id} → {ch.new_id}", what + (f" {ch.new_timing}" if ch.new_timing else "")
    when = f"{ch.old_timing or 'no timing'} → {ch.new_timing or 'no timing'}"
    return f"timing changed {ch.old_id} → {ch.new_id}", f"{what} ({when})"
