"""Are two warehouses' extraction outputs identical, row for row? For refactors that must not
change what sitrep extracts.

    python bench/same_rows.py BEFORE AFTER [--tables events,casualty_claims,mentions,incidents,incident_events]

BEFORE and AFTER are warehouse directories (or folders of <table>.parquet files). Rows are
compared as sets of tuples over the columns both sides have, leaving out what names a run
(run_id, extractor_version); counts of rows only one side has are printed per table, with a
few examples. Exit status 1 when any table differs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

TABLES = ("events", "casualty_claims", "mentions", "incidents", "incident_events")
VOLATILE = {"run_id", "extractor_version"}


def relation(con: duckdb.DuckDBPyConnection, where: Path, table: str) -> str:
    if (where / f"{table}.parquet").exists():
        return f"read_parquet('{where / (table + '.parquet')}')"
    alias = "db_" + str(abs(hash(str(where))))
    attached = {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}
    if alias not in attached:
        con.execute(f"ATTACH '{where / 'sitrep.duckdb'}' AS {alias} (READ_ONLY)")
    return f"{alias}.{table}"


def compare(before: Path, after: Path, tables=TABLES) -> bool:
    con = duckdb.connect()
    same = True
    for table in tables:
        a, b = relation(con, before, table), relation(con, after, table)
        cols_a = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {a}").fetchall()]
        cols_b = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {b}").fetchall()}
        cols = ", ".join(f'"{c}"' for c in cols_a if c in cols_b and c not in VOLATILE)
        only_a = con.execute(f"SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b}").fetchall()
        only_b = con.execute(f"SELECT {cols} FROM {b} EXCEPT ALL SELECT {cols} FROM {a}").fetchall()
        n = con.execute(f"SELECT count(*) FROM {a}").fetchone()[0]
        status = "identical" if not only_a and not only_b else "DIFFERENT"
        print(f"{table:16} {n:>7} rows  {status}  (only before: {len(only_a)}, only after: {len(only_b)})")
        for row in (only_a[:3] + only_b[:3]):
            print("    ", str(row)[:300])
        same &= not only_a and not only_b
    return same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--tables", default=",".join(TABLES))
    args = ap.parse_args()
    sys.exit(0 if compare(args.before, args.after, args.tables.split(",")) else 1)


if __name__ == "__main__":
    main()
