"""A warehouse's path is data (issue 27, item 1): whatever its folder is called — quotes,
glob characters, a '?', spaces, other scripts, or SQL written to break out of a string — a
load reads its own spool and writes its own Parquet, into a real DuckDB file, and nothing
else; its connection can reach no other file."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sitrep.tasks.run.spool import arrow_schema, spooled_tables, write_chunk
from sitrep.tasks.validate import validate_strict
from sitrep.warehouse import Warehouse

INJECTION = ("x/**/articles/part-*.parquet'); COPY (SELECT 'pwned' AS x) TO '{pwned}'; "
             "SELECT 1 FROM read_parquet('x")
NAMES = {
    "injection": INJECTION,
    "single-quote": "it's wh",
    "double-quote": 'the "wh"',
    "brackets": "wh[1]",
    "star": "wh*",
    "question-mark": "wh?",
    "spaces": "my warehouse  here",
    "non-ascii": "مستودع ü 東京",
    "all-at-once": "it's [a] \"b\" * ? é",
}


def runs_frame(run_id: str, source: str = "s") -> pd.DataFrame:
    now = dt.datetime(2024, 1, 1)
    return validate_strict("runs", pd.DataFrame([{
        "run_id": run_id, "started_at": now, "finished_at": now, "source": source, "inputs_seen": 0, "articles_loaded": 0,
        "articles_unchanged": 0, "articles_duplicate": 0, "inputs_quarantined": 0, "events": 0, "claims": 0,
        "extractor_version": "v", "full_refresh": False}]))


def load_spooled(wh, run_id: str, source: str = "s") -> Warehouse:
    """What a run's load does: its chunk's rows spooled under the warehouse, then loaded."""
    spool = wh / ".spool-run"
    write_chunk(spool, 1, {"runs": runs_frame(run_id, source)})
    store = Warehouse(wh)
    with store.transaction() as tx:
        for table, files in spooled_tables(spool).items():
            tx.append_parquet(table, files)
    return store


@pytest.mark.parametrize("name", list(NAMES), ids=list(NAMES))
def test_a_warehouse_under_any_name_loads_its_own_rows_and_nothing_else(tmp_path, name):
    pwned = tmp_path / "pwned.csv"
    wh = tmp_path / NAMES[name].format(pwned=pwned)
    # what the injection's first read_parquet('x/**/articles/part-*.parquet') finds, so that
    # pasted into the SQL it would go on to its COPY
    decoy = tmp_path / "x" / "decoy" / "articles" / "part-1.parquet"
    decoy.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist([], schema=arrow_schema("runs")), decoy)
    # a sibling a glob would also match (wh[1] → wh1, wh* and wh? → whx), with rows of its own
    for sibling in ("wh1", "whx"):
        write_chunk(tmp_path / sibling / ".spool-run", 1, {"runs": runs_frame("not-this-one")})
    try:
        store = load_spooled(wh, "r1")
        store = load_spooled(wh, "r2")   # a second load: the copy-on-write file replaces the first
    finally:
        assert not pwned.exists(), "the warehouse's path ran as SQL"
    with store.connect(read_only=True) as con:
        assert con.execute("select run_id from runs order by 1").fetchall() == [("r1",), ("r2",)]
    con = duckdb.connect()
    files = [str(p) for p in (wh / "parquet" / "runs").rglob("*.parquet")]
    assert con.execute("select run_id from read_parquet(?) order by 1", [files]).fetchall() == [("r1",), ("r2",)]
    assert sorted(p.name for p in wh.iterdir() if p.name.startswith(".sitrep.duckdb")) == []   # nothing staged left
    assert store.migrate() == []   # `sitrep migrate` writes there too


def test_the_loads_connection_reaches_no_file_outside_the_warehouse(tmp_path):
    wh, outside = tmp_path / "wh", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("a\n1\n")
    for sql in (f"COPY (SELECT 1) TO '{outside / 'x.csv'}'", f"SELECT * FROM read_csv('{outside / 'secret.csv'}')",
                f"SELECT * FROM read_csv('{wh}/../outside/secret.csv')", "SET enable_external_access = true",
                "SET allowed_directories = ['/']", f"ATTACH '{outside / 'other.duckdb'}' AS other"):
        with pytest.raises(duckdb.Error):
            with Warehouse(wh).transaction() as tx:
                tx.con.execute(sql)
    with Warehouse(wh).transaction() as tx:
        tx.append("runs", runs_frame("r1"))
    assert tx.counts["runs"] == 1
    assert sorted(p.name for p in outside.iterdir()) == ["secret.csv"]


def test_control_characters_are_stripped_from_every_stored_text(tmp_path):
    """An OSC 52 sequence (writes a terminal's clipboard), a bare ESC, C1 controls: stored
    without them, by either way into the warehouse (the spool and a frame)."""
    osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
    load_spooled(tmp_path, "spooled\x1b[2J", source=f"src{osc52}\x9b31m\x00")
    with Warehouse(tmp_path).transaction() as tx:
        tx.append("runs", runs_frame("framed\x07", source="line one\nline\ttwo\r\x7f"))
    with Warehouse(tmp_path).connect() as con:
        rows = con.execute("select run_id, source from runs order by 1").fetchall()
    assert rows == [("framed", "line one\nline\ttwo"), ("spooled[2J", "src]52;c;cm0gLXJmIH4=31m")]
