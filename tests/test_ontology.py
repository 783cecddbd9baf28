"""Tests for the PLOVER ontology and the CAMEO crosswalk."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from eventcoder.errors import EventcoderError, OntologyError
from eventcoder.ontology import EventType, Ontology, load_ontology

TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST "
    "ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()

REFERENCE = Path("/work/shared/reference/CAMEO2PLOVER-2021.txt")

# Codes where our table deliberately follows the PLOVER manual rather than the 2021 conversion.
DEVIATIONS = {
    "0813": "CONCEDE",  # the manual lists lifting curfews as a verbal concession
    "0814": "CONCEDE",
    "116": "SANCTION",  # court findings of guilt are SANCTION convict
    "163": "SANCTION",  # international sanctions are SANCTION discontinue
}


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def _data_text(name: str) -> str:
    return (resources.files("eventcoder.ontology") / "data" / name).read_text(encoding="utf-8")


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_data_text(name))))


def _reference_codes() -> list[tuple[str, str]]:
    """(code, event) pairs from the reference conversion table, 3- and 4-digit codes only."""
    pairs = []
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
        if m:
            pairs.append((m.group(1), m.group(2)))
    return pairs


# -- types, modes, scores ---------------------------------------------------------------


def test_all_sixteen_types(onto: Ontology) -> None:
    assert sorted(onto.types) == sorted(TYPES)
    for name in TYPES:
        etype = onto.event_type(name)
        assert isinstance(etype, EventType)
        assert etype.name == name and etype.description
        assert set(etype.modes) == set(etype.mode_descriptions)
        assert all(etype.mode_descriptions.values())


def test_load_is_cached(onto: Ontology) -> None:
    assert load_ontology() is onto


@pytest.mark.parametrize(
    ("event", "mode", "expected"),
    [
        ("ASSAULT", "aerial", -9.5),
        ("ASSAULT", "unconventional", -10.0),
        ("ASSAULT", "beat", -7.5),
        ("ASSAULT", None, -9.0),
        ("AID", None, 10.0),
        ("CONSULT", "visit", 4.0),
        ("CONSULT", "phone", 1.5),
        ("RETREAT", "disarm", 10.0),
        ("REQUEST", "change", -1.0),
        ("REJECT", "assist", -1.5),
        ("THREATEN", "territory", -4.0),
        ("PROTEST", "riot", -7.0),
        ("PROTEST", "vandalize", -5.0),  # no own score: inherits PROTEST's base
        ("SANCTION", "expel", -5.5),
        ("MOBILIZE", "militia", -6.0),
        ("COERCE", "martial-law", -7.5),
        ("ACCUSE", "investigate", -3.5),
    ],
)
def test_scores(onto: Ontology, event: str, mode: str | None, expected: float) -> None:
    assert onto.score(event, mode) == expected


def test_scores_in_range(onto: Ontology) -> None:
    for etype in onto.types.values():
        assert -10 <= etype.score <= 10
        assert all(-10 <= s <= 10 for s in etype.modes.values())


def test_quad_classes(onto: Ontology) -> None:
    expected = {
        1: {"AGREE", "CONSULT", "SUPPORT", "CONCEDE"},
        2: {"COOPERATE", "AID", "RETREAT"},
        3: {"REQUEST", "ACCUSE", "REJECT", "THREATEN"},
        4: {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"},
    }
    for quad, names in expected.items():
        for name in names:
            assert onto.quad_class(name) == quad
    assert set(onto.quad_names) == {1, 2, 3, 4}


def test_cooperation_scores_positive_conflict_negative(onto: Ontology) -> None:
    for etype in onto.types.values():
        if etype.quad_class <= 2:
            assert etype.score > 0
        else:
            assert etype.score <= 0


def test_requires_recipient(onto: Ontology) -> None:
    needing = {name for name, t in onto.types.items() if t.requires_recipient}
    assert needing == {"COOPERATE", "AID", "SANCTION"}


def test_modes(onto: Ontology) -> None:
    assert onto.is_valid_mode("ASSAULT", "aerial")
    assert onto.is_valid_mode("ASSAULT", None)
    assert onto.is_valid_mode("AGREE", None)
    assert onto.is_valid_mode("ASSAULT", "Heavy_Weapons")  # lenient spelling
    assert not onto.is_valid_mode("CONSULT", "aerial")
    assert not onto.is_valid_mode("AGREE", "visit")
    assert onto.canonical_mode("assault", "Suicide Attack") == "suicide-attack"
    with pytest.raises(OntologyError):
        onto.score("CONSULT", "aerial")
    with pytest.raises(OntologyError):
        onto.is_valid_mode("NOPE", None)


def test_contexts_and_sectors(onto: Ontology) -> None:
    assert len(onto.contexts) == 37
    for name in ("military", "cbrn", "pro_autocracy", "human_security", "trafficking"):
        assert onto.is_valid_context(name)
    assert not onto.is_valid_context("humanitarian")
    sectors = "GOV MIL COP JUD LEG PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED"
    sectors += " REF OPP PRE REL SOC IGO NGO IMG MNC"
    assert set(onto.sectors) == set(sectors.split())
    assert all(onto.sectors.values()) and all(onto.contexts.values())


def test_unknown_type_raises(onto: Ontology) -> None:
    with pytest.raises(OntologyError) as info:
        onto.event_type("GRUMBLE")
    assert isinstance(info.value, KeyError) and isinstance(info.value, EventcoderError)
    assert "GRUMBLE" in str(info.value)
    for call in (onto.score, onto.quad_class, onto.to_cameo, onto.cameo_root):
        with pytest.raises(OntologyError):
            call("GRUMBLE")
    assert onto.event_type("assault").name == "ASSAULT"


def test_legacy_labels(onto: Ontology) -> None:
    assert onto.normalise_legacy("DEMAND") == ("REQUEST", None)
    assert onto.normalise_legacy("DISAPPROVE") == ("ACCUSE", "disapprove")
    assert onto.normalise_legacy("INVESTIGATE") == ("ACCUSE", "investigate")
    assert onto.normalise_legacy("FIGHT") == ("ASSAULT", None)
    assert onto.normalise_legacy("fight") == ("ASSAULT", None)
    for name in TYPES:
        assert onto.normalise_legacy(name) == (name, None)
    with pytest.raises(OntologyError):
        onto.normalise_legacy("CRIME")


# -- CAMEO -> PLOVER --------------------------------------------------------------------


def test_from_cameo_examples(onto: Ontology) -> None:
    assert onto.from_cameo("0332") == ("AGREE", None, "military")
    assert onto.from_cameo("173") == ("COERCE", "arrest", "legal")
    assert onto.from_cameo("195") == ("ASSAULT", "aerial", "military")
    assert onto.from_cameo("0841") == ("RETREAT", "release", "legal")
    assert onto.from_cameo("081") == ("CONCEDE", None, "legal")
    assert onto.from_cameo(" 14 ") == ("PROTEST", None, None)
    assert onto.cameo_entry("091").contexts == ("crime", "corruption")


def test_from_cameo_longest_prefix(onto: Ontology) -> None:
    assert onto.from_cameo("0339") == onto.from_cameo("033")  # unlisted 4-digit code
    assert onto.from_cameo("189") == onto.from_cameo("18")
    assert onto.from_cameo("1712")[0] == "ASSAULT"  # exact code wins over its COERCE parent


@pytest.mark.parametrize("garbage", ["", "7", "abc", "12345", "99", "01", "012", "1a2", "٠٣"])
def test_from_cameo_garbage(onto: Ontology, garbage: str) -> None:
    with pytest.raises(OntologyError):
        onto.from_cameo(garbage)


def test_every_table_code_maps(onto: Ontology) -> None:
    for row in _csv("cameo_plover.csv"):
        event, mode, _ = onto.from_cameo(row["cameo"])
        assert event == row["event"]
        assert mode == (row["mode"] or None)


@pytest.mark.skipif(not REFERENCE.exists(), reason="reference conversion table not available")
def test_every_reference_code_maps(onto: Ontology) -> None:
    pairs = _reference_codes()
    assert len(pairs) > 250
    for code, ref_event in pairs:
        assert code in onto.cameo, f"CAMEO {code} missing from our table"
        event, _, _ = onto.from_cameo(code)
        assert event == DEVIATIONS.get(code, ref_event), code


# -- PLOVER -> CAMEO --------------------------------------------------------------------


def test_to_cameo_round_trips(onto: Ontology) -> None:
    for name, etype in onto.types.items():
        for mode in (None, *etype.modes):
            code = onto.to_cameo(name, mode)
            assert re.fullmatch(r"\d{2,4}", code)
            assert onto.from_cameo(code)[0] == name, (name, mode, code)
            assert onto.cameo_root(name, mode) == code[:2]
            for ctx in ("military", "economic", "diplomatic", "cbrn"):
                assert onto.from_cameo(onto.to_cameo(name, mode, [ctx]))[0] == name


def test_to_cameo_keeps_mode_where_cameo_has_it(onto: Ontology) -> None:
    modes_in_table = {(r["event"], r["mode"]) for r in _csv("cameo_plover.csv") if r["mode"]}
    for event, mode in modes_in_table:
        assert onto.from_cameo(onto.to_cameo(event, mode))[1] == mode, (event, mode)


def test_to_cameo_examples(onto: Ontology) -> None:
    assert onto.cameo_root("REQUEST") == "02"
    assert onto.cameo_root("THREATEN") == "13"
    assert onto.cameo_root("ASSAULT") in {"18", "19"}
    assert onto.to_cameo("REJECT", "meet") == "125"
    assert onto.to_cameo("REQUEST", "assist") == "021"
    assert onto.to_cameo("AGREE", None, ["military"]) in {"0312", "0332"}
    assert onto.to_cameo("REQUEST", "assist", ("economic",)) == "0211"
    assert onto.to_cameo("ASSAULT", "unconventional", ["cbrn"]) == "204"
    assert onto.to_cameo("CONSULT", None, ["health"]) == "040"  # nothing closer: representative
    with pytest.raises(OntologyError):
        onto.to_cameo("AGREE", None, ["not_a_context"])
    with pytest.raises(OntologyError):
        onto.to_cameo("AGREE", "visit")


# -- data files -------------------------------------------------------------------------


def test_data_schema() -> None:
    """Every event, mode and context named in the CSV tables exists in plover.yaml."""
    data = yaml.safe_load(_data_text("plover.yaml"))
    types = data["types"]
    contexts = set(data["contexts"])
    cameo_rows = _csv("cameo_plover.csv")
    assert list(cameo_rows[0]) == ["cameo", "event", "mode", "context", "cameo_label"]
    codes = [r["cameo"] for r in cameo_rows]
    assert len(codes) == len(set(codes))
    for row in cameo_rows:
        assert re.fullmatch(r"\d{2,4}", row["cameo"]) and row["cameo_label"]
        assert row["event"] in types
        if row["mode"]:
            assert row["mode"] in (types[row["event"]]["modes"] or {}), row
        for ctx in filter(None, row["context"].split(";")):
            assert ctx in contexts, row
    reverse_rows = _csv("plover_cameo.csv")
    assert list(reverse_rows[0]) == ["event", "mode", "cameo"]
    for row in reverse_rows:
        assert row["event"] in types
        if row["mode"]:
            assert row["mode"] in (types[row["event"]]["modes"] or {}), row
        assert row["cameo"] in codes
    assert {r["event"] for r in reverse_rows if not r["mode"]} == set(types)


def test_yaml_shape() -> None:
    data = yaml.safe_load(_data_text("plover.yaml"))
    for name, spec in data["types"].items():
        assert spec["quad_class"] in (1, 2, 3, 4), name
        assert isinstance(spec["requires_recipient"], bool), name
        for mode, mspec in (spec["modes"] or {}).items():
            assert mode == mode.lower() and mspec["description"], (name, mode)
