"""`sitrep report --out report.html`: one self-contained HTML file (inline CSS and SVG, no
script, no network at view time) with incidents and casualties over time, casualties by
actor and by governorate, a map of incidents on an outline of Syria's governorates, the
largest incidents with each source's figure and evidence sentence, and the disagreements.

The governorate outline is drawn from offline GeoNames data shipped in the installed
packages: each governorate is the convex hull of its towns (an approximation of its
territory, not a surveyed boundary).
"""
from __future__ import annotations

import datetime as dt
import html
import math
from pathlib import Path


TYPE_COLOURS = {
    "air_strike": "#d62728", "shelling": "#ff7f0e", "explosion": "#9467bd", "suicide_bombing": "#8c564b",
    "chemical_attack": "#2ca02c", "armed_clash": "#1f77b4", "ground_offensive": "#17becf", "attack": "#7f7f7f",
    "other": "#bcbd22",
}
LON0, LAT0, LON1, LAT1 = 35.5, 32.2, 42.5, 37.5   # Syria's bounding box
MAP_W = 640


def _esc(v) -> str:
    return html.escape("" if v is None else str(v))


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain)."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def governorate_outlines() -> dict[str, list[tuple[float, float]]]:
    """admin1 -> hull of (lon, lat) of every Syrian place the gazetteer knows in it."""
    from sitrep.common.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    points: dict[str, list[tuple[float, float]]] = {}
    for p in gaz.all_places():
        if p.country_code == "SY" and p.admin1 and p.kind != "country":
            points.setdefault(p.admin1, []).append((round(p.longitude, 3), round(p.latitude, 3)))
    return {a: _hull(pts) for a, pts in points.items() if len(pts) >= 3}


def _xy(lon: float, lat: float) -> tuple[float, float]:
    k = MAP_W / ((LON1 - LON0) * math.cos(math.radians(35)))
    return round((lon - LON0) * math.cos(math.radians(35)) * k, 1), round((LAT1 - lat) * k, 1)


def map_svg(incidents: list[dict]) -> str:
    _, h = _xy(LON1, LAT0)
    parts = [f'<svg class="map" viewBox="0 0 {MAP_W} {h:.0f}" role="img" aria-label="Incidents on Syria\'s governorates">']
    for admin1, hull in sorted(governorate_outlines().items()):
        pts = " ".join(f"{x},{y}" for x, y in (_xy(lon, lat) for lon, lat in hull))
        cx = sum(_xy(lo, la)[0] for lo, la in hull) / len(hull)
        cy = sum(_xy(lo, la)[1] for lo, la in hull) / len(hull)
        parts.append(f'<polygon class="gov" points="{pts}"><title>{_esc(admin1)}</title></polygon>')
        parts.append(f'<text class="govname" x="{cx:.0f}" y="{cy:.0f}">{_esc(admin1)}</text>')
    for i in incidents:
        if i["latitude"] is None or not (LAT0 <= i["latitude"] <= LAT1 and LON0 <= i["longitude"] <= LON1):
            continue
        x, y = _xy(i["longitude"], i["latitude"])
        r = min(22.0, 2.5 + 0.9 * math.sqrt(i["killed_best"] or 0))
        tip = f"{i['event_type']} in {i['location_name']} ({i['date_start'] or 'date unknown'}): killed {i['killed_best'] if i['killed_best'] is not None else '?'}; {i['n_outlets']} outlet(s)"
        parts.append(f'<circle cx="{x}" cy="{y}" r="{r:.1f}" fill="{TYPE_COLOURS.get(i["event_type"], "#333")}" '
                     f'fill-opacity="0.6" stroke="#222" stroke-width="0.5"><title>{_esc(tip)}</title></circle>')
    parts.append("</svg>")
    legend = " ".join(f'<span class="key"><i style="background:{c}"></i>{t.replace("_", " ")}</span>' for t, c in TYPE_COLOURS.items())
    return "".join(parts) + f'<p class="legend">{legend}. Circle area grows with the best estimate of killed.</p>'


