"""The Prefect tasks of sitrep-etl: small, typed wrappers over the plain functions in
sitrep.tasks.inputs, .extract, .plan and .validate, taking and returning plain values (URIs,
paths, small records). I/O tasks retry; tasks that take article text skip Prefect's input
hashing (NO_CACHE), which would cost more than the work."""
from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from sitrep.common.settings import allowed_roots, default_source, default_warehouse, spacy_model
from sitrep.common.uris import is_url
from sitrep.tasks.extract.version import extractor_version, model_signature
from sitrep.tasks.inputs.article import Article, Rejected, read_input
from sitrep.tasks.inputs.discover import InputFile
from sitrep.tasks.inputs.remote import resolve_source
from sitrep.tasks.plan import ledger_from_rows
from sitrep.tasks.run.run_state import RunState
from sitrep.tasks.spec import ChunkResult, Inputs, RunSpec, WarehouseView, utcnow


def start_run(source: str, warehouse: str, full_refresh: bool = False, article_ids: list[str] | None = None,
              since: dt.date | None = None, chunk_size: int = 0) -> RunSpec:
    """The run's spec, with the defaults filled in. A negative chunk size is refused here:
    the UI's form lets anyone type one."""
    from sitrep.warehouse import Warehouse   # not in the worker processes, which import this module too

    if chunk_size < 0:
        raise ValueError(f"chunk_size must be 0 (automatic) or more, got {chunk_size}")
    if _deployment_run():
        confine_parameters(source, warehouse)
    warehouse = warehouse or default_warehouse()
    return RunSpec(run_id=str(flow_run.id or uuid.uuid4()), source=source or default_source(), warehouse=warehouse,
                   state_dir=str(Warehouse(warehouse).dir), started_at=utcnow(), full_refresh=full_refresh,
                   article_ids=tuple(article_ids or ()), since=since, chunk_size=chunk_size)


def _deployment_run() -> bool:
    """Whether this flow run was started through a deployment (the flow run's own record:
    no API call)."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return bool(ctx is not None and ctx.flow_run is not None and ctx.flow_run.deployment_id)


class ParameterRefused(ValueError):
    """A deployment run's source or warehouse outside what it may touch."""


def confine_parameters(source: str, warehouse: str) -> None:
    """A run of a served deployment takes its parameters from whoever reaches the Prefect API,
    which has no authentication: its source and warehouse must be the ones `sitrep serve`
    was given (SITREP_SOURCE, SITREP_WAREHOUSE in its environment) or lie, links resolved,
    under SITREP_ALLOWED_ROOTS. Anything else (another folder of the machine, a URL, a path
    built to break out of SQL) is refused before the run touches it."""
    roots = allowed_roots()
    for what, value, served in (("source", source, default_source()), ("warehouse", warehouse, default_warehouse())):
        if not value or value == served:
            continue
        local = value.removeprefix("file://")
        if is_url(local):
            raise ParameterRefused(f"{what} {value!r}: a deployment's run reads and writes only what `sitrep serve` "
                                   f"was given ({served}) or folders under SITREP_ALLOWED_ROOTS")
        path = Path(local)
        real = Path(os.path.realpath(path)) if path.is_absolute() else None
        if real is None or not any(real == root or root in real.parents for root in roots):
            raise ParameterRefused(f"{what} {value!r} is not under SITREP_ALLOWED_ROOTS "
                                   f"({os.pathsep.join(map(str, roots)) or 'none set'}); a deployment's run may "
                                   "use only those folders (set it where `sitrep serve` runs)")


def _worth_retrying(task, task_run, state) -> bool:
    """A damaged file or a newer schema stays what it is: only I/O that may pass is retried."""
    from sitrep.warehouse import WarehouseDamaged, WarehouseTooNew

    return not isinstance(state.result(raise_on_failure=False), (WarehouseDamaged, WarehouseTooNew))


@task(name="open-warehouse", retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_worth_retrying,
      cache_policy=NO_CACHE)
def open_warehouse(run: RunSpec) -> WarehouseView:
    """The warehouse's latest state (pulled, for one on object storage) and what it holds. A
    warehouse written by a newer sitrep stops the run here, before any work."""
    from sitrep.warehouse import Warehouse

    store = Warehouse(run.warehouse)
    store.pull()
    store.check_schema()
    reprocessing = run.full_refresh or run.article_ids or run.since
    return WarehouseView(
        version=extractor_version(model_signature(spacy_model())),
        known=store.known_articles(),
        known_sources=store.known_sources(),
        # files the ledger vouches for (unchanged since read, their articles loaded under this
        # version) are planned without being read; a run that reprocesses reads everything
        ledger={} if reprocessing else ledger_from_rows(RunState(run.state_dir).read_ledger()),
    )


def _not_a_missing_source(task, task_run, state) -> bool:
    """A source that is not there, or whose list did not come within its download deadline
    (the fetcher's own attempts are inside that deadline), is not retried: one deadline bounds it."""
    return not isinstance(state.result(raise_on_failure=False), FileNotFoundError)


@task(name="discover-inputs", retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_not_a_missing_source,
      cache_policy=NO_CACHE)
def discover_inputs(source: str, raw_zone: str) -> Inputs:
    """The article files under a folder, or behind a URL list, a feed or an fsspec URI
    (downloaded into the raw zone once)."""
    files, problems = resolve_source(source, Path(raw_zone))
    get_run_logger().info("found %d article inputs in %s", len(files), source)
    return Inputs(files, [Rejected(p.uri, "discover", p.reason) for p in problems])


@task(name="read-inputs", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def read_inputs(files: list[InputFile]) -> list[tuple[InputFile, list[Article | Rejected]]]:
    """Read, decode, clean and hash a chunk of files (each may hold several records)."""
    return [(f, read_input(f)) for f in files]


@task(name="extract-chunk", cache_policy=NO_CACHE)
def extract_chunk(articles: list[Article], chunk_no: int, spool_dir: str, extractor_version: str, run_id: str) -> ChunkResult:
    """spaCy and sitrep's rules over one chunk of articles, validated and spooled to Parquet:
    in a worker process when the run has them (sitrep.tasks.run.workers), else in this thread."""
    from sitrep.tasks.run import workers

    result = workers.run(workers.process_chunk, articles, chunk_no, spool_dir, extractor_version, run_id)
    get_run_logger().info(
        "extracted chunk %d: %d articles, %d events, %d claims",
        chunk_no, len(articles), result.rows.get("events", 0), result.rows.get("casualty_claims", 0),
    )
    return result
