"""sitrep-etl: article files in, a validated DuckDB + Parquet warehouse out.

    discover → read (chunks) → plan → extract (chunks) → validate → load → publish
"""
from __future__ import annotations

import datetime as dt
import time
import uuid

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from sitrep.settings import default_source, default_warehouse, lock_wait_seconds
from tasks.artifacts import publish_artifacts
from tasks.etl import current_extractor_version, discover_inputs, extract_events, read_inputs, validate_tables
from tasks.extract.run import Extracted
from tasks.incidents import build_incidents
from tasks.plan import plan_articles, reprocess_filter
from tasks.run_record import quarantine_frame, runs_frame, summary, utcnow
from tasks.tables import run_frames
from warehouse import Warehouse

CHUNK_SIZE = 64


def chunked(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _extract_all(chunks: list[list]) -> list[Extracted]:
    """Chunks in parallel on a process or Dask task runner (one spaCy model per worker);
    one after another on threads, where a shared model gains nothing from the GIL."""
    from prefect.context import get_run_context
    from prefect.task_runners import ThreadPoolTaskRunner

    n = len(chunks)
    if isinstance(get_run_context().task_runner, ThreadPoolTaskRunner):
        return [extract_events(chunk, i, n) for i, chunk in enumerate(chunks, start=1)]
    futures = [extract_events.submit(chunk, i, n) for i, chunk in enumerate(chunks, start=1)]
    return [f.result() for f in futures]


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_warehouse(store: Warehouse, frames: dict, replaced: list[str]) -> dict[str, int]:
    """One transaction: the run's rows in, the replaced articles' rows out, incidents
    rebuilt across all articles, Parquet swapped."""
    return store.load(frames, replaced, derive=build_incidents)


@flow(name="sitrep-etl", description="Article files in, a validated conflict-event warehouse out.")
def sitrep_etl(
    source: str = "",
    warehouse: str = "",
    full_refresh: bool = False,
    article_ids: list[str] | None = None,
    since: dt.date | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> dict:
    """Run the ETL once over every article under `source` into `warehouse`.

    Args:
        source: Directory (read recursively) or file of articles (.txt, .html, .json, .jsonl), an
            http(s) URL of a list of article URLs or of an RSS/Atom feed, or an fsspec URI
            (s3://bucket/prefix). Empty means the bundled sample corpus.
        warehouse: Warehouse directory (DuckDB file and Parquet). Empty means ./warehouse-data.
        full_refresh: Reprocess every article, even those unchanged since the last run.
        article_ids: Reprocess these articles (full ids or prefixes of at least 8 characters).
        since: Reprocess articles published on or after this date.
        chunk_size: Articles per task.
    """
    log = get_run_logger()
    source = source or default_source()
    store = Warehouse(warehouse or default_warehouse())
    run_id = str(flow_run.id or uuid.uuid4())
    started, t0 = utcnow(), time.perf_counter()

    with store.writer_lock(wait_seconds=lock_wait_seconds()):
        store.check_schema()   # a warehouse from a newer sitrep stops the run before any work
        files, unreadable = discover_inputs(source, str(store.dir / "raw"))
        read = [r for chunk in read_inputs.map(chunked(files, chunk_size)).result() for r in chunk] + unreadable
        version = current_extractor_version()
        known = store.known_articles()
        plan = plan_articles(read, known, store.known_sources(), version, full_refresh, run_id,
                             reprocess_filter(article_ids, since))
        log.info("%d inputs: %d to extract, %d unchanged, %d duplicate, %d quarantined",
                 plan.inputs_seen, len(plan.to_extract), plan.unchanged, plan.duplicate, plan.quarantined)

        extracted = Extracted()
        chunks = chunked(plan.to_extract, chunk_size)
        for result in _extract_all(chunks):
            extracted.add(result.rows)
            for article_id, why in result.rejected:
                plan.set_aside(article_id, why.stage, why.reason, run_id)

        validated = validate_tables(run_frames(plan, extracted.rows, version, run_id), {"articles": set(known)})
        for article_id, reason in validated.failed_articles.items():
            plan.set_aside(article_id, "validate", f"article row failed validation: {reason}", run_id)

        frames = dict(validated.frames)
        frames["quarantine"] = quarantine_frame(plan, validated, run_id)
        frames["runs"] = runs_frame(plan, run_id, str(source), started, len(frames["events"]),
                                    len(frames["casualty_claims"]), version, full_refresh)
        replaced = [a for a in frames["articles"]["article_id"] if a in known]
        table_rows = load_warehouse(store, frames, replaced)
        if store.migrated:
            log.info("migrated the warehouse from schema version %s", ", ".join(map(str, store.migrated)))

    result = summary(frames["runs"], frames["quarantine"], frames, str(store.dir), table_rows, time.perf_counter() - t0)
    publish_artifacts(result, frames["quarantine"])
    log.info("loaded %d articles (%d unchanged, %d duplicate, %d quarantined): %d events, %d claims in %.1f s",
             result["articles_loaded"], result["articles_unchanged"], result["articles_duplicate"],
             result["inputs_quarantined"], result["events"], result["claims"], result["elapsed_s"])
    return result
