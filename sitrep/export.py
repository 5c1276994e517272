"""Incidents in the column conventions analysts already use: ACLED's export and UCDP GED's.

One row per incident. Every column is derived from the warehouse (docs/exports.md maps each
to its source); nothing is guessed: a column sitrep cannot fill is empty, never a made-up
value. The vocabularies that translate ours into theirs are data files
(`acled_event_types.csv`, `actor_types.csv`).

Precision follows each codebook:
- ACLED `time_precision`: 1 the day is known, 2 the week (or a span of up to 7 days),
  3 only the month or less. `geo_precision`: 1 the place itself, 2 near a place or only its
  district, 3 only the first-level division or the country.
- UCDP `date_prec`: 1 exact day, 2 a span of 2–6 days, 3 the week, 4 the month (or a span
  of up to 30 days), 5 longer or unknown. `where_prec`: 1 the place, 2 within about 25 km
  of it, 3 the second-level division, 4 the first-level division, 6 only the country.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa

from sitrep.common import data
from sitrep.common.actors import actor_kind
from sitrep.common.figures import stated_figure
from sitrep.common.gazetteer import country_codes
from sitrep.schemas.vocab import DATE_PRECISIONS, GEO_PRECISIONS

FORMATS = ("acled", "ucdp")

# the most precise member event decides an incident's precision
_GEO_RANK = {p: n for n, p in enumerate(GEO_PRECISIONS, 1)}    # the contract lists them from the most precise
_DATE_RANK = {p: n for n, p in enumerate(DATE_PRECISIONS, 1)}
ACLED_INTER = {"state": 1, "rebel": 2, "political_militia": 3, "identity_militia": 4, "civilians": 7, "external": 8}

# The columns of each export, in order, with the pandas dtype each is written with
# (nullable integers stay integers in CSV and Parquet alike).
ACLED_COLUMNS = {
    "event_id_cnty": "string", "event_date": "date", "year": "Int64", "time_precision": "Int64",
    "disorder_type": "string", "event_type": "string", "sub_event_type": "string",
    "actor1": "string", "inter1": "Int64", "actor2": "string", "inter2": "Int64", "interaction": "Int64",
    "iso": "Int64", "country": "string", "admin1": "string", "admin2": "string", "location": "string",
    "latitude": "Float64", "longitude": "Float64", "geo_precision": "Int64",
    "source": "string", "notes": "string", "fatalities": "Int64", "sitrep_incident_id": "string",
}
UCDP_COLUMNS = {
    "id": "Int64", "year": "Int64", "type_of_violence": "Int64", "side_a": "string", "side_b": "string",
    "source_article": "string", "source_office": "string", "source_date": "string", "number_of_sources": "Int64",
    "where_prec": "Int64", "where_coordinates": "string", "adm_1": "string", "adm_2": "string", "latitude": "Float64",
    "longitude": "Float64", "country": "string", "country_iso3": "string", "date_prec": "Int64",
    "date_start": "date", "date_end": "date", "best": "Int64", "high": "Int64", "low": "Int64",
    "sitrep_incident_id": "string",
}


@dataclass
class Member:
    """One article's report of an incident, as the export needs it."""
    event_id: str
    country_code: str | None
    geo_precision: str
    date_precision: str
    sub_event_type: str | None
    outlet: str | None
    title: str | None
    published_date: dt.date | None
    source_uri: str


@lru_cache(maxsize=1)
def acled_event_types() -> dict[str, tuple[str, str]]:
    return {r["sub_event_type"]: (r["event_type"], r["disorder_type"]) for r in data.rows("acled_event_types.csv")}


@lru_cache(maxsize=1)
def export_actor_names() -> dict[str, tuple[str, str]]:
    """actor -> (ACLED name, UCDP name); an empty name keeps sitrep's (export_actor_names.csv)."""
    return {r["actor"]: (r["acled"] or "", r["ucdp"] or "") for r in data.rows("export_actor_names.csv")}


