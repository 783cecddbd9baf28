"""Alliance cohesion on hand-built events: what is intra-alliance, what is not, and the figures.

Intra-alliance (docs/analysis.md): member → member, member → the alliance (its organs carry
its code), the alliance → a member or no one. Everything else is outward or not counted."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from test_record_schema import full_event

from eventcoder.analysis import alliance_cohesion
from eventcoder.analysis.cohesion import (
    ALLIANCE_DECISION,
    ALLIANCE_TO_MEMBER,
    MEMBER_TO_ALLIANCE,
    MEMBER_TO_MEMBER,
    relation,
)
from eventcoder.knowledge import default_knowledge
from eventcoder.records import Article, CodedArticle
from eventcoder.store import EventStore, StoredArticle

SIG = np.zeros(128, dtype=np.uint32).tobytes()
QUAD = {"AGREE": 1, "AID": 2, "REQUEST": 3, "REJECT": 3, "ACCUSE": 3, "THREATEN": 3,
        "SANCTION": 3, "ASSAULT": 4}

# (id, date, type, source, target)
EVENTS = [
    ("hun-eu", "2025-03-03", "REJECT", "HUN", "EU"),  # an EU quarrel: not NATO's
    ("usa-ukr", "2025-03-04", "REJECT", "USA", "UKR"),  # a member blocking an outsider
    ("hun-nato", "2025-03-05", "REJECT", "HUN", "NATO"),  # a member blocking the alliance
    ("pol-hun", "2025-03-06", "ACCUSE", "POL", "HUN"),  # members quarrelling
    ("deu-pol", "2025-03-07", "AID", "DEU", "POL"),  # members helping each other
    ("nato", "2025-03-08", "AGREE", "NATO", None),  # the alliance's own decision
    ("nato-est", "2025-03-09", "AID", "NATO", "EST"),  # the alliance helping a member
    ("nato-rus", "2025-03-10", "SANCTION", "NATO", "RUS"),  # the alliance against an outsider
    ("rus-pol", "2025-03-11", "THREATEN", "RUS", "POL"),  # an outsider against a member
    ("hun-none", "2025-03-12", "REJECT", "HUN", None),  # vetoed what? no target: not intra
    ("fin-swe-23", "2023-06-01", "ACCUSE", "FIN", "SWE"),  # Sweden not yet a member
    ("fin-swe-24", "2024-06-03", "ACCUSE", "FIN", "SWE"),  # both members by then
]


def _event(eid: str, day: str, etype: str, src: str, tgt: str | None):
    ev = full_event(id=eid, article_id="hand", date=date.fromisoformat(day), type=etype,
                    mode=None, contexts=[], quad_class=QUAD[etype], source_code=src,
                    target_code=tgt or "", negated=False, hypothetical=False,
                    sentence=f"{src} {etype} {tgt}.")
    return ev if tgt else dataclasses.replace(ev, target=None)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    db = Path(tmp_path_factory.mktemp("cohesion")) / "hand.duckdb"
    events = [_event(*e) for e in EVENTS]
    result = CodedArticle(Article(text="hand-built events", id="hand"), events=events)
    with EventStore(db) as s:
        s.write_batch([StoredArticle(result, "hand", 1.0, SIG, [])], [])
    return db


@pytest.fixture(scope="module")
def store(db):
    with EventStore(db, read_only=True) as s:
        yield s


def test_relation_follows_membership_on_the_day():
    nato = default_knowledge().igos["NATO"]
    day = date(2025, 3, 1)
    assert relation(nato, "POL", "HUN", day) == MEMBER_TO_MEMBER
    assert relation(nato, "HUN", "NATO", day) == MEMBER_TO_ALLIANCE
    assert relation(nato, "NATO", "EST", day) == ALLIANCE_TO_MEMBER
    assert relation(nato, "NATO", None, day) == ALLIANCE_DECISION
    assert relation(nato, "NATO", "NATO", day) == ALLIANCE_DECISION
    for src, tgt in (("HUN", "EU"), ("USA", "UKR"), ("NATO", "RUS"), ("RUS", "POL"),
                     ("HUN", None), ("HUN", "HUN")):
        assert relation(nato, src, tgt, day) is None, (src, tgt)
    assert relation(nato, "FIN", "SWE", date(2023, 6, 1)) is None  # SWE joined 2024-03-07
    assert relation(nato, "FIN", "SWE", date(2024, 6, 3)) == MEMBER_TO_MEMBER
    eu = default_knowledge().igos["EU"]
    assert relation(eu, "HUN", "EU", day) == MEMBER_TO_ALLIANCE


def test_a_veto_in_another_body_is_not_an_alliance_blocker(store):
    rep = alliance_cohesion(store, "NATO", since="2025-03-01", until="2025-03-31")
    blockers = {b.event_id: b.relation for b in rep.blockers}
    assert blockers == {"hun-nato": MEMBER_TO_ALLIANCE, "pol-hun": MEMBER_TO_MEMBER}
    assert "hun-eu" not in blockers and "usa-ukr" not in blockers
    # counted: the two quarrels, the aid between members, the alliance's decision and aid
    assert rep.intra_events == 5
    assert (rep.intra_cooperative, rep.intra_conflictual) == (3, 2)
    assert rep.index == pytest.approx(1 / 5)
    assert {b.event_id for b in rep.intra_conflicts} == {"hun-nato", "pol-hun"}
    # outward: the EU veto, the block of Ukraine, the sanction, the veto without a target;
    # Russia's threat is no member's act and is not counted at all
    assert rep.outward_events == 4
    (march,) = rep.periods
    assert set(march.dissenters) == {"HUN", "POL"}
    assert march.dissent_share == pytest.approx(2 / 32)


def test_the_same_veto_is_a_blocker_in_its_own_body(store):
    rep = alliance_cohesion(store, "EU", since="2025-03-01", until="2025-03-31")
    assert [(b.event_id, b.relation) for b in rep.blockers] == [
        ("hun-eu", MEMBER_TO_ALLIANCE), ("pol-hun", MEMBER_TO_MEMBER)]  # both are EU members
    assert set(rep.periods[0].dissenters) == {"HUN", "POL"}
    assert {b.event_id for b in rep.intra_conflicts} == {"hun-eu", "pol-hun"}


def test_membership_is_taken_on_the_events_date(store):
    rep = alliance_cohesion(store, "NATO", since="2023-01-01", until="2024-12-31", freq="year")
    assert [b.event_id for b in rep.blockers] == ["fin-swe-24"]
    assert rep.outward_events == 1  # Finland accusing Sweden before Sweden joined
    # 2023 had a member act, none inside the alliance: index n/a, no dissent
    assert [(p.period.year, p.index, p.dissent_share) for p in rep.periods] == [
        (2023, None, 0.0), (2024, -1.0, pytest.approx(1 / 32))]


def test_the_command_says_when_no_member_blocked(db):
    def run(since: str, until: str) -> str:
        r = subprocess.run([sys.executable, "-m", "eventcoder", "alliance", "NATO", "--db",
                            str(db), "--since", since, "--until", until],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout

    quiet = run("2025-03-08", "2025-03-12")  # the alliance acting, Russia threatening
    assert "blockers: none" in quiet and "outward events: 2" in quiet
    busy = run("2025-03-01", "2025-03-31")
    assert "blockers: none" not in busy and "member → alliance" in busy
