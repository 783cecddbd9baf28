"""The map and the timeline: counts by place and period, filters, the world outline, the
report's map, the API answers, and `eventcoder map` / `eventcoder timeline` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

# (day, outlet, text): events in Kyiv (twice), Brussels, Nairobi, Paris and Gaza (a
# country-level place), over three months; Kharkiv's shelling names no place of its own
ARTICLES = [
    ("2025-01-15", "Wire One", "In Kyiv, Ukraine accused Russia of war crimes.\n\n"
                               "Russian troops shelled Kharkiv.\n"),
    ("2025-02-10", "Desk Two", "In Brussels, NATO pledged military aid to Ukraine.\n\n"
                               "In Kyiv, Ukraine thanked Germany for its support.\n"),
    ("2025-03-05", "Wire One", "Protesters rallied in Nairobi against the Kenyan government.\n\n"
                               "In Paris, France condemned Iran.\n"),
    ("2025-03-20", "Desk Two", "Israeli forces attacked Hamas fighters in Gaza.\n"),
]


def build_chart_db(root):
    from eventcoder.ingest import ingest

    feed = root / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": text, "date": day, "source": outlet}) + "\n"
                            for day, outlet, text in ARTICLES), encoding="utf-8")
    db = root / "events.duckdb"
    assert ingest([feed], db).events >= 7
    return db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_chart_db(tmp_path_factory.mktemp("charts"))


@pytest.fixture(scope="module")
def store(db):
    from eventcoder.store import EventStore

    with EventStore(db, read_only=True) as s:
        yield s


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], capture_output=True,
                          timeout=600)


# ---- counts -----------------------------------------------------------------------------------
def test_event_map_counts_events_where_they_happened(store):
    from eventcoder.analysis.geography import event_map
    from eventcoder.analysis.query import EventQuery

    m = event_map(store, EventQuery())
    by_country = {c.code: c.events for c in m.countries}
    assert by_country == {"UKR": 2, "BEL": 1, "KEN": 1, "FRA": 1, "PSE": 1}
    assert m.countries[0].code == "UKR" and m.countries[0].name == "Ukraine"
    places = {p.name: p.events for p in m.places}
    assert places == {"Kyiv": 2, "Brussels": 1, "Nairobi": 1, "Paris": 1}  # Gaza: a country
    assert (m.total, m.located, m.unlocated) == (7, 6, 1)  # the shelling of Kharkiv


def test_event_map_is_filtered_like_the_event_table(store):
    from eventcoder.analysis.geography import event_map
    from eventcoder.analysis.query import EventQuery, count_events

    q = EventQuery(type="accuse")
    m = event_map(store, q)
    assert {c.code for c in m.countries} == {"UKR", "FRA"} and m.total == count_events(store, q)
    q = EventQuery(actor="Ukraine", role="source")
    assert {c.code: c.events for c in event_map(store, q).countries} == {"UKR": 2}
    q = EventQuery(since="2025-03-01")
    assert {c.code for c in event_map(store, q).countries} == {"KEN", "FRA", "PSE"}


def test_timeline_counts_every_period_by_quad_class_and_type(store):
    from eventcoder.analysis.query import EventQuery
    from eventcoder.analysis.timeline import event_timeline

    t = event_timeline(store, EventQuery(), "month")
    assert t.periods == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert t.totals == [2, 2, 3] and t.undated == 0
    assert t.by_type["ASSAULT"] == [1, 0, 1] and t.by_type["PROTEST"] == [0, 0, 1]
    assert list(t.by_type)[:2] == ["AGREE", "SUPPORT"]  # PLOVER's order, present types only
    assert t.by_quad[4] == [1, 0, 2]  # material conflict: shelling; protest and attack
    weeks = event_timeline(store, EventQuery(actor="UKR", role="source"), "week")
    assert weeks.periods[0] == date(2025, 1, 13)  # weeks start on Monday
    assert sum(weeks.totals) == 2 and len(weeks.periods) == 5  # empty weeks filled with 0
    assert weeks.totals[1:4] == [0, 0, 0]


def test_timeline_refuses_a_chart_of_too_many_bars(store, monkeypatch):
    from eventcoder.analysis import timeline as tl
    from eventcoder.analysis.query import EventQuery
    from eventcoder.errors import InputError

    assert len(tl.event_timeline(store, EventQuery(), "day").periods) == 65  # 15 Jan - 20 Mar
    monkeypatch.setattr(tl, "MAX_PERIODS", 30)
    with pytest.raises(InputError, match="over 30 periods of one day"):
        tl.event_timeline(store, EventQuery(), "day")
    assert len(tl.event_timeline(store, EventQuery(), "month").periods) == 3


# ---- drawing ----------------------------------------------------------------------------------
def test_world_outline_is_natural_earth_with_our_country_codes():
    from eventcoder.charts.world import country_paths, outline_source, world_outline

    codes = {c.code for c in world_outline()}
    assert len(codes) > 170 and {"FRA", "NOR", "KOS", "UKR", "USA"} <= codes  # no -99
    assert "ATA" not in codes
    assert "Natural Earth" in outline_source() and "public domain" in outline_source()
    assert all(d.startswith("M") and d.endswith("Z") for _, _, d in country_paths())


def test_fills_darken_with_more_events_and_fit_zooms_in():
    from eventcoder.charts.world import FILL_STEPS, NO_EVENTS, WIDTH, fill_for, fit_view

    fills = [fill_for(n, 50) for n in (0, 1, 5, 50)]
    assert fills[0] == NO_EVENTS and fills[-1] == FILL_STEPS[-1]
    assert [FILL_STEPS.index(f) for f in fills[1:]] == sorted({FILL_STEPS.index(f)
                                                               for f in fills[1:]})
    x, y, w, h = fit_view({"BEL"}, [(30.5, 50.4)])
    assert 0 < w < WIDTH / 3
    assert fit_view(set(), []) == (0.0, 0.0, WIDTH, fit_view(set(), [])[3])


def test_map_svg_fills_countries_and_escapes_names(store):
    from eventcoder.analysis.geography import CountryCount, EventMap, PlaceCount
    from eventcoder.charts.svg import map_svg
    from eventcoder.charts.world import NO_EVENTS

    m = EventMap(countries=[CountryCount("UKR", "Ukraine", 3)],
                 places=[PlaceCount("<Kyiv>", "UKR", 50.45, 30.52, "city", 3)],
                 total=4, located=3)
    text = map_svg(m)
    assert 'data-code="UKR" data-events="3"' in text
    assert 'data-code="BRA" data-events="0" d="M' in text and NO_EVENTS in text
    assert "&lt;Kyiv&gt;" in text and "<Kyiv>" not in text


def build_map_page_world() -> str:
    from eventcoder.analysis.geography import EventMap
    from eventcoder.charts.svg import map_svg

    return map_svg(EventMap())


def test_report_shows_where_the_articles_events_happened(coder):
    from eventcoder.records import Article
    from eventcoder.report import build_report

    text = "In Kyiv, Ukraine accused Russia of war crimes.\n\nIn Paris, France condemned Iran.\n"
    page = build_report(coder.code(Article(text=text, date=date(2025, 1, 1))))
    section = page[page.index('<section id="map">'):]
    section = section[:section.index("</section>")]
    assert 'id="report-map"' in section and 'data-code="UKR" data-events="1"' in section
    assert "Kyiv (UKR): 1 event(s)" in section
    assert 'data-code="RUS"' not in section  # only the countries with events are named
    assert len(section) < len(build_map_page_world())  # the view's countries only
    bare = build_report(coder.code(Article(text="Chile condemned Peru.", date=date(2025, 1, 1))))
    assert "No event in this article names the place" in bare


# ---- the API ----------------------------------------------------------------------------------
def test_api_map_timeline_and_outline(db):
    from fastapi.testclient import TestClient

    from eventcoder.api import create_app

    with TestClient(create_app(db), base_url="http://localhost") as client:
        m = client.get("/api/map", params={"type": "ACCUSE"}).json()
        assert {c["code"] for c in m["countries"]} == {"UKR", "FRA"}
        assert all(c["fill"].startswith("#") for c in m["countries"])
        kyiv = next(p for p in m["places"] if p["name"] == "Kyiv")
        assert (kyiv["x"], kyiv["y"]) == pytest.approx(((30.52 + 180) * 2.5, (84 - 50.45) * 2.5),
                                                      abs=0.5)
        world = client.get("/api/map/outline").json()
        assert len(world["countries"]) > 170 and "public domain" in world["source"]
        t = client.get("/api/timeline", params={"freq": "month", "since": "2025-02-01"}).json()
        assert t["periods"] == ["2025-02-01", "2025-03-01"] and t["totals"] == [2, 3]
        assert [s["name"] for s in t["by_quad"]][0] == "verbal cooperation"
        bad = client.get("/api/timeline", params={"type": "NOPE"})
        assert bad.status_code == 400 and "unknown PLOVER type" in bad.json()["detail"]
        assert "--" not in bad.json()["detail"]


# ---- the commands -----------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".png", ".html"])
def test_map_command_writes_png_or_html(db, tmp_path, suffix):
    out = tmp_path / f"map{suffix}"
    proc = run("map", "--db", str(db), "--type", "ACCUSE", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "UKR" in proc.stdout.decode() and "KEN" not in proc.stdout.decode()
    assert b"without a place" in proc.stderr
    if suffix == ".png":
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000
    else:
        page = out.read_text()
        assert 'data-code="FRA" data-events="1"' in page
        assert 'data-code="KEN" data-events="0"' in page
        assert "http" not in page.replace("naturalearthdata.com", "").replace(
            'xmlns="http://www.w3.org/2000/svg"', "")  # nothing to fetch


@pytest.mark.parametrize("suffix", [".png", ".html"])
def test_timeline_command_writes_png_or_html(db, tmp_path, suffix):
    out = tmp_path / f"timeline{suffix}"
    proc = run("timeline", "--db", str(db), "--freq", "month", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "2025-03-01" in proc.stdout.decode()
    if suffix == ".png":
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        page = out.read_text()
        assert 'id="timeline-by-quad"' in page and 'id="timeline-by-type"' in page
        assert 'data-series="ASSAULT"' in page


def test_chart_commands_say_what_is_wrong(db, tmp_path):
    proc = run("map", "--db", str(db), "-o", str(tmp_path / "map.gif"))
    assert proc.returncode == 2 and b".png or .html" in proc.stderr
    proc = run("timeline", "--db", str(db), "--type", "NOPE", "-o", str(tmp_path / "t.png"))
    assert proc.returncode == 2 and b"unknown PLOVER type" in proc.stderr
    assert not (tmp_path / "t.png").exists()
    proc = run("map", "--db", str(tmp_path / "missing.duckdb"))
    assert proc.returncode == 2 and b"no such database" in proc.stderr
