"""A run whose Prefect API went away after its load: the summary read back from the
warehouse it loaded, so the command reports what it did instead of failing for the API."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from sitrep.schemas import TABLES
from sitrep.tasks.run.run_record import summary
from sitrep.warehouse import Warehouse


def loaded_run_summary(warehouse: str, source: str, since: dt.datetime, elapsed_s: float) -> dict | None:
    """The summary of the run from `source` that started at or after `since` (UTC) and
    committed its load, from its runs and quarantine rows; None when no such run committed.
    One run holds a warehouse at a time, so it is this command's."""
    store = Warehouse(warehouse)
    if not store.exists():
        return None
    cols, rows = store.query(f"SELECT * FROM runs WHERE started_at >= TIMESTAMP '{since:%Y-%m-%d %H:%M:%S}' "
                             "ORDER BY started_at DESC LIMIT 1")
    runs = pd.DataFrame(rows, columns=cols)
    if runs.empty or runs.iloc[0]["source"] != source:
        return None
    run_id = str(runs.iloc[0]["run_id"]).replace("'", "''")
    cols, rows = store.query(f"SELECT * FROM quarantine WHERE run_id = '{run_id}'")
    quarantine = pd.DataFrame(rows, columns=cols)
    table_rows = {}
    for table in TABLES:
        _, counted = store.query(f"SELECT count(*) FROM {table}")
        table_rows[table] = int(counted[0][0])
    return summary(runs, quarantine, [], warehouse, table_rows, elapsed_s)
