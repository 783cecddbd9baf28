"""The analysis library and its commands, on a small corpus ingested once per module."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date

import pytest

from eventcoder.errors import InputError

SUMMIT = "\n\n".join([
    "Allies met in The Hague on Tuesday for a summit overshadowed by the war in Ukraine.",
    "Hungary, Slovakia, the United States and Turkey barred Ukraine's president from the "
    "formal talks, diplomats said.",
    "Poland criticised Hungary over its stance on Ukraine.",
    "Ukraine asked the European Union for €150 billion in reconstruction money.",
    "Mark Rutte urged the allies to spend 5% of GDP on defence.",
    "Germany pledged 500 million euros in air defence aid to Ukraine.",
    "Denmark donated 30 million euros to Ukraine.",
    "Russia did not attack Poland.",
]) + "\n"

SANCTIONS = """The United States imposed sanctions on Russia on Monday.

Russia accused the United States of escalating the war.

The United States and Russia held talks in Geneva.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from eventcoder.ingest import IngestOptions, ingest
    from eventcoder.sources.readers import ReaderOptions

    root = tmp_path_factory.mktemp("analysis")
    feed = root / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in (
        {"id": "summit", "text": SUMMIT, "date": "2025-06-25", "source": "Test Wire"},
        {"id": "sanctions", "text": SANCTIONS, "date": "2025-05-14", "source": "Other Wire"},
    )) + "\n", encoding="utf-8")
    path = root / "events.duckdb"
    summary = ingest([feed], path, IngestOptions(reader=ReaderOptions(
        date=date(2025, 6, 25), source="Fallback", today=date(2025, 12, 31))))
    assert summary.failures == 0 and summary.events > 0
    return path


@pytest.fixture()
def store(db):
    from eventcoder.store import EventStore

    with EventStore(db, read_only=True) as s:
        yield s


def dyads(rows) -> set[tuple]:
    return {(r["type"], r["source_code"], r["target_code"]) for r in rows}


# ---- query ----------------------------------------------------------------------------------
def test_query_by_actor_code_and_name(store):
    from eventcoder.analysis import EventQuery, query_events

    by_code = query_events(store, EventQuery(actor="HUN"))
    by_name = query_events(store, EventQuery(actor="Hungary"))
    assert by_code == by_name
    assert {("REJECT", "HUN", "UKR"), ("ACCUSE", "POL", "HUN")} <= dyads(by_code)
    kremlin = query_events(store, EventQuery(actor="the Kremlin", role="source"))
    assert kremlin and all(r["source_code"] == "RUS" for r in kremlin)


def test_query_role_type_dates_outlet(store):
    from eventcoder.analysis import EventQuery, query_events

    src = query_events(store, EventQuery(actor="HUN", role="source"))
    assert src and all(r["source_code"] == "HUN" for r in src)
    tgt = query_events(store, EventQuery(actor="HUN", role="target"))
    assert tgt and all(r["target_code"] == "HUN" for r in tgt)
    rejects = query_events(store, EventQuery(type="reject", since="2025-06-01",
                                             until="2025-06-30"))
    assert {r["source_code"] for r in rejects} >= {"HUN", "SVK", "USA", "TUR"}
    assert all(r["type"] == "REJECT" for r in rejects)
    may = query_events(store, EventQuery(until="2025-05-31"))
    assert may and all(r["date"] <= date(2025, 5, 31) for r in may)
    assert all(r["outlet"] == "Other Wire"
               for r in query_events(store, EventQuery(outlet="other wire")))
    assert query_events(store, EventQuery(type="REJECT", mode="meet"))
    assert len(query_events(store, EventQuery(limit=2))) == 2
    assert query_events(store, EventQuery(limit=1, offset=1))[0] == query_events(
        store, EventQuery(limit=2))[1]


def test_query_flags(store):
    from eventcoder.analysis import EventQuery, query_events

    factual = query_events(store, EventQuery(actor="RUS", type="ASSAULT"))
    assert factual == []
    flagged = query_events(store, EventQuery(actor="RUS", type="ASSAULT", include_flagged=True))
    assert flagged and flagged[0]["negated"]