def bars_svg(rows: list[tuple[str, float]], unit: str, width: int = 460) -> str:
    if not rows:
        return "<p>No data.</p>"
    top = max(v for _, v in rows) or 1
    bar_h, label_w = 20, 150
    parts = [f'<svg class="bars" viewBox="0 0 {width} {bar_h * len(rows) + 4}" role="img" aria-label="{_esc(unit)}">']
    for n, (label, v) in enumerate(rows):
        w = (width - label_w - 60) * v / top
        y = n * bar_h + 2
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{_esc(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 5}" fill="#b2182b"><title>{_esc(label)}: {v:g} {unit}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{v:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(months: list[tuple[dt.date, int, float]], width: int = 900, height: int = 220) -> str:
    if not months:
        return "<p>No dated incidents.</p>"
    pad_l, pad_b = 40, 30
    max_n = max(n for _, n, _ in months) or 1
    max_k = max(k for _, _, k in months) or 1
    step = (width - pad_l - 10) / len(months)
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" aria-label="Incidents and killed per month">']
    line = []
    for n, (month, count, killed) in enumerate(months):
        x = pad_l + n * step
        h = (height - pad_b - 10) * count / max_n
        parts.append(f'<rect x="{x:.1f}" y="{height - pad_b - h:.1f}" width="{max(step - 2, 1):.1f}" height="{h:.1f}" fill="#9ecae1">'
                     f'<title>{month:%Y-%m}: {count} incidents, {killed:g} killed (best)</title></rect>')
        line.append(f"{x + step / 2:.1f},{height - pad_b - (height - pad_b - 10) * killed / max_k:.1f}")
        if n % max(1, len(months) // 12) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 10}" class="tick">{month:%Y-%m}</text>')
    parts.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="#b2182b" stroke-width="2"/>')
    parts.append(f'<text x="4" y="14" class="tick">bars: incidents (max {max_n}) — line: killed, best estimate (max {max_k:g})</text>')
    parts.append("</svg>")
    return "".join(parts)


def _rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def build_report(warehouse: str | Path) -> str:
    """warehouse: a directory or URI, opened read-only through the warehouse's own API."""
    from sitrep.warehouse import Warehouse

    con = Warehouse(warehouse).connect(read_only=True)
    incidents = _rows(con, "SELECT * FROM incidents")
    months = [(r["month"], r["n"], float(r["killed"] or 0)) for r in _rows(con, """
        SELECT date_trunc('month', date_start)::DATE AS month, count(*) AS n, sum(killed_best) AS killed
        FROM incidents WHERE date_start IS NOT NULL GROUP BY 1 ORDER BY 1""")]
    by_actor = [(r["actor"], float(r["killed"])) for r in _rows(con, """
        SELECT coalesce(actor1, 'unknown') AS actor, sum(killed_best) AS killed FROM incidents
        WHERE killed_best IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 12""")]
    by_gov = [(r["admin1"], float(r["killed"])) for r in _rows(con, """
        SELECT admin1, sum(killed_best) AS killed FROM incidents
        WHERE admin1 IS NOT NULL AND killed_best IS NOT NULL GROUP BY 1 ORDER BY 2 DESC""")]
    largest = _rows(con, """
        SELECT * FROM incidents WHERE killed_best IS NOT NULL ORDER BY killed_best DESC, incident_id LIMIT 15""")
    sources = _rows(con, """
        SELECT ie.incident_id, c.outcome, coalesce(c.claimed_by, 'unattributed') AS claimed_by, c.count_low,
               c.qualifier, c.victim_group, coalesce(a.outlet, '') AS outlet, c.evidence
        FROM casualty_claims c JOIN incident_events ie USING (event_id) JOIN articles a ON a.article_id = c.article_id
        WHERE NOT c.is_subtotal ORDER BY ie.incident_id, c.outcome, c.count_low""")
    disagreements = _rows(con, "SELECT * FROM disagreements")
    totals = con.execute("SELECT count(*), sum(n_articles), sum(killed_best) FROM incidents").fetchone()
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()

    by_incident: dict[str, list[dict]] = {}
    for s in sources:
        by_incident.setdefault(s["incident_id"], []).append(s)
    largest_html = []
    for i in largest:
        figs = "".join(f"<li><b>{_esc(s['count_low'])}</b> {_esc(s['outcome'])} ({_esc(s['qualifier'].replace('_', ' '))}, "
                       f"{_esc(s['victim_group'])}) — {_esc(s['claimed_by'])}{' via ' + _esc(s['outlet']) if s['outlet'] else ''}"
                       f"<br><q>{_esc(s['evidence'])}</q></li>" for s in by_incident.get(i["incident_id"], []))
        largest_html.append(
            f"<tr><td>{_esc(i['date_start'])}</td><td>{_esc(i['event_type'].replace('_', ' '))}</td>"
            f"<td>{_esc(i['location_name'])} ({_esc(i['admin1'])})</td><td>{_esc(i['actor1'])}</td>"
            f"<td class=num>{_esc(i['killed_low'])} / <b>{_esc(i['killed_best'])}</b> / {_esc(i['killed_high'])}</td>"
            f"<td class=num>{_esc(i['n_outlets'])}</td><td><ul>{figs}</ul></td></tr>")
    dis_html = "".join(
        f"<tr><td>{_esc(d['date_start'])}</td><td>{_esc(d['location_name'])}</td><td>{_esc(d['outcome'])}</td>"
        f"<td>{_esc(d['claimed_by'])}</td><td class=num>{_esc(d['count_low'])}</td><td>{_esc(d['qualifier'])}</td>"
        f"<td>{_esc(d['outlets'])}</td></tr>" for d in disagreements)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep report</title>
<style>
body{{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222;padding:0 1em}}
h1{{font-size:1.6em}} h2{{margin-top:2em;border-bottom:1px solid #ddd}}
table{{border-collapse:collapse;width:100%}} td,th{{border-bottom:1px solid #eee;padding:4px 6px;vertical-align:top;text-align:left}}
td.num{{text-align:right;white-space:nowrap}} ul{{margin:0;padding-left:1.1em}} q{{color:#555;font-size:.92em}}
svg{{width:100%;height:auto}} svg text{{font-size:11px;fill:#333}} .tick{{font-size:10px}}
.gov{{fill:#f2efe9;stroke:#998;stroke-width:.8}} .govname{{font-size:9px;fill:#776;text-anchor:middle}}
.grid{{display:grid;grid-template-columns:1fr 1fr;gap:2em}} .legend{{font-size:12px}}
.key i{{display:inline-block;width:10px;height:10px;border-radius:50%;margin:0 3px 0 8px}}
</style></head><body>
<h1>sitrep: conflict incidents</h1>
<p>{totals[0]} incidents from {n_articles} articles; {int(totals[2] or 0)} killed by the best estimates.
Generated {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC from <code>{_esc(warehouse)}</code>. Figures are the
incident's low / best / high across sources (docs/figures.md).</p>
<h2 id="time">Incidents and casualties over time</h2>{timeline_svg(months)}
<div class="grid"><div><h2 id="actors">Killed by actor</h2>{bars_svg(by_actor, "killed")}</div>
<div><h2 id="governorates">Killed by governorate</h2>{bars_svg(by_gov, "killed")}</div></div>
<h2 id="map">Map of incidents</h2>{map_svg(incidents)}
<p class="legend">Governorates drawn as the convex hulls of their towns in the offline GeoNames data (an outline, not surveyed boundaries).</p>
<h2 id="largest">Largest incidents, with each source's figure</h2>
<table><tr><th>date</th><th>type</th><th>where</th><th>by</th><th>killed low / best / high</th><th>outlets</th><th>what each source said</th></tr>
{''.join(largest_html)}</table>
<h2 id="disagreements">Disagreements</h2>
<table><tr><th>date</th><th>where</th><th>outcome</th><th>source</th><th>figure</th><th>qualifier</th><th>outlets</th></tr>{dis_html}</table>
</body></html>
"""


def write_report(warehouse: str | Path, out: Path) -> Path:
    out.write_text(build_report(warehouse), encoding="utf-8")
    return out
