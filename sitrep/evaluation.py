"""`sitrep eval`: the metrics of ../shared/eval/score.py, computed the same way, plus every
miss with what sitrep produced instead, for error analysis.

Gold articles are matched to warehouse articles by the file name at the end of
article_sources.source_uri (and articles.source_uri), as the shared scorer does.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path, PurePosixPath


METRICS = ["published", "governorate", "date_exact", "date_pm1", "event_type", "actor1", "actor2", "other_events",
           "claims_p", "claims_r", "claims_f1", "attribution", "victim_group", "country", "city", "killed", "injured"]


def norm(text) -> str:
    if text is None:
        return ""
    t = unicodedata.normalize("NFKD", str(text))
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = re.sub(r"[‘’`'ʿʾ]", " ", t.lower())
    t = re.sub(r"\bgovernorate\b|\bprovince\b|\bmuhafazat\b", " ", t)
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def governorate(name) -> str | None:
    """Contract spelling of a governorate name, via the gazetteer's governorate aliases."""
    if not name:
        return None
    from sitrep.common.gazetteer import load_gazetteer

    g = load_gazetteer()
    admin1 = g.is_governorate_name(str(name).replace("province", "").strip())
    return admin1 or norm(name) or None


def names_match(predicted, accepted) -> bool:
    p = norm(predicted)
    if not p:
        return False
    for a in accepted:
        a = norm(a)
        if a and (a == p or re.search(rf"\b{re.escape(a)}\b", p) or re.search(rf"\b{re.escape(p)}\b", a)):
            return True
    return False


def as_list(v) -> list:
    return [] if v is None else (v if isinstance(v, list) else [v])


def to_date(v):
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _file_name(uri: str) -> str:
    return PurePosixPath(re.sub(r"[?#].*$", "", str(uri).replace("\\", "/"))).name


MAX_GOLD_BYTES = 64 * 2**20   # a gold file of hand-coded articles is a few megabytes at most


class GoldError(ValueError):
    """A gold file that cannot be scored against: the message says why, in one line."""


def read_gold(path: Path) -> dict:
    """A gold file's JSON, checked before it is read: a regular file (not a FIFO, which would
    hang, nor a device like /dev/zero, which never ends) of bounded size, JSON, with a list of
    articles each naming its file."""
    import os
    import stat

    try:
        st = os.stat(path)
    except OSError as exc:
        raise GoldError(f"--gold {path}: {exc.strerror.lower()}") from None
    if not stat.S_ISREG(st.st_mode):
        raise GoldError(f"--gold {path}: not a regular file")
    if st.st_size > MAX_GOLD_BYTES:
        raise GoldError(f"--gold {path}: {st.st_size:,} bytes is larger than any gold file ({MAX_GOLD_BYTES:,} at most)")
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"--gold {path}: not a JSON gold file ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if not (isinstance(gold, dict) and isinstance(gold.get("articles"), list)
            and all(isinstance(a, dict) and isinstance(a.get("file"), str) for a in gold["articles"])):
        raise GoldError(f"--gold {path}: not a gold file (an object with 'articles', each with its 'file')")
    return gold