@pytest.mark.parametrize("q, message", [
    ({"actor": "Atlantis"}, "unknown actor"),
    ({"type": "HUG"}, "valid types: AGREE"),
    ({"since": "2025-07-01", "until": "2025-06-01"}, "is after"),
    ({"since": "yesterday"}, "YYYY-MM-DD"),
    ({"role": "sideways"}, "unknown role"),
    ({"type": "REJECT", "mode": "dance"}, "unknown mode"),
    ({"context": "astrology"}, "unknown PLOVER context"),
    ({"limit": 0}, "limit"),
])
def test_query_bad_input(store, q, message):
    from eventcoder.analysis import EventQuery, query_events

    with pytest.raises(InputError, match=message):
        query_events(store, EventQuery(**q))


def test_query_limit_capped(store):
    from eventcoder.analysis.query import EventQuery, build_sql

    _, params = build_sql(store.con, EventQuery(limit=10**9))
    assert params[-2] == 10_000


# ---- SQL escape hatch -------------------------------------------------------------------------
def test_sql_select_runs(db):
    from eventcoder.analysis import run_readonly_sql

    res = run_readonly_sql(db, "SELECT type, count(*) AS n FROM events GROUP BY 1 ORDER BY 1")
    assert res.columns == ["type", "n"] and ("REJECT", 4) in res.rows
    assert run_readonly_sql(db, "WITH x AS (SELECT 1 AS a) SELECT * FROM x").rows == [(1,)]
    assert run_readonly_sql(db, "DESCRIBE events").rows
    assert run_readonly_sql(db, "SHOW TABLES").rows
    assert run_readonly_sql(db, "SELECT count(*) FROM events WHERE sentence LIKE '%delete%'")
    assert run_readonly_sql(db, "SELECT * FROM events", limit=3).truncated


