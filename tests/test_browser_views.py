"""The views an analyst reads, in a real browser: the one-page report's highlighting, the
alliance chart, filter errors beside their field, actor pages and every page free of console
errors. Uses test_browser's server, browser and page fixtures (same skips: no Playwright or
no /usr/bin/chromium, no test)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")

import test_browser  # noqa: E402
from playwright.sync_api import expect  # noqa: E402
from test_browser import shot  # noqa: E402

# the shared fixtures: one server over the test corpus, one browser, a page failing on errors
server, browser, page, allow_4xx = (test_browser.server, test_browser.browser,
                                    test_browser.page, test_browser.allow_4xx)

REPORT = "/api/articles/summit/report"
HIGHLIT = re.compile(r"\bhl\b")


def _marked(pg, event_id: str) -> int:
    """How many marks in the article text carry the highlight for `event_id`."""
    return pg.locator(f'#text span.mk.hl[data-ev~="{event_id}"]').count()


def test_report_highlights_the_hovered_row_and_the_opened_event(page, server, tmp_path):
    page.goto(server + REPORT)
    row = page.locator("table.events tr[data-ev]").first
    event_id = row.get_attribute("data-ev")
    assert event_id and _marked(page, event_id) == 0
    row.hover()
    # the trigger, actor and recipient of that event light up in the text, and the row too
    expect(page.locator(f'#text span.mk.hl[data-ev~="{event_id}"]').first).to_be_visible()
    assert _marked(page, event_id) >= 2
    expect(row).to_have_class(HIGHLIT)
    page.mouse.move(0, 0)
    page.locator("h1").hover()
    assert _marked(page, event_id) == 0

    # a mark in the text lights up its row
    mark = page.locator(f'#text span.mk.trigger[data-ev~="{event_id}"]').first
    mark.hover()
    expect(page.locator(f'table.events tr[data-ev="{event_id}"]')).to_have_class(HIGHLIT)
    page.locator("h1").hover()

    # opening #ev-… (a link in the table, or the address) highlights that event
    other = page.locator("table.events tr[data-ev]").nth(1).get_attribute("data-ev")
    page.goto(server + REPORT + "#ev-" + other)
    expect(page.locator(f'#text span.mk.hl[data-ev~="{other}"]').first).to_be_visible()
    lit = page.locator("#text span.mk.hl").evaluate_all("els => els.map(e => e.dataset.ev)")
    assert lit and all(other in ids.split() for ids in lit)  # that event's marks, no others
    shot(page, tmp_path, "views-report-highlight")


def _ticks(chart) -> list[str]:
    """The y-axis labels of a chart (left of the plot, right-aligned)."""
    return chart.locator('text[text-anchor="end"]').evaluate_all(
        "els => els.filter(e => +e.getAttribute('x') < 50).map(e => e.textContent)")


def test_alliance_draws_cohesion_and_dissent_on_their_own_axes(page, server, tmp_path):
    page.goto(server + "/#/alliance/NATO?freq=month")
    cohesion, dissent = page.locator("#cohesion-chart"), page.locator("#dissent-chart")
    expect(cohesion).to_be_visible()
    expect(dissent).to_be_visible()
    assert _ticks(cohesion) == ["-1", "-0.50", "0", "0.50", "1"]
    assert _ticks(dissent) == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    # June: the alliance's call on its members (conflictual, PLOVER REQUEST), no member
    # dissenting: cohesion −1 in its panel, and no dissent bar at all in the other
    bars = cohesion.locator("rect.bar")
    expect(bars).to_have_count(2)
    titles = bars.evaluate_all("els => els.map(e => e.textContent)")
    assert titles == ["2025-05-01: cohesion index -1", "2025-06-01: cohesion index -1"]
    zero = cohesion.locator("line.axis").get_attribute("y1")
    assert all(float(y) == float(zero) for y in bars.evaluate_all(
        "els => els.map(e => e.getAttribute('y'))"))  # both hang down from 0
    spans = dissent.locator("rect.bar").evaluate_all("els => els.map(e => e.textContent)")
    assert len(spans) == 1 and spans[0].startswith("2025-05-01") and spans[0].endswith("3 %")
    expect(page.get_by_test_id("blocker-row")).to_have_count(1)
    expect(page.get_by_test_id("blocker-row")).to_contain_text("member → member")
    shot(page, tmp_path, "views-alliance")