def export_actor(actor: str | None, fmt: str, country: str | None) -> str | None:
    """An actor's name in ACLED's or UCDP's convention (export_actor_names.csv); a state's
    forces not listed there as "Military Forces of X" / "Government of X"; else sitrep's."""
    if not actor:
        return None
    acled, ucdp = export_actor_names().get(actor, ("", ""))
    name = acled if fmt == "acled" else ucdp
    if name == "-":
        return None   # an attacker the report does not identify: no side the dataset would name
    if not name:
        kind, home = actor_kind(actor)
        cc = country_codes().get(home or "") if kind == "state" else None
        name = (f"Military Forces of {cc.name}" if fmt == "acled" else f"Government of {cc.name}") if cc else actor
    place = country_codes().get(country or "")
    if "{country}" in name:
        name = name.replace("{country}", place.name) if place else name.replace(" ({country})", "").replace(" of {country}", "")
    return name


def acled_inter(actor: str | None, country: str | None) -> int | None:
    """ACLED's actor type code: a state's forces are 1 at home and 8 abroad."""
    kind, home = actor_kind(actor)
    if kind is None:
        return None
    if kind == "state" and home and country and home != country:
        return ACLED_INTER["external"]
    return ACLED_INTER[kind]


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


def _stable_number(incident_id: str) -> int:
    """A positive integer id that stays the incident's across reruns (from its stable id)."""
    return int(incident_id.rsplit("-", 1)[-1][:12], 16)


def _precision_rank(members: list[Member], attr: str, ranks: dict[str, int]) -> int:
    """The best (lowest) rank among the members; unknown when none has one."""
    worst = max(ranks.values())
    return min((ranks.get(getattr(m, attr), worst) for m in members), default=worst)


def _country(members: list[Member]) -> str | None:
    """The country most of its reports place it in; the most precise report breaks a tie."""
    counted = Counter(m.country_code for m in members if m.country_code)
    if not counted:
        return None
    top = max(counted.values())
    tied = {c for c, n in counted.items() if n == top}
    return min((m for m in members if m.country_code in tied), key=lambda m: (_GEO_RANK.get(m.geo_precision, 5), m.event_id)).country_code


def _outlets(members: list[Member]) -> list[str]:
    return sorted({m.outlet for m in members if m.outlet})


def acled_time_precision(date_rank: int, start, end) -> int:
    span = (end - start).days if start is not None and end is not None else None
    if date_rank == 1 and span == 0:
        return 1
    if date_rank <= 2 and span is not None and span <= 7:
        return 2
    return 3


def ucdp_date_prec(date_rank: int, start, end) -> int:
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


# our geo_precision in each codebook's scale (UCDP: 3 is the second-order division)
ACLED_GEO = {_GEO_RANK[p]: v for p, v in {"place": 1, "near_place": 2, "admin2": 2, "admin1": 3, "country": 3,
                                           "unknown": 3}.items()}
UCDP_WHERE = {_GEO_RANK[p]: v for p, v in {"place": 1, "near_place": 2, "admin2": 3, "admin1": 4, "country": 6,
                                            "unknown": 6}.items()}


def _figure(claim: dict) -> str:
    return f"{stated_figure(claim)} {claim['victim_group']} {claim['outcome']}"


def notes(incident: dict, claims: list[dict], where: str, most: int = 4) -> str:
    """ACLED-style notes: what happened, where and when, then what each source said it cost
    (its largest figure of the killed, or of the injured when it gives none)."""
    what = incident["event_type"].replace("_", " ")
    by = f" by {incident['actor1']}" if incident["actor1"] else ""
    start, precision = incident["date_start"], incident.get("date_precision") or "day"
    # the date as precisely as it is known: a month or a year is never written as its first day
    when = None if start is None else f"On {start:%-d %B %Y}" if precision == "day" else \
        f"In the week to {incident.get('date_end') or start:%-d %B %Y}" if precision == "week" else \
        f"In {start:%B %Y}" if precision == "month" else f"In {start:%Y}" if precision == "year" else None
    text = f"{when}, {what}{by} in {where}." if when else f"{what[0].upper()}{what[1:]}{by} in {where}."
    by_source: dict[str, dict] = {}
    for c in claims:   # killed first, largest first (the query's order)
        who = c["claimed_by"] or c["outlet"] or "unattributed"
        if who not in by_source and not (c["outcome"] == "injured" and any(
                d["outcome"] == "killed" and (d["claimed_by"] or d["outlet"] or "unattributed") == who for d in claims)):
            by_source[who] = c
    said = [f"{who}: {_figure(c)}" for who, c in by_source.items()]
    if said:
        text += " Reported: " + "; ".join(said[:most]) + (f"; and {len(said) - most} more" if len(said) > most else "") + "."
    return text


