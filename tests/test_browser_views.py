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


def test_a_typo_in_a_filter_keeps_the_form_and_marks_the_field(page, server, allow_4xx,
                                                               tmp_path):
    allow_4xx["on"] = True  # the 400s are what the test asks for
    page.goto(server + "/")
    expect(page.get_by_test_id("event-row").first).to_be_visible()
    page.fill("#f-actor", "Hungry")
    page.click("#f-apply")
    note = page.locator("label:has(#f-actor) [data-testid=field-error]")
    expect(note).to_contain_text("unknown actor 'Hungry'")
    expect(page.get_by_test_id("filters")).to_be_visible()  # the form stays
    expect(page.locator("#f-actor")).to_have_value("Hungry")  # with what was typed
    expect(page.locator("#f-actor")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("field-error")).to_have_count(1)
    assert "--" not in note.inner_text()  # no command-line flag in a web page
    shot(page, tmp_path, "views-filter-error")
    # fixing the typo in place brings the events back
    page.fill("#f-actor", "Hungary")
    page.click("#f-apply")
    expect(page.get_by_test_id("event-row").first).to_be_visible()
    expect(page.get_by_test_id("field-error")).to_have_count(0)

    page.fill("#f-type", "REJCT")
    page.click("#f-apply")
    expect(page.locator("label:has(#f-type) [data-testid=field-error]")).to_contain_text(
        "unknown PLOVER type 'REJCT'")
    page.goto(server + "/#/events?since=2025-07-01&until=2025-06-01")
    expect(page.locator("label:has(#f-until) [data-testid=field-error]")).to_contain_text(
        "is after")
    # other forms do the same: an unknown alliance, an unknown dyad actor
    page.goto(server + "/#/alliance/NATOO")
    expect(page.locator("label:has(#alliance-code) [data-testid=field-error]")).to_contain_text(
        "unknown alliance 'NATOO'")
    page.goto(server + "/#/dyad?a=USA&b=Rusia")
    expect(page.locator("label:has(#dyad-b) [data-testid=field-error]")).to_contain_text(
        "unknown actor 'Rusia'")
    expect(page.locator("#dyad-a")).to_have_value("USA")


def test_actor_pages_show_what_the_text_said(page, server, tmp_path):
    page.goto(server + "/#/actor/UKR")
    written = page.locator("#actor-written")
    expect(written).to_be_visible()
    rows = written.locator("[data-testid=written-row]")
    expect(rows.first.locator("td").nth(0)).to_have_text("Ukraine's president")
    expect(rows.first.locator("td").nth(1)).to_have_text("6")
    expect(written).to_contain_text("Ukraine")
    shot(page, tmp_path, "views-actor-written")
    page.goto(server + "/#/actors")
    nato = page.locator("[data-testid=actor-row][data-code=NATO] [data-testid=actor-written]")
    expect(nato).to_contain_text("“Mark Rutte” ×")


def test_every_page_opens_without_a_browser_error(page, server, tmp_path):
    """Each view of the UI and the report, opened in turn: the page fixture fails the test on
    any console error, uncaught exception or request leaving the server."""
    event_id = page.request.get(server + "/api/events?limit=1").json()["items"][0]["id"]
    views = {"events": "/#/events", "event": f"/#/event/{event_id}",
             "articles": "/#/articles", "article": "/#/article/summit", "actors": "/#/actors",
             "actor": "/#/actor/HUN", "network": "/#/network", "dyad": "/#/dyad?a=USA&b=RUS",
             "alliance": "/#/alliance/NATO", "commitments": "/#/commitments?actor=UKR"}
    for view, path in views.items():
        page.goto(server + path)
        expect(page.locator(f"main[data-view={view}]")).to_be_visible()
        expect(page.get_by_test_id("error")).to_be_hidden()
        assert page.locator("main > section").count() == 1, view
        assert page.get_by_test_id("refused").count() == 0, view
    page.goto(server + "/#/actors")
    expect(page.locator("[data-testid=actor-row][data-code=UKR]")).to_contain_text(
        "“Ukraine's president” ×6")
    shot(page, tmp_path, "views-actors-list")
    page.goto(server + REPORT)
    expect(page.locator("#text .mk").first).to_be_visible()


def test_a_saved_report_highlights_when_opened_from_disk(page, server, tmp_path):
    """The page `eventcoder report -o report.html` writes, opened as a file (no server, no CSP)."""
    saved = tmp_path / "report.html"
    saved.write_text(page.request.get(server + REPORT).text(), encoding="utf-8")
    page.route(saved.as_uri() + "*", lambda route: route.continue_())  # this one file only
    page.goto(saved.as_uri())
    row = page.locator("table.events tr[data-ev]").nth(2)
    event_id = row.get_attribute("data-ev")
    row.hover()
    expect(page.locator(f'#text span.mk.hl[data-ev~="{event_id}"]').first).to_be_visible()
    page.goto(saved.as_uri() + "#ev-" + event_id)
    expect(row).to_have_class(HIGHLIT)
