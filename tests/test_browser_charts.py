"""The map and the timeline in a real browser (Playwright + Debian's Chromium), on a store
whose events have places and dates. No console errors, nothing fetched from elsewhere (the
`page` fixture of test_browser checks both)."""

from __future__ import annotations

import pytest
import test_browser as tb  # skips this module as it skips itself (no Playwright, no Chromium)
from live_server import serving
from playwright.sync_api import expect
from test_charts import build_chart_db

# test_browser's fixtures, used here by name: the browser, and a page that fails the test on a
# console error or on any request leaving the server
browser, page, allow_4xx = tb.browser, tb.page, tb.allow_4xx
shot = tb.shot

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from eventcoder.api import create_app

    db = build_chart_db(tmp_path_factory.mktemp("charts"))
    with serving(create_app(db)) as url:
        yield url


def _duplicate_ids(page) -> list[str]:
    return page.evaluate("() => { const ids = [...document.querySelectorAll('[id]')]"
                         ".map((e) => e.id); return ids.filter((x, i) => ids.indexOf(x) !== i); }")


def _fill(page, code: str) -> str:
    return page.locator(f'#map-svg path[data-code="{code}"]').get_attribute("fill")


def test_map_fills_countries_by_event_count_and_filters(page, server, tmp_path):
    page.goto(server + "/#/map")
    svg = page.get_by_test_id("map-svg")
    expect(svg).to_be_visible()
    assert svg.locator("path.country").count() > 150  # the whole world outline
    kyiv_fill, none_fill = _fill(page, "UKR"), _fill(page, "BRA")
    assert page.locator('#map-svg path[data-code="UKR"]').get_attribute("data-events") == "2"
    assert _fill(page, "FRA") not in (none_fill, kyiv_fill)  # one event: a paler fill
    assert kyiv_fill != none_fill
    expect(page.get_by_test_id("map-place")).to_have_count(4)  # Kyiv, Brussels, Nairobi, Paris
    expect(page.get_by_test_id("map-summary")).to_contain_text("without a place")
    expect(page.get_by_test_id("map-country-row").first).to_contain_text("UKR")
    assert _duplicate_ids(page) == []
    shot(page, tmp_path, "map-world")

    # filtered like the event table: only ACCUSE events
    page.fill("#map-type", "accuse")
    page.click("#map-apply")
    expect(page.get_by_test_id("map-country-row")).to_have_count(2)  # Ukraine and France
    assert "type=ACCUSE" in page.url
    assert page.locator('#map-svg path[data-code="UKR"]').get_attribute("data-events") == "1"
    assert page.locator('#map-svg path[data-code="KEN"]').get_attribute("data-events") == "0"
    shot(page, tmp_path, "map-filtered")

    # zoomed to the events
    page.goto(server + "/#/map?fit=true&since=2025-02-01&until=2025-02-28")
    expect(page.get_by_test_id("map-country-row").first).to_contain_text("BEL")
    expect(page.get_by_test_id("map-country-row")).to_have_count(2)  # Belgium, Ukraine
    box = page.get_by_test_id("map-svg").get_attribute("viewBox").split()
    assert float(box[2]) < 900  # narrower than the world
    shot(page, tmp_path, "map-zoomed")


def test_timeline_by_quad_class_and_type_with_filters(page, server, tmp_path):
    page.goto(server + "/#/timeline")
    quad = page.get_by_test_id("timeline-by-quad")
    expect(quad).to_be_visible()
    expect(page.get_by_test_id("timeline-summary")).to_contain_text("per month in 3 period(s)")
    assert quad.locator("rect.bar").count() >= 3
    bars = page.get_by_test_id("timeline-by-type").locator('rect.bar[data-series="ASSAULT"]')
    expect(bars).to_have_count(2)  # January (Kharkiv) and March (Gaza)
    expect(page.get_by_test_id("timeline-type-legend")).to_contain_text("PROTEST")
    assert _duplicate_ids(page) == []
    shot(page, tmp_path, "timeline-month")

    # per week, Ukraine as the source only
    page.select_option("#timeline-freq", "week")
    page.fill("#timeline-actor", "Ukraine")
    page.select_option("#timeline-role", "source")
    page.click("#timeline-apply")
    expect(page.get_by_test_id("timeline-summary")).to_contain_text("2 dated event(s) per week")
    assert "actor=Ukraine" in page.url and "freq=week" in page.url
    legend = page.get_by_test_id("timeline-type-legend")
    expect(legend).to_contain_text("ACCUSE")
    expect(legend).not_to_contain_text("ASSAULT")
    shot(page, tmp_path, "timeline-filtered")


def test_nav_reaches_map_and_timeline(page, server):
    page.goto(server + "/")
    page.get_by_test_id("nav-map").click()
    expect(page.get_by_test_id("map-svg")).to_be_visible()
    page.get_by_test_id("nav-timeline").click()
    expect(page.get_by_test_id("timeline-by-quad")).to_be_visible()
    expect(page.get_by_test_id("nav-timeline")).to_have_class("active")
