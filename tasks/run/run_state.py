"""What a run keeps beside the warehouse, not in it: its spool (the validated Parquet parts
its chunks write until the load) and the input ledger (what each input file yielded when
last read, so a rerun need not read files that have not changed). Both live in the
warehouse's local directory and are only ever a cache or a staging area: losing them costs
time, never data.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from prefect import task
from prefect.cache_policies import NO_CACHE

from sitrep.tasks.spec import RunSpec

LEDGER_FILE = "input-ledger.parquet"
LEDGER_COLUMNS = ("uri", "stamp", "record_uri", "article_id")
SPOOL_PREFIX = ".spool-"


def read_input_ledger(state_dir: str | Path) -> list[tuple[str, str, str, str]]:
    """(file uri, stamp, record uri, article_id) rows; none when there is no ledger or it is
    damaged (a damaged cache costs a full read, nothing more)."""
    path = Path(state_dir) / LEDGER_FILE
    if not path.exists():
        return []
    try:
        t = pq.read_table(path, columns=list(LEDGER_COLUMNS))
    except (OSError, ValueError, pa.ArrowException):
        return []
    return list(zip(*(t.column(c).to_pylist() for c in LEDGER_COLUMNS)))


@task(name="save-input-ledger", cache_policy=NO_CACHE)
def save_input_ledger(state_dir: str, rows: list[tuple[str, str, str, str]]) -> None:
    """Write the ledger atomically; a full disk here only costs the next run a full read."""
    path = Path(state_dir) / LEDGER_FILE
    tmp = Path(state_dir) / f".input-ledger.{os.getpid()}.tmp"
    columns = list(zip(*rows)) if rows else [[] for _ in LEDGER_COLUMNS]
    table = pa.table({c: pa.array(list(v), pa.string()) for c, v in zip(LEDGER_COLUMNS, columns)})
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


@task(name="remember-settled-inputs", cache_policy=NO_CACHE)
def remember_settled_inputs(run: RunSpec, version: str, inputs: list[str], ledger: list[tuple[str, str, str, str]],
                            table_rows: dict[str, int]) -> None:
    """What this run left settled, for the next run's "nothing changed" check (tasks/run/settled.py);
    only for a local warehouse and a local source, the only ones that check reads."""
    from sitrep.common.uris import is_url
    from sitrep.tasks.run import settled
    from sitrep.warehouse import Warehouse

    if is_url(run.warehouse) or is_url(run.source):
        return
    settled.remember(run.state_dir, run.source, version, inputs, ledger, Warehouse(run.warehouse).known_articles(),
                     table_rows, run.run_id)


@contextmanager
def run_spool(state_dir: str, run_id: str):
    """STATE_DIR/.spool-<run>: where a run's chunks leave their Parquet parts until the load;
    removed after the run, and spools of runs that died are removed before it (the caller
    holds the warehouse's writer lock)."""
    root = Path(state_dir)
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob(SPOOL_PREFIX + "*"):
        shutil.rmtree(old, ignore_errors=True)
    path = root / f"{SPOOL_PREFIX}{run_id}"
    path.mkdir()
    try:
        yield str(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)
