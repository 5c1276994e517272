"""What every export needs from the warehouse: an incident with its reports (Member), its
claims, its country and precision, the actors' names in a dataset's convention, and notes.
A format (a module beside this one) turns one such incident into one row."""
from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sitrep.common import data
from sitrep.common.actors import actor_kind
from sitrep.common.figures import stated_figure
from sitrep.common.gazetteer import country_codes
from sitrep.schemas.vocab import DATE_PRECISIONS, GEO_PRECISIONS

# the most precise member event decides an incident's precision
GEO_RANK = {p: n for n, p in enumerate(GEO_PRECISIONS, 1)}    # the contract lists them from the most precise
DATE_RANK = {p: n for n, p in enumerate(DATE_PRECISIONS, 1)}


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
        # else sitrep's own name, written as the datasets write a name ("Peacekeepers", not "peacekeepers";
        # a name the mapping gives, such as UCDP's "al-Qaida", is kept as it is)
        name = (f"Military Forces of {cc.name}" if fmt == "acled" else f"Government of {cc.name}") if cc else \
            actor[:1].upper() + actor[1:]
    place = country_codes().get(country or "")
    if "{country}" in name:
        name = name.replace("{country}", place.name) if place else name.replace(" ({country})", "").replace(" of {country}", "")
    return name


def stable_number(incident_id: str) -> int:
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
    return min((m for m in members if m.country_code in tied), key=lambda m: (GEO_RANK.get(m.geo_precision, 5), m.event_id)).country_code


def _outlets(members: list[Member]) -> list[str]:
    return sorted({m.outlet for m in members if m.outlet})


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
    return [{k: (None if missing(v) else v) for k, v in i.items()} for i in incidents], members, claims


def missing(value) -> bool:
    return value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def nullable(value):
    return None if missing(value) else value


def as_date(value) -> dt.date | None:
    value = nullable(value)
    if value is None:
        return None
    return value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value




@dataclass
class Incident:
    """One incident as a format's row reads it."""
    fields: dict               # the incidents table's row (dates as dates)
    members: list[Member]      # its reports, earliest first
    claims: list[dict]         # its claims (no subtotals), killed first, largest first
    country: str | None        # ISO code
    cc: object | None          # country_codes()' entry: .name, .iso3, .numeric
    geo: int                   # GEO_RANK of its most precise report
    when: int                  # DATE_RANK of its most precise report
    where: str                 # "Douma, Rif Dimashq, Syria"
    civilian_victims: bool
    outlets: list[str]

    @property
    def start(self) -> dt.date | None:
        return self.fields["date_start"]

    @property
    def end(self) -> dt.date | None:
        return self.fields["date_end"]


def incidents_of(warehouse: str | Path):
    """Every incident of the warehouse, as the formats read them."""
    incidents, members, claims = _read(warehouse)
    codes = country_codes()
    for inc in incidents:
        mem = members.get(inc["incident_id"], [])
        inc = {**inc, "date_start": as_date(inc["date_start"]), "date_end": as_date(inc["date_end"])}
        country = _country(mem)
        cc = codes.get(country or "")
        inc_claims = claims.get(inc["incident_id"], [])
        yield Incident(
            fields=inc, members=mem, claims=inc_claims, country=country, cc=cc,
            geo=_precision_rank(mem, "geo_precision", GEO_RANK), when=_precision_rank(mem, "date_precision", DATE_RANK),
            where=", ".join(p for p in (inc["location_name"], inc["admin1"], cc.name if cc else None) if p) or "an unknown place",
            civilian_victims=any(c["victim_group"] in ("civilians", "children", "women") for c in inc_claims),
            outlets=_outlets(mem))
