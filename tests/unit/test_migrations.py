"""Schema evolution: a warehouse written by the first release (schema v1, frozen in
warehouse/sql/schema_v1.sql) opens in this sitrep by migration; a newer one is refused."""
from pathlib import Path

import duckdb
import pytest

import sitrep.warehouse
from sitrep.schemas import SCHEMA_VERSION, TABLES
from sitrep.warehouse import Warehouse, WarehouseTooNew
from sitrep.warehouse.migrations import schema_version

V1 = Path(sitrep.warehouse.__file__).with_name("sql") / "schema_v1.sql"


def make_v1(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path / "sitrep.duckdb"))
    con.execute(V1.read_text())
    con.execute("INSERT INTO articles VALUES ('a' || repeat('0', 63), 'x/1.txt', 'T', NULL, NULL, NULL, NULL, 'none', 'txt', 'utf-8', 4, 'text', 'v0', 'r0')")
    con.close()


def test_v1_warehouse_is_migrated_on_load_keeping_its_rows(tmp_path):
    make_v1(tmp_path)
    store = Warehouse(tmp_path)
    assert store.check_schema() == 1
    with store.transaction() as tx:
        pass
    assert tx.migrated == list(range(1, SCHEMA_VERSION))
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    assert schema_version(con) == SCHEMA_VERSION
    cols = {c for (c,) in con.execute("select column_name from information_schema.columns where table_name = 'events'").fetchall()}
    assert set(TABLES["events"].to_schema().columns) <= cols
    tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
    assert set(TABLES) <= tables
    assert con.execute("select count(*) from articles").fetchone()[0] == 1
    con.close()


def test_explicit_migrate_is_idempotent(tmp_path):
    make_v1(tmp_path)
    store = Warehouse(tmp_path)
    assert store.migrate() == list(range(1, SCHEMA_VERSION))
    assert store.migrate() == []


def test_newer_warehouse_is_refused_with_what_to_do(tmp_path):
    make_v1(tmp_path)
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"))
    con.execute("update sitrep_meta set value = '99'")
    con.close()
    with pytest.raises(WarehouseTooNew, match="upgrade sitrep"):
        Warehouse(tmp_path).check_schema()
    with pytest.raises(WarehouseTooNew):
        with Warehouse(tmp_path).transaction():
            pass


def test_v5_warehouse_gains_the_second_level_division(tmp_path):
    """v6 adds events.admin2 and incidents.admin2 (geo_precision 'admin2'); rows loaded before
    keep NULL there."""
    from sitrep.warehouse.ddl import all_ddl

    make_v1(tmp_path)
    store = Warehouse(tmp_path)
    store.migrate()
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"))
    for stmt in all_ddl():   # every table of a loaded warehouse, incidents included
        con.execute(stmt)
    for table in ("events", "incidents"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN admin2")
    con.execute("UPDATE sitrep_meta SET value = '5' WHERE key = 'schema_version'")
    con.close()
    assert store.migrate() == [5, 6, 7, 8]
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    for table in ("events", "incidents"):
        cols = {c for (c,) in con.execute(f"select column_name from information_schema.columns where table_name = '{table}'").fetchall()}
        assert "admin2" in cols
    con.close()


def test_v6_warehouse_gains_which_figures_add_up(tmp_path):
    """v7 adds casualty_claims.adds_to_previous; rows loaded before read false there."""
    from sitrep.warehouse.ddl import all_ddl

    make_v1(tmp_path)
    store = Warehouse(tmp_path)
    store.migrate()
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt)
    con.execute("ALTER TABLE casualty_claims DROP COLUMN adds_to_previous")
    con.execute("INSERT INTO casualty_claims (claim_id, article_id, outcome, count_low, qualifier, victim_group, "
                "source_type, is_subtotal, evidence, start_char, end_char) "
                "VALUES ('c1', 'a', 'killed', 3, 'exact', 'people', 'unknown', false, 'e', 0, 1)")
    con.execute("UPDATE sitrep_meta SET value = '6' WHERE key = 'schema_version'")
    con.close()
    assert store.migrate() == [6, 7, 8]
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    assert con.execute("SELECT adds_to_previous FROM casualty_claims").fetchall() == [(False,)]
    con.close()


