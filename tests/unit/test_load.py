"""The warehouse's transaction handle: a load is all or nothing. A failure anywhere inside
it — an error, a full disk while writing Parquet — leaves the DuckDB file and the Parquet
copies exactly as they were, with nothing left behind."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pandas as pd
import pytest

from sitrep.tasks.validate import validate_strict
from sitrep.warehouse import Warehouse


def runs_row(run_id: str) -> pd.DataFrame:
    now = dt.datetime(2024, 1, 1)
    return validate_strict("runs", pd.DataFrame([{
        "run_id": run_id, "started_at": now, "finished_at": now, "source": "s", "inputs_seen": 0, "articles_loaded": 0,
        "articles_unchanged": 0, "articles_duplicate": 0, "inputs_quarantined": 0, "events": 0, "claims": 0,
        "extractor_version": "v", "full_refresh": False}]))


def state(wh) -> tuple:
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    runs = con.execute("select run_id from runs order by run_id").fetchall()
    con.close()
    parquet = sorted(p.relative_to(wh).as_posix() for p in (wh / "parquet").rglob("*.parquet"))
    return runs, parquet, sorted(p.name for p in wh.iterdir())


def test_a_committed_load_is_in_duckdb_and_parquet(tmp_path):
    with Warehouse(tmp_path).transaction() as tx:
        tx.append("runs", runs_row("r1"))
    assert tx.counts["runs"] == 1 and "runs" in tx.changed
    runs, parquet, _ = state(tmp_path)
    assert runs == [("r1",)] and "parquet/runs/runs.parquet" in parquet


@pytest.mark.parametrize("fault", ["error", "enospc-parquet", "enospc-load"])
def test_a_failed_load_leaves_the_previous_state_and_no_debris(tmp_path, monkeypatch, fault):
    with Warehouse(tmp_path).transaction() as tx:
        tx.append("runs", runs_row("r1"))
    before = state(tmp_path)
    if fault != "error":
        monkeypatch.setenv("SITREP_FAULT", fault)
    with pytest.raises((RuntimeError, OSError)):
        with Warehouse(tmp_path).transaction() as tx:
            tx.append("runs", runs_row("r2"))
            tx.delete_articles(["a" * 64])
            if fault == "error":
                raise RuntimeError("the derived tables could not be built")
    assert state(tmp_path) == before


def test_read_takes_lists_as_tables_and_replace_swaps_a_whole_table(tmp_path):
    with Warehouse(tmp_path).transaction() as tx:
        tx.append("runs", pd.concat([runs_row("r1"), runs_row("r2"), runs_row("r3")]))
        picked = tx.read("select run_id from runs where run_id in (select value from wanted) order by 1", wanted=["r1", "r3"])
        assert list(picked["run_id"]) == ["r1", "r3"]
        tx.replace("runs", runs_row("r9"))
        assert tx.count("runs") == 1
    assert state(tmp_path)[0] == [("r9",)]


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "link"])
def test_a_forged_publish_journal_moves_nothing_from_outside_the_warehouse(tmp_path, how):
    """Issue 27, item 5: the journal names the staged Parquet to finish publishing; one that
    names a folder elsewhere (by path, by '..', or by a link in the warehouse pointing out)
    is ignored, and that folder stays where it is, whole."""
    wh, victim = tmp_path / "wh", tmp_path / "victim" / ".parquet-staging-0badc0de"
    with Warehouse(wh).transaction() as tx:
        tx.append("runs", runs_row("r1"))
    (victim / "runs").mkdir(parents=True)
    (victim / "runs" / "precious.txt").write_text("not the warehouse's")
    staging = {"absolute": str(victim), "dot-dot": "../victim/.parquet-staging-0badc0de",
               "link": ".parquet-staging-1badc0de"}[how]
    if how == "link":
        (wh / staging).symlink_to(victim)
    (wh / ".publish-pending.json").write_text(json.dumps({"next_db": ".sitrep.duckdb.next-00000000", "staging": staging}))
    before = state(wh)
    with Warehouse(wh).transaction() as tx:
        assert tx.repaired == []
    assert (victim / "runs" / "precious.txt").read_text() == "not the warehouse's"
    assert state(wh)[:2] == before[:2]   # the runs table and its Parquet as they were
    assert not (wh / ".publish-pending.json").exists()


def test_a_journal_left_by_a_killed_publish_is_still_finished(tmp_path):
    """The journal's own use stands: staged tables in the warehouse's own staging folder,
    the DuckDB swap done, are swapped in by the next load."""
    wh = tmp_path / "wh"
    with Warehouse(wh).transaction() as tx:
        tx.append("runs", runs_row("r1"))
    staging = wh / ".parquet-staging-0000abcd"
    shutil.copytree(wh / "parquet" / "runs", staging / "runs")
    (staging / "runs" / "runs.parquet").rename(staging / "runs" / "fresh.parquet")
    (wh / ".publish-pending.json").write_text(json.dumps({"next_db": ".sitrep.duckdb.next-00000000",
                                                          "staging": staging.name}))
    with Warehouse(wh).transaction() as tx:
        assert tx.repaired == ["runs"]
    assert not staging.exists() and not (wh / ".publish-pending.json").exists()
