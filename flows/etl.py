"""sitrep-etl: article files in, a validated DuckDB + Parquet warehouse out.

    discover → plan and extract (a stream of chunks) → load → publish
"""
from __future__ import annotations

import datetime as dt

from prefect import flow, get_run_logger

from sitrep.common.settings import lock_wait_seconds
from sitrep.flows.extract import extract_inputs
from sitrep.tasks.steps.etl import discover_inputs, open_warehouse, start_run
from sitrep.tasks.steps.load import load_warehouse
from sitrep.tasks.run.run_record import publish_run, record_run
from sitrep.tasks.run.run_state import RunState
from sitrep.tasks.steps.state import remember_settled_inputs, save_input_ledger
from sitrep.warehouse import writer_lock


@flow(name="sitrep-etl", description="Article files in, a validated conflict-event warehouse out.")
def sitrep_etl(source: str = "", warehouse: str = "", full_refresh: bool = False, article_ids: list[str] | None = None,
               since: dt.date | None = None, chunk_size: int = 0, task_runner: str = "") -> dict:
    """Run the ETL once over every article under `source` into `warehouse`.

    Args:
        source: Directory (read recursively) or file of articles (.txt, .html, .json, .jsonl), an
            http(s) URL of a list of article URLs or of an RSS/Atom feed, or an fsspec URI
            (s3://bucket/prefix). Empty means the bundled sample corpus.
        warehouse: Warehouse directory (DuckDB file and Parquet), or an fsspec URI (s3://bucket/prefix)
            where both are published after each load. Empty means ./warehouse-data.
        full_refresh: Reprocess every article, even those unchanged since the last run.
        article_ids: Reprocess these articles (full ids or prefixes of at least 8 characters).
        since: Reprocess articles published on or after this date.
        chunk_size: Articles per task; 0 chooses from the number of inputs and workers (32 to 256).
        task_runner: Where chunks are extracted: auto, threads, processes or dask; empty means
            $SITREP_TASK_RUNNER, else auto (worker processes on 2+ cores).
    """
    run = start_run(source, warehouse, full_refresh, article_ids, since, chunk_size)
    # one run per warehouse at a time: the lock, and the schema check inside it, are taken here only
    state = RunState(run.state_dir)
    with writer_lock(run.warehouse, lock_wait_seconds(), on_wait=waiting), state.spool(run.run_id) as spool:
        held = open_warehouse(run)
        state.forget_settled()
        inputs = discover_inputs(run.source, run.raw_zone)
        extraction = extract_inputs(run, held, inputs, spool, task_runner)
        record = record_run(run, held, extraction)
        tables = load_warehouse(run.warehouse, spool, record.tables, extraction.replaced, extraction.superseded)
        save_input_ledger(run.state_dir, extraction.ledger)
        remember_settled_inputs(run, held.version, [f.uri for f in inputs.files], extraction.ledger, tables)
    return publish_run(record, tables)


def waiting(holder: str) -> None:
    get_run_logger().warning("another run holds the warehouse (%s); waiting up to %.0f s for it",
                             holder or "pid unknown", lock_wait_seconds())
