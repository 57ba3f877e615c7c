"""The HTML report opened the way a reader opens it: from a file, in Chromium, driven by Playwright.

Needs ``pip install -e '.[browser]'`` (Playwright for Python) and a Chromium
at /usr/bin/chromium (``apt-get install chromium``), or $RESDIFF_CHROMIUM.
With CI=true their skip is a failure (tests/conftest.py).
Screenshots of both views go to $RESDIFF_ARTIFACTS (default: the pytest
run's temporary directory, printed with ``-s``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import NEW, OLD, SAMPLES, TEXTS

from diffcore import compare, render_html


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("reports")
    out = {}
    for name, (old, new) in {
        "sample": (OLD, NEW),
        "moved": (SAMPLES / "A_RES_79_218.txt", SAMPLES / "A_RES_80_150.pdf"),
        "oceans": (TEXTS / "A_RES_78_69.txt", TEXTS / "A_RES_79_144.txt"),
    }.items():
        out[name] = where / f"{name}.html"
        out[name].write_text(render_html(compare(old, new)), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("RESDIFF_ARTIFACTS")
    path = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser: Any, reports: dict[str, Path]) -> Iterator[Any]:
    """A page that refuses, and records, every request that is not for a local file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    yield page
    context.close()


def _visible(page: Any, selector: str) -> int:
    return int(page.eval_on_selector_all(selector, "els => els.filter(e => e.offsetParent !== null).length"))


def test_views_and_filters_switch_and_nothing_leaves_the_page(
    page: Any, reports: dict[str, Path], artifacts: Path
) -> None:
    page.goto(reports["sample"].as_uri())
    rows = _visible(page, "table.diff:not(.footnotes) tr.row:not(.placeholder)")
    assert _visible(page, "td.old") == _visible(page, "td.new") > 20
    assert _visible(page, "td.inline") == 0
    page.locator("#changes-h").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / "side-by-side.png"))

    page.click("label[for=view-inline]")
    assert _visible(page, "td.old") == _visible(page, "td.new") == 0
    # Every row shows one cell of text: the redline, or an unchanged paragraph's text once.
    assert _visible(page, "table.diff:not(.footnotes) td.inline, table.diff td.same") == rows
    assert (
        page.locator("td.inline del").first.is_visible() and page.locator("td.inline ins").first.is_visible()
    )
    page.locator("#changes-h").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / "inline.png"))

    unchanged = _visible(page, "table.diff:not(.footnotes) tr.row.k-unchanged")
    assert unchanged >= 1
    page.click("label[for=hide-unchanged]")
    assert _visible(page, "tr.row.k-unchanged") == 0
    assert _visible(page, "table.diff:not(.footnotes) tr.row:not(.placeholder)") == rows - unchanged

    page.click("label[for=only-added]")
    shown = page.eval_on_selector_all(
        "table.diff:not(.footnotes) tr.row",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.className)",
    )
    added = compare(OLD, NEW).summary["added"]
    assert len([c for c in shown if "k-added" in c]) == added and all("k-added" in c for c in shown)
    page.click("label[for=only-all]")
    page.click("label[for=view-side]")
    assert _visible(page, "td.old") > 20

    assert page.requests == [reports["sample"].as_uri()]
    print(f"\nscreenshots: {artifacts}")


def test_keyboard_jumps_between_changes(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["sample"].as_uri())
    assert page.locator("#nav").is_visible()
    changes = _visible(page, "tr.row:not(.k-unchanged):not(.placeholder)")
    focused = "() => { const r = document.activeElement; return [r.className, r.rowIndex]; }"
    page.keyboard.press("j")
    first = page.evaluate(focused)
    assert first[0].startswith("row ") and "k-unchanged" not in first[0]
    assert page.text_content("#nav-status") == f"Change 1 of {changes}"
    page.keyboard.press("j")
    second = page.evaluate(focused)
    assert second[1] > first[1] and page.text_content("#nav-status") == f"Change 2 of {changes}"
    page.keyboard.press("k")
    assert page.evaluate(focused) == first
    page.click("#next-change")
    assert page.evaluate(focused) == second
    box = page.locator("tr.row:focus").bounding_box()
    assert box and 0 <= box["y"] < 900


