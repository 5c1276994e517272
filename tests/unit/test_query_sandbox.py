"""`sitrep query` runs an analyst's SQL on a connection that can read the warehouse and
nothing else, and write nothing at all (issue 18, item 1): each attack is its input."""
from __future__ import annotations

import duckdb
import pytest

from sitrep.warehouse import Warehouse


@pytest.fixture
def warehouse(tmp_path):
    wh = tmp_path / "wh"
    wh.mkdir()
    with duckdb.connect(str(wh / "sitrep.duckdb")) as con:
        con.execute("CREATE TABLE events AS SELECT 1 AS n")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    return wh, tmp_path


ATTACKS = [
    "COPY (SELECT 'x') TO '{wh}/sitrep.duckdb' (FORMAT csv)",   # would destroy the warehouse
    "COPY (SELECT 1) TO '{tmp}/out.csv'",
    "EXPORT DATABASE '{tmp}/dump'",
    "ATTACH '{tmp}/rw.duckdb' (READ_WRITE)",
    "SELECT * FROM read_text('{tmp}/secret.txt')",
    "SELECT * FROM read_csv('{tmp}/secret.txt')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "CREATE TABLE x AS SELECT 1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_sql_can_neither_read_beyond_the_warehouse_nor_write(warehouse, attack):
    wh, tmp = warehouse
    before = sorted(p.name for p in tmp.rglob("*"))
    size = (wh / "sitrep.duckdb").stat().st_size
    with pytest.raises(duckdb.Error):
        Warehouse(str(wh)).query(attack.format(wh=wh, tmp=tmp))
    assert sorted(p.name for p in tmp.rglob("*")) == before
    assert (wh / "sitrep.duckdb").stat().st_size == size
    assert Warehouse(str(wh)).query("SELECT n FROM events") == (["n"], [(1,)])
