"""One row per real-world incident across articles and outlets, as UCDP coders reconcile
reports by hand. Pure functions over the warehouse's events, claims and articles.

Two events of different articles are the same incident when their dates are within a day,
their places agree (the same place; one of them named only by the governorate both lie in;
or an area, "near X" or a region, around the other's town, across a governorate line too),
their types are compatible, their attackers do not contradict each other and they would not
put two different towns in one incident. A report that names only the country joins the one
incident of its kind in that country that day, if there is only one. Near-duplicate articles of one incident (the same wire story, lightly edited:
Jaccard ≥ 0.8 over 5-word shingles) are recognised and count as one source.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache

import pandas as pd

from sitrep.common.gazetteer import NEAR_KM, km_apart, load_gazetteer
from sitrep.schemas import TABLES
from sitrep.schemas.vocab import DATE_PRECISIONS, GEO_PRECISIONS
from sitrep.tasks.extract.figures import event_figures, numbered_first, source_totals
from sitrep.tasks.extract.lexicon import actor_sides, compatible_types, join_days
from sitrep.tasks.validate import validate_strict

NEAR_DUPLICATE_JACCARD = 0.8
# What incidents are built from: only these columns (not the evidence sentences), since the
# whole warehouse's events pass through memory at each rebuild.
INPUTS = {
    "events": "SELECT event_id, article_id, is_primary, event_type, event_date, date_start, date_end, date_precision, actor1, actor2, "
              "location_name, admin1, admin2, "
              "country_code, latitude, longitude, geo_precision FROM events",
    "claims": "SELECT article_id, event_id, outcome, count_low, count_high, qualifier, claimed_by, is_subtotal, "
              "adds_to_previous FROM casualty_claims ORDER BY article_id, start_char",   # the order parts add up in
    "articles": "SELECT article_id, outlet, published_date FROM articles",
}
SOURCES = {"articles", "events", "casualty_claims"}   # a change to any of these changes incidents
_PRECISION_RANK = {p: n for n, p in enumerate(GEO_PRECISIONS)}   # from the most precise


_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = 5) -> frozenset[int]:
    """The text's runs of `size` words (all of it, when shorter), each as the hash of its
    words: compared within one process only, and hashing a tuple costs less than joining it."""
    words = _WORD.findall(str(text).lower())
    if len(words) < size:
        return frozenset((hash(tuple(words)),))
    return frozenset(map(hash, zip(*(words[i:] for i in range(size)))))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not (a or b):
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def near_duplicates(groups: list[list[str]], published_of: dict[str, object], text_of,
                    batch_articles: int = 2000) -> dict[str, str]:
    """article_id -> the earliest article of the same incident it is a near-copy of (only
    for copies). Only articles that share an incident are compared, with the exact Jaccard
    of their shingles; text_of(ids) -> {id: text} fetches the texts a batch of incidents at
    a time, so memory holds the shingles of about `batch_articles` articles, not all."""
    def order(a):
        p = published_of.get(a)
        return (p is None or p is pd.NaT or (isinstance(p, float) and pd.isna(p)), str(p), a)

    copies: dict[str, str] = {}
    batch: list[list[str]] = []
    n = 0
    for group in [g for g in groups if len(g) > 1] + [None]:   # None: flush the last batch
        if group is not None:
            batch.append(group)
            n += len(group)
            if n < batch_articles:
                continue
        if not batch:
            break
        sets = {a: shingles(t) for a, t in text_of(sorted({a for g in batch for a in g})).items()}
        for g in batch:
            seen: list[str] = []
            for a in sorted(g, key=order):
                if a in sets and a not in copies:
                    # |a ∩ b| / |a ∪ b| ≤ min / max of the sizes: texts of very different lengths are no copies
                    best = max(((jaccard(sets[a], sets[b]), b) for b in seen if b in sets
                                and min(len(sets[a]), len(sets[b])) >= NEAR_DUPLICATE_JACCARD * max(len(sets[a]), len(sets[b]))),
                               default=(0.0, None))
                    if best[0] >= NEAR_DUPLICATE_JACCARD:
                        copies[a] = copies.get(best[1], best[1])
                seen.append(a)
        batch, n = [], 0
    return copies


def _coarse(e) -> bool:
    """Named only by its governorate: 'in Idlib' is as often the province as the city."""
    return e.geo_precision in ("admin2", "admin1", "country", "unknown") or e.location_name == e.admin1


@lru_cache(maxsize=4096)
def _is_area(name) -> bool:
    """A region that holds towns ('Eastern Ghouta', 'Qalamoun'), per the gazetteer."""
    hits = load_gazetteer().lookup(name) if isinstance(name, str) else []
    return bool(hits) and hits[0].kind == "region"


BIG_CITY = 250_000   # people: a city this large is an area its neighbourhoods' reports lie in


@lru_cache(maxsize=4096)
def _city_km(name, latitude, longitude) -> float:
    """How far from its point a big city's own reports may lie ('Chicago' of a shooting in
    Englewood): a radius growing with its population (GeoNames'), 0 for a town."""
    if not isinstance(name, str) or pd.isna(latitude) or pd.isna(longitude):
        return 0.0
    here = pd.Series({"latitude": latitude, "longitude": longitude})
    people = max((p.population for p in load_gazetteer().lookup(name) if km_apart(p, here) <= 10), default=0)
    return 0.0 if people < BIG_CITY else min(25.0, 5 + 10 * (people / 1e6) ** 0.5)


def _city_around(x, y) -> bool:
    """x is a big city's report and y a place inside it: 'Chicago' and 'Englewood'."""
    if x.geo_precision != "place" or y.geo_precision not in ("place", "near_place") or _same_place(x, y):
        return False
    radius = _city_km(x.location_name, x.latitude, x.longitude)
    return radius > 0 and not pd.isna(y.latitude) and km_apart(x, y) <= radius


def _is_surrounding(e) -> bool:
    """An event placed by an area rather than a town: 'near X', or a region."""
    return e.geo_precision == "near_place" or _is_area(e.location_name)


def _surrounds(x, y) -> bool:
    """x names an area around y: 'near Damascus' of Douma, 'Eastern Ghouta' of Zamalka."""
    located = all(isinstance(v, float) and not pd.isna(v) for v in (x.latitude, x.longitude, y.latitude, y.longitude))
    return located and _is_surrounding(x) and km_apart(x, y) <= NEAR_KM


def _spot(e):
    """Where an event's place is, for telling two reports of it apart: its point (rounded to
    about a kilometre) when it has one, so 'Kharkov' and 'Kharkiv', 'Kiev' and 'Kyiv' are one
    town; else its name."""
    # (a point that is a district's or a division's middle stands for every village named there)
    located = e.geo_precision == "place" and all(isinstance(v, float) and not pd.isna(v) for v in (e.latitude, e.longitude))
    return (round(e.latitude, 2), round(e.longitude, 2)) if located else e.location_name


def _same_place(a, b) -> bool:
    return a.location_name == b.location_name or _spot(a) == _spot(b)


def _places_agree(a, b) -> bool:
    """The same place, one named only by the governorate both lie in, or an area (a region,
    'near X') around the other's town, across a governorate line too."""
    if _same_place(a, b):
        return True
    if a.admin1 == b.admin1 and (_coarse(a) or _coarse(b)):
        return True
    return _surrounds(a, b) or _surrounds(b, a)


def _town(e) -> str | None:
    """The town an event names exactly, if any: two different ones are two incidents (a big
    city is no such town: its neighbourhoods lie in it)."""
    if e.geo_precision != "place" or _coarse(e) or _is_area(e.location_name) \
            or _city_km(e.location_name, e.latitude, e.longitude) > 0:
        return None
    return _spot(e)


def _link_reason(a, b) -> str:
    days = abs((a.event_date - b.event_date).days)
    if a.location_name == b.location_name:
        where = a.location_name
    elif a.admin1 == b.admin1 and isinstance(a.admin1, str):
        where = a.admin1
    else:
        where = f"{a.location_name} and {b.location_name}"
    apart = "same day" if days == 0 else "a day apart" if days == 1 else f"{days} days apart"
    return f"{b.event_type} in {where}, {apart} as {a.event_id}"


UNDATED_DAYS = 3   # an undated report tells of an incident at most this many days before it was published


def cluster_events(events: pd.DataFrame, published_of: dict | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(event_id -> root event_id, event_id -> why it joined). published_of: article_id ->
    publication date, which bounds when an undated report's incident happened."""
    parent = {e: e for e in events["event_id"]}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    reasons: dict[str, str] = {}
    dated = events[events["event_date"].notna()].copy()
    dated["event_date"] = pd.to_datetime(dated["event_date"])
    rows = list(dated.sort_values(["event_date", "event_id"]).itertuples())
    located = [r for r in rows if isinstance(r.admin1, str)]
    # candidate pairs first, then joined strongest first: reports naming the same place
    # before reports that name only the governorate, so a coarse report joins the incident
    # of its own place rather than whichever came first
    pairs = []

    def consider(a, b) -> None:
        if (b.event_date, b.event_id) < (a.event_date, a.event_id):
            a, b = b, a   # the earlier report first, so the join order does not depend on how the pair was found
        days = (b.event_date - a.event_date).days
        allowed = min(join_days().get(a.event_type, 1), join_days().get(b.event_type, 1))
        if a.article_id == b.article_id or days > allowed or not compatible_types(a.event_type, b.event_type) \
                or not _places_agree(a, b):
            return
        same_place = _same_place(a, b) and not _coarse(a)
        pairs.append(((0 if same_place else 1, days, a.event_type != b.event_type), a, b))

    by_admin1: dict[str, list] = {}
    for r in located:
        by_admin1.setdefault(r.admin1, []).append(r)
    most = max(join_days().values(), default=1)
    for group in by_admin1.values():   # within a governorate: every pair close enough in days (join_days)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (b.event_date - a.event_date).days > most:
                    break
                consider(a, b)
    # across a governorate line only an area ('near Damascus', Eastern Ghouta) joins a town
    by_day: dict = {}
    for r in located:
        by_day.setdefault(r.event_date, []).append(r)
    for a in (r for r in located if _is_surrounding(r)):
        for day in (a.event_date + pd.Timedelta(days=k) for k in range(-most, most + 1)):
            for b in by_day.get(day, []):
                if b.admin1 != a.admin1 and not (_is_surrounding(b) and b.event_id < a.event_id):
                    consider(a, b)
    articles_of = {e: {art} for e, art in zip(events["event_id"], events["article_id"])}
    # joining must not put attackers of different sides in one incident (a report without an
    # attacker may join either, not both; Syrian and Russian jets are one side), nor two
    # towns in one through a report that names only their area
    side = actor_sides()
    sides_of = {e: ({side.get(a, a)} if isinstance(a, str) else set()) for e, a in zip(events["event_id"], events["actor1"])}
    towns_of = {r.event_id: ({_town(r)} - {None}) for r in events.itertuples()}

    def join(a, b, reason: str) -> bool:
        ra, rb = find(a), find(b)
        if ra == rb or articles_of[ra] & articles_of[rb]:
            return False   # two incidents one article tells apart stay apart
        if len(sides_of[ra] | sides_of[rb]) > 1 or (towns_of[ra] and towns_of[rb] and towns_of[ra] != towns_of[rb]):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        articles_of[keep] = articles_of[keep] | articles_of.pop(gone)
        sides_of[keep] = sides_of[keep] | sides_of.pop(gone)
        towns_of[keep] = towns_of[keep] | towns_of.pop(gone)
        reasons.setdefault(b, reason)
        return True

    for _, a, b in sorted(pairs, key=lambda p: (p[0], p[1].event_id, p[2].event_id)):
        join(a.event_id, b.event_id, _link_reason(a, b))

    # a report that names only a big city ('a man was shot in Chicago') joins the one incident
    # of its kind inside that city on its day (a neighbourhood's: 'Englewood'), and none when several fit
    for c in located:
        if c.geo_precision != "place" or not _city_km(c.location_name, c.latitude, c.longitude):
            continue
        allowed = join_days().get(c.event_type, 1)
        fits = [r for r in located if r.article_id != c.article_id and abs((r.event_date - c.event_date).days) <= allowed
                and compatible_types(r.event_type, c.event_type) and _city_around(c, r)]
        roots = {find(r.event_id) for r in fits}
        if len(roots) == 1 and find(c.event_id) not in roots:
            join(fits[0].event_id, c.event_id, f"{c.event_type} in {c.location_name}, the only one of its kind there "
                                               f"that day, as {fits[0].event_id} in {fits[0].location_name}")
    # a report that names only the country ('the attack in Syria') joins the one incident of
    # its kind that country has that day, and none when there are several
    national = [r for r in rows if not isinstance(r.admin1, str) and isinstance(r.country_code, str)]
    kind_of_day: dict[tuple, list] = {}
    for r in located:
        kind_of_day.setdefault((r.country_code, r.event_type, r.event_date), []).append(r)
    national_of_day: dict[tuple, list] = {}
    for r in national:
        national_of_day.setdefault((r.country_code, r.event_type, r.event_date), []).append(r)
    for c in national:
        key = (c.country_code, c.event_type, c.event_date)
        same = [r for r in kind_of_day.get(key, []) if r.article_id != c.article_id]
        roots = {find(r.event_id) for r in same}
        if len(roots) == 1:
            join(same[0].event_id, c.event_id, f"{c.event_type} in {c.location_name}, the only one that day, as {same[0].event_id}")
        elif not roots:
            for other in national_of_day[key]:
                if other.event_id != c.event_id:
                    join(other.event_id, c.event_id, f"{c.event_type} in {c.location_name}, same day as {other.event_id}")
    # a report that knows no day (undated, or only its month or year) joins the one incident
    # of its kind and place its span allows: the month or year it gives, else the days before
    # its publication ('the chemical attack in Damascus', published the day after Ghouta)
    # — and a report with no date at all, neither its own nor its article's, the one incident of
    # its kind at its own place (a town or an area, not only a governorate or a country)
    for u in events[events["event_date"].isna()].itertuples():
        lo, hi = _span(u, (published_of or {}).get(u.article_id))
        if lo is None and (not isinstance(u.admin1, str) or _coarse(u)):
            continue
        fits = [r for r in (located if isinstance(u.admin1, str) else rows)
                if (lo is None or lo <= r.event_date <= hi) and r.article_id != u.article_id
                and compatible_types(r.event_type, u.event_type)
                and (_places_agree(r, u) if isinstance(u.admin1, str) else r.country_code == u.country_code)
                and (lo is not None or (_same_place(r, u) and not _coarse(r)))]
        roots = {find(r.event_id) for r in fits}
        led = [r for r in fits if _flag(r.is_primary)]
        if len(roots) > 1 and _flag(u.is_primary) and len({find(r.event_id) for r in led}) == 1:
            # an incident some article leads with, over ones only named in passing elsewhere
            # (a background sentence's 'the attack' dated by the day of another thing it tells)
            fits, roots = led, {find(led[0].event_id)}
        if len(roots) == 1:
            r = fits[0]
            when = f"from {lo:%Y-%m-%d} to {hi:%Y-%m-%d}" if lo is not None else "of any date (its article has none)"
            join(r.event_id, u.event_id, f"{u.event_type} in {u.location_name}, undated, the only one of its kind there "
                                         f"{when}, as {r.event_id}")
    return {e: find(e) for e in parent}, reasons


def _span(e, published) -> tuple:
    """The days an undated event may lie in: its own span (a month, a year), else the days up
    to its article's publication; (None, None) when nothing bounds it."""
    start, end = getattr(e, "date_start", None), getattr(e, "date_end", None)
    if start is not None and not pd.isna(start) and end is not None and not pd.isna(end):
        return pd.Timestamp(start), pd.Timestamp(end)
    if published is None or pd.isna(published):
        return None, None
    day = pd.Timestamp(published)
    return day - pd.Timedelta(days=UNDATED_DAYS), day


def _mode(values):
    values = [v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]
    return Counter(values).most_common(1)[0][0] if values else None


def incident_figures(claims: list[dict]) -> dict:
    """Per source, its largest total in any one article (two articles quoting the same
    source's figure are one figure, not a sum; within an article a figure and its further
    parts are one total, figures.source_totals); then low/best/high across sources by the
    event policy. claims: in each article's order."""
    by_article: dict[str, list[dict]] = {}
    for c in numbered_first(claims):
        c = dict(c, claimed_by=c["claimed_by"] if isinstance(c["claimed_by"], str) else None,
                 adds_to_previous=_flag(c.get("adds_to_previous")))
        by_article.setdefault(c["article_id"], []).append(c)
    best: dict[tuple, list[int]] = {}
    for article_claims in by_article.values():
        for outcome in ("killed", "injured"):
            for source, (low, high, _) in source_totals(article_claims, outcome).items():
                if (outcome, source) not in best or low > best[(outcome, source)][0]:
                    best[(outcome, source)] = [low, high]
    totals = [{"outcome": o, "count_low": v[0], "count_high": v[1], "claimed_by": src, "is_subtotal": False}
              for (o, src), v in best.items()]
    return event_figures(totals)


_DATE_RANK = {p: n for n, p in enumerate(DATE_PRECISIONS)}   # from the most precise


def _date_precision(members: list[dict], has_day: bool) -> str:
    """How precisely the members date the incident: a day when one names it, else the finest
    span one gives (week, month, year), else unknown."""
    if has_day:
        return "day"
    spans = [e.get("date_precision") for e in members if e.get("date_start") is not None and not pd.isna(e.get("date_start"))
             and isinstance(e.get("date_precision"), str)]
    return min(spans, key=lambda p: _DATE_RANK.get(p, 9)) if spans else "unknown"


def _flag(value) -> bool:
    """A boolean column's value; NULL (rows loaded before the column) is false."""
    return value is not None and not pd.isna(value) and bool(value)


def build_incidents(events: pd.DataFrame, claims: pd.DataFrame, articles: pd.DataFrame, text_of=None) -> dict[str, pd.DataFrame]:
    """The incidents and incident_events tables, validated, for the whole warehouse.
    articles: article_id, outlet, published_date (and text, unless text_of(ids) -> {id: text}
    is given to fetch only the texts of articles that share an incident)."""
    if events.empty:
        return {t: validate_strict(t, pd.DataFrame(columns=list(TABLES[t].to_schema().columns))) for t in ("incidents", "incident_events")}
    if text_of is None:
        texts = dict(zip(articles["article_id"], articles["text"]))
        text_of = lambda ids: {a: texts[a] for a in ids if a in texts}   # noqa: E731
    outlet_of = dict(zip(articles["article_id"], articles["outlet"]))
    published_of = dict(zip(articles["article_id"], articles["published_date"]))
    root, reasons = cluster_events(events, published_of)
    claims_of: dict[str, list[dict]] = {}
    for c in claims.to_dict("records"):
        claims_of.setdefault(c["event_id"], []).append(c)
    groups: dict[str, list[dict]] = {}
    for e in events.to_dict("records"):
        groups.setdefault(root[e["event_id"]], []).append(e)
    copies = near_duplicates([list(dict.fromkeys(e["article_id"] for e in g)) for g in groups.values()], published_of, text_of)

    def known(v):
        return v is not None and not (isinstance(v, float) and pd.isna(v)) and v is not pd.NaT

    incidents, links = [], []
    for r, members in groups.items():
        members.sort(key=lambda e: (not known(e["event_date"]), e["event_date"] if known(e["event_date"]) else 0, e["event_id"]))
        incident_id = "inc-" + hashlib.sha1(r.encode()).hexdigest()[:16]
        place = min(members, key=lambda e: _PRECISION_RANK.get(e["geo_precision"], 9))
        ids = list(dict.fromkeys(e["article_id"] for e in members))
        outlets = {outlet_of.get(g) if isinstance(outlet_of.get(g), str) else g for g in {copies.get(a, a) for a in ids}}
        published = [published_of[a] for a in ids if known(published_of.get(a))]
        # the span its members allow: a day's event its day, a month's its month (schema v8)
        # (a member that knows the day narrows it; older rows have only event_date)
        days = [e["event_date"] for e in members if known(e["event_date"])]
        starts = days or [e["date_start"] for e in members if known(e.get("date_start"))]
        ends = days or [e["date_end"] for e in members if known(e.get("date_end"))]
        figures = incident_figures([c for e in members for c in claims_of.get(e["event_id"], [])])
        incidents.append({
            "incident_id": incident_id,
            "event_type": _mode([e["event_type"] for e in members if e["event_type"] != "attack"]) or members[0]["event_type"],
            "date_start": min(starts) if starts else None, "date_end": max(ends) if ends else None,
            "date_precision": _date_precision(members, bool(days)),
            "location_name": place["location_name"], "admin1": place["admin1"], "admin2": place.get("admin2"),
            "country_code": place["country_code"] if known(place.get("country_code")) else None,
            "geo_precision": place["geo_precision"] if known(place.get("geo_precision")) else "unknown",
            "latitude": place["latitude"], "longitude": place["longitude"],
            "actor1": _mode([e["actor1"] for e in members]), "actor2": _mode([e["actor2"] for e in members]),
            "n_articles": len(ids), "n_outlets": len(outlets), "first_reported": min(published) if published else None,
            **{k: figures[k] for k in ("killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high")},
        })
        for e in members:
            links.append({"incident_id": incident_id, "event_id": e["event_id"], "article_id": e["article_id"],
                          "near_duplicate_of": copies.get(e["article_id"]),
                          "link_reason": reasons.get(e["event_id"], "first report" if e["event_id"] == r else "same incident")})
    return {"incidents": validate_strict("incidents", pd.DataFrame(incidents)),
            "incident_events": validate_strict("incident_events", pd.DataFrame(links))}


def rebuild_incidents(tx) -> bool:
    """Rebuild incidents and incident_events across the whole warehouse inside a load's
    transaction (a sitrep.warehouse Transaction), so readers never see them out of step with
    the events; only when the load changed what they are built from (or migrated, or they
    were never built). Returns whether it rebuilt them."""
    if not (tx.changed & SOURCES or tx.migrated or not tx.count("incidents")):
        return False
    inputs = {name: tx.read(sql) for name, sql in INPUTS.items()}

    def text_of(ids: list[str]) -> dict[str, str]:   # only the texts near-duplicate checks ask for
        rows = tx.read("SELECT article_id, text FROM articles WHERE article_id IN (SELECT value FROM ids)", ids=ids)
        return dict(zip(rows["article_id"], rows["text"]))

    for table, frame in build_incidents(**inputs, text_of=text_of).items():
        tx.replace(table, frame)
    return True