def test_a_moved_paragraph_links_to_its_old_place_and_back(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["moved"].as_uri())
    link = page.locator("#at-old-OP25 >> xpath=ancestor::tr >> td.ph a")
    assert link.text_content() == "see OP25 → OP22"  # says where it goes, on paper too
    link.click()
    assert page.url.endswith("#old-OP25")
    target = page.locator("#old-OP25")
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 900
    assert page.evaluate("document.querySelector(':target').id") == "old-OP25"
    row = page.locator("tr:has(#old-OP25)")
    assert "k-moved" in (row.get_attribute("class") or "")
    row.locator("a[href='#at-old-OP25']").click()
    assert page.url.endswith("#at-old-OP25")


def test_switches_work_with_javascript_off(browser: Any, reports: dict[str, Path]) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(reports["sample"].as_uri())
    assert not page.locator("#nav").is_visible()  # the script adds it; without one, no dead buttons
    page.click("label[for=view-inline]")
    assert _visible(page, "td.inline") > 20 and _visible(page, "td.old") == 0
    page.click("label[for=hide-unchanged]")
    assert _visible(page, "tr.row.k-unchanged") == 0
    context.close()


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css))


def test_text_contrast_passes_wcag_aa_and_changes_show_without_colour(
    page: Any, reports: dict[str, Path]
) -> None:
    page.goto(reports["moved"].as_uri())
    colours = page.evaluate(
        """sels => sels.map(sel => {
          const el = document.querySelector(sel);
          if (!el) return [sel, null, null];
          let bg = el, colour = getComputedStyle(el).color;
          const clear = e => /rgba\\(.*, 0\\)|transparent/.test(getComputedStyle(e).backgroundColor);
          while (bg && clear(bg)) bg = bg.parentElement;
          return [sel, colour, bg ? getComputedStyle(bg).backgroundColor : "rgb(255, 255, 255)"];
        })""",
        [
            "td.new ins",
            "td.old del",
            ".b-unchanged",
            ".b-modified",
            ".b-moved",
            ".b-split",
            ".b-added",
            ".b-deleted",
            ".cb-substantive",
            ".pid",
            "th.label .note",
            ".legend",
            "sup.fn",
            "dl.meta dt",
            "tr.placeholder td",
            "tr.k-added td.new p",
            "a",
        ],
    )
    for sel, fg, bg in colours:
        assert fg, f"{sel} not in the report"
        hi, lo = sorted((_luminance(_rgb(fg)), _luminance(_rgb(bg))), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (sel, fg, bg)
    style = "(t, pseudo) => getComputedStyle(document.querySelector('td ' + t), pseudo)"
    decorations = page.evaluate(f"() => ['ins', 'del'].map(t => ({style})(t, null).textDecorationLine)")
    assert decorations == ["underline", "line-through"]
    announced = page.evaluate(f"() => ['ins', 'del'].map(t => ({style})(t, '::before').content)")
    assert announced == ['" [inserted: "', '" [deleted: "']


def test_print_hides_the_controls(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["sample"].as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible() and not page.locator("nav.map").is_visible()
    # Paper gets the redline, whatever the view: side by side prints every change twice.
    assert _visible(page, "td.old") == 0 and _visible(page, "td.inline") > 20


def test_a_long_text_folds_unchanged_runs_that_open_on_a_click_or_a_link(
    page: Any, reports: dict[str, Path]
) -> None:
    page.goto(reports["oceans"].as_uri())
    runs = page.locator("tr.run details")
    assert runs.count() > 20 and page.locator("tr.run details[open]").count() == 0
    first = runs.first
    summary = first.locator("summary").text_content() or ""
    assert re.fullmatch(r"(PP|OP)\d+–(PP|OP)\d+: \d+ unchanged paragraphs", summary)
    inside = first.locator(".para").first
    assert not inside.is_visible()
    first.locator("summary").click()
    assert inside.is_visible() and first.get_attribute("open") is not None
    # A link to a paragraph in a closed run opens the run and lands on it.
    target = runs.nth(5).locator(".para .anchor").last.get_attribute("id")
    page.goto(f"{reports['oceans'].as_uri()}#{target}")
    page.wait_for_timeout(200)
    assert runs.nth(5).get_attribute("open") is not None
    box = page.locator(f"#{target}").bounding_box()
    assert box and 0 <= box["y"] < 900
    page.click("label[for=only-moved]")  # showing one kind of change hides the unchanged runs
    assert _visible(page, "tr.run") == 0 and _visible(page, "tr.row.k-moved") > 5
    page.click("label[for=only-all]")
    assert _visible(page, "tr.run") == runs.count()
    # The switch that shows everything: every run opens, and folds again.
    page.click("#open-runs")
    assert page.locator("tr.run details[open]").count() == runs.count()
    page.click("#open-runs")
    assert page.locator("tr.run details[open]").count() == 0


def test_the_table_of_contents_links_to_each_section(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["oceans"].as_uri())
    links = page.locator(".toc ol a")
    assert links.count() == 17
    for k in (4, 12):
        link = links.nth(k)
        heading = link.text_content()
        link.click()
        assert page.url.endswith(link.get_attribute("href") or "-")
        row = page.locator(":target")
        assert (row.text_content() or "").strip() == heading
        box = row.bounding_box()
        sticky = page.locator("table.diff thead th").first.bounding_box()
        assert box and sticky and sticky["height"] <= box["y"] < 900  # not under the sticky column titles


def test_a_phone_gets_the_inline_view_and_nothing_overflows(browser: Any, reports: dict[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    for name in ("oceans", "moved"):
        page.goto(reports[name].as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert _visible(page, "td.old") == _visible(page, "td.new") == 0 and _visible(page, "td.inline") > 5
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 390
    context.close()


def test_the_change_map_marks_link_to_their_rows(page: Any, reports: dict[str, Path]) -> None:
    page.goto(reports["oceans"].as_uri())
    marks = page.locator("nav.map a")
    n = marks.count()
    changed = _visible(page, "table.diff:not(.footnotes) tr.row:not(.k-unchanged):not(.placeholder)")
    assert n == changed > 100
    tops = page.eval_on_selector_all("nav.map a", "els => els.map(e => e.getBoundingClientRect().top)")
    assert tops == sorted(tops) and tops[0] >= 0 and tops[-1] < 900  # the whole text on one screen
    strip = page.locator("nav.map").bounding_box()
    assert strip and strip["x"] + strip["width"] <= 1280 and strip["width"] <= 16
    # Neighbouring paragraphs' marks overlap (a strip a screen high for 400 paragraphs): a
    # click lands on the one drawn last, so try marks clear of the next one.
    clear = [k for k in range(n) if k == n - 1 or tops[k + 1] - tops[k] >= 4]
    for k in (clear[0], clear[len(clear) // 2], clear[-1]):
        mark = marks.nth(k)
        href = mark.get_attribute("href") or ""
        mark.click()
        assert page.url.endswith(href)
        row = page.locator(f"tr:has({href})")
        kind = (mark.get_attribute("class") or "").split()[0][2:]
        assert f"k-{kind}" in (row.get_attribute("class") or "").split()
        box = page.locator(href).bounding_box()
        assert box and 0 <= box["y"] < 900


def test_the_digest_folds_long_lists_and_each_entry_jumps_to_its_row(
    page: Any, reports: dict[str, Path]
) -> None:
    page.goto(reports["moved"].as_uri())
    lists = page.locator(".digest .d-substantive")
    folded = lists.locator("details li")
    shown = "els => els.filter(e => e.checkVisibility()).length"
    assert folded.count() > 0 and page.eval_on_selector_all(".d-substantive details li", shown) == 0
    assert page.eval_on_selector_all(".d-substantive > ul > li", shown) == 8
    lists.locator("details summary").click()
    assert page.eval_on_selector_all(".d-substantive details li", shown) == folded.count()
    link = folded.last.locator("a")
    anchor = (link.get_attribute("href") or "")[1:]
    link.click()
    assert page.evaluate("document.querySelector(':target').id") == anchor
    box = page.locator(f"[id='{anchor}']").bounding_box()
    assert box and 0 <= box["y"] < 900
