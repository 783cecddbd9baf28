"""The outlet labels in the web UI: the events filter by outlet label, and the labels of the
outlet and of a mirror's origin on the rows (browser fixtures of test_browser.py)."""

from __future__ import annotations

import pytest
from live_server import serving
from test_browser import allow_4xx, browser, page, shot  # noqa: F401  (fixtures)
from test_outlets import _article

from eventcoder.store import EventStore


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from eventcoder.api import create_app
    from eventcoder.knowledge.outlets import OutletRegistry

    db = tmp_path_factory.mktemp("outlets") / "o.duckdb"
    with EventStore(db) as store:
        store.write_batch([
            _article("wire1", "Reuters", "https://www.reuters.com/world/x"),
            _article("mirror1", "Some Blog", "https://blog.example/p", mirrored="South Front"),
            _article("local1", "Harbour Gazette", "https://gazette.example/a"),
        ], [])
    app = create_app(db, outlets=OutletRegistry.load(use_env=False))
    with serving(app) as url:
        yield url


def test_events_filter_by_outlet_label_and_rows_show_the_labels(page, server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    page.goto(server + "/")
    rows = page.get_by_test_id("event-row")
    expect(rows).to_have_count(3)
    mirror = rows.filter(has_text="Some Blog")
    expect(mirror).to_contain_text("via South Front")
    expect(mirror.get_by_test_id("outlet-label")).to_contain_text(["state-affiliated",
                                                                   "partisan"])
    page.select_option("#f-outlet-label", "wire")
    page.click("#f-apply")
    expect(page.get_by_test_id("result-count")).to_have_text("1 event(s)")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Reuters")
    expect(rows.first.get_by_test_id("outlet-label")).to_have_text(["private", "wire"])
    assert "outlet_label=wire" in page.url
    shot(page, tmp_path, "outlets-events-filtered")
    page.select_option("#f-outlet-label", "partisan")  # the mirror's origin carries it
    page.click("#f-apply")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Some Blog")
    page.goto(server + "/#/articles")
    expect(page.get_by_test_id("article-row").filter(has_text="Harbour Gazette")).to_have_count(1)
    expect(page.get_by_test_id("article-row").filter(has_text="Some Blog")).to_contain_text(
        "mirrored from South Front")
