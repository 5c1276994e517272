"""sitrep-etl: article files in, a validated DuckDB + Parquet warehouse out.

    discover → read (chunks) → plan → extract, validate and spool (chunks) → load → publish
"""
from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import deque

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from sitrep.flows.runners import workers
from sitrep.common.settings import default_source, default_warehouse, lock_wait_seconds
from sitrep.tasks.artifacts import publish_artifacts
from sitrep.tasks.etl import current_extractor_version, discover_inputs, extract_chunk, read_inputs, validate_tables
from sitrep.tasks.incidents import build_incidents
from sitrep.tasks.plan import Planner, ledger_from_rows, reprocess_filter
from sitrep.tasks.progress import extraction_progress
from sitrep.tasks.run_record import RunTally, quarantine_frame, runs_frame, summary, utcnow
from sitrep.tasks.spool import spooled_tables
from sitrep.tasks.tables import frame
from sitrep.warehouse import Warehouse

CHUNK_SIZE = 0   # automatic: see chunk_size_for
READ_BATCH = 2   # chunks' worth of files read per read-inputs task


def chunked(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


class ChunkDispatch:
    """Hands chunks of planned articles to extract-chunk as they fill up and gives back the
    results of finished chunks, in order. In parallel (a process or Dask task runner) it keeps
    a bounded number of chunks in flight, so reading never runs ahead of extraction by more
    than that and the texts waiting for a worker stay few; otherwise each chunk runs at once
    in the flow's process (threads: a shared model gains nothing from the GIL)."""

    def __init__(self, parallel: bool, window: int, **kw):
        self.parallel, self.window, self.kw = parallel, window, kw
        self.pending: deque = deque()
        self.submitted = 0

    def submit(self, chunks: list[list]) -> list:
        done = []
        for chunk in chunks:
            self.submitted += 1
            if not self.parallel:
                done.append(extract_chunk(chunk, self.submitted, **self.kw))
                continue
            self.pending.append(extract_chunk.submit(chunk, self.submitted, **self.kw))
            if len(self.pending) >= self.window:
                done.append(self.pending.popleft().result())
        return done

    def finish(self) -> list:
        """The remaining results; then the worker processes are stopped, so that their
        memory (a model each) is given back before the load needs memory of its own."""
        done = []
        while self.pending:
            done.append(self.pending.popleft().result())
        if self.parallel:
            from prefect.context import get_run_context
            from prefect.task_runners import ProcessPoolTaskRunner

            runner = get_run_context().task_runner
            if isinstance(runner, ProcessPoolTaskRunner):
                runner.cancel_all()   # nothing is left to cancel: it shuts the pool down
        return done


def chunk_size_for(n_inputs: int, n_workers: int) -> int:
    """Articles per extraction task when not set: about four tasks per worker, between 32
    (progress and balance on small runs) and 256 (each task's fixed cost — validation,
    Prefect's bookkeeping — spread over enough articles)."""
    return max(32, min(256, n_inputs // (4 * max(n_workers, 1))))


def _parallel(n_inputs: int, chunk_size: int) -> bool:
    from prefect.context import get_run_context
    from prefect.task_runners import ThreadPoolTaskRunner

    return not isinstance(get_run_context().task_runner, ThreadPoolTaskRunner) and n_inputs > chunk_size


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_warehouse(store: Warehouse, spool: str, frames: dict, replaced: list[str]) -> dict[str, int]:
    """One transaction: the run's spooled rows and small tables in, the replaced articles'
    rows out, incidents rebuilt across all articles, Parquet swapped."""
    return store.load(frames, replaced, derive=build_incidents, spool=spooled_tables(spool))


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
        warehouse: Warehouse directory (DuckDB file and Parquet), or an fsspec URI (s3://bucket/prefix)
            where both are published after each load. Empty means ./warehouse-data.
        full_refresh: Reprocess every article, even those unchanged since the last run.
        article_ids: Reprocess these articles (full ids or prefixes of at least 8 characters).
        since: Reprocess articles published on or after this date.
        chunk_size: Articles per task; 0 chooses from the number of inputs and workers (32 to 256).
    """
    log = get_run_logger()
    source = source or default_source()
    store = Warehouse(warehouse or default_warehouse())
    run_id = str(flow_run.id or uuid.uuid4())
    started, t0 = utcnow(), time.perf_counter()
    run = RunTally()

    with store.writer_lock(wait_seconds=lock_wait_seconds()):
        store.pull()           # a warehouse on object storage: its latest state, if another copy loaded it
        store.check_schema()   # a warehouse from a newer sitrep stops the run before any work
        files, unreadable = discover_inputs(source, str(store.dir / "raw"))
        chunk_size = chunk_size or chunk_size_for(len(files), workers())
        version = current_extractor_version()
        known = store.known_articles()
        # files the input ledger vouches for (unchanged since read, their articles loaded under
        # this version) are planned without being read
        ledger = ledger_from_rows(store.input_ledger()) if not (full_refresh or article_ids or since) else {}
        planner = Planner(known, store.known_sources(), version, full_refresh, run_id, reprocess_filter(article_ids, since), ledger)
        plan = planner.plan
        spool = store.new_spool(run_id)
        dispatch = ChunkDispatch(_parallel(len(files), chunk_size), window=2 * workers(),
                                 spool_dir=str(spool), extractor_version=version, run_id=run_id)
        progress = extraction_progress(len(files) + len(unreadable), log)

        def finished(results: list) -> None:
            for result in results:
                run.add(result)
                for article_id, why in result.rejected:
                    plan.set_aside(article_id, why.stage, why.reason, run_id)
                for article_id, reason in result.failed_articles.items():
                    plan.set_aside(article_id, "validate", f"article row failed validation: {reason}", run_id)
                planner.finished([*result.loaded, *(a for a, _ in result.rejected), *result.failed_articles])
            progress.update(planner.inputs_done, len(run.loaded))

        # read, plan and extract as a stream: chunks of articles leave for extraction as soon
        # as they are planned, so memory holds a few chunks, never the corpus
        planner.add_unreadable(unreadable)
        try:
            for batch in chunked(files, READ_BATCH * chunk_size):
                to_read = planner.unread(batch)
                planner.add_read(read_inputs(to_read) if to_read else [])
                finished(dispatch.submit(planner.take(chunk_size)))
            finished(dispatch.submit(planner.take(chunk_size, partial=True)))
            finished(dispatch.finish())
        finally:
            progress.close()
        log.info("%d inputs: %d extracted, %d unchanged, %d duplicate, %d quarantined",
                 plan.inputs_seen, plan.loaded, plan.unchanged, plan.duplicate, plan.quarantined)

        sources = validate_tables({"article_sources": frame("article_sources", plan.sources)},
                                  {"articles": set(known) | set(run.loaded)})
        run.rejected_rows += sources.rejected
        frames = {"article_sources": sources.frames["article_sources"]}
        frames["quarantine"] = quarantine_frame(plan, run.rejected_rows, run_id)
        frames["runs"] = runs_frame(plan, run_id, str(source), started, run.rows.get("events", 0),
                                    run.rows.get("casualty_claims", 0), version, full_refresh)
        replaced = [a for a in run.loaded if a in known]
        try:
            table_rows = load_warehouse(store, str(spool), frames, replaced)
        finally:
            store.drop_spool(spool)
        store.save_input_ledger(planner.ledger_after())
        if store.migrated:
            log.info("migrated the warehouse from schema version %s", ", ".join(map(str, store.migrated)))

    result = summary(frames["runs"], frames["quarantine"], run.largest(), store.where, table_rows, time.perf_counter() - t0)
    publish_artifacts(result, frames["quarantine"])
    log.info("loaded %d articles (%d unchanged, %d duplicate, %d quarantined): %d events, %d claims in %.1f s",
             result["articles_loaded"], result["articles_unchanged"], result["articles_duplicate"],
             result["inputs_quarantined"], result["events"], result["claims"], result["elapsed_s"])
    return result
