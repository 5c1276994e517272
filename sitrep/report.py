"""`sitrep report --out report.html`: one self-contained HTML file — inline CSS and SVG, no
script, nothing fetched when it is opened — with charts drawn by Vega-Lite (through Altair)
and rendered to static SVG offline by vl-convert:

- incidents and the killed per month on a true time axis (every month has its place, empty
  months included, with labelled axes);
- the killed by actor, by first-level division and the figures by kind of source;
- a map per country (the three with most incidents) on its real first-level divisions with
  its neighbours, from Natural Earth (public domain; sitrep/data/boundaries/SOURCE.md): an
  incident known to a place is a circle sized by its best figure (with a size legend); one
  known only to its division shades the division; one known only to the country is listed
  beside the map, never drawn as a point; and a world map when incidents span countries;
- the largest incidents by a stated figure — never a vague one ("dozens") — with each
  source's figure and evidence sentence, and the disagreements between sources.
"""
from __future__ import annotations

import datetime as dt
import html
import math
from collections import Counter
from pathlib import Path

import pandas as pd

from sitrep.common.figures import stated_figure
from sitrep.schemas.vocab import GEO_PRECISIONS

TYPE_COLOURS = {
    "air_strike": "#d62728", "shelling": "#ff7f0e", "explosion": "#9467bd", "suicide_bombing": "#8c564b",
    "chemical_attack": "#2ca02c", "armed_clash": "#1f77b4", "ground_offensive": "#17becf", "attack": "#7f7f7f",
    "other": "#bcbd22",
}
# 1 = a place … 5 = unknown: the contract lists the precisions from the most precise
_GEO_RANK_SQL = ("min(CASE e.geo_precision " + " ".join(f"WHEN '{p}' THEN {n}" for n, p in enumerate(GEO_PRECISIONS, 1))
                 + f" ELSE {len(GEO_PRECISIONS)} END)")
_RANK = {p: n for n, p in enumerate(GEO_PRECISIONS, 1)}
NEAR, DISTRICT, DIVISION = _RANK["near_place"], _RANK["admin2"], _RANK["admin1"]
MAPS = 3   # countries drawn on their divisions


def _esc(v) -> str:
    return html.escape("" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v))


def _svg(chart) -> str:
    """A chart as inline SVG, rendered offline (vl-convert bundles Vega and its fonts)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart.to_dict(validate=False))   # the inline boundaries make validation slow
    return svg[svg.index("<svg"):]


# ---- reading ----------------------------------------------------------------------------

def _frame(con, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def read_warehouse(warehouse: str | Path) -> dict:
    """Everything the report shows, read once, read-only, through the warehouse's API."""
    from sitrep.warehouse import Warehouse

    with Warehouse(warehouse).connect(read_only=True) as con:
        incidents = _frame(con, f"""
            SELECT i.*, {_GEO_RANK_SQL} AS geo_rank,
                   mode(e.country_code) AS country_code
            FROM incidents i JOIN incident_events ie USING (incident_id) JOIN events e USING (event_id)
            GROUP BY ALL ORDER BY i.incident_id""")
        claims = _frame(con, """
            SELECT ie.incident_id, c.outcome, c.count_low, c.count_high, c.qualifier, c.victim_group, c.source_type,
                   coalesce(c.claimed_by, 'unattributed') AS claimed_by, coalesce(a.outlet, '') AS outlet, c.evidence
            FROM casualty_claims c JOIN incident_events ie USING (event_id) JOIN articles a ON a.article_id = c.article_id
            WHERE NOT c.is_subtotal ORDER BY ie.incident_id, c.outcome DESC, c.count_low DESC, c.claim_id""")
        source_types = _frame(con, "SELECT source_type, count(*) AS figures FROM casualty_claims GROUP BY 1 ORDER BY 2 DESC")
        disagreements = _frame(con, "SELECT * FROM disagreements")
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"incidents": incidents, "claims": claims, "source_types": source_types,
            "disagreements": disagreements, "n_articles": n_articles}