def _read(warehouse: str | Path) -> tuple[list[dict], dict[str, list[Member]], dict[str, list[dict]]]:
    from sitrep.warehouse import Warehouse

    with Warehouse(warehouse).connect(read_only=True) as con:
        incidents = con.execute("SELECT * FROM incidents ORDER BY incident_id").df().to_dict("records")
        member_rows = con.execute("""
            SELECT ie.incident_id, e.event_id, e.country_code, e.geo_precision, e.date_precision, e.sub_event_type,
                   a.outlet, a.title, a.published_date, a.source_uri
            FROM incident_events ie JOIN events e USING (event_id) JOIN articles a ON a.article_id = e.article_id
            ORDER BY ie.incident_id, a.published_date NULLS LAST, e.event_id""").fetchall()
        claim_rows = con.execute("""
            SELECT ie.incident_id, c.outcome, c.count_low, c.count_high, c.qualifier, c.victim_group, c.claimed_by,
                   a.outlet
            FROM casualty_claims c JOIN incident_events ie USING (event_id) JOIN articles a ON a.article_id = c.article_id
            WHERE NOT c.is_subtotal
            ORDER BY ie.incident_id, c.outcome DESC, c.count_low DESC, c.claim_id""").fetchall()
    members: dict[str, list[Member]] = {}
    for incident_id, *rest in member_rows:
        members.setdefault(incident_id, []).append(Member(*rest))
    claims: dict[str, list[dict]] = {}
    keys = ("outcome", "count_low", "count_high", "qualifier", "victim_group", "claimed_by", "outlet")
    for incident_id, *rest in claim_rows:
        claims.setdefault(incident_id, []).append(dict(zip(keys, rest)))
    return [{k: (None if _missing(v) else v) for k, v in i.items()} for i in incidents], members, claims


def _missing(value) -> bool:
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _nullable(value):
    return None if _missing(value) else value


def _date(value) -> dt.date | None:
    value = _nullable(value)
    if value is None:
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value


