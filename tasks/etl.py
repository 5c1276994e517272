"""The Prefect tasks of sitrep-etl: small, typed wrappers over the plain functions in
tasks.ingest, tasks.extract, tasks.plan and tasks.validate. I/O tasks retry; tasks that take
article text skip Prefect's input hashing (NO_CACHE), which would cost more than the work."""
from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sitrep.tasks.chunks import ChunkResult, process_chunk
from sitrep.tasks.extract.pipeline import model_name
from sitrep.tasks.extract.version import extractor_version, model_signature
from sitrep.tasks.ingest.article import Article, Rejected, read_input
from sitrep.tasks.ingest.discover import InputFile
from sitrep.tasks.ingest.sources import resolve_source
from sitrep.tasks.validate import Validated, validate_frames


@task(name="discover-inputs", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def discover_inputs(source: str, raw_zone: str) -> tuple[list[InputFile], list[Rejected]]:
    """The article files under a folder, or behind a URL list, a feed or an fsspec URI
    (downloaded into the raw zone once)."""
    files, problems = resolve_source(source, Path(raw_zone))
    get_run_logger().info("found %d article inputs in %s", len(files), source)
    return files, [Rejected(p.uri, "discover", p.reason) for p in problems]


@task(name="read-inputs", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def read_inputs(files: list[InputFile]) -> list[tuple[InputFile, list[Article | Rejected]]]:
    """Read, decode, clean and hash a chunk of files (each may hold several records)."""
    return [(f, read_input(f)) for f in files]


@task(name="extractor-version", cache_policy=NO_CACHE)
def current_extractor_version() -> str:
    return extractor_version(model_signature(model_name()))


@task(name="extract-chunk", cache_policy=NO_CACHE, timeout_seconds=3600)
def extract_chunk(articles: list[Article], chunk_no: int, spool_dir: str, extractor_version: str, run_id: str) -> ChunkResult:
    """spaCy and sitrep's rules over one chunk of articles, validated and spooled to Parquet."""
    result = process_chunk(articles, chunk_no, spool_dir, extractor_version, run_id)
    get_run_logger().info(
        "extracted chunk %d: %d articles, %d events, %d claims",
        chunk_no, len(articles), result.rows.get("events", 0), result.rows.get("casualty_claims", 0),
    )
    return result


@task(name="validate-tables", cache_policy=NO_CACHE)
def validate_tables(frames: dict, existing: dict[str, set[str]]) -> Validated:
    validated = validate_frames(frames, existing)
    if validated.rejected:
        get_run_logger().info("%d rows failed validation and were quarantined", len(validated.rejected))
    return validated
