"""UCDP GED's export: one row per incident in GED's columns and codes (type_of_violence,
sides as UCDP names them, where_prec, date_prec, best/low/high). An incident that cannot make
a valid GED row is left out, with the reason counted."""
from __future__ import annotations

from functools import lru_cache

from sitrep.common import data
from sitrep.common.actors import actor_kind
from sitrep.export.common import GEO_RANK, Incident, export_actor, missing, nullable, stable_number

NAME = "ucdp"
COLUMNS = {
    "id": "Int64", "year": "Int64", "type_of_violence": "Int64", "side_a": "string", "side_b": "string",
    "source_article": "string", "source_office": "string", "source_date": "string", "number_of_sources": "Int64",
    "where_prec": "Int64", "where_coordinates": "string", "adm_1": "string", "adm_2": "string", "latitude": "Float64",
    "longitude": "Float64", "country": "string", "country_iso3": "string", "date_prec": "Int64",
    "date_start": "date", "date_end": "date", "best": "Int64", "high": "Int64", "low": "Int64",
    "sitrep_incident_id": "string",
}
# our geo_precision in GED's scale (3 is the second-order division)
WHERE = {GEO_RANK[p]: v for p, v in {"place": 1, "near_place": 2, "admin2": 3, "admin1": 4, "country": 6, "unknown": 6}.items()}


def type_of_violence(actor1: str | None, actor2: str | None, civilian_victims: bool) -> int | None:
    """UCDP's type: 1 state-based (a state's forces on one side, an organized actor on the
    other), 2 non-state (two organized non-state actors), 3 one-sided (an organized actor
    against civilians). None when the report names no perpetrator."""
    # an actor of no listed kind is an organised non-state one (a group the report names);
    # crowds (protesters, rioters) are no side of organised violence
    crowds = _crowds()
    if not actor1 or actor1 in crowds or actor2 in crowds:
        return None
    k1 = actor_kind(actor1)[0] or "rebel"
    k2 = actor_kind(actor2)[0] or ("rebel" if actor2 else None)
    if k1 == "civilians":
        return None
    if k2 in (None, "civilians"):
        return 3 if civilian_victims or k2 == "civilians" else None
    if "state" in (k1, k2) or "external" in (k1, k2):
        return 1
    return 2


@lru_cache(maxsize=1)
def _crowds() -> frozenset[str]:
    return frozenset(p["id"] for p in data.jsonl("actors/crowds.jsonl") if "id" in p)


def date_prec(date_rank: int, start, end) -> int:
    span = (end - start).days if start is not None and end is not None else None
    if span is None or date_rank >= 4:
        return 5
    if date_rank == 1 and span == 0:
        return 1
    if date_rank == 1 and span <= 6:
        return 2
    if date_rank <= 2 and span <= 7:
        return 3
    return 4 if span <= 30 else 5


def row(i: Incident) -> dict | str:
    """The GED row, or why the incident cannot make one ("no perpetrator", "no date" …)."""
    inc, cc, start = i.fields, i.cc, i.start
    violence = type_of_violence(inc["actor1"], inc["actor2"], i.civilian_victims)
    side_a = export_actor(inc["actor1"], NAME, i.country)
    side_b = export_actor("civilians" if violence == 3 else inc["actor2"], NAME, i.country)
    # a GED row has its kind of violence, both sides, its dates, its country and a best
    # estimate; an incident without one is left out (and counted), not filled with a guess
    for reason, value in (("no perpetrator", violence if side_a else None), ("no second side", side_b),
                          ("no date", start), ("no country", cc), ("no death toll", inc["killed_best"])):
        if missing(value):
            return reason
    return {
        "id": stable_number(inc["incident_id"]),
        "year": start.year,
        "type_of_violence": violence,
        "side_a": side_a, "side_b": side_b,
        "source_article": "; ".join(
            f"{m.outlet or 'unknown outlet'}, \"{m.title or ''}\", {m.published_date or 'undated'} ({m.source_uri})"
            for m in i.members),
        "source_office": "; ".join(i.outlets) or None,
        "source_date": "; ".join(sorted({str(m.published_date) for m in i.members if m.published_date})) or None,
        "number_of_sources": len(i.members),
        "where_prec": WHERE[i.geo], "where_coordinates": inc["location_name"] or inc["admin1"] or (cc.name if cc else None),
        "adm_1": inc["admin1"], "adm_2": inc.get("admin2"),
        "latitude": nullable(inc["latitude"]), "longitude": nullable(inc["longitude"]),
        "country": cc.name, "country_iso3": cc.iso3,
        "date_prec": date_prec(i.when, start, i.end),
        "date_start": start, "date_end": i.end,
        "best": nullable(inc["killed_best"]), "high": nullable(inc["killed_high"]), "low": nullable(inc["killed_low"]),
        "sitrep_incident_id": inc["incident_id"],
    }