@pytest.mark.parametrize("sql", [
    "DELETE FROM events",
    "INSERT INTO failures VALUES ('x', 1, 'y', 'error', now(), NULL)",
    "UPDATE events SET type = 'AID'",
    "DROP TABLE events",
    "CREATE TABLE x AS SELECT 1",
    "ATTACH '/tmp/other.duckdb' AS other",
    "COPY events TO '/tmp/out.csv'",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM \"read_csv\"('/etc/passwd')",
    "SELECT * FROM '/etc/passwd'",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/*')",
    "PRAGMA database_list",
    "SET threads = 1",
    "INSTALL httpfs",
    "LOAD httpfs",
    "CALL pragma_version()",
    "SELECT 1; SELECT 2",
    "SELECT 1; DROP TABLE events",
    "",
])
def test_sql_refuses(db, sql):
    from eventcoder.analysis import run_readonly_sql

    with pytest.raises(InputError):
        run_readonly_sql(db, sql)


def test_sql_missing_db(tmp_path):
    from eventcoder.analysis import run_readonly_sql

    with pytest.raises(InputError, match="no such database"):
        run_readonly_sql(tmp_path / "none.duckdb", "SELECT 1")


# ---- network ----------------------------------------------------------------------------------
def test_network(store, tmp_path):
    from eventcoder.analysis import actor_network, draw_network_png, network_html

    g = actor_network(store, since="2025-06-01", until="2025-06-30")
    assert {"HUN", "SVK", "USA", "TUR", "UKR", "POL"} <= set(g.nodes)
    assert g.nodes["HUN"]["kind"] == "state" and "NATO" in g.nodes["HUN"]["alliances"]
    assert g.nodes["EU"]["kind"] == "igo"
    e = g.edges["HUN", "UKR"]
    assert e["weight"] == 1 and e["conflict"] == 1 and e["cooperation"] == 0
    assert g.edges["DEU", "UKR"]["cooperation"] == 1
    assert ("RUS", "POL") not in g.edges  # the denied attack is not a fact
    assert ("USA", "RUS") not in g.edges  # May, outside the range
    whole = actor_network(store)
    assert whole.edges["USA", "RUS"]["weight"] == 2
    assert actor_network(store, min_events=2).number_of_edges() == 1
    assert set(actor_network(store, types=["REJECT"]).nodes) == {"HUN", "SVK", "USA", "TUR",
                                                                 "UKR"}
    png, page = draw_network_png(g, tmp_path / "n.png"), network_html(g, tmp_path / "n.html")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = page.read_text(encoding="utf-8")
    assert "<svg" in text and "HUN" in text and "<title>" in text
    assert not re.search(r"https?://", text)
    with pytest.raises(InputError):
        actor_network(store, types=["HUG"])


# ---- dyads ------------------------------------------------------------------------------------
def test_dyad_series(store, tmp_path):
    from eventcoder.analysis import dyad_series, plot_dyad

    series = dyad_series(store, "USA", "Russia", freq="month")
    assert [r.period for r in series] == [date(2025, 5, 1)]
    row = series[0]
    assert row.events == 3 and row.quad[1] == 1 and row.quad[3] == 1 and row.quad[4] == 1
    assert row.score_sum == pytest.approx(sum(r["score"] for r in _usa_rus(store)))
    one_way = dyad_series(store, "USA", "RUS", freq="month", both_directions=False)
    assert one_way[0].events == 2
    days = dyad_series(store, "USA", "RUS", freq="day")
    assert sum(r.events for r in days) == 3 and len(days) >= 1
    assert plot_dyad(series, tmp_path / "d.png").stat().st_size > 0
    with pytest.raises(InputError):
        dyad_series(store, "USA", "RUS", freq="fortnight")
    with pytest.raises(InputError):
        dyad_series(store, "USA", "Atlantis")


def _usa_rus(store):
    from eventcoder.analysis import EventQuery, query_events

    return [r for r in query_events(store, EventQuery(actor="USA"))
            if {r["source_code"], r["target_code"]} == {"USA", "RUS"}]


# ---- alliance cohesion ------------------------------------------------------------------------
def test_alliance_blockers_and_cohesion(store):
    from eventcoder.analysis import alliance_cohesion

    rep = alliance_cohesion(store, "NATO", since="2025-06-01", until="2025-06-30")
    assert len(rep.members) == 32 and {"HUN", "SVK", "USA", "TUR", "FIN"} <= {
        m.code for m in rep.members}
    # barring Ukraine (no member) is the members' business with an outsider, not a quarrel
    # inside the alliance; the one quarrel inside it is Poland criticising Hungary
    assert [(b.source, b.target, b.type, b.relation) for b in rep.blockers] == [
        ("POL", "HUN", "ACCUSE", "member → member")]
    blocker = rep.blockers[0]
    assert "criticised" in blocker.sentence and blocker.article_id and blocker.date
    # intra-alliance: that quarrel and the alliance's own call on the allies (Rutte, REQUEST)
    assert {(b.source, b.type) for b in rep.intra_conflicts} == {("POL", "ACCUSE"),
                                                                ("NATO", "REQUEST")}
    assert rep.intra_events == 2 and rep.intra_conflictual == 2 and rep.index == -1.0
    assert rep.outward_events == 6  # the four blocks, the pledge, the donation
    (june,) = rep.periods
    assert june.period == date(2025, 6, 1) and june.index == -1.0
    assert june.dissenters == ["POL"]
    assert june.dissent_share == pytest.approx(1 / 32)


def test_alliance_index_none_without_intra_events(store):
    from eventcoder.analysis import alliance_cohesion

    rep = alliance_cohesion(store, "NATO", since="2025-05-01", until="2025-05-31")
    assert rep.intra_events == 0 and rep.index is None
    assert all(p.index is None for p in rep.periods)
    with pytest.raises(InputError, match="unknown alliance"):
        alliance_cohesion(store, "WARSAW")


# ---- commitments ------------------------------------------------------------------------------
def test_commitments(store):
    from eventcoder.analysis import commitments

    rep = commitments(store)
    kinds = {(c.kind, c.source, c.value, c.currency or c.unit) for c in rep.rows}
    assert ("requested", "UKR", 150e9, "EUR") in kinds
    assert ("pledged", "DEU", 500e6, "EUR") in kinds
    assert ("delivered", "DNK", 30e6, "EUR") in kinds
    assert ("demanded", "NATO", 5.0, "percent of GDP") in kinds
    assert rep.money[("requested", "EUR")] == 150e9
    assert [c.value for c in rep.gdp_shares] == [5.0]
    assert all(k[1] != "percent of GDP" for k in rep.money)
    ukr = commitments(store, actor="Ukraine")
    assert {c.kind for c in ukr.rows} == {"requested", "pledged", "delivered"}
    assert all(c.event_id and c.sentence for c in ukr.rows)
    assert commitments(store, since="2025-07-01").rows == []


def test_commitment_kinds():
    from eventcoder.analysis.commitments import kind_of

    assert kind_of("REQUEST", "assist", False) == "requested"
    assert kind_of("REQUEST", "change", False) == "demanded"
    assert kind_of("THREATEN", None, False) == "demanded"
    assert kind_of("AGREE", None, True) == "pledged"
    assert kind_of("AID", None, True) == "pledged"
    assert kind_of("AID", None, False) == "delivered"
    assert kind_of("REJECT", "assist", False) == "blocked"


# ---- CLI --------------------------------------------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "eventcoder", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def test_cli_query(db):
    r = run("query", "--db", db, "--actor", "Hungary", "--role", "source", "--type", "REJECT",
            "--since", "2025-01-01", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [(x["source_code"], x["target_code"]) for x in rows] == [("HUN", "UKR")]
    r = run("query", "--db", db, "--type", "REJECT", "--format", "csv")
    assert r.returncode == 0 and r.stdout.startswith("id,") and r.stdout.count("REJECT") == 4
    r = run("query", "--db", db, "--actor", "HUN")
    assert r.returncode == 0 and "REJECT" in r.stdout
    r = run("query", "--db", db, "--sql", "select count(*) as n from events")
    assert r.returncode == 0 and " n " in r.stdout


@pytest.mark.parametrize("args, message", [
    (["--actor", "Atlantis"], "unknown actor"),
    (["--type", "HUG"], "unknown PLOVER type"),
    (["--since", "2025-13-01"], "YYYY-MM-DD"),
    (["--since", "2025-07-01", "--until", "2025-06-01"], "is after"),
    (["--format", "xml"], "unknown format"),
    (["--sql", "COPY events TO '/tmp/x.csv'"], "refused"),
    (["--sql", "select * from read_csv('/etc/passwd')"], "refused"),
])
def test_cli_query_errors(db, args, message):
    r = run("query", "--db", db, *args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_cli_missing_db(tmp_path):
    missing = tmp_path / "none.duckdb"
    for args in (["query"], ["query", "--sql", "select 1"], ["network", "-o",
                 tmp_path / "n.png"], ["dyad", "USA", "RUS"], ["alliance", "NATO"],
                 ["commitments"]):
        r = run(*args, "--db", missing)
        assert r.returncode == 2 and "no such database" in r.stderr, args
        assert "Traceback" not in r.stderr
    assert not missing.exists()


def test_cli_network(db, tmp_path):
    for name in ("n.png", "n.html"):
        r = run("network", "--db", db, "--since", "2025-06-01", "-o", tmp_path / name)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / name).stat().st_size > 0
    r = run("network", "--db", db, "-o", tmp_path / "n.gif")
    assert r.returncode == 2 and ".png or .html" in r.stderr
    r = run("network", "--db", db, "--since", "2025-06-31", "-o", tmp_path / "x.png")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr


def test_cli_dyad(db, tmp_path):
    r = run("dyad", "USA", "RUS", "--db", db, "--freq", "week", "-o", tmp_path / "d.png")
    assert r.returncode == 0, r.stderr
    assert "2025-05-12" in r.stdout and (tmp_path / "d.png").stat().st_size > 0
    r = run("dyad", "USA", "Atlantis", "--db", db)
    assert r.returncode == 2 and "unknown actor" in r.stderr
    r = run("dyad", "USA", "RUS", "--db", db, "--freq", "hourly")
    assert r.returncode == 2 and "frequency" in r.stderr


def test_cli_alliance(db):
    r = run("alliance", "NATO", "--db", db, "--since", "2025-06-01", "--until", "2025-06-30")
    assert r.returncode == 0, r.stderr
    assert "32 members" in r.stdout and "cohesion index: -1.00" in r.stdout
    assert "member → member" in r.stdout and "POL" in r.stdout
    r = run("alliance", "NATO", "--db", db, "--until", "2025-06-30", "--json")
    data = json.loads(r.stdout)
    assert [(b["source"], b["target"], b["relation"]) for b in data["blockers"]] == [
        ("POL", "HUN", "member → member")]
    r = run("alliance", "WARSAW", "--db", db)
    assert r.returncode == 2 and "unknown alliance" in r.stderr


def test_cli_commitments(db):
    r = run("commitments", "--db", db, "--actor", "UKR")
    assert r.returncode == 0, r.stderr
    assert "150,000,000,000" in r.stdout and "delivered" in r.stdout
    r = run("commitments", "--db", db, "--json")
    data = json.loads(r.stdout)
    assert {"kind": "requested", "currency": "EUR", "total": 150e9} in data["money"]
    assert data["gdp_shares"][0]["value"] == 5.0
    r = run("commitments", "--db", db, "--actor", "Atlantis")
    assert r.returncode == 2 and "unknown actor" in r.stderr
