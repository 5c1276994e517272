"""ACLED's export: one row per incident in ACLED's columns and codes (its codebook's
time_precision and geo_precision, its actor names and inter codes, its event types)."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from sitrep.common import data
from sitrep.common.actors import actor_kind
from sitrep.export.common import GEO_RANK, Incident, as_date, export_actor, notes, nullable, stable_number

NAME = "acled"
# the columns, in order, with the pandas dtype each is written with (nullable integers stay
# integers in CSV and Parquet alike)
COLUMNS = {
    "event_id_cnty": "string", "event_date": "date", "year": "Int64", "time_precision": "Int64",
    "disorder_type": "string", "event_type": "string", "sub_event_type": "string",
    "actor1": "string", "inter1": "Int64", "actor2": "string", "inter2": "Int64", "interaction": "Int64",
    "iso": "Int64", "country": "string", "admin1": "string", "admin2": "string", "location": "string",
    "latitude": "Float64", "longitude": "Float64", "geo_precision": "Int64",
    "source": "string", "notes": "string", "fatalities": "Int64", "sitrep_incident_id": "string",
}
INTER = {"state": 1, "rebel": 2, "political_militia": 3, "identity_militia": 4, "civilians": 7, "external": 8}
# our geo_precision in ACLED's scale
GEO = {GEO_RANK[p]: v for p, v in {"place": 1, "near_place": 2, "admin2": 2, "admin1": 3, "country": 3, "unknown": 3}.items()}


@lru_cache(maxsize=1)
def event_types() -> dict[str, tuple[str, str]]:
    return {r["sub_event_type"]: (r["event_type"], r["disorder_type"]) for r in data.rows("acled_event_types.csv")}


def inter(actor: str | None, country: str | None) -> int | None:
    """ACLED's actor type code: a state's forces are 1 at home and 8 abroad."""
    kind, home = actor_kind(actor)
    if kind is None:
        return None
    if kind == "state" and home and country and home != country:
        return INTER["external"]
    return INTER[kind]


def time_precision(date_rank: int, start, end) -> int:
    span = (end - start).days if start is not None and end is not None else None
    if date_rank == 1 and span == 0:
        return 1
    if date_rank <= 2 and span is not None and span <= 7:
        return 2
    return 3


def row(i: Incident) -> dict:
    inc, cc, start = i.fields, i.cc, i.start
    # a division or a country: no point stands for it (never its centroid as a place)
    lat, lon = (None, None) if i.geo >= GEO_RANK["admin1"] else (nullable(inc["latitude"]), nullable(inc["longitude"]))
    killed_low = nullable(inc["killed_low"])
    sub = Counter(m.sub_event_type for m in i.members if m.sub_event_type).most_common(1)
    sub_event_type = sub[0][0] if sub else None
    event_type, disorder = event_types().get(sub_event_type or "", (None, None))
    civilians = inc["actor2"] == "civilians" or (inc["actor2"] is None and i.civilian_victims)
    actor2 = export_actor("civilians" if civilians else inc["actor2"], NAME, i.country)
    actor1 = export_actor(inc["actor1"], NAME, i.country)
    if actor1 is None and inc["event_type"] != "other":
        # ACLED's name for attackers nobody identified (sitrep keeps them NULL)
        actor1 = f"Unidentified Armed Group ({cc.name})" if cc else "Unidentified Armed Group"
    inter1 = inter(inc["actor1"], i.country)
    inter2 = 7 if civilians else inter(inc["actor2"], i.country)
    pair = sorted(x for x in (inter1, inter2) if x)
    day = start or as_date(inc["first_reported"])
    return {
        "event_id_cnty": f"{cc.iso3 if cc else 'XXX'}{stable_number(inc['incident_id'])}",
        "event_date": day, "year": day.year if day else None,
        "time_precision": time_precision(i.when, start, i.end) if start else 3,
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": actor1, "inter1": inter1, "actor2": actor2, "inter2": inter2,
        "interaction": int("".join(map(str, pair))) if len(pair) == 2 else (pair[0] * 10 if pair else None),
        "iso": cc.numeric if cc else None, "country": cc.name if cc else None, "admin1": inc["admin1"],
        "admin2": inc.get("admin2"),
        "location": inc["location_name"] or inc["admin1"] or (cc.name if cc else None),
        "latitude": lat, "longitude": lon, "geo_precision": GEO[i.geo],
        "source": "; ".join(i.outlets) or None,
        "notes": notes(inc, i.claims, i.where),
        "fatalities": killed_low if killed_low is not None else 0,   # ACLED: the most conservative figure
        "sitrep_incident_id": inc["incident_id"],
    }
