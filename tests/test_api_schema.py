"""Property tests of the JSON API against its own OpenAPI schema (schemathesis).

Every operation the app publishes in /openapi.json is called with generated parameters, against
an app built on a small temporary store, and each answer goes through schemathesis' default
checks: no 5xx, a documented status code, content type and headers, a body matching the
documented schema, schema-violating input refused, methods the API lacks answered 405.

Random ids name nothing, so half the time the id, actor and alliance parameters are drawn from
what the store really holds (schemathesis "dictionaries"): the detail answers are checked too,
not only their 404s. Ingest is included with no token configured: whatever the body, a 4xx.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from test_api import build_db  # noqa: E402

SEEN: Counter = Counter()  # (method, path template, status) -> answers, for the last test


def _known_values(db: Path) -> dict[str, list[str]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        def column(sql: str) -> list[str]:
            return [r[0] for r in con.execute(sql).fetchall() if r[0]]

        return {
            "event_ids": column("SELECT id FROM events ORDER BY id"),
            "article_ids": column("SELECT id FROM articles ORDER BY id"),
            "actors": column("SELECT DISTINCT code FROM actors ORDER BY code")
            + ["Hungary", "the United States"],
            "alliances": ["NATO", "nato", "EU"],
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def schema_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("api-schema"))


@pytest.fixture(scope="module")
def api_schema(schema_db: Path) -> Any:
    from eventcoder.api import create_app

    known = _known_values(schema_db)

    def draw(name: str) -> dict[str, Any]:
        return {"dictionary": name, "probability": 0.5}

    config = schemathesis.Config.from_dict({
        "dictionaries": {name: {"values": values} for name, values in known.items()},
        "parameters": {
            "path.event_id": draw("event_ids"), "path.article_id": draw("article_ids"),
            "path.actor": draw("actors"), "path.code": draw("alliances"),
            "query.actor": draw("actors"), "query.a": draw("actors"), "query.b": draw("actors"),
        },
        # A schema-valid value can still name nothing the API knows (an actor, a PLOVER type)
        # or make a range end before it starts: those answer the documented 400, rightly.
        "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404"]}},
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # schemathesis' ASGI client sends `Host: testserver`
        app = create_app(schema_db, allowed_hosts=["testserver"])
        return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any) -> None:
    response = case.call_and_validate()
    SEEN[(case.method.upper(), case.path, response.status_code)] += 1
    if case.method.upper() == "POST" and case.path == "/api/ingest":
        assert 400 <= response.status_code < 500
        body = json.loads(response.content)
        assert isinstance(body["detail"], str)


def test_every_operation_is_covered(api_schema: Any) -> None:
    ops = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}
    assert {("GET", "/api/events"), ("GET", "/api/events/{event_id}"), ("GET", "/api/articles"),
            ("GET", "/api/articles/{article_id}"), ("GET", "/api/articles/{article_id}/report"),
            ("GET", "/api/actors"), ("GET", "/api/actors/{actor}"), ("GET", "/api/network"),
            ("GET", "/api/dyad"), ("GET", "/api/alliance/{code}"),
            ("GET", "/api/commitments"), ("GET", "/api/health"), ("GET", "/api/map"),
            ("GET", "/api/map/outline"), ("GET", "/api/timeline"),
            ("POST", "/api/ingest")} <= ops


def test_the_generated_calls_reached_real_records() -> None:
    """Not vacuous: every read operation answered 200 at least once (run with the test above)."""
    if not SEEN:
        pytest.skip("run together with test_api_conforms_to_its_schema")
    ok = {path for (method, path, status) in SEEN if method == "GET" and status == 200}
    assert {"/api/events", "/api/events/{event_id}", "/api/articles",
            "/api/articles/{article_id}", "/api/articles/{article_id}/report", "/api/actors",
            "/api/actors/{actor}", "/api/network", "/api/dyad", "/api/alliance/{code}",
            "/api/commitments", "/api/health", "/api/map", "/api/map/outline",
            "/api/timeline"} <= ok, sorted(SEEN.items())
    assert {status for (method, path, status) in SEEN if path == "/api/ingest"
            and method == "POST"} == {403}
    assert not any(status >= 500 for (_, _, status) in SEEN)
