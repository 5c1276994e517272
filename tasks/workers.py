"""The extraction worker processes: a plain process pool, each worker with the spaCy model,
the gazetteer and the schemas loaded before its first chunk.

The workers run sitrep's own functions only; they never import Prefect. The chunk's Prefect
task runs in a thread of the flow and hands its chunk to a worker here (`run`), so task runs
report from the flow's process, to the run's API, and a worker costs a model load, not a
Prefect start-up (about 1.3 s of CPU each) and a client of its own.

The pool is one per process and may start before the flow does (`start`, from the command
line, when it knows there is enough to extract), so that the workers load their model while
the flow imports Prefect and opens the warehouse. Without a pool, `run` calls the function
in the calling thread: the flow's own thread, or a Dask worker.
"""
from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_size = 0


def prepare_worker() -> None:
    """A worker's initializer: it exits with the run (a worker that outlived a killed run
    would go on extracting into a dead run's spool), then loads what every chunk needs
    before the first one arrives."""
    from sitrep.common.processes import exit_with_parent
    from sitrep.tasks.chunks import warm_up

    exit_with_parent()
    warm_up()


def process_chunk(*args):
    """sitrep.tasks.chunks.process_chunk, imported where the chunk runs: spaCy and the rules
    load in the workers, not in the flow's process."""
    from sitrep.tasks.chunks import process_chunk

    return process_chunk(*args)


def _ready() -> None:
    """Nothing: submitted once per worker so that each starts now, not at the first chunk."""


def start(n: int) -> None:
    """Start `n` worker processes (spawned: a fresh interpreter each, never a fork of a process
    running Prefect's threads), unless a pool is running already (started early, for as many
    chunks as the run has, up to `n`)."""
    global _pool, _size
    with _lock:
        if _pool is not None:
            return
        _pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=prepare_worker)
        _size = n
        for _ in range(n):   # a spawned pool starts one process per submit while none is idle
            _pool.submit(_ready)


def running() -> bool:
    return _pool is not None


def size() -> int:
    """Worker processes in the running pool (0: none)."""
    return _size


def stop(wait: bool = False) -> None:
    """Let the workers go. Chunks already handed over finish; with `wait=False` the workers'
    teardown (about a second) overlaps what the flow does next."""
    global _pool, _size
    with _lock:
        pool, _pool, _size = _pool, None, 0
    if pool is not None:
        pool.shutdown(wait=wait, cancel_futures=True)


def kill() -> None:
    """Stop the workers at once (a failed run): chunks in flight are abandoned."""
    global _pool, _size
    with _lock:
        pool, _pool, _size = _pool, None, 0
    if pool is None:
        return
    for proc in list(getattr(pool, "_processes", {}).values()):   # the pool has no public way to end its workers
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def run(fn: Callable[..., T], *args) -> T:
    """fn(*args) in a worker process when the pool is running, else here. `fn` and its
    arguments must pickle (module-level functions, plain values)."""
    pool = _pool
    if pool is None:
        return fn(*args)
    return pool.submit(fn, *args).result()
