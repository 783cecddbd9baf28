"""The API docs page offline and the event table at phone width, in a real browser (the
fixtures of test_browser.py: every request outside the local server is blocked and counted,
and any console error fails the test)."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright")

import test_browser  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

# the fixtures of test_browser.py, used here by name
server, browser, page, allow_4xx = (test_browser.server, test_browser.browser,
                                    test_browser.page, test_browser.allow_4xx)
shot = test_browser.shot


def test_swagger_docs_render_with_nothing_from_the_network(page, server, tmp_path):
    page.goto(server + "/docs")
    # the operations are drawn from /openapi.json by Swagger UI's own script
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.locator(".swagger-ui")).to_contain_text("/api/events")
    assert page.locator(".swagger-ui .opblock").count() >= 8
    shot(page, tmp_path, "20-docs-offline")


@pytest.fixture()
def phone(page):
    page.set_viewport_size({"width": 375, "height": 740})
    return page


def test_event_table_is_one_card_per_event_on_a_phone(phone, server, tmp_path):
    phone.goto(server + "/")
    rows = phone.get_by_test_id("event-row")
    expect(rows.first).to_be_visible()
    # nothing makes the page wider than the screen
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide on a 375px screen"
    first = rows.first.bounding_box()
    assert first["width"] <= 375 and first["height"] > 100  # a card, its fields stacked
    # each field says what it is: the column headers are hidden at this width
    expect(phone.locator("#events-table thead")).to_be_hidden()
    label = rows.first.locator("td[data-label=type]").evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert label == '"type"'
    shot(phone, tmp_path, "21-events-phone")
    rows.first.locator("td[data-label=date]").click()
    expect(phone.get_by_test_id("event-detail")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"event page is {width}px wide on a 375px screen"


def test_event_table_keeps_its_columns_on_a_desktop(page, server):
    page.goto(server + "/")
    expect(page.get_by_test_id("event-row").first).to_be_visible()
    expect(page.locator("#events-table thead")).to_be_visible()


def test_the_ui_cuts_long_sentences_between_words(page, server):
    page.goto(server + "/")
    expect(page.get_by_test_id("event-row").first).to_be_visible()
    long = "Germany pledged 500 million euros for the reconstruction of hospitals"
    assert page.evaluate("([t, n]) => clip(t, n)", [long, 40]) == \
        "Germany pledged 500 million euros for…"
    assert page.evaluate("([t, n]) => clip(t, n)", ["Short and  sweet.", 40]) == \
        "Short and sweet."


def test_mirrored_from_is_shown_only_for_another_outlet(page, server):
    page.goto(server + "/#/articles")
    table = page.get_by_test_id("articles-table")
    expect(table).to_contain_text("mirrored from Harbour Times")  # Copy Daily's copy
    same = page.evaluate("([a, o]) => otherOutlet(a, o)",
                         ["The Harbour Times", "www.harbourtimes.com"])
    other = page.evaluate("([a, o]) => otherOutlet(a, o)", ["Harbour Times", "Copy Daily"])
    assert (same, other) == (None, "Harbour Times")
