"""The GDELT 2.0 export: read back as a GDELT user reads GDELT's own files."""

from __future__ import annotations

import csv
import io
import json

import pytest

# GDELT 2.0's event table, as its codebook lists it (written out here, not imported, so the
# test checks the module against the codebook rather than against itself)
GDELT_2_EVENT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
LEAD = ("Kenya asked the United Nations for economic aid.\n\n"
        "In Kyiv, Ukraine accused Russia of war crimes.\n\n"
        "Ukraine again accused Russia of war crimes.\n")
OTHER = "Officials said that Ukraine accused Russia of war crimes at a briefing in Brussels.\n"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from eventcoder.ingest import ingest

    tmp = tmp_path_factory.mktemp("gdelt")
    feed = tmp / "feed.jsonl"
    with feed.open("w") as fh:
        fh.write(json.dumps({"text": LEAD, "date": "2024-05-10", "source": "Wire One",
                             "url": "https://example.org/one"}) + "\n")
        fh.write(json.dumps({"text": OTHER, "date": "2024-05-10", "source": "Second Desk",
                             "url": "https://example.org/two"}) + "\n")
    db = tmp / "events.duckdb"
    ingest([feed], db)
    return db


def _export(db, tmp_path, fmt="gdelt"):
    from eventcoder.store import EventStore
    from eventcoder.store.export import export

    out = tmp_path / f"events.{fmt}"
    with EventStore(db, read_only=True) as store:
        n = export(store, fmt, out)
    return out, n


def test_columns_follow_the_gdelt_2_codebook():
    from eventcoder.store.gdelt import GDELT_EVENT_COLUMNS

    assert list(GDELT_EVENT_COLUMNS) == GDELT_2_EVENT_COLUMNS and len(GDELT_2_EVENT_COLUMNS) == 61


def test_pandas_reads_the_export_with_gdelts_column_list(store_path, tmp_path):
    pd = pytest.importorskip("pandas")
    out, n = _export(store_path, tmp_path)
    codes = {c: str for c in ("EventCode", "EventBaseCode", "EventRootCode")}
    frame = pd.read_csv(out, sep="\t", header=None, names=GDELT_2_EVENT_COLUMNS, dtype=codes)
    assert len(frame) == n == 2  # the two accusations on one day are one reported event
    assert frame.shape[1] == 61
    appeal = frame[frame.Actor1Code == "KEN"].iloc[0]
    # CAMEO's quad class and Goldstein weight, not PLOVER's (REQUEST is verbal conflict there)
    assert (appeal.EventCode, appeal.EventBaseCode, appeal.EventRootCode) == ("0211", "021", "02")
    assert appeal.QuadClass == 1 and appeal.GoldsteinScale == pytest.approx(3.4)
    assert appeal.Actor1CountryCode == "KEN" and appeal.Actor1Name == "KENYA"
    assert appeal.Actor2KnownGroupCode == "UN" and pd.isna(appeal.Actor2CountryCode)
    assert appeal.Day == 20240510 and appeal.MonthYear == 202405 and appeal.Year == 2024
    assert appeal.FractionDate == pytest.approx(2024 + 131 / 365, abs=1e-4)
    assert appeal.SOURCEURL == "https://example.org/one" and appeal.IsRootEvent == 1
    assert len(str(appeal.DATEADDED)) == 14
    assert appeal.ActionGeo_Type == 0 and pd.isna(appeal.ActionGeo_FullName)

    accuse = frame[frame.Actor1Code == "UKR"].iloc[0]
    assert accuse.EventRootCode == "11" and accuse.QuadClass == 3
    assert accuse.GoldsteinScale == pytest.approx(-2.0)
    # three mentions in two articles from two outlets
    assert (accuse.NumMentions, accuse.NumArticles, accuse.NumSources) == (3, 2, 2)
    assert accuse.ActionGeo_Type == 4 and accuse.ActionGeo_FullName == "Kyiv, Ukraine"
    assert accuse.ActionGeo_CountryCode == "UP"  # GDELT's geography uses FIPS 10-4 codes
    assert accuse.ActionGeo_Lat == pytest.approx(50.4547, abs=1e-3)
    assert accuse.ActionGeo_Long == pytest.approx(30.5238, abs=1e-3)
    assert accuse.Actor1Geo_Type == 0 and pd.isna(accuse.AvgTone)
    assert frame.GlobalEventID.is_unique and frame.GlobalEventID.dtype.kind == "i"


def test_csv_module_reads_61_fields_on_every_line(store_path, tmp_path):
    out, n = _export(store_path, tmp_path)
    rows = list(csv.reader(io.StringIO(out.read_text()), delimiter="\t"))
    assert len(rows) == n and all(len(r) == 61 for r in rows)


def test_gdelt_refuses_flagged_events(store_path, tmp_path):
    from eventcoder.errors import InputError
    from eventcoder.store import EventStore
    from eventcoder.store.export import export

    with EventStore(store_path, read_only=True) as store, \
            pytest.raises(InputError, match="asserted events only"):
        export(store, "gdelt", tmp_path / "x.tsv", include_flagged=True)
    assert not (tmp_path / "x.tsv").exists()


def test_cameo_tsv_gives_cameos_quad_class_beside_plovers(store_path, tmp_path):
    out, _ = _export(store_path, tmp_path, "cameo-tsv")
    rows = list(csv.DictReader(io.StringIO(out.read_text()), delimiter="\t"))
    appeal = next(r for r in rows if r["source"] == "KEN")
    assert appeal["cameo"] == "0211" and appeal["quad_class"] == "1"
    assert appeal["goldstein"] == "3.4"
    assert appeal["plover"] == "REQUEST" and appeal["plover_quad_class"] == "3"


def test_every_cameo_code_we_emit_has_a_goldstein_weight_and_quad_class():
    from eventcoder.ontology import load_ontology
    from eventcoder.ontology.cameo_scales import load_cameo_scales

    onto, scales = load_ontology(), load_cameo_scales()
    for code in onto.cameo:
        assert -10 <= scales.goldstein(code) <= 10
        assert scales.quad_class(code) in (1, 2, 3, 4)
    # CAMEO's classes by root: 01-05, 06-08, 09-13, 14-20
    assert [scales.quad_class(f"{r:02d}") for r in (1, 5, 6, 8, 9, 13, 14, 20)] == [
        1, 1, 2, 2, 3, 3, 4, 4]
    assert scales.goldstein("1213") == scales.goldstein("121")  # unlisted: its parent's
    assert scales.goldstein("0874") == 10.0 and scales.goldstein("183") == -10.0


def test_the_scales_schema_rejects_a_weight_off_the_scale(tmp_path):
    from eventcoder._data import package_file, read_yaml, validate
    from eventcoder.errors import DataFileError

    data = read_yaml(package_file("eventcoder.ontology", "data", "cameo_scales.yaml"))
    validate(data, package_file("eventcoder.ontology", "schemas", "cameo_scales.schema.json"),
             tmp_path / "ok.yaml")
    data["goldstein"]["0211"] = 12
    with pytest.raises(DataFileError, match="bad.yaml: goldstein/0211"):
        validate(data, package_file("eventcoder.ontology", "schemas",
                                    "cameo_scales.schema.json"), tmp_path / "bad.yaml")