# ---- charts -------------------------------------------------------------------------------

def monthly(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents and killed (best) per month, every month from the first to the last."""
    dated = incidents.dropna(subset=["date_start"])
    if dated.empty:
        return pd.DataFrame(columns=["month", "incidents", "killed"])
    month = pd.to_datetime(dated["date_start"]).dt.to_period("M")
    grouped = dated.assign(month=month).groupby("month").agg(
        incidents=("incident_id", "count"), killed=("killed_best", lambda s: int(s.fillna(0).sum())))
    every = pd.period_range(grouped.index.min(), grouped.index.max(), freq="M")
    out = grouped.reindex(every, fill_value=0).rename_axis("month").reset_index()
    out["month"] = out["month"].dt.to_timestamp()
    return out


def timeline_chart(months: pd.DataFrame):
    import altair as alt

    n = len(months)
    step = 1 if n <= 24 else 3 if n <= 72 else 6 if n <= 144 else 12
    # a month is a band on a time scale: its bar fills it, an empty month keeps its place
    x = alt.X("yearmonth(month):T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-45, grid=False,
                                                              tickCount={"interval": "month", "step": step}))
    base = alt.Chart(months).properties(width=860, height=150)
    count = base.mark_bar(color="#6b9bc3", width={"band": 0.85}).encode(
        x, alt.Y("incidents:Q", title="incidents", axis=alt.Axis(values=_whole_ticks(int(months["incidents"].max())), format="d")))
    killed = base.mark_bar(color="#b2182b", width={"band": 0.85}).encode(
        x, alt.Y("killed:Q", title="killed (best)", axis=alt.Axis(format=",d")))
    return alt.vconcat(count, killed, spacing=8).resolve_scale(x="shared")


def _whole_ticks(top: int) -> list[int]:
    """Axis values for a count: whole numbers only, about five of them."""
    step = max(1, math.ceil(top / 5))
    return list(range(0, top + step, step))


def bar_chart(frame: pd.DataFrame, label: str, value: str, title: str, colour: str = "#b2182b"):
    import altair as alt

    return alt.Chart(frame).mark_bar(color=colour).encode(
        alt.Y(f"{label}:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
        alt.X(f"{value}:Q", title=title),
    ).properties(width=300, height=max(60, 18 * len(frame)))


# ---- maps ---------------------------------------------------------------------------------

def topo_features(topology: dict, name: str) -> list[dict]:
    """GeoJSON features of one object of a TopoJSON topology (delta-encoded arcs decoded)."""
    arcs = _decoded_arcs(topology)

    def ring(indices):
        out = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(part if not out else part[1:])
        return out

    features = []
    for g in topology["objects"][name]["geometries"]:
        if g.get("type") == "Polygon":
            geometry = {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
        elif g.get("type") == "MultiPolygon":
            geometry = {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in g["arcs"]]}
        else:
            continue
        features.append({"type": "Feature", "id": g.get("id"), "properties": dict(g.get("properties") or {}),
                         "geometry": geometry})
    return features


def topo_outline(topology: dict, name: str) -> dict:
    """The outer boundary of all of an object's polygons (the arcs only one of them uses: a
    country's border drawn from its own divisions, at their resolution)."""
    arcs = _decoded_arcs(topology)
    used: Counter = Counter()
    for g in topology["objects"][name]["geometries"]:
        polys = [g["arcs"]] if g.get("type") == "Polygon" else g.get("arcs", []) if g.get("type") == "MultiPolygon" else []
        for poly in polys:
            for r in poly:
                used.update(i if i >= 0 else ~i for i in r)
    lines = [arcs[i] for i, n in sorted(used.items()) if n == 1]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiLineString", "coordinates": lines}}


def _decoded_arcs(topology: dict) -> list[list[list[float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append([x * sx + tx, y * sy + ty])
        else:
            points = [list(p) for p in arc]
        arcs.append(points)
    return arcs


def _polygons(feature: dict) -> list[list[list[list[float]]]]:
    g = feature["geometry"]
    return [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            hit = not hit
    return hit


def contains(feature: dict, lon: float, lat: float) -> bool:
    return any(_inside(lon, lat, poly[0]) and not any(_inside(lon, lat, hole) for hole in poly[1:])
               for poly in _polygons(feature))


def _bbox(features: list[dict]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for f in features:
        for poly in _polygons(f):
            for x, y in poly[0]:
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85), -85)) / 2))


def _projection(box: tuple[float, float, float, float], width: int, height: int):
    """A Mercator projection that fits the box into width × height."""
    import altair as alt

    x0, y0, x1, y1 = box
    scale = 0.92 * min(width / max(math.radians(x1 - x0), 1e-6), height / max(_mercator_y(y1) - _mercator_y(y0), 1e-6))
    centre_lat = math.degrees(2 * math.atan(math.exp((_mercator_y(y0) + _mercator_y(y1)) / 2)) - math.pi / 2)
    return alt.Projection(type="mercator", scale=scale, center=[(x0 + x1) / 2, centre_lat], translate=[width / 2, height / 2])


def boundaries() -> dict:
    from sitrep.common import data

    return data.gzip_json("boundaries/admin1.json.gz")


SIZE_RANGE = (12, 900)   # circle area in px² for 0 … the largest figure of the killed on any map


def size_top(incidents: pd.DataFrame) -> float:
    """The largest best figure of the killed among incidents drawn as circles: the one top of
    the size scale every map shares, so 10 killed in Iraq is never drawn as large as 200 in Syria."""
    located = incidents[(incidents["geo_rank"] <= NEAR) & incidents["latitude"].notna()]
    return max(1.0, float(located["killed_best"].fillna(0).max())) if not located.empty else 1.0


def country_map(iso2: str, incidents: pd.DataFrame, width: int = 620, top: float | None = None):
    """The country's divisions and its neighbours; incidents known to a place as circles,
    those known only to a division as the division's shade. None when the packaged
    boundaries do not cover the country."""
    import altair as alt

    from sitrep.common.gazetteer import country_codes, load_gazetteer

    codes = country_codes()
    cc = codes.get(iso2)
    bundle = boundaries()
    if cc is None or cc.iso3 not in bundle["admin1"]:
        return None
    topology = bundle["admin1"][cc.iso3]
    object_name = next(iter(topology["objects"]))
    divisions = topo_features(topology, object_name)
    world = topo_features(bundle["world"], next(iter(bundle["world"]["objects"])))
    here = incidents[incidents["country_code"] == iso2]
    located = here[(here["geo_rank"] <= NEAR) & here["latitude"].notna()].copy()
    # the frame: the country's main landmass (not Alaska and Hawaii for a shooting in Chicago)
    # and every incident placed in it
    own = [f for f in world if f["id"] == cc.iso3]
    mainland = max(_polygons(own[0]), key=lambda p: len(p[0])) if own else None
    box = _bbox([{"geometry": {"type": "Polygon", "coordinates": mainland}}] if mainland else divisions)
    if not located.empty:
        box = (min(box[0], located["longitude"].min()), min(box[1], located["latitude"].min()),
               max(box[2], located["longitude"].max()), max(box[3], located["latitude"].max()))
    pad_x, pad_y = (box[2] - box[0]) * 0.08, (box[3] - box[1]) * 0.08
    box = (box[0] - pad_x, box[1] - pad_y, box[2] + pad_x, box[3] + pad_y)
    height = int(width * min(1.2, max(0.45, (_mercator_y(box[3]) - _mercator_y(box[1])) / math.radians(box[2] - box[0]))))

    # each division named as sitrep names it (the gazetteer's point of each admin1 falls in it)
    gaz = load_gazetteer()
    ours = sorted({a for a in incidents["admin1"].dropna()} |
                  {p.admin1 for p in gaz.all_places() if p.country_code == iso2 and p.kind == "admin1" and p.admin1})
    name_of: dict[int, str] = {}
    for admin1 in ours:
        place = gaz.division(iso2, admin1)
        if place is None:
            continue
        for n, f in enumerate(divisions):
            if n not in name_of and contains(f, place.longitude, place.latitude):
                name_of[n] = admin1
                break
    division_only = Counter(here.loc[here["geo_rank"].isin((DISTRICT, DIVISION)), "admin1"].dropna())
    for n, f in enumerate(divisions):
        f["properties"]["label"] = name_of.get(n) or f["properties"].get("name", "")
        f["properties"]["division_only"] = division_only.get(name_of.get(n), 0)

    neighbours = {codes[c].iso3 for c in gaz.neighbours.get(iso2, ()) if c in codes}
    projection = _projection(box, width, height)
    layers = [
        alt.Chart(alt.Data(values=[f for f in world if f["id"] in neighbours])).mark_geoshape(
            fill="#ececec", stroke="#bbbbbb", strokeWidth=0.6, clip=True),
        alt.Chart(alt.Data(values=divisions)).mark_geoshape(stroke="#8a8a7a", strokeWidth=0.6, clip=True).encode(
            color=alt.Color("properties.division_only:Q", title=["incidents known only", "to the division"],
                            scale=alt.Scale(domain=[0, max(1, max(division_only.values(), default=1))],
                                            range=["#fbfaf6", "#f0a35e"]),
                            legend=alt.Legend(orient="bottom-left", tickMinStep=1, format="d") if division_only else None)),
        alt.Chart(alt.Data(values=[topo_outline(topology, object_name)])).mark_geoshape(
            filled=False, stroke="#333333", strokeWidth=1.2, clip=True),
        alt.Chart(alt.Data(values=[_label_point(f) for f in divisions])).mark_text(
            fontSize=9, color="#6b6b5a", clip=True).encode(longitude="lon:Q", latitude="lat:Q", text="label:N"),
    ]
    if not located.empty:
        located["killed"] = located["killed_best"].fillna(0).astype(float)
        located["type"] = located["event_type"].str.replace("_", " ")
        top = top or size_top(incidents)
        layers.append(alt.Chart(located[["longitude", "latitude", "killed", "type"]]).mark_circle(
            opacity=0.65, stroke="#222222", strokeWidth=0.5, clip=True).encode(
            longitude="longitude:Q", latitude="latitude:Q",
            size=alt.Size("killed:Q", title="killed (best)", scale=alt.Scale(domain=[0, top], range=list(SIZE_RANGE), zero=True),
                          legend=alt.Legend(orient="right", values=_size_legend(top), format=",d")),
            color=alt.Color("type:N", title="event type",
                            scale=alt.Scale(domain=[t.replace("_", " ") for t in TYPE_COLOURS], range=list(TYPE_COLOURS.values())),
                            legend=alt.Legend(orient="right"))))
    return alt.layer(*layers).properties(width=width, height=height, projection=projection,
                                         title=f"{cc.name}: incidents on its first-level divisions").resolve_scale(color="independent")


def _size_legend(top: float) -> list[int]:
    """Round values for the size legend (1, 2 or 5 times a power of ten), the largest at
    most the top figure, each a tenth of the next."""
    magnitude = 10 ** int(math.log10(max(top, 1)))
    big = max(m * magnitude for m in (1, 2, 5) if m * magnitude <= max(top, 1))
    return sorted({v for v in (big // 100, big // 10, big) if v >= 1})


def _label_point(feature: dict) -> dict:
    largest = max(_polygons(feature), key=lambda p: len(p[0]))[0]
    return {"lon": sum(x for x, _ in largest) / len(largest), "lat": sum(y for _, y in largest) / len(largest),
            "label": feature["properties"]["label"]}


def world_map(incidents: pd.DataFrame, width: int = 860, top: float | None = None):
    """Every country with incidents shaded by their number; incidents known to a place as circles."""
    import altair as alt

    from sitrep.common.gazetteer import country_codes

    codes = country_codes()
    counts = Counter(incidents["country_code"].dropna())
    topology = boundaries()["world"]
    world = topo_features(topology, next(iter(topology["objects"])))
    by_iso3 = {codes[c].iso3: n for c, n in counts.items() if c in codes}
    for f in world:
        f["properties"]["incidents"] = by_iso3.get(f["id"], 0)
    located = incidents[(incidents["geo_rank"] <= NEAR) & incidents["latitude"].notna()].copy()
    located["killed"] = located["killed_best"].fillna(0).astype(float)
    return alt.layer(
        alt.Chart(alt.Data(values=world)).mark_geoshape(stroke="#ffffff", strokeWidth=0.4).encode(
            color=alt.Color("properties.incidents:Q", title="incidents",
                            scale=alt.Scale(domain=[0, max(counts.values())], range=["#e9e9e9", "#2b6a99"]),
                            legend=alt.Legend(orient="bottom-left", format="d", tickMinStep=1))),
        alt.Chart(located[["longitude", "latitude", "killed"]]).mark_circle(color="#b2182b", opacity=0.7).encode(
            longitude="longitude:Q", latitude="latitude:Q",
            size=alt.Size("killed:Q", title="killed (best)",
                          scale=alt.Scale(domain=[0, top or size_top(incidents)], range=list(SIZE_RANGE), zero=True),
                          legend=alt.Legend(orient="bottom-right", values=_size_legend(top or size_top(incidents)), format=",d"))),
    ).properties(width=width, height=int(width * 0.5), projection=alt.Projection(type="equalEarth"),
                 title="Incidents by country").resolve_scale(color="independent")


# ---- tables ---------------------------------------------------------------------------------

def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _agree(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _day(value) -> str:
    """A date as 2016-08-14; 'undated' for none."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "undated"
    return f"{pd.Timestamp(value):%Y-%m-%d}"


def where(i: dict, country_names: dict[str, str]) -> str:
    """'Saraqib, Idlib', 'Idlib (division only)', 'Syria (country only)', 'place unknown'."""
    country = country_names.get(i.get("country_code") or "", "")
    if i["geo_rank"] <= NEAR and i.get("location_name"):
        near = "near " if i["geo_rank"] == NEAR else ""
        return f"{near}{i['location_name']}" + (f", {i['admin1']}" if i.get("admin1") and i["admin1"] != i["location_name"] else "")
    if i.get("admin1"):
        return f"{i['admin1']} (division only)"
    if country:
        return f"{country} (country only)"
    return "place unknown"


def largest_by_stated_figure(incidents: pd.DataFrame, claims: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """Incidents ranked by the largest figure of the killed a source states as a number:
    vague figures ("dozens", "hundreds") never head the table."""
    stated = claims[(claims["outcome"] == "killed") & (claims["qualifier"] != "vague")]
    top = stated.groupby("incident_id")["count_low"].max().rename("stated")
    out = incidents.merge(top, left_on="incident_id", right_index=True)
    return out.sort_values(["stated", "incident_id"], ascending=[False, True]).head(n)


def build_report(warehouse: str | Path) -> str:
    """warehouse: a directory or URI, opened read-only through the warehouse's own API."""
    from sitrep.common.gazetteer import country_codes

    d = read_warehouse(warehouse)
    incidents, claims = d["incidents"], d["claims"]
    names = {c: v.name for c, v in country_codes().items()}
    sections = []

    months = monthly(incidents)
    sections.append('<h2 id="time">Incidents and the killed per month</h2>' +
                    (_svg(timeline_chart(months)) if not months.empty else "<p>No dated incidents.</p>") +
                    f'<p class="note">Every month from {months["month"].min():%B %Y} to {months["month"].max():%B %Y} has its place, '
                    f'empty months included; {_count(int(incidents["date_start"].isna().sum()), "incident")} without a date not shown.</p>'
                    if not months.empty else "")

    by_actor = (incidents.assign(actor=incidents["actor1"].fillna("not named"))
                .groupby("actor")["killed_best"].sum().reset_index(name="killed").query("killed > 0")
                .sort_values("killed", ascending=False).head(12))
    divisions = incidents.dropna(subset=["admin1"])
    if divisions["country_code"].nunique() > 1:   # 'Ile-de-France, France' beside 'Aleppo, Syria'
        divisions = divisions.assign(admin1=divisions["admin1"] + ", " + divisions["country_code"].map(names).fillna("?"))
    by_division = (divisions.groupby("admin1")["killed_best"].sum().reset_index(name="killed")
                   .query("killed > 0").sort_values("killed", ascending=False).head(15))
    by_source = d["source_types"].head(13)
    bars = [("actors", "Killed by actor (who carried it out)", by_actor, "actor", "killed", "killed (best)", "#b2182b"),
            ("divisions", "Killed by first-level division", by_division, "admin1", "killed", "killed (best)", "#b2182b"),
            ("sources", "Figures by kind of source", by_source, "source_type", "figures", "casualty figures", "#4d7ea8")]
    cells = "".join(f'<div><h2 id="{key}">{title}</h2>{_svg(bar_chart(frame, label, value, axis, colour)) if not frame.empty else "<p>No data.</p>"}</div>'
                    for key, title, frame, label, value, axis, colour in bars)
    sections.append(f'<div class="grid">{cells}</div>')

    # maps: the countries with most incidents on their divisions; the world when several
    counted = Counter(incidents["country_code"].dropna())
    map_parts = []
    top = size_top(incidents)   # one size scale for every map
    if len(counted) > 1:
        map_parts.append(_svg(world_map(incidents, top=top)))
    for iso2, _ in counted.most_common(MAPS):
        chart = country_map(iso2, incidents, top=top)
        country_only = incidents[(incidents["country_code"] == iso2) & (incidents["geo_rank"] > DIVISION)]
        listed = "".join(f"<li>{_day(r['date_start'])}: {_esc(r['event_type'].replace('_', ' '))}"
                         f"{', killed ' + _esc(r['killed_best']) if pd.notna(r['killed_best']) else ''}</li>"
                         for r in country_only.to_dict("records"))
        beside = (f'<div class="beside"><h3>Known only to the country ({len(country_only)})</h3><ul>{listed}</ul>'
                  f'<p class="note">Not drawn: no point stands for a whole country.</p></div>' if len(country_only) else "")
        if chart is not None:
            map_parts.append(f'<div class="mapbox">{_svg(chart)}{beside}</div>')
    unplaced = int((incidents["country_code"].isna()).sum())
    sections.append('<h2 id="map">Where</h2>' + "".join(map_parts) +
                    '<p class="note">Circles: incidents known to a place (area by the best figure of the killed, '
                    'on one scale for every map). '
                    'Shaded divisions: incidents known only to the division. Boundaries: Natural Earth 1:10m admin-1 '
                    f'(public domain). {_count(unplaced, "incident")} with no country not mapped.</p>')

    largest = largest_by_stated_figure(incidents, claims)
    by_incident = {k: g.to_dict("records") for k, g in claims.groupby("incident_id")}
    rows = []
    for i in largest.to_dict("records"):
        figs = "".join(f"<li><b>{_esc(stated_figure(c))}</b> {_esc(c['victim_group'])} {_esc(c['outcome'])} — "
                       f"{_esc(c['claimed_by'])}{' via ' + _esc(c['outlet']) if c['outlet'] else ''}"
                       f"<br><q>{_esc(c['evidence'])}</q></li>" for c in by_incident.get(i["incident_id"], [])[:6])
        rows.append(f"<tr><td class=day>{_day(i['date_start'])}</td><td>{_esc(i['event_type'].replace('_', ' '))}</td>"
                    f"<td>{_esc(where(i, names))}</td><td>{_esc(i['actor1'] or 'not named')}</td>"
                    f"<td class=num>{_esc(i['killed_low'])} / <b>{_esc(i['killed_best'])}</b> / {_esc(i['killed_high'])}</td>"
                    f"<td class=num>{_esc(i['n_outlets'])}</td><td><ul>{figs}</ul></td></tr>")
    sections.append('<h2 id="largest">Largest incidents by a stated figure, with each source\'s figure</h2>'
                    '<table class="largest"><tr><th>date</th><th>type</th><th>where</th><th>by</th><th>killed low / best / high</th>'
                    f'<th>outlets</th><th>what each source said</th></tr>{"".join(rows)}</table>'
                    '<p class="note">Ranked by the largest number a source states for the killed; vague figures '
                    '("dozens", "hundreds") rank nothing.</p>')

    dis = d["disagreements"]
    dis_rows = "".join(
        f"<tr><td class=day>{_day(r.get('date_start'))}</td><td>{_esc(r.get('location_name'))}</td><td>{_esc(r.get('outcome'))}</td>"
        f"<td>{_esc(r.get('claimed_by'))}</td><td class=num>{_esc(r.get('count_low'))}</td><td>{_esc(r.get('qualifier'))}</td>"
        f"<td>{_esc(r.get('outlets'))}</td></tr>" for r in dis.to_dict("records"))
    sections.append('<h2 id="disagreements">Disagreements between sources</h2>'
                    '<table><tr><th>date</th><th>where</th><th>outcome</th><th>source</th><th>figure</th><th>qualifier</th>'
                    f'<th>outlets</th></tr>{dis_rows}</table>' if dis_rows else
                    '<h2 id="disagreements">Disagreements between sources</h2><p>None.</p>')

    killed = {k: int(incidents[f"killed_{k}"].fillna(0).sum()) for k in ("low", "best", "high")}
    undated = int(incidents["date_start"].isna().sum())
    placeless = int((incidents["geo_rank"] > DIVISION).sum())
    no_figure = int(incidents["killed_best"].isna().sum())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep report</title>
<style>
body{{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1180px;color:#222;padding:0 1em}}
h1{{font-size:1.6em}} h2{{margin-top:1.8em;border-bottom:1px solid #ddd}} h3{{font-size:1em;margin:.2em 0}}
table{{border-collapse:collapse;width:100%}} td,th{{border-bottom:1px solid #eee;padding:4px 6px;vertical-align:top;text-align:left}}
td.num,td.day{{text-align:right;white-space:nowrap}} ul{{margin:0;padding-left:1.1em}} q{{color:#555;font-size:.92em}}
.grid{{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:1em}} .note{{color:#666;font-size:.9em}}
.mapbox{{display:flex;gap:1.5em;align-items:flex-start;margin:1em 0}} .beside{{max-width:260px;font-size:.92em}}
svg{{max-width:100%;height:auto}}
</style></head><body>
<h1>sitrep: conflict incidents</h1>
<p>{len(incidents)} incidents (each reported once however many outlets carried it) from {d['n_articles']} articles:
<b>{killed['best']:,} killed</b> by the best estimates, {killed['low']:,}–{killed['high']:,} from the lowest to the highest
source figures. Of the incidents, {undated} {_agree(undated, "has", "have")} no date, {placeless} {_agree(placeless, "is", "are")}
placed no closer than the country, and {no_figure} {_agree(no_figure, "gives", "give")} no figure of the killed — all counted
here. Generated
{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC from <code>{_esc(warehouse)}</code>. Figures are the incident's
low / best / high across sources (docs/figures.md).</p>
{"".join(sections)}
</body></html>
"""


def write_report(warehouse: str | Path, out: Path) -> Path:
    """The report, written whole or not at all (check `out` first: common/outputs.checked_output)."""
    from sitrep.common.outputs import whole_file

    page = build_report(warehouse)
    with whole_file(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return out
