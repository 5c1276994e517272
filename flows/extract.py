"""The extraction step of sitrep-etl: read, plan and extract as a stream.

Files are read a few chunks' worth at a time and planned (loaded, unchanged, duplicate or
quarantined); each full chunk of articles to extract leaves at once for a task runner —
worker processes with a spaCy model each, or the flow's own thread for a run of one chunk —
and at most `window` chunks are in flight, so memory holds a few chunks, never the corpus.
A chunk comes back as counts and what it set aside; its rows are already in the spool.
The task runner, and its worker processes, stop before the load needs the memory.
"""
from __future__ import annotations

from collections.abc import Iterator

from prefect import get_run_logger
from prefect.futures import as_completed

from sitrep.common.settings import keep_history, workers
from sitrep.flows.runners import chunk_size_for, task_runner
from sitrep.tasks.steps.etl import extract_chunk, read_inputs
from sitrep.tasks.inputs.discover import InputFile
from sitrep.tasks.plan import Planner, Superseded, reprocess_filter
from sitrep.tasks.run.progress import extraction_progress
from sitrep.tasks.run.run_record import Extraction, RunTally
from sitrep.tasks.spec import ChunkResult, Inputs, RunSpec, WarehouseView

READ_BATCH = 2   # chunks' worth of files read per read-inputs task
MIN_TAIL_CHUNK = 16   # the smallest of the last chunks (see planned_chunks)


def planned_chunks(files: list[InputFile], planner: Planner, chunk_size: int, tail_size: int = 0) -> Iterator[list]:
    """Chunks of articles to extract, each as soon as the files read so far fill it; the last
    read's chunks of `tail_size` when given (smaller chunks at the end: the workers finish
    nearer together, instead of one idling while the other ends a full chunk)."""
    for i in range(0, len(files), READ_BATCH * chunk_size):
        last = i + READ_BATCH * chunk_size >= len(files)
        to_read = planner.unread(files[i:i + READ_BATCH * chunk_size])   # the ledger vouches for the rest
        planner.add_read(read_inputs(to_read) if to_read else [])
        yield from planner.take(tail_size if last and tail_size else chunk_size)
    yield from planner.take(tail_size or chunk_size, partial=True)


def extract_inputs(run: RunSpec, held: WarehouseView, inputs: Inputs, spool: str, runner: str = "") -> Extraction:
    """Plan every input and extract the articles to extract into the spool (see above)."""
    chunk_size = run.chunk_size or chunk_size_for(len(inputs.files), workers())
    planner = Planner(held.known, held.known_sources, held.version, run.full_refresh, run.run_id,
                      reprocess_filter(run.article_ids, run.since), held.ledger)
    tally = RunTally()
    planner.add_unreadable(inputs.unreadable)

    def take(result: ChunkResult) -> None:
        tally.add(result)
        planner.returned(result.loaded, result.rejected, result.failed_articles)
        progress.update(planner.inputs_done, len(tally.loaded))

    with task_runner(runner, len(inputs.files) > chunk_size) as pool, \
            extraction_progress(inputs.count, get_run_logger()) as progress:
        pending = []
        tail_size = max(MIN_TAIL_CHUNK, chunk_size // 2) if pool is not None and not run.chunk_size else 0
        for n, chunk in enumerate(planned_chunks(inputs.files, planner, chunk_size, tail_size), 1):
            params = {"articles": chunk, "chunk_no": n, "spool_dir": spool, "extractor_version": held.version,
                      "run_id": run.run_id}
            if pool is None:   # the flow's own thread
                take(extract_chunk(**params))
                continue
            pending.append(pool.submit(extract_chunk, params))
            while len(pending) >= 2 * workers():
                done = next(as_completed(pending))
                pending.remove(done)
                take(done.result())
        for done in as_completed(pending):
            take(done.result())
    plan = planner.plan
    logger = get_run_logger()
    logger.info("%d inputs: %d extracted, %d unchanged, %d duplicate, %d quarantined",
                plan.inputs_seen, plan.loaded, plan.unchanged, plan.duplicate, plan.quarantined)
    superseded = Superseded() if keep_history() else planner.superseded()
    if superseded.sources:
        logger.info("%d records of edited inputs replaced; %d articles no input yields any more leave the warehouse",
                    len(superseded.sources), len(superseded.articles))
    return Extraction(plan, tally, planner.ledger_after(), [a for a in tally.loaded if a in held.known], superseded)
