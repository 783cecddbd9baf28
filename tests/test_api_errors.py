"""Error answers a form can use: the parameter at fault in `field`, and a message that names
no command-line flag or command (the web UI shows it beside the field). The command line
names its own flag instead."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("fastapi")
import test_api  # noqa: E402

db, client = test_api.db, test_api.client  # the API over test_api's corpus, once per module


@pytest.mark.parametrize(("url", "params", "field"), [
    ("/api/events", {"actor": "Narnia"}, "actor"),
    ("/api/events", {"actor": "Hungry", "role": "source"}, "actor"),
    ("/api/events", {"since": "2025-13-45"}, "since"),
    ("/api/events", {"until": "yesterday"}, "until"),
    ("/api/events", {"since": "2025-07-01", "until": "2025-06-01"}, "until"),
    ("/api/events", {"type": "REJCT"}, "type"),
    ("/api/events", {"type": "REJECT", "mode": "dance"}, "mode"),
    ("/api/events", {"context": "cooking"}, "context"),
    ("/api/events", {"role": "bystander"}, "role"),  # a 422 from the parameter's choices
    ("/api/events", {"limit": 0}, "limit"),
    ("/api/dyad", {"a": "Atlantis", "b": "USA"}, "a"),
    ("/api/dyad", {"a": "USA", "b": "Rusia"}, "b"),
    ("/api/network", {"type": "PARTY"}, "type"),
    ("/api/network", {"since": "2025-06-30", "until": "2025-06-01"}, "until"),
    ("/api/alliance/NATO", {"until": "31/12/2025"}, "until"),
    ("/api/commitments", {"actor": "Narnia"}, "actor"),
])
def test_an_error_names_its_field_and_no_flag(client, url, params, field):
    r = client.get(url, params=params)
    assert r.status_code in (400, 422), r.text
    body = r.json()
    assert body["field"] == field
    assert "--" not in body["detail"] and "eventcoder " not in body["detail"], body["detail"]


def test_a_good_request_has_no_error_field(client):
    r = client.get("/api/events", params={"actor": "Hungary", "type": "REJECT",
                                          "since": "2025-06-01", "until": "2025-06-30"})
    assert r.status_code == 200 and r.json()["items"] and "field" not in r.json()


def test_the_command_line_names_its_own_flag(db):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "eventcoder", *args], capture_output=True,
                              text=True, timeout=120)

    r = run("query", "--db", str(db), "--since", "2025-07-01", "--until", "2025-06-01")
    assert r.returncode == 2 and "--until: the first day (since) 2025-07-01 is after" in r.stderr
    r = run("dyad", "USA", "Rusia", "--db", str(db))
    assert r.returncode == 2 and "B: unknown actor 'Rusia'" in r.stderr
