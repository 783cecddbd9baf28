"""The outlet registry: the data file and its schema, matching by name and domain, users'
own files, and the labels on articles and events in the API, exports, report and CLI."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from conftest import SHARED
from test_record_schema import full_event

from eventcoder.errors import DataFileError
from eventcoder.knowledge.outlets import OUTLETS_ENV, OutletRegistry, default_registry
from eventcoder.normalise import normalise
from eventcoder.records import Article, CodedArticle
from eventcoder.store import EventStore, StoredArticle

ROOT = Path(__file__).resolve().parent.parent
SIG = np.zeros(128, dtype=np.uint32).tobytes()


@pytest.fixture
def registry() -> OutletRegistry:
    return OutletRegistry.load(use_env=False)


# ---- the data -------------------------------------------------------------------------------
def test_the_seed_covers_wires_broadcasters_and_state_media(registry):
    want = {"reuters": "private", "ap": "private", "afp": "public-agency",
            "bbc": "public-broadcaster", "rt": "state", "xinhua": "state", "tass": "state",
            "cgtn": "state", "presstv": "state", "global-times": "party"}
    assert {k: registry.outlets[k].ownership for k in want} == want
    assert "wire" in registry.outlets["reuters"].labels
    assert registry.outlets["xinhua"].country == "CHN"


def test_the_founding_articles_originating_outlet_is_known(registry):
    path = SHARED / "acceptance" / "hague-summit-2025.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    origin = normalise(path.read_text(encoding="utf-8")).origin
    tags = registry.tags("Some Blog", None, origin)
    assert tags.origin_id == "southfront" and tags.origin_outlet == origin
    assert "partisan" in tags.origin_labels and tags.outlet_labels == []


def test_names_match_ignoring_case_spacing_and_punctuation_and_domains_by_host(registry):
    assert registry.find("South Front").id == registry.find("SOUTHFRONT").id == "southfront"
    assert registry.find("The Associated Press").id == "ap"
    assert registry.find("Press-TV").id == "presstv"
    assert registry.find(None, "https://www.bbc.co.uk/news/world-1").id == "bbc"
    assert registry.find(None, "https://edition.cnn.com/x").id == "cnn"  # a subdomain
    assert registry.find("tass.com").id == "tass"  # a bare domain given as the outlet
    assert registry.find("Harbour Gazette", "https://gazette.example/x") is None
    assert registry.find(None, "https://notbbc.co.uk/") is None  # a suffix is not a subdomain


def test_a_registered_mirror_takes_its_origin_from_the_registry(tmp_path):
    own = tmp_path / "mine.yaml"
    own.write_text("- id: sf-mirror\n  name: Front Mirror\n  mirror_of: southfront\n")
    reg = OutletRegistry.load([own], use_env=False)
    tags = reg.tags("Front Mirror")
    assert tags.origin_id == "southfront" and "us-sanctioned" in tags.origin_labels
    assert reg.tags("Reuters").origin_outlet is None


def test_a_users_file_adds_outlets_and_amends_entries(tmp_path, monkeypatch):
    own = tmp_path / "mine.yaml"
    own.write_text("- id: harbour-gazette\n  name: Harbour Gazette\n  ownership: private\n"
                   "  labels: [local]\n  domains: [gazette.example]\n"
                   "- id: reuters\n  name: Reuters\n  labels: [trusted]\n")
    reg = OutletRegistry.load([own], use_env=False)
    assert reg.find(None, "https://gazette.example/a").tags == ["private", "local"]
    assert reg.outlets["reuters"].labels == ("wire", "trusted")  # added to, not replaced
    assert reg.outlets["reuters"].ownership == "private"
    monkeypatch.setenv(OUTLETS_ENV, str(own))
    assert "harbour-gazette" in default_registry().outlets
    monkeypatch.delenv(OUTLETS_ENV)
    assert "harbour-gazette" not in default_registry().outlets


@pytest.mark.parametrize("text, message", [
    ("- id: x\n  name: X\n  ownership: owned\n", "ownership"),
    ("- id: x\n  name: X\n  mirror_of: nowhere\n", "refers to 'nowhere'"),
    ("- id: x\n  name: [X\n", "not valid YAML"),
])
def test_a_bad_users_file_is_a_clear_error_naming_it(tmp_path, text, message):
    own = tmp_path / "bad.yaml"
    own.write_text(text)
    with pytest.raises(DataFileError, match=message) as err:
        OutletRegistry.load([own], use_env=False)
    assert "bad.yaml" in str(err.value)


# ---- a database -----------------------------------------------------------------------------
def _article(aid: str, outlet: str | None, url: str | None = None,
             mirrored: str | None = None) -> StoredArticle:
    art = Article(text=f"text of {aid}", id=aid, source=outlet, url=url)
    base = full_event()
    event = dataclasses.replace(base, id=f"ev-{aid}", article_id=aid, source_name=outlet,
                                flags=dataclasses.replace(base.flags, negated=False,
                                                          hypothetical=False))
    provenance = {"origin": mirrored, "trailer": f"Mirrored - {mirrored}"} if mirrored else {}
    return StoredArticle(CodedArticle(art, events=[event], provenance=provenance), aid, 1.0,
                         SIG, [])


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "o.duckdb"
    with EventStore(path) as store:
        store.write_batch([
            _article("wire1", "Reuters", "https://www.reuters.com/world/x"),
            _article("mirror1", "Some Blog", "https://blog.example/p", mirrored="South Front"),
            _article("local1", "Harbour Gazette", "https://gazette.example/a"),
            _article("byurl1", None, "https://www.rt.com/news/1"),
        ], [])
    return path


@pytest.fixture
def client(db):
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from eventcoder.api import create_app

    app = create_app(db, outlets=OutletRegistry.load(use_env=False))
    with TestClient(app, base_url="http://localhost") as c:
        yield c


def test_api_events_and_articles_carry_the_labels(client):
    items = {e["article_id"]: e for e in client.get("/api/events").json()["items"]}
    assert items["wire1"]["outlet_labels"] == ["private", "wire"]
    assert items["mirror1"]["outlet_labels"] == []
    assert items["mirror1"]["origin_outlet"] == "South Front"
    assert "state-affiliated" in items["mirror1"]["origin_labels"]
    assert items["byurl1"]["outlet_labels"][0] == "state"  # matched by its URL's domain
    assert items["local1"]["outlet_labels"] == [] and items["local1"]["origin_outlet"] is None
    one = client.get("/api/events/ev-mirror1").json()
    assert one["origin_labels"] == items["mirror1"]["origin_labels"]
    assert one["article"]["origin_outlet"] == "South Front"
    art = client.get("/api/articles/wire1").json()
    assert art["outlet_labels"] == ["private", "wire"] and art["outlet_country"] == "GBR"
    assert art["events"][0]["outlet_labels"] == ["private", "wire"]
    listed = {a["id"]: a for a in client.get("/api/articles").json()["items"]}
    assert "partisan" in listed["mirror1"]["origin_labels"]


def test_api_filters_by_label_of_the_outlet_or_the_origin(client):
    def ids(path: str, **params) -> set[str]:
        r = client.get(path, params=params)
        assert r.status_code == 200, r.text
        return {i.get("article_id", i["id"]) for i in r.json()["items"]}

    assert ids("/api/events", outlet_label="wire") == {"wire1"}
    assert ids("/api/events", outlet_label="state-affiliated") == {"mirror1"}  # the origin's
    assert ids("/api/events", outlet_label="state") == {"byurl1"}
    assert client.get("/api/events", params={"outlet_label": "wire"}).json()["total"] == 1
    assert ids("/api/articles", outlet_label="partisan") == {"mirror1"}
    assert ids("/api/events", outlet_label="southfront") == {"mirror1"}  # an outlet id
    bad = client.get("/api/events", params={"outlet_label": "nonsense"})
    assert bad.status_code == 400 and "known labels" in bad.json()["detail"]


def test_api_lists_the_outlets_and_which_have_no_entry(client):
    data = client.get("/api/outlets").json()
    assert "state-media" in data["labels"]
    by_name = {o["name"]: o for o in data["outlets"]}
    assert by_name["Harbour Gazette"]["known"] is False
    assert by_name["Reuters"]["known"] is True and by_name["Reuters"]["labels"][1] == "wire"
    assert by_name["South Front"]["mirrored"] == 1 and by_name["South Front"]["known"]


def test_the_stored_report_shows_the_labels(client):
    page = client.get("/api/articles/mirror1/report").text
    assert "mirrored from <b>South Front</b>" in page
    assert "state-affiliated, partisan" in page


@pytest.mark.parametrize("fmt", ["jsonl", "plover", "csv", "parquet"])
def test_exports_carry_the_labels(db, tmp_path, fmt):
    from eventcoder.store.export import export

    out = tmp_path / f"e.{fmt}"
    with EventStore(db, read_only=True) as store:
        assert export(store, fmt, out, outlets=OutletRegistry.load(use_env=False)) == 4
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    elif fmt == "plover":
        rows = json.loads(out.read_text())
    elif fmt == "csv":
        with out.open(newline="") as fh:
            rows = list(csv.DictReader(fh))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    by_origin = {r["origin_outlet"] or None: r for r in rows}
    mirror = by_origin["South Front"]
    labels = mirror["origin_labels"]
    labels = labels.split(";") if isinstance(labels, str) else labels
    assert "state-affiliated" in labels
    wire = [r for r in rows if (r["outlet_country"] or None) == "GBR"]
    assert len(wire) == 1


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventcoder", *args], capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})})


def test_cli_outlets_lists_the_registry_and_the_unknown_outlets(db, tmp_path):
    listed = _cli("outlets")
    assert listed.returncode == 0 and "southfront" in listed.stdout
    assert "state-affiliated" in listed.stdout and "carries reuters, ap, afp" in listed.stdout
    found = _cli("outlets", "--db", str(db))
    assert found.returncode == 0, found.stderr
    assert "2 without an entry: Harbour Gazette, Some Blog" in found.stdout
    assert "NO ENTRY" not in next(ln for ln in found.stdout.splitlines() if "Reuters" in ln)
    own = tmp_path / "mine.yaml"
    own.write_text("- id: harbour-gazette\n  name: Harbour Gazette\n  ownership: private\n"
                   "- id: some-blog\n  name: Some Blog\n  labels: [blog]\n")
    extended = _cli("outlets", "--db", str(db), env={OUTLETS_ENV: str(own)})
    assert "every outlet has an entry" in extended.stdout, extended.stdout
    query = _cli("query", "--db", str(db), "--outlet-label", "blog", "--format", "json",
                 "--include-flagged", env={OUTLETS_ENV: str(own)})
    assert query.returncode == 0, query.stderr
    assert [e["article_id"] for e in json.loads(query.stdout)] == ["mirror1"]


def test_the_filter_reads_urls_as_the_labels_do(tmp_path):
    """The filter cuts the host out of URLs in SQL; it must agree with the labels shown."""
    from eventcoder.store.outlet_tags import labelled_articles_sql, tag_rows

    urls = {"caps": "HTTPS://user@News.Reuters.COM:443/x?y=1", "bare": "reuters.com/world",
            "query": "https://www.reuters.com?id=3", "other": "https://notreuters.com/a",
            "none": None}
    path = tmp_path / "u.duckdb"
    with EventStore(path) as store:
        store.write_batch([_article(k, None, u) for k, u in urls.items()], [])
    reg = OutletRegistry.load(use_env=False)
    with EventStore(path, read_only=True) as store:
        sub, params = labelled_articles_sql(store.con, reg, "wire")
        filtered = {r[0] for r in store.con.execute(sub, params).fetchall()}
        shown = {r["id"] for r in tag_rows(store.con, reg, [{"id": k} for k in urls], "id")
                 if "wire" in r["outlet_labels"]}
    assert filtered == shown == {"caps", "bare", "query"}
