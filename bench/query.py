"""Analyst queries at scale: a warehouse with the real DDL and views, filled with N synthetic
events (default 1,000,000) and their incidents, claims and articles straight through DuckDB
(running spaCy over the ~1M articles this would take is what bench/run.py measures per
article), then the casualties-by-governorate-and-month view timed cold (first query of a new
connection) and warm (median of 5), from the DuckDB file and from the Parquet export.

    python bench/query.py --events 1000000
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOVERNORATES = ["Aleppo", "Idlib", "Hama", "Homs", "Damascus", "Rif Dimashq", "Daraa", "As-Suwayda", "Quneitra",
                "Latakia", "Tartus", "Raqqa", "Deir ez-Zor", "Hasakah"]
VIEW = "SELECT * FROM casualties_by_governorate_month ORDER BY country_code, admin1, month"
PARQUET_VIEW = """SELECT country_code, admin1,
    CASE WHEN date_precision IN ('day', 'week', 'month', 'year') THEN year(date_start) END::INTEGER AS year,
    CASE WHEN date_precision IN ('day', 'week', 'month') THEN date_trunc('month', date_start)::DATE END AS month,
    count(*) AS incidents, sum(killed_low) AS killed_low, sum(killed_best) AS killed_best,
    sum(killed_high) AS killed_high, sum(injured_best) AS injured_best
FROM read_parquet('{dir}/incidents/**/*.parquet', hive_partitioning = true)
GROUP BY ALL ORDER BY country_code, admin1, month"""


def fill(db: Path, n_events: int) -> None:
    import duckdb

    from sitrep.warehouse.ddl import all_ddl
    from sitrep.warehouse.store import VIEWS_SQL

    con = duckdb.connect(str(db))
    for stmt in all_ddl():
        con.execute(stmt)
    govs = "[" + ", ".join(f"'{g}'" for g in GOVERNORATES) + "]"
    n_articles = max(1, n_events * 2 // 3)
    con.execute(f"""INSERT INTO articles SELECT
        printf('%064x', i), 'synthetic/' || i || '.txt', 'Report ' || i, 'Outlet ' || (i % 15),
        DATE '2012-01-01' + CAST(i % 3650 AS INTEGER), NULL, NULL, 'date_line', 'txt', 'utf-8', 1800,
        'synthetic text ' || i, 'bench', 'bench' FROM range({n_articles}) t(i)""")
    con.execute(f"""INSERT INTO events (event_id, article_id, is_primary, event_type, event_date, date_precision,
        actor1, admin1, country_code, geo_precision, evidence, n_claims, n_sources, killed_low, killed_best,
        killed_high, injured_low, injured_best, injured_high, confidence) SELECT
        printf('%016x-e%03d', i % {n_articles}, i // {n_articles}), printf('%064x', i % {n_articles}), i < {n_articles},
        ['air_strike', 'shelling', 'attack', 'bombing'][1 + i % 4], DATE '2012-01-01' + CAST(hash(i) % 3650 AS INTEGER),
        'day', ['Russia', 'Syrian government', 'Islamic State', NULL][1 + i % 4], {govs}[1 + CAST(hash(i * 7) % 14 AS BIGINT)],
        'SY', 'place', 'evidence ' || i, 2, 2, CAST(hash(i) % 20 AS INTEGER), CAST(hash(i) % 30 AS INTEGER), CAST(hash(i) % 40 AS INTEGER), 0, CAST(hash(i) % 10 AS INTEGER), CAST(hash(i) % 15 AS INTEGER),
        0.7 FROM range({n_events}) t(i)""")
    # one incident per event for the worst case (no two reports merged)
    con.execute("""INSERT INTO incidents BY NAME SELECT 'inc-' || event_id AS incident_id, event_type,
        event_date AS date_start, event_date AS date_end, date_precision, country_code, geo_precision,
        location_name, admin1, admin2, latitude, longitude, actor1,
        actor2, 1 AS n_articles, 1 AS n_outlets, event_date AS first_reported, killed_low, killed_best, killed_high,
        injured_low, injured_best, injured_high FROM events""")   # by name: columns added later keep it working
    con.execute(VIEWS_SQL)
    con.execute("CHECKPOINT")
    con.close()


def timed(connect, sql: str, repeat: int = 5) -> tuple[float, float, int]:
    """(cold ms, warm median ms, rows)."""
    con = connect()
    t = time.perf_counter()
    rows = len(con.execute(sql).fetchall())
    cold = (time.perf_counter() - t) * 1000
    warm = []
    for _ in range(repeat):
        t = time.perf_counter()
        con.execute(sql).fetchall()
        warm.append((time.perf_counter() - t) * 1000)
    con.close()
    return cold, statistics.median(warm), rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    args = ap.parse_args()
    import duckdb

    with tempfile.TemporaryDirectory(prefix="sitrep-query-bench-") as tmp:
        db = Path(tmp) / "sitrep.duckdb"
        t = time.perf_counter()
        fill(db, args.events)
        built = time.perf_counter() - t
        parquet = Path(tmp) / "parquet"
        parquet.mkdir()
        con = duckdb.connect(str(db))
        con.execute(f"""COPY (SELECT *, CAST(year(first_reported) AS VARCHAR) AS pub_year,
            CAST(month(first_reported) AS VARCHAR) AS pub_month FROM incidents) TO '{parquet / 'incidents'}'
            (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (pub_year, pub_month))""")
        n_events, n_incidents = con.execute("select (select count(*) from events), (select count(*) from incidents)").fetchone()
        con.close()
        db_cold, db_warm, rows = timed(lambda: duckdb.connect(str(db), read_only=True), VIEW)
        pq_cold, pq_warm, _ = timed(duckdb.connect, PARQUET_VIEW.format(dir=parquet))
    print(f"casualties by governorate and month over {n_events:,} events / {n_incidents:,} incidents "
          f"(built in {built:.1f} s), {rows} result rows:")
    print(f"  DuckDB file   cold {db_cold:7.1f} ms   warm {db_warm:7.1f} ms")
    print(f"  Parquet       cold {pq_cold:7.1f} ms   warm {pq_warm:7.1f} ms")


if __name__ == "__main__":
    main()
