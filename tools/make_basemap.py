"""Regenerate ``src/borderlever/reports/data/basemap.json``: outlines for the report's port map.

The report draws its map offline, so it carries its own outlines: coastlines, country borders and
US state borders over North America, as simplified polylines [lon, lat in degrees].  Sources
(public domain data, ISC-licensed TopoJSON packaging by Mike Bostock):

- npm ``world-atlas@2.0.2`` ``countries-50m.json`` (Natural Earth 1:50m admin 0, public domain):
  coastlines (arcs of one country only) and country borders (arcs shared by two countries);
- npm ``us-atlas@3.0.1`` ``states-10m.json`` (US Census Bureau cartographic boundaries 1:10m,
  public domain): borders between US states.

Regenerate (from the repository root)::

    cd /tmp && npm pack us-atlas@3.0.1 world-atlas@2.0.2 \\
      && mkdir -p us world && tar xzf us-atlas-3.0.1.tgz -C us && tar xzf world-atlas-2.0.2.tgz -C world
    python tools/make_basemap.py --us /tmp/us/package/states-10m.json \\
      --world /tmp/world/package/countries-50m.json

Only the Python standard library is used; the output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/borderlever/reports/data/basemap.json"
#: Longitude and latitude range kept [degrees]: North America with Alaska, down to the Yucatan.
BBOX = (-170.0, 14.0, -50.0, 72.0)
#: Douglas-Peucker tolerance [degrees] (~2 km): finer than the report's map can show.
TOLERANCE_DEG = 0.02


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute [lon, lat] points of every arc (quantized and delta-encoded in TopoJSON)."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def arc_users(objects: dict) -> dict[int, set[int]]:
    """Arc index -> the geometries (by position) whose rings use it."""
    users: dict[int, set[int]] = {}

    def walk(node: object, gid: int) -> None:
        if isinstance(node, int):
            users.setdefault(node if node >= 0 else ~node, set()).add(gid)
        elif isinstance(node, list):
            for item in node:
                walk(item, gid)

    for gid, geom in enumerate(objects["geometries"]):
        walk(geom.get("arcs", []), gid)
    return users


def _perp(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    norm = math.hypot(dx, dy)
    if norm == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker line simplification (iterative)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _perp(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if idx >= 0 and best > tol:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def clip(pts: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Pieces of a polyline inside :data:`BBOX` (points outside split the line)."""
    x0, y0, x1, y1 = BBOX
    pieces, cur = [], []
    for x, y in pts:
        if x0 <= x <= x1 and y0 <= y <= y1:
            cur.append((x, y))
        elif cur:
            pieces.append(cur)
            cur = []
    if cur:
        pieces.append(cur)
    return [p for p in pieces if len(p) >= 2]


def layer(topo: dict, name: str, shared: bool) -> list[list[float]]:
    """Polylines of the arcs used by two geometries (``shared``) or by one (outer edges)."""
    arcs = decode_arcs(topo)
    users = arc_users(topo["objects"][name])
    out = []
    for idx in sorted(users):
        if (len(users[idx]) > 1) != shared:
            continue
        for piece in clip(arcs[idx]):
            line = simplify(piece, TOLERANCE_DEG)
            if len(line) >= 2:
                out.append([round(v, 3) for p in line for v in p])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--us", type=Path, required=True, help="us-atlas states-10m.json")
    parser.add_argument("--world", type=Path, required=True, help="world-atlas countries-50m.json")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    us = json.loads(args.us.read_text())
    world = json.loads(args.world.read_text())
    doc = {
        "about": "Outlines for borderlever's port map: flat [lon, lat, lon, lat, ...] polylines "
        "[degrees], simplified (Douglas-Peucker, 0.02 deg) and clipped to North America. "
        "Regenerate with tools/make_basemap.py.",
        "sources": {
            "coastlines": "Natural Earth 1:50m admin 0 (public domain) via npm world-atlas@2.0.2",
            "countries": "Natural Earth 1:50m admin 0 (public domain) via npm world-atlas@2.0.2",
            "states": "US Census Bureau cartographic boundaries 1:10m (public domain) via npm "
            "us-atlas@3.0.1",
        },
        "bbox": list(BBOX),
        "coastlines": layer(world, "countries", shared=False),
        "countries": layer(world, "countries", shared=True),
        "states": layer(us, "states", shared=True),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    sizes = {
        k: sum(len(line) // 2 for line in doc[k]) for k in ("coastlines", "countries", "states")
    }
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB; points {sizes})")


if __name__ == "__main__":
    main()