def evaluate(gold_path: Path, warehouse: str | Path) -> dict:
    """warehouse: a directory or URI, opened read-only through the warehouse's own API."""
    from sitrep.warehouse import Warehouse

    gold = read_gold(gold_path)
    con = Warehouse(warehouse).connect(read_only=True)

    def rows(sql):
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    articles = rows("select article_id, source_uri from article_sources union select article_id, source_uri from articles")
    published = {r["article_id"]: r["published_date"] for r in rows("select article_id, published_date from articles")}
    events = rows("select * from events")
    claims = rows("select * from casualty_claims")
    con.close()

    by_file: dict[str, list[str]] = {}
    for a in articles:
        by_file.setdefault(_file_name(a["source_uri"]), []).append(a["article_id"])
    events_of: dict[str, list[dict]] = {}
    for e in events:
        events_of.setdefault(e["article_id"], []).append(e)
    claims_of: dict[str, list[dict]] = {}
    for c in claims:
        claims_of.setdefault(c["article_id"], []).append(c)

    tally = {k: [0, 0] for k in METRICS if not k.startswith("claims")}
    misses: list[str] = []
    tp = n_pred = n_gold = 0
    missing = []

    def hit(key, ok, detail):
        tally[key][0] += int(ok)
        tally[key][1] += 1
        if not ok:
            misses.append(f"{key}: {detail}")

    if gold["articles"] and not any(g["file"] in by_file for g in gold["articles"]):
        raise GoldError(f"none of the {len(gold['articles'])} articles of {gold_path} is in the warehouse at {warehouse}: "
                        f"score a warehouse built from the gold's own articles (--gold names the gold file)")
    for g in gold["articles"]:
        ids = list(dict.fromkeys(by_file.get(g["file"], [])))
        name = g["file"]
        if not ids:
            missing.append(name)
        evs = [e for i in ids for e in events_of.get(i, [])]
        primary = next((e for e in evs if e.get("is_primary")), None) or {}
        gp = g.get("primary") or {}
        ev_desc = f"[primary: {primary.get('event_type')} {primary.get('location_name')} ({primary.get('admin1')}) {primary.get('event_date')} '{(primary.get('evidence') or '')[:90]}']"
        if g.get("published_date"):
            want = to_date(g["published_date"])
            got = next((to_date(published.get(i)) for i in ids if published.get(i)), None)
            hit("published", got == want, f"{name} got {got} want {want}")
        if gp.get("governorate") is not None:
            accepted = {governorate(x) for x in as_list(gp["governorate"])}
            got = governorate(primary.get("admin1"))
            hit("governorate", got in accepted, f"{name} got {got!r} want {sorted(a for a in accepted if a)} {ev_desc}")
        if gp.get("country_code"):
            hit("country", primary.get("country_code") == gp["country_code"], f"{name} got {primary.get('country_code')!r} want {gp['country_code']!r} {ev_desc}")
        if gp.get("location"):
            got_city = norm(primary.get("location_name"))
            hit("city", bool(got_city) and got_city in {norm(x) for x in as_list(gp["location"])}, f"{name} got {primary.get('location_name')!r} want {as_list(gp['location'])} {ev_desc}")
        for outcome in ("killed", "injured"):
            if gp.get(outcome) is not None:
                got_n = primary.get(f"{outcome}_best")
                hit(outcome, got_n == gp[outcome], f"{name} {outcome} got {got_n} want {gp[outcome]} {ev_desc}")
        if gp.get("event_date"):
            want = to_date(gp["event_date"])
            got = to_date(primary.get("event_date"))
            hit("date_exact", got == want, f"{name} got {got} ({primary.get('date_precision')}) want {want} {ev_desc}")
            tally["date_pm1"][0] += int(got is not None and abs((got - want).days) <= 1)
            tally["date_pm1"][1] += 1
        if gp.get("event_type"):
            hit("event_type", primary.get("event_type") == gp["event_type"], f"{name} got {primary.get('event_type')!r} want {gp['event_type']!r} {ev_desc}")
        for role in ("actor1", "actor2"):
            if gp.get(role):
                hit(role, names_match(primary.get(role), as_list(gp[role])), f"{name} got {primary.get(role)!r} want {as_list(gp[role])[:2]} {ev_desc}")
        for other in g.get("other_events", []):
            want = governorate(other["governorate"])
            found = any(governorate(e.get("admin1")) == want for e in evs if e is not primary)
            hit("other_events", found, f"{name} no secondary event in {want}; have {[e.get('admin1') for e in evs if e is not primary]}")
        if "claims" in g:
            pred = [c for i in ids for c in claims_of.get(i, [])]
            n_pred += len(pred)
            n_gold += len(g["claims"])
            free = list(pred)
            for gc in g["claims"]:
                cands = [c for c in free if c["outcome"] == gc["outcome"] and c["count_low"] == gc["count_low"]]
                if not cands:
                    misses.append(f"claim missed: {name} {gc['outcome']} {gc['count_low']} {gc.get('victim_group')}")
                    continue
                best = next((c for c in cands if c.get("victim_group") == gc.get("victim_group")), cands[0])
                free.remove(best)
                tp += 1
                if gc.get("victim_group"):
                    hit("victim_group", best.get("victim_group") == gc["victim_group"], f"{name} {gc['count_low']} got {best.get('victim_group')!r} want {gc['victim_group']!r} in '{best['evidence'][:120]}'")
                if gc.get("claimed_by"):
                    hit("attribution", names_match(best.get("claimed_by"), as_list(gc["claimed_by"])), f"{name} {gc['count_low']} got {best.get('claimed_by')!r} want {as_list(gc['claimed_by'])[0]!r} in '{best['evidence'][:120]}'")
            for c in free:
                misses.append(f"claim spurious: {name} {c['outcome']} {c['count_low']} {c.get('victim_group')} in '{c['evidence'][:140]}'")

    result = {k: (round(v[0] / v[1], 3) if v[1] else None) for k, v in tally.items()}
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else None
    result["claims_p"] = round(p, 3) if (n_gold or n_pred) else None
    result["claims_r"] = round(r, 3) if r is not None else None
    result["claims_f1"] = round(2 * p * r / (p + r), 3) if r and p else (0.0 if n_gold else None)
    result["n"] = {k: v[1] for k, v in tally.items()} | {"claims_gold": n_gold, "claims_pred": n_pred}
    result["articles_missing"] = missing
    result["articles_gold"] = len(gold["articles"])
    result["misses"] = misses
    return result


def format_report(result: dict, show: int = 40) -> str:
    lines = [f"  {m}" for m in result["misses"][:show]]
    if len(result["misses"]) > show:
        lines.append(f"  ... {len(result['misses']) - show} more")
    lines.append(f"articles missing from warehouse: {len(result['articles_missing'])} of {result['articles_gold']}")
    lines.append("score: " + " ".join(f"{k}={result[k]}" for k in METRICS if result.get(k) is not None))
    return "\n".join(lines)


def evaluate_labels(labels_csv: Path, warehouse: str | Path) -> dict:
    """Governorate accuracy against a labels.csv (file, …, governorate) such as the FA-KES
    development set's: the primary event's admin1 must be one of the labelled governorates
    ('Damascus or Rif Dimashq' accepts either)."""
    import csv

    from sitrep.warehouse import Warehouse

    con = Warehouse(warehouse).connect(read_only=True)
    rows = con.execute(
        "select s.source_uri, e.admin1, e.location_name, e.event_type, e.evidence, a.published_date "
        "from article_sources s join articles a using (article_id) "
        "left join events e on e.article_id = s.article_id and e.is_primary"
    ).fetchall()
    con.close()
    by_file = {_file_name(r[0]): r for r in rows}
    ok = n = 0
    misses = []
    with open(labels_csv, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            want = {governorate(g.strip()) for g in row["governorate"].split(" or ")}
            got = by_file.get(row["file"])
            n += 1
            admin1 = governorate(got[1]) if got else None
            if admin1 in want:
                ok += 1
            else:
                misses.append(f"{row['file']} got {admin1!r} ({got[2] if got else None}, {got[3] if got else None}) want {sorted(want)}: {(got[4] or '')[:100] if got else 'not loaded'}")
    return {"governorate": round(ok / n, 3) if n else None, "n": n, "misses": misses}
