"""sitrep-etl: article files in, a validated DuckDB + Parquet warehouse out.

    discover → read (chunks) → plan → extract (chunks) → validate → load
"""
from __future__ import annotations

import datetime as dt
import os
import time
import uuid

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from sitrep.settings import default_source, default_warehouse
from tasks.etl import current_extractor_version, discover_inputs, extract_events, read_inputs, validate_tables
from tasks.extract.run import Extracted
from tasks.plan import plan_articles, quarantine_row
from tasks.tables import frame, run_frames
from tasks.validate import validate_strict
from warehouse import Warehouse

CHUNK_SIZE = 64
LOCK_WAIT_SECONDS = float(os.environ.get("SITREP_LOCK_WAIT", "300"))


def chunked(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_warehouse(store: Warehouse, frames: dict, replaced: list[str]) -> dict[str, int]:
    return store.load(frames, replaced)


@flow(name="sitrep-etl", description="Article files in, a validated conflict-event warehouse out.")
def sitrep_etl(source: str = "", warehouse: str = "", full_refresh: bool = False, chunk_size: int = CHUNK_SIZE) -> dict:
    """Run the ETL once over every article under `source` into `warehouse`."""
    log = get_run_logger()
    source = source or default_source()
    store = Warehouse(warehouse or default_warehouse())
    run_id = str(flow_run.id or uuid.uuid4())
    started = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    t0 = time.perf_counter()

    with store.writer_lock(wait_seconds=LOCK_WAIT_SECONDS):
        store.check_schema()   # a warehouse from a newer sitrep stops the run before any work
        files, unreadable = discover_inputs(source)
        read = [r for chunk in read_inputs.map(chunked(files, chunk_size)).result() for r in chunk] + unreadable
        version = current_extractor_version()
        plan = plan_articles(read, store.known_articles(), store.known_sources(), version, full_refresh, run_id)
        log.info("%d inputs: %d to extract, %d unchanged, %d duplicate, %d quarantined",
                 plan.inputs_seen, len(plan.to_extract), plan.unchanged, plan.duplicate, plan.quarantined)

        chunks = chunked(plan.to_extract, chunk_size)
        extracted = Extracted()
        for n, chunk in enumerate(chunks, start=1):
            result = extract_events(chunk, n, len(chunks))
            extracted.add(result.rows)
            for article_id, why in result.rejected:
                plan.set_aside(article_id, why.stage, why.reason, run_id)

        known = store.known_articles()
        validated = validate_tables(run_frames(plan, extracted.rows, version, run_id), {"articles": set(known)})
        for article_id, reason in validated.failed_articles.items():
            plan.set_aside(article_id, "validate", f"article row failed validation: {reason}", run_id)
        quarantine = plan.quarantine + [
            quarantine_row(run_id, r.get("source_uri") or r.get("article_id") or "", "validate", r["reason"],
                           counts_as_input=False, table_name=r["table"], record_id=r["record_id"])
            for r in validated.rejected if r["table"] != "articles"
        ]
        frames = dict(validated.frames)
        frames["quarantine"] = validate_strict("quarantine", frame("quarantine", quarantine))
        summary = {
            "run_id": run_id, "source": str(source), "warehouse": str(store.dir),
            "inputs_seen": plan.inputs_seen, "articles_loaded": plan.loaded, "articles_unchanged": plan.unchanged,
            "articles_duplicate": plan.duplicate, "inputs_quarantined": plan.quarantined,
            "events": len(frames["events"]), "claims": len(frames["casualty_claims"]),
            "rows_quarantined": len(quarantine) - plan.quarantined,
            "extractor_version": version, "full_refresh": bool(full_refresh),
        }
        assert plan.balanced(), f"input counts do not balance: {summary}"
        finished = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        frames["runs"] = validate_strict("runs", pd.DataFrame([{
            "run_id": run_id, "started_at": started, "finished_at": finished, "source": str(source),
            "inputs_seen": plan.inputs_seen, "articles_loaded": plan.loaded, "articles_unchanged": plan.unchanged,
            "articles_duplicate": plan.duplicate, "inputs_quarantined": plan.quarantined,
            "events": summary["events"], "claims": summary["claims"], "extractor_version": version,
            "full_refresh": bool(full_refresh),
        }]))
        replaced = [a for a in frames["articles"]["article_id"] if a in known]
        summary["table_rows"] = load_warehouse(store, frames, replaced)
        if store.migrated:
            log.info("migrated the warehouse from schema version %s", ", ".join(map(str, store.migrated)))

    summary["quarantine_reasons"] = _top_reasons(quarantine)
    summary["elapsed_s"] = round(time.perf_counter() - t0, 2)
    log.info("loaded %d articles (%d unchanged, %d duplicate, %d quarantined): %d events, %d claims in %.1f s",
             plan.loaded, plan.unchanged, plan.duplicate, plan.quarantined, summary["events"], summary["claims"],
             summary["elapsed_s"])
    return summary


def _top_reasons(rows: list[dict], n: int = 5) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["reason"]] = counts.get(r["reason"], 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:n]
