"""Write src/accord/web/static/world-110m.json: country outlines for the dashboard map.

The source is Natural Earth's 1:110m admin-0 countries (public domain) as shipped in
geopandas 0.14.4's wheel (geopandas/datasets/naturalearth_lowres). Fetch and unpack it
with pip, read it with pyshp; neither is a run-time dependency:

    pip download --no-deps geopandas==0.14.4 pyshp==3.1.6 -d /tmp/ne
    cd /tmp/ne && unzip -q geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' && unzip -q pyshp-3.1.6-*.whl -d pyshp
    PYTHONPATH=/tmp/ne/pyshp .venv/bin/python tools/build_world_outline.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Coordinates are rounded to 0.1 degree (about 11 km), which keeps the file small and is
finer than the map is ever drawn.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parents[1] / "src" / "accord" / "web" / "static" / "world-110m.json"


def simplify_ring(points) -> list[float]:
    """Flatten a ring to [lon, lat, lon, lat, ...] at 0.1 degree, dropping repeated points."""
    flat: list[float] = []
    last = None
    for lon, lat in points:
        point = (round(lon, 1), round(lat, 1))
        if point != last:
            flat.extend(point)
            last = point
    return flat


def main(path: str) -> None:
    reader = shapefile.Reader(path)
    fields = [f[0] for f in reader.fields[1:]]
    countries = []
    for shape_record in reader.iterShapeRecords():
        attrs = dict(zip(fields, shape_record.record))
        shape = shape_record.shape
        bounds = list(shape.parts) + [len(shape.points)]
        rings = [simplify_ring(shape.points[a:b]) for a, b in zip(bounds, bounds[1:])]
        countries.append({"iso": attrs["iso_a3"], "name": attrs["name"], "rings": [r for r in rings if len(r) >= 6]})
    countries.sort(key=lambda c: c["name"])
    payload = {"source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4",
               "countries": countries}
    OUT.write_text(json.dumps(payload, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(countries)} countries)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
