"""The views an analyst reads, in a real browser: the one-page report's highlighting, the
alliance chart, filter errors beside their field, actor pages and every page free of console
errors. Uses test_browser's server, browser and page fixtures (same skips: no Playwright or
no /usr/bin/chromium, no test)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("playwright")

from playwright.sync_api import expect  # noqa: E402
from test_browser import allow_4xx, browser, page, server, shot  # noqa: E402, F401

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
