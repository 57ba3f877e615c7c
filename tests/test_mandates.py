"""Mandates: requests for reports and action, found in real paragraphs and followed across real pairs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from conftest import TEXTS
from simulate import make_resolution

from diffcore import Comparison, compare, parse
from diffcore.mandates import Mandate, MandateChange, MandateChangeKind, mandate_changes, mandates
from diffcore.model import Part, Resolution
from diffcore.render import render_html, render_json
from diffcore.render.markdown import render_markdown
from diffcore.render.text import render_digest


@cache
def pair(old: str, new: str) -> Comparison:
    return compare(str(TEXTS / f"{old}.txt"), str(TEXTS / f"{new}.txt"))


def of(symbol: str, pid: str) -> list[Mandate]:
    """The mandates of one paragraph (and its sub-paragraphs) of a document in tests/documents/text."""
    return [m for m in mandates(parse(str(TEXTS / f"{symbol}.txt"))) if m.paragraph.split("(")[0] == pid]


def test_a_request_for_a_report_names_the_body_the_action_and_the_timing() -> None:
    # "Requests the Secretary-General to submit, within existing reporting obligations, a
    # comprehensive technical report, within existing resources, ... at its eighty-first session"
    assert of("A_RES_79_218", "OP28") == [
        Mandate(
            "OP28",
            "Secretary-General",
            "submit a report",
            "within existing resources, at its eighty-first session",
        )
    ]


def test_a_chapeau_to_the_secretary_general_gives_one_mandate_per_sub_paragraph() -> None:
    found = of("A_RES_79_182", "OP35")  # "Requests the Secretary-General:" then (a) ... (i)
    assert [m.paragraph for m in found][:3] == ["OP35(a)", "OP35(b)", "OP35(c)"]
    assert found[1] == Mandate("OP35(b)", "Secretary-General", "submit a report", "at its eightieth session")
    # (f) no longer asks the Secretary-General: it urges the Security Council
    assert {m.body for m in found} == {"Secretary-General", "Security Council"}


def test_the_agenda_of_a_later_session_is_the_assemblys_own_mandate() -> None:
    assert of("A_C.2_80_L.17", "OP73") == [
        Mandate(
            "OP73",
            "General Assembly",
            "include an item in the provisional agenda",
            "at its eighty-first session",
        )
    ]


def test_a_request_and_a_decision_in_one_paragraph_are_two_mandates() -> None:
    # "Also requests the Secretary-General to prepare and submit to the General Assembly at its
    # eighty-first session ... a comprehensive report ...; and decides to include in the
    # provisional agenda of its eighty-first session, ..."
    assert [(m.body, m.action, m.timing) for m in of("A_C.2_80_L.48", "OP83")] == [
        ("Secretary-General", "prepare a report", "at its eighty-first session"),
        ("General Assembly", "include an item in the provisional agenda", "at its eighty-first session"),
    ]


def test_states_are_not_bodies_but_the_system_beside_them_is() -> None:
    # "Calls upon Member States, the broader United Nations system, civil society organizations ..."
    assert [m.body for m in of("A_RES_79_218", "OP27")] == ["broader United Nations system"]
    res = parse(str(TEXTS / "A_RES_79_218.txt"))
    for p in res.paragraphs:
        if p.text.startswith(
            ("Urges Member States to", "Encourages Member States to", "Invites Member States to")
        ):
            assert not of("A_RES_79_218", p.id), p.text[:80]


def test_the_same_cadence_one_session_on_is_not_a_timing_change() -> None:
    c = pair("A_RES_78_219", "A_RES_79_182")
    # the report is due "at its seventy-ninth session" in the 78th-session text and
    # "at its eightieth session" in the 79th-session one: the words differ, the cadence does not
    old = {m.timing for m in mandates(c.old)}
    new = {m.timing for m in mandates(c.new)}
    assert "at its seventy-ninth session" in old and "at its eightieth session" in new
    assert not [ch for ch in mandate_changes(c) if ch.kind is MandateChangeKind.TIMING_CHANGED]


def test_draft_to_draft_finds_a_moved_deadline_and_a_dropped_report() -> None:
    changes = mandate_changes(pair("A_C.2_80_L.5", "A_C.2_80_L.48"))
    timing = {
        (ch.old_id, ch.new_id): (ch.old_timing, ch.new_timing)
        for ch in changes
        if ch.kind == "timing_changed"
    }
    assert timing[("OP59", "OP65")] == ("no later than 30 October 2026", "no later than 30 November 2026")
    dropped = {ch.old_id: ch for ch in changes if ch.kind is MandateChangeKind.DROPPED}
    assert dropped["OP74"].action == "submit a report"
    assert dropped["OP74"].old_timing == "by the third quarter of 2026"
    # OP74 and OP81 were merged into OP83; OP81's report at the eighty-first session is OP83's
    assert "OP81" not in dropped and not [ch for ch in changes if ch.new_id == "OP83"]
    # a request added to a paragraph that was there before
    assert any(ch.kind is MandateChangeKind.NEW and ch.new_id == "OP44" for ch in changes)


def test_a_conference_held_drops_its_mandates() -> None:
    changes = mandate_changes(pair("A_RES_79_182", "A_C.3_80_L.32"))
    dropped = [(ch.old_id, ch.body, ch.action) for ch in changes if ch.kind is MandateChangeKind.DROPPED]
    assert ("OP36", "General Assembly", "hold a high-level conference") in dropped


def test_every_output_lists_the_mandate_changes() -> None:
    c = pair("A_C.2_80_L.5", "A_C.2_80_L.48")
    changes = mandate_changes(c)
    doc = json.loads(render_json(c))
    assert [(m["kind"], m["old_id"], m["new_id"]) for m in doc["mandates"]] == [
        (ch.kind.value, ch.old_id, ch.new_id) for ch in changes
    ]
    label, detail = (
        "timing changed OP59 → OP65",
        "co-facilitators to present a report (no later than 30 October",
    )
    assert f"\n  - {label}: {detail}" in render_digest(c)
    assert "Mandates (requests for reports and action)" in render_markdown(c)
    assert f'<li><a href="#new-OP65">{label}</a>: {detail}' in render_html(c)


def test_document_text_in_a_mandate_is_escaped(tmp_path: Path) -> None:
    text = (TEXTS / "A_C.2_80_L.48.txt").read_text(encoding="utf-8")
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        text.replace("Requests the co-facilitators", "Requests the <b>co-facilitators</b>"), "utf-8"
    )
    c = compare(str(TEXTS / "A_C.2_80_L.48.txt"), str(hostile))
    assert any("<b>" in ch.body for ch in mandate_changes(c))
    html = render_html(c)
    assert "&lt;b&gt;co-facilitators" in html and "<b>co-facilitators" not in html
    assert "\\<b\\>co-facilitators" in render_markdown(c)


# ------------------------------------------- paragraphs copied from real 78th -> 79th-session pairs

_GRATITUDE_OLD = (  # A/RES/78/35, OP10
    "Requests the Secretary-General to render the necessary assistance and to provide such services, as may "
    "be required, for the second Meeting of States Parties and its informal intersessional process;"
)
_GRATITUDE_NEW = (  # A/RES/79/38, OP11
    "Expresses its gratitude to the Secretary-General for his support provided to date, and requests him to "
    "render the necessary assistance and to provide such services, as may be required, for the third Meeting "
    "of States Parties and its informal intersessional process;"
)


def _one_paragraph(text: str, name: str) -> Resolution:
    return make_resolution([(Part.PREAMBLE, "Recalling its resolutions,"), (Part.OPERATIVE, text)], name)


def test_him_is_the_office_holder_named_before_and_the_request_goes_on() -> None:
    new = _one_paragraph(_GRATITUDE_NEW, "new")
    found = [(m.body, m.action) for m in mandates(new)]
    assert found == [("Secretary-General", "render the necessary assistance")]
    # The request was not dropped: the paragraph now thanks the Secretary-General first.
    assert mandate_changes(compare(_one_paragraph(_GRATITUDE_OLD, "old"), new)) == ()


def test_the_united_nations_after_as_well_as_is_an_addressee() -> None:
    # A/RES/79/139, OP85
    text = (
        "Also urges Member States, as well as the United Nations, and humanitarian organizations, in "
        "accordance with their respective mandates and in line with humanitarian principles, to continue to "
        "scale up anticipatory approaches, early warning early action systems, forecasting;"
    )
    assert [(m.body, m.action) for m in mandates(_one_paragraph(text, "x"))] == [
        ("United Nations", "continue to scale up anticipatory approaches")
    ]


def test_a_body_named_in_full_is_the_same_body_and_another_body_is_not() -> None:
    # A/RES/78/108, OP7 -> A/RES/79/121, OP6: "the Commission" is the International Law Commission.
    old = (
        "Takes note of the decision of the International Law Commission to include the topic “Non-legally "
        "binding international agreements” in its programme of work, and encourages the Commission to "
        "continue the examination of the topics that are in its long-term programme of work;"
    )
    new = (
        "Encourages the International Law Commission to continue the examination of the topics that are in "
        "its long-term programme of work;"
    )
    assert mandate_changes(compare(_one_paragraph(old, "old"), _one_paragraph(new, "new"))) == ()
    # A/RES/78/59 -> 79/68, OP27: the Office of the High Commissioner for Refugees gave way to
    # "relevant United Nations entities": the addressee changed.
    tail = " to help the countries of Central Africa to tackle the issue of youth emigration;"
    old = "Also requests the Secretary-General and the Office of the United Nations High Commissioner" + tail
    new = "Requests the Secretary-General and relevant United Nations entities" + tail
    (change,) = mandate_changes(compare(_one_paragraph(old, "old"), _one_paragraph(new, "new")))
    assert change.kind is MandateChangeKind.CHANGED
    assert change.body == "Secretary-General and relevant United Nations entities"


# ------------------------------------ requests the aligner left apart (tests/documents/text/mandates)

MOVED = TEXTS / "mandates"


def moved_pair(old: str, new: str) -> tuple[MandateChange, ...]:
    return mandate_changes(compare(str(MOVED / f"{old}.txt"), str(MOVED / f"{new}.txt")))


def test_a_new_request_for_a_report_is_not_hidden_by_a_dropped_one_on_another_matter() -> None:
    changes = moved_pair("A_RES_78_253", "A_RES_79_258")
    new = {(ch.new_id, ch.action) for ch in changes if ch.kind is MandateChangeKind.NEW}
    dropped = {(ch.old_id, ch.action) for ch in changes if ch.kind is MandateChangeKind.DROPPED}
    # "requests the Secretary-General to present ... an updated report containing the most
    # cost-effective guaranteed maximum price agreement for building E renovations": a new section
    assert ("OP21-3", "present a report") in new
    # The same set phrase, "to report on the use of the commitment authority", in two sections:
    # the Extraordinary Chambers' commitment no longer asks for it (dropped), the resident
    # coordinator system's is new (OP3-16(e)); neither stands for the other.
    assert ("OP11-2", "report") in dropped and ("OP3-16(e)", "report") in new
    # "enter into commitments" for UNITAMS (dropped) is not the North Building's (new)
    assert ("OP4-15", "enter into commitments") in dropped and ("OP38", "enter into commitments") in new


def test_a_report_asked_on_another_question_is_a_new_request_and_the_old_one_dropped() -> None:
    # OP11 "requests the Secretary-General to continue to report detailed information on this
    # question in his budget reports" -> OP14 "requests the Secretary-General to submit a
    # comprehensive report on cost recovery to the General Assembly, covering all the issues ..."
    changes = moved_pair("A_RES_78_242", "A_RES_79_245")
    assert [(ch.kind, ch.action) for ch in changes if "OP11" in (ch.old_id, ch.new_id)] == [
        (MandateChangeKind.DROPPED, "continue to report detailed information")
    ]
    assert (MandateChangeKind.NEW, "submit a report") in [
        (ch.kind, ch.action) for ch in changes if ch.new_id == "OP14"
    ]


def test_a_request_moved_to_a_paragraph_of_its_own_is_the_same_request() -> None:
    # OP20 "Requests the United Nations Conference on Trade and Development, in its role as a
    # custodian, to strengthen capacity-building on the initial voluntary conceptual framework for
    # the measurement of South-South cooperation ..., recommends that ..." became OP25 (the
    # recommendation) and OP24, the request alone and longer: the aligner pairs OP20 with OP25.
    c = compare(str(MOVED / "A_RES_78_167.txt"), str(MOVED / "A_RES_79_236.txt"))
    assert any(link.old == ("OP20",) and link.new == ("OP25",) for link in c.links)
    assert not [ch for ch in mandate_changes(c) if ch.old_id == "OP20" or ch.new_id == "OP24"]


def test_a_secretary_general_whose_hyphen_fell_at_a_line_end_is_the_secretary_general() -> None:
    # A/RES/78/253 OP11-7 -> A/RES/79/258 OP10-4 (moved): the same request, the old PDF's
    # line break took the hyphen of "Secretary-General"
    changes = moved_pair("A_RES_78_253", "A_RES_79_258")
    assert "SecretaryGeneral" in (MOVED / "A_RES_78_253.txt").read_text(encoding="utf-8")
    assert not [ch for ch in changes if "OP10-4" in ch.new_id or "OP11-7" in ch.old_id]


def test_a_request_that_became_a_second_infinitive_is_still_asked() -> None:
    # A/RES/78/253 OP8-9 -> A/RES/79/258 OP7-6 (moved): "... and requests the Secretary-General to
    # continue to identify any potential synergies ..., and also requests him to provide further
    # information in the context of his next report" -> "Requests the Secretary-General to continue
    # to identify any potential linkages and synergies ..., and to provide further information in the
    # context of his next report": one request now, the other asked all the same
    c = compare(str(MOVED / "A_RES_78_253.txt"), str(MOVED / "A_RES_79_258.txt"))
    assert any(link.old == ("OP8-9",) and link.new == ("OP7-6",) for link in c.links)
    assert [m.action for m in mandates(c.old) if m.paragraph == "OP8-9"] == [
        "continue to identify any potential synergies",
        "provide a report",
    ]
    assert [m.action for m in mandates(c.new) if m.paragraph == "OP7-6"] == [
        "continue to identify any potential linkages"
    ]
    assert not [ch for ch in mandate_changes(c) if ch.old_id == "OP8-9"]


# ------------------------------- who is asked: the addressee is the noun phrase right after the verb


def asked(text: str) -> list[tuple[str, str]]:
    """(body, action) of each request in one operative paragraph of real wording."""
    return [(m.body, m.action) for m in mandates(_one_paragraph(text, "x"))]


def test_a_that_clause_asks_its_subject() -> None:
    # "... and requests that the Secretary-General continue to closely monitor and mitigate project
    # risks, ..." (A/RES/79/258): the addressee was "that the Secretary-General continue"
    (found,) = of("mandates/A_RES_79_258", "OP11-5")
    assert (found.body, found.action) == ("Secretary-General", "continue to closely monitor")
    (found,) = of(
        "A_RES_78_69", "OP311"
    )  # "Requests that the Intergovernmental Oceanographic Commission continue"
    assert found.body == "Intergovernmental Oceanographic Commission"
    # A/RES/78/261, OP2: an aside between commas before the verb
    assert asked(
        "Requests that the President of the General Assembly, consistent with the rules of the General "
        "Assembly, appoint two co-facilitators, one from a developing country and one from a developed "
        "country, to facilitate the intergovernmental preparatory process;"
    ) == [("President of the General Assembly", "appoint two co-facilitators")]
    # A/RES/78/182, OP34: the subject is not a name, no one is asked
    assert not asked(
        "Requests that reports of the Secretary-General submitted to the General Assembly and the "
        "Economic and Social Council and their subsidiary bodies continue to systematically address gender "
        "perspectives;"
    )


def test_the_next_special_envoy_asked_in_a_that_clause_is_the_special_envoy_asked_again() -> None:
    # "Requests that the next Special Envoy participate" (78/219 OP31) -> "Requests that the Special
    # Envoy participate" (79/182 OP38): the same request, not a new one
    assert [(m.body, m.action) for m in of("A_RES_78_219", "OP31")] == [("Special Envoy", "participate")]
    assert not [ch for ch in mandate_changes(pair("A_RES_78_219", "A_RES_79_182")) if ch.new_id == "OP38"]


def test_a_request_to_an_infinitive_names_no_addressee() -> None:
    # A/RES/79/226, OP87: the addressee was "structured around the ... Cooperation Framework"
    assert not asked(
        "Reiterates its request to present annual reports to the programme country Governments on the "
        "results achieved by the United Nations country team as a whole, structured around the United "
        "Nations Sustainable Development Cooperation Framework, and linked to national development results;"
    )


def test_an_activity_is_not_an_addressee_but_the_agent_of_efforts_is() -> None:
    # A/RES/79/290, OP13
    assert not asked(
        "Encourages cooperation between the United Nations and the Association of Southeast Asian Nations "
        "to exchange expertise, best practices, lessons learned and experiences;"
    )
    # A/RES/79/248, OP45: the addressee was "Department ... Management’s continued efforts"
    assert asked(
        "Encourages the Department for General Assembly and Conference Management’s continued efforts to "
        "leverage new technologies and internal working methods;"
    ) == [("Department for General Assembly and Conference Management", "leverage new technologies")]
    # A/RES/78/182, OP44
    assert asked(
        "Encourages increased efforts by Governments and the United Nations system to enhance accountability "
        "for the implementation of commitments to gender equality;"
    ) == [("United Nations system", "enhance accountability")]


def test_a_name_runs_on_past_its_commas_and_its_to() -> None:
    # A/RES/78/286, OP3: the addressee was "United Nations Educational"
    assert asked(
        "Invites the United Nations Educational, Scientific and Cultural Organization and the United Nations "
        "Alliance of Civilizations with other relevant entities of the United Nations to facilitate the "
        "observance of the International Day;"
    ) == [("United Nations Educational, Scientific and Cultural Organization", "facilitate the observance")]
    # A/RES/78/253 OP4-11: was "Economic and Social Commission for Asia"
    assert (
        of("mandates/A_RES_78_253", "OP4-11")[0].body
        == "Economic and Social Commission for Asia and the Pacific"
    )
    # A/RES/78/198, OP9: "to food" was read as the request's infinitive
    assert asked(
        "Encourages the Special Rapporteur of the Human Rights Council on the right to food to continue to "
        "mainstream a gender perspective in the fulfilment of his mandate;"
    ) == [
        (
            "Special Rapporteur of the Human Rights Council on the right to food",
            "continue to mainstream a gender perspective",
        )
    ]
    # A/RES/79/31, OP8: "in a position to do so" is not the request's infinitive, the relative
    # clause not the name
    assert asked(
        "Invites the Secretary-General and those States and organizations that are in a position to do so to "
        "continue to provide assistance to States for curbing the illicit traffic in small arms;"
    ) == [("Secretary-General and those States and organizations", "continue to provide assistance")]


def test_a_word_split_in_the_pdf_is_one_word() -> None:
    # "invites the secretariat s of relevant United Nations specialized agencies" (A/RES/78/69) and
    # "the secretariats of ..." (A/RES/79/144): one request, not a new OP322
    assert "secretariat s of" in (TEXTS / "A_RES_78_69.txt").read_text(encoding="utf-8")
    old, new = of("A_RES_78_69", "OP322"), of("A_RES_79_144", "OP322")
    assert old == new and old[0].body == "secretariats of relevant United Nations specialized agencies"


def test_states_and_forces_are_not_bodies() -> None:
    # A/RES/78/331, OP13: "non-United Nations forces" are not the United Nations
    assert not asked(
        "Calls upon Member States deploying non-United Nations forces authorized under a Security Council "
        "mandate to take appropriate steps to investigate allegations of sexual exploitation and abuse, and "
        "urges all non-United Nations forces authorized under a Security Council mandate to take adequate "
        "measures to prevent sexual exploitation and abuse by their personnel;"
    )
    # A/RES/78/138, OP29: the bodies after "in cooperation with" are not asked
    assert not asked(
        "Notes the important contributions of the Common Fund for Commodities, and encourages them, in "
        "cooperation with the International Trade Centre, the United Nations Conference on Trade and "
        "Development and other relevant bodies, to strengthen coordination among them;"
    )
