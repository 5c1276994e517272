"""Run the hand-written geoparser cases (cases.jsonl beside this file) through the pipeline and
score the primary event's place the way the project's scorer does: country exact, admin1 and
location after normalising (lower case, no accents or punctuation, no generic words).

Not a pytest test: a report.

    SITREP_CACHE_DIR=/tmp/gzc2 .venv/bin/python tests/unit/geo/run_cases.py [--show] [--style S] [--places]

--show    print every miss: the text's first 100 characters, what was got and what was wanted
--style   only the cases of this style (notes | summaries | us_news | syria)
--places  with --show, also print every place span the geoparser found in a missed case
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

CASES = Path(__file__).with_name("cases.jsonl")
STYLES = ("notes", "summaries", "us_news", "syria")
GENERIC = {"province", "state", "region", "oblast", "governorate", "district", "division", "county",
           "department", "territory", "of", "the"}


def norm(text) -> str:
    """Lower case, no accents, punctuation as spaces, generic words dropped."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFKD", str(text))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[`'’‘ʿʾ´ʻ]", "", t)
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return " ".join(w for w in t.split() if w not in GENERIC)


def load_cases(style: str | None) -> list[dict]:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for c in cases if style is None or c["style"] == style]


def run_case(nlp, case: dict) -> tuple[dict, object]:
    """What the pipeline makes of a case: the primary event's country, admin1 and location."""
    from sitrep.tasks.extract.rows import location_name

    doc = nlp.make_doc(case["text"])
    doc._.published_date = datetime.date.fromisoformat(case["published"])
    doc = nlp(doc)
    e = next((e for e in doc._.events if e.is_primary), None)
    p = e.place if e is not None else None
    got = {"event": e is not None, "country": None, "admin1": None, "location": None, "precision": None}
    if p is not None and p._.place is not None:
        got.update(country=p._.place.country_code, admin1=p._.place.admin1, location=location_name(p),
                   precision=p._.precision)
    return got, doc


def score(case: dict, got: dict) -> dict[str, bool | None]:
    country = got["country"] == case["country"]
    admin1 = norm(got["admin1"]) in {norm(a) for a in case["admin1"]} and country
    location = None
    if case.get("location"):
        location = norm(got["location"]) in {norm(a) for a in case["location"]} and country
    return {"country": country, "admin1": admin1, "location": location}


def describe_places(doc) -> list[str]:
    out = []
    for s in doc.spans.get("places", []):
        pl = s._.place
        out.append(f"      {s.text!r} -> {pl.name} / {pl.admin1} / {pl.country_code} kind={pl.kind} src={pl.source} "
                   f"pop={pl.population} prec={s._.precision} role={s._.place_role}")
    if doc._.dateline is not None:
        d = doc._.dateline._.place
        out.append(f"      dateline {doc._.dateline.text!r} -> {d.name} / {d.admin1} / {d.country_code}")
    out.append(f"      country={doc._.country} countries={doc._.countries} evidence={sorted(doc._.evidence_countries)}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--style", choices=STYLES, help="only this style's cases")
    ap.add_argument("--places", action="store_true", help="with --show: the place spans of each miss")
    args = ap.parse_args(argv)

    from sitrep.tasks.extract.pipeline import load_nlp

    nlp = load_nlp()
    cases = load_cases(args.style)
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    misses = []
    for n, case in enumerate(cases):
        got, doc = run_case(nlp, case)
        s = score(case, got)
        for field, ok in s.items():
            if ok is None:
                continue
            for key in (case["style"], "all"):
                totals[key][field][0] += int(ok)
                totals[key][field][1] += 1
        if not all(v is not False for v in s.values()):
            misses.append((n, case, got, s, describe_places(doc) if args.places else []))

    def cell(style, field):
        ok, total = totals[style][field]
        return f"{ok:>3}/{total:<3} {100 * ok / total:5.1f}%" if total else "      -       "

    print(f"{'style':<10} {'n':>4}  {'country':<15} {'admin1':<15} {'location':<15}")
    for style in [*(s for s in STYLES if s in totals), "all"]:
        n = totals[style]["country"][1]
        print(f"{style:<10} {n:>4}  {cell(style, 'country'):<15} {cell(style, 'admin1'):<15} {cell(style, 'location'):<15}")
    if args.show:
        print()
        for n, case, got, s, places in misses:
            wrong = ",".join(k for k, v in s.items() if v is False)
            head = case["text"][:100].replace("\n", " | ")
            print(f"[{case['style']} #{n}] miss: {wrong}  ({case.get('note', '')})")
            print(f"    text: {head}")
            print(f"    got:  {got['country']} / {got['admin1']} / {got['location']} (precision {got['precision']}, "
                  f"event {'yes' if got['event'] else 'none'})")
            print(f"    want: {case['country']} / {case['admin1']} / {case.get('location')}")
            for line in places:
                print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
