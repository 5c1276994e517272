"""One extraction chunk from articles to a spooled, validated Parquet part: spaCy and the
rules, the chunk's table rows, validation against the pandera models, the spool write. It
runs where the chunk runs (a thread, a worker process, a Dask worker) and sends back only
counts and what was set aside, never the rows."""
from __future__ import annotations

import pandas as pd

from sitrep.tasks.extract.rows import article_row
from sitrep.tasks.extract.run import extract_articles
from sitrep.tasks.inputs.article import Article
from sitrep.tasks.spec import ChunkResult
from sitrep.tasks.run.spool import write_chunk
from sitrep.tasks.tables import frame
from sitrep.tasks.validate import validate_frames

LARGEST = 5   # events with the highest killed_best kept per chunk, for the run summary


def chunk_frames(articles: list[Article], rows: dict[str, list[dict]], extractor_version: str, run_id: str) -> dict[str, pd.DataFrame]:
    return {
        "articles": frame("articles", [article_row(a, extractor_version, run_id) for a in articles]),
        "events": frame("events", rows.get("events", [])),
        "casualty_claims": frame("casualty_claims", rows.get("casualty_claims", [])),
        "mentions": frame("mentions", rows.get("mentions", [])),
    }


def largest_events(events: pd.DataFrame, n: int = LARGEST) -> list[dict]:
    if events.empty:
        return []
    top = events.dropna(subset=["killed_best"]).sort_values(["killed_best", "event_id"], ascending=[False, True]).head(n)
    return [{"event_id": e.event_id, "event_type": e.event_type, "location": e.location_name, "admin1": e.admin1,
             "date": str(e.event_date) if pd.notna(e.event_date) else None, "killed_best": int(e.killed_best),
             "killed_low": int(e.killed_low), "killed_high": int(e.killed_high), "n_sources": int(e.n_sources),
             "evidence": e.evidence} for e in top.itertuples()]


def release_memory() -> None:
    """Give the chunk's freed memory back to the system (glibc keeps freed arenas otherwise),
    so an idle worker, waiting for the load to finish, does not hold its last chunk's peak."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc: nothing to do
        pass


def process_chunk(articles: list[Article], chunk_no: int, spool_dir: str, extractor_version: str, run_id: str) -> ChunkResult:
    try:
        return _process_chunk(articles, chunk_no, spool_dir, extractor_version, run_id)
    finally:
        release_memory()


def _process_chunk(articles: list[Article], chunk_no: int, spool_dir: str, extractor_version: str, run_id: str) -> ChunkResult:
    extracted = extract_articles(articles)
    failed = {aid for aid, _ in extracted.rejected}
    kept = [a for a in articles if a.article_id not in failed]
    validated = validate_frames(chunk_frames(kept, extracted.rows, extractor_version, run_id))
    out = ChunkResult(chunk_no, rejected=extracted.rejected, failed_articles=validated.failed_articles,
                      rejected_rows=[r for r in validated.rejected if r["table"] != "articles"])
    out.rows = write_chunk(spool_dir, chunk_no, validated.frames)
    out.loaded = list(validated.frames["articles"]["article_id"])
    out.largest = largest_events(validated.frames["events"])
    return out


def warm_up() -> None:
    """Load the spaCy pipeline, the gazetteer and the table schemas, and run the rules once
    on a line of text, so a worker's first chunk pays for none of it. A failure here is left
    for the first chunk to report, with its own message."""
    try:
        from sitrep.schemas import TABLES
        from sitrep.tasks.extract.pipeline import load_nlp

        nlp = load_nlp()
        for model in TABLES.values():
            model.to_schema()
        with nlp.memory_zone():
            nlp("Two people were killed in an air strike on Aleppo on Monday, activists said.")
    except Exception:   # noqa: BLE001 - the first chunk raises it again, where it is reported
        pass