def export_frame(warehouse: str | Path, fmt: str) -> pd.DataFrame:
    """The incidents of a warehouse as ACLED ('acled') or UCDP GED ('ucdp') rows."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose {' or '.join(FORMATS)}")
    incidents, members, claims = _read(warehouse)
    codes = country_codes()
    rows = []
    left_out: Counter = Counter()   # UCDP: incidents that cannot make a valid GED row, by why
    for inc in incidents:
        mem = members.get(inc["incident_id"], [])
        start, end = _date(inc["date_start"]), _date(inc["date_end"])
        inc = {**inc, "date_start": start, "date_end": end}
        country = _country(mem)
        cc = codes.get(country or "")
        geo = _precision_rank(mem, "geo_precision", _GEO_RANK)
        when = _precision_rank(mem, "date_precision", _DATE_RANK)
        where = ", ".join(p for p in (inc["location_name"], inc["admin1"], cc.name if cc else None) if p) or "an unknown place"
        inc_claims = claims.get(inc["incident_id"], [])
        civilian_victims = any(c["victim_group"] in ("civilians", "children", "women") for c in inc_claims)
        outlets = _outlets(mem)
        lat, lon = _nullable(inc["latitude"]), _nullable(inc["longitude"])
        if geo >= _GEO_RANK["admin1"] and fmt == "acled":
            # a division or a country: no point stands for it (never its centroid as a place);
            # GED gives the centroid with where_prec 4 or 6 saying what it is
            lat = lon = None
        killed_low = _nullable(inc["killed_low"])
        if fmt == "acled":
            sub = Counter(m.sub_event_type for m in mem if m.sub_event_type).most_common(1)
            sub_event_type = sub[0][0] if sub else None
            event_type, disorder = acled_event_types().get(sub_event_type or "", (None, None))
            civilians = inc["actor2"] == "civilians" or (inc["actor2"] is None and civilian_victims)
            actor2 = export_actor("civilians" if civilians else inc["actor2"], "acled", country)
            actor1 = export_actor(inc["actor1"], "acled", country)
            if actor1 is None and inc["event_type"] != "other":
                # ACLED's name for attackers nobody identified (sitrep keeps them NULL)
                actor1 = f"Unidentified Armed Group ({cc.name})" if cc else "Unidentified Armed Group"
            inter1 = acled_inter(inc["actor1"], country)
            inter2 = 7 if civilians else acled_inter(inc["actor2"], country)
            pair = sorted(x for x in (inter1, inter2) if x)
            rows.append({
                "event_id_cnty": f"{cc.iso3 if cc else 'XXX'}{_stable_number(inc['incident_id'])}",
                "event_date": start or _date(inc["first_reported"]),
                "year": (start or _date(inc["first_reported"])).year if (start or _date(inc["first_reported"])) else None,
                "time_precision": acled_time_precision(when, start, end) if start else 3,
                "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_event_type,
                "actor1": actor1, "inter1": inter1, "actor2": actor2, "inter2": inter2,
                "interaction": int("".join(map(str, pair))) if len(pair) == 2 else (pair[0] * 10 if pair else None),
                "iso": cc.numeric if cc else None, "country": cc.name if cc else None, "admin1": inc["admin1"],
                "admin2": inc.get("admin2"),
                "location": inc["location_name"] or inc["admin1"] or (cc.name if cc else None),
                "latitude": lat, "longitude": lon, "geo_precision": ACLED_GEO[geo],
                "source": "; ".join(outlets) or None,
                "notes": notes(inc, inc_claims, where),
                "fatalities": killed_low if killed_low is not None else 0,   # ACLED: the most conservative figure
                "sitrep_incident_id": inc["incident_id"],
            })
        else:
            violence = type_of_violence(inc["actor1"], inc["actor2"], civilian_victims)
            side_b = export_actor("civilians" if violence == 3 else inc["actor2"], "ucdp", country)
            # a GED row has its kind of violence, both sides, its dates, its country and a best
            # estimate; an incident without one is left out (and counted), not filled with a guess
            side_a = export_actor(inc["actor1"], "ucdp", country)
            missing = [name for name, value in (("no perpetrator", violence if side_a else None), ("no second side", side_b),
                                                ("no date", start), ("no country", cc), ("no death toll", inc["killed_best"]))
                       if _missing(value)]
            if missing:
                left_out[missing[0]] += 1
                continue
            rows.append({
                "id": _stable_number(inc["incident_id"]),
                "year": start.year,
                "type_of_violence": violence,
                "side_a": side_a, "side_b": side_b,
                "source_article": "; ".join(
                    f"{m.outlet or 'unknown outlet'}, \"{m.title or ''}\", {m.published_date or 'undated'} ({m.source_uri})"
                    for m in mem),
                "source_office": "; ".join(outlets) or None,
                "source_date": "; ".join(sorted({str(m.published_date) for m in mem if m.published_date})) or None,
                "number_of_sources": len(mem),
                "where_prec": UCDP_WHERE[geo], "where_coordinates": inc["location_name"] or inc["admin1"] or (cc.name if cc else None),
                "adm_1": inc["admin1"], "adm_2": inc.get("admin2"), "latitude": lat, "longitude": lon,
                "country": cc.name if cc else None, "country_iso3": cc.iso3 if cc else None,
                "date_prec": ucdp_date_prec(when, start, end),
                "date_start": start, "date_end": end,
                "best": _nullable(inc["killed_best"]), "high": _nullable(inc["killed_high"]), "low": killed_low,
                "sitrep_incident_id": inc["incident_id"],
            })
    columns = ACLED_COLUMNS if fmt == "acled" else UCDP_COLUMNS
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for col, dtype in columns.items():
        # dates as dates (Parquet DATE, not a timestamp at midnight); counts as integers with gaps
        frame[col] = frame[col].astype(pd.ArrowDtype(pa.date32()) if dtype == "date" else dtype)
    frame.attrs["left_out"] = dict(left_out.most_common())
    return frame


def write_export(frame: pd.DataFrame, out: Path | None = None, stream=None) -> None:
    """CSV (ISO dates, empty for missing) to `stream`, or to `out` as a finished file or
    none: Parquet when its suffix says so."""
    if out is None:
        frame.to_csv(stream, index=False, date_format="%Y-%m-%d")
        return
    from sitrep.common.outputs import whole_file

    with whole_file(out) as tmp:
        if out.suffix.lower() == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False, date_format="%Y-%m-%d")