def test_v7_warehouse_keeps_no_made_up_days(tmp_path):
    """v8: a month or a year is a span (date_start, date_end), event_date NULL; a day stays."""
    from sitrep.warehouse.ddl import all_ddl

    make_v1(tmp_path)
    store = Warehouse(tmp_path)
    store.migrate()
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt)
    con.execute("ALTER TABLE events DROP COLUMN date_start")
    con.execute("ALTER TABLE events DROP COLUMN date_end")
    for eid, day, precision in (("e1", "2015-11-01", "month"), ("e2", "2015-01-01", "year"), ("e3", "2015-11-12", "day")):
        con.execute("INSERT INTO events (event_id, article_id, is_primary, event_type, event_date, date_precision, "
                    "geo_precision, evidence, n_claims, n_sources) VALUES (?, 'a', true, 'attack', ?, ?, 'unknown', 'e', 0, 0)",
                    [eid, day, precision])
    con.execute("UPDATE sitrep_meta SET value = '7' WHERE key = 'schema_version'")
    con.close()
    assert store.migrate() == [7, 8]
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    rows = con.execute("SELECT event_id, event_date::VARCHAR, date_start::VARCHAR, date_end::VARCHAR FROM events ORDER BY 1").fetchall()
    con.close()
    assert rows == [("e1", None, "2015-11-01", "2015-11-30"), ("e2", None, "2015-01-01", "2015-12-31"),
                    ("e3", "2015-11-12", "2015-11-12", "2015-11-12")]


def test_v8_warehouse_incidents_gain_country_and_precisions(tmp_path):
    """v9: incidents say their country and how precisely they are placed and dated (the
    columns added by the migration; filled by the rebuild every load ends with)."""
    from sitrep.warehouse.ddl import all_ddl

    make_v1(tmp_path)
    store = Warehouse(tmp_path)
    store.migrate()
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt)
    for column in ("country_code", "geo_precision", "date_precision"):
        con.execute(f"ALTER TABLE incidents DROP COLUMN {column}")
    con.execute("UPDATE sitrep_meta SET value = '8' WHERE key = 'schema_version'")
    con.close()
    assert store.migrate() == [8]
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    names = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'incidents'").fetchall()}
    con.close()
    assert {"country_code", "geo_precision", "date_precision"} <= names


def test_migrate_while_an_analyst_reads_the_warehouse(tmp_path):
    """issue 32 item 7: `sitrep migrate` opened the live file for writing, so a query open in
    another process made it fail with DuckDB's lock traceback. It writes a copy now, like a
    load: the reader keeps its state and the migration lands."""
    import subprocess
    import sys

    make_v1(tmp_path)
    reader = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(tmp_path / 'sitrep.duckdb')!r}, read_only=True)\n"
                               "print('open', flush=True)\ntime.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        sitrep = str(Path(sys.executable).with_name("sitrep"))
        proc = subprocess.run([sitrep, "migrate", "--warehouse", str(tmp_path)], capture_output=True, text=True, timeout=120)
    finally:
        reader.kill()
        reader.wait()
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    assert schema_version(con) == SCHEMA_VERSION
    table = [c for (c,) in con.execute("select column_name from information_schema.columns where table_name = 'articles' "
                                         "order by ordinal_position").fetchall()]
    [copy] = (tmp_path / "parquet" / "articles").rglob("*.parquet")
    copied = [c for (c,) in con.execute("select name from parquet_schema(?) where name <> 'duckdb_schema'", [str(copy)]).fetchall()]
    con.close()
    assert set(table) - {"pub_year", "pub_month"} <= set(copied), "the Parquet copy has the new schema's columns"
