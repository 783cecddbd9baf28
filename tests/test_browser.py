"""The web UI in a real browser: Playwright driving Debian's Chromium against `eventcoder serve`'s
app on a free local port. Skipped when Playwright or /usr/bin/chromium is missing (Playwright's
own browser download is never used)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from live_server import serving

pytest.importorskip("playwright")
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium: browser tests skipped", allow_module_level=True)
pytest.importorskip("uvicorn")

from playwright.sync_api import expect, sync_playwright  # noqa: E402
from test_api import build_db  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
KEEP = Path("/tmp/eventcoder-screens")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from eventcoder.api import create_app

    db = build_db(tmp_path_factory.mktemp("browser"))
    with serving(create_app(db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def allow_4xx() -> dict:
    """Set ["on"] in a test that provokes 4xx answers on purpose."""
    return {"on": False}


@pytest.fixture()
def page(browser, server, allow_4xx):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def only_local(route):  # the UI must not fetch anything from elsewhere
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    assert outside == [], f"requests outside the server: {outside}"
    if allow_4xx["on"]:  # the 4xx is what the test asked for
        problems = [m for m in problems if "status of 4" not in m]
    assert problems == [], f"browser errors: {problems}"


def shot(pg, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000
    KEEP.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, KEEP / path.name)


def test_events_filter_event_detail_and_article(page, server, tmp_path):
    page.goto(server + "/")
    rows = page.get_by_test_id("event-row")
    expect(rows.first).to_be_visible()
    all_rows = rows.count()
    assert all_rows >= 8
    expect(page.get_by_test_id("db-info")).to_contain_text("3 articles")
    shot(page, tmp_path, "01-events")

    # filter by actor (a name: the API resolves it)
    page.fill("#f-actor", "Slovakia")
    page.click("#f-apply")
    expect(page.get_by_test_id("result-count")).to_have_text("2 event(s)")
    expect(rows).to_have_count(2)
    for i in range(2):
        expect(rows.nth(i)).to_contain_text("SVK")
        expect(rows.nth(i)).to_contain_text("REJECT")
    assert "actor=Slovakia" in page.url
    shot(page, tmp_path, "02-events-filtered")

    # open one event: the evidence sentence with trigger, source and target marked
    rows.first.locator("td").first.click()
    detail = page.get_by_test_id("event-detail")
    expect(detail).to_be_visible()
    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("Hungary, Slovakia and Turkey blocked Ukraine's president")
    expect(evidence.locator(".hl-trigger")).to_have_text("blocked")
    expect(evidence.locator(".hl-source")).to_have_text("Slovakia")
    expect(evidence.locator(".hl-target")).to_have_text("Ukraine's president")
    classes = {evidence.locator(f".hl-{r}").evaluate("e => getComputedStyle(e).backgroundColor")
               for r in ("trigger", "source", "target")}
    assert len(classes) == 3  # three distinct highlight colours
    # the rules that made the event: the trigger rule first (then any conventions)
    expect(page.get_by_test_id("rule-chain")).to_have_text(
        re.compile(r"^[\w.\-]+( → [\w.\-]+)*$"))
    report = page.locator("#report-link").get_attribute("href")
    assert report.startswith("/api/articles/") and report.endswith("/report")
    shot(page, tmp_path, "03-event-detail")

    # the article view: every event marked in the text
    page.click("#article-link")
    article = page.get_by_test_id("article-view")
    expect(article).to_be_visible()
    text = page.locator("#article-text")
    expect(text).to_contain_text("Leaders of the alliance gathered in Brussels")
    assert text.locator(".hl-trigger").count() >= 3
    expect(text.locator(".hl-source", has_text="Slovakia")).to_have_count(1)
    expect(text.locator(".hl-target", has_text="European Union")).to_have_count(1)
    n_events = page.locator("#article-events tbody tr").count()
    assert n_events >= 5
    shot(page, tmp_path, "04-article")

    # clicking a mark opens that event
    text.locator(".hl-trigger", has_text="asked").click()
    expect(page.locator("#evidence .hl-trigger")).to_have_text("asked")

    # the one-page report for the article
    resp = page.request.get(server + report)
    assert resp.ok and "<!DOCTYPE html>" in resp.text()


def test_actor_network_dyad_alliance(page, server, tmp_path):
    page.goto(server + "/#/actor/HUN")
    expect(page.get_by_test_id("actor-view")).to_be_visible()
    expect(page.locator("#actor-as-source tbody tr")).to_have_count(2)
    expect(page.locator("#actor-as-target tbody tr")).to_have_count(1)
    expect(page.locator("#actor-as-target")).to_contain_text("POL")
    shot(page, tmp_path, "05-actor")

    page.click("[data-testid=nav-network]")
    net = page.locator("#network-svg")
    expect(net).to_be_visible()
    assert page.locator("#network-svg [data-testid=network-node]").count() >= 6
    assert page.locator("#network-svg path.edge").count() >= 6
    expect(net.locator("[data-code=HUN] text")).to_have_text("HUN")
    shot(page, tmp_path, "06-network")
    net.locator("[data-code=POL] circle").click()  # a node leads to its actor page
    expect(page.get_by_test_id("actor-view")).to_have_attribute("data-code", "POL")

    page.goto(server + "/#/dyad?a=USA&b=RUS&freq=week")
    chart = page.locator("#dyad-chart")
    expect(chart).to_be_visible()
    assert chart.locator("rect.bar").count() == 2  # verbal and material conflict
    shot(page, tmp_path, "07-dyad")

    page.click("[data-testid=nav-alliance]")
    expect(page.get_by_test_id("alliance-view")).to_be_visible()
    expect(page.locator("#cohesion-chart")).to_be_visible()
    expect(page.get_by_test_id("blocker-row")).to_have_count(1)  # Poland vs Hungary
    shot(page, tmp_path, "08-alliance")

    page.click("[data-testid=nav-commitments]")
    expect(page.locator("#commitments-table")).to_contain_text("€20 billion")
    expect(page.locator("#commitments-table")).to_contain_text("3% of GDP")


def test_bad_filter_shows_the_api_message(page, server, allow_4xx):
    allow_4xx["on"] = True
    page.goto(server + "/#/events?actor=Narnia")
    expect(page.get_by_test_id("field-error")).to_contain_text("unknown actor")
    page.goto(server + "/#/events?since=2025-07-01&until=2025-06-01")
    expect(page.get_by_test_id("field-error")).to_contain_text("after")
