"""The extraction worker processes: a plain process pool, each worker with the spaCy model,
the gazetteer and the schemas loaded before its first chunk.

The workers run sitrep's own functions only; they never import Prefect. The chunk's Prefect
task runs in a thread of the flow and hands its chunk to a worker here (`run`), so task runs
report from the flow's process, to the run's API, and a worker costs a model load, not a
Prefect start-up (about 1.3 s of CPU each) and a client of its own.

The pool is one per process and may start before the flow does (`start`, from the command
line, when it knows there is enough to extract), so that the workers load their model while
the flow imports Prefect and opens the warehouse. The workers are forked from a server
process (multiprocessing's forkserver, a fresh interpreter: never a fork of a process running
Prefect's threads) that loaded the model once (`sitrep.tasks.run.worker_preload`): a worker
starts warm in milliseconds instead of importing spaCy and loading the model itself (about
2 s of CPU each, on the cores the flow's start-up needs), and the workers share the model's
pages. Without a pool, `run` calls the function in the calling thread: the flow's own
thread, or a Dask worker.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")

PRELOAD = "sitrep.tasks.run.worker_preload"   # what the fork server imports once, for every worker
_lock = threading.Lock()
_starter: threading.Thread | None = None   # the thread starting the pool's processes
_pool: ProcessPoolExecutor | None = None
_size = 0


def prepare_worker(run_pid: int, environ: dict[str, str]) -> None:
    """A worker's initializer: it exits with the run's process (a worker that outlived a
    killed run would go on extracting into a dead run's spool), takes the run's environment
    (the fork server's is that of when it started), then loads what every chunk needs before
    the first one arrives (nothing, when the fork server had it loaded)."""
    from sitrep.common.processes import exit_with
    from sitrep.tasks.run.chunks import warm_up

    exit_with(run_pid)
    os.environ.clear()
    os.environ.update(environ)
    warm_up()


def process_chunk(*args):
    """sitrep.tasks.run.chunks.process_chunk, imported where the chunk runs: spaCy and the rules
    load in the workers, not in the flow's process."""
    from sitrep.tasks.run.chunks import process_chunk

    return process_chunk(*args)


def _ready() -> None:
    """Nothing: submitted once per worker so that each starts now, not at the first chunk."""


def start(n: int) -> None:
    """Start `n` worker processes, forked from the fork server (see above), unless a pool is
    running already (started early, for as many chunks as the run has, up to `n`). Returns at
    once: the processes start in a thread of their own, since the first waits for the fork
    server to load the model, and the caller has Prefect to import meanwhile."""
    global _pool, _size, _starter
    with _lock:
        if _pool is not None:
            return
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([PRELOAD])
        else:   # Windows: each worker a fresh interpreter that loads the model itself (prepare_worker)
            context = multiprocessing.get_context("spawn")
        _pool = ProcessPoolExecutor(max_workers=n, mp_context=context, initializer=prepare_worker,
                                    initargs=(os.getpid(), dict(os.environ)))
        _size = n
        _starter = threading.Thread(target=_start_processes, args=(_pool, n), name="sitrep-workers-start", daemon=True)
        _starter.start()


def _start_processes(pool: ProcessPoolExecutor, n: int) -> None:
    try:
        for _ in range(n):   # the pool starts one process per submit while none is idle
            pool.submit(_ready)
    except (RuntimeError, BrokenProcessPool, OSError):   # stopped (a short or failed run) before all had started
        pass


def running() -> bool:
    return _pool is not None


def size() -> int:
    """Worker processes in the running pool (0: none)."""
    return _size


def stop(wait: bool = False) -> None:
    """Let the workers, and the fork server, go. Chunks already handed over finish; with
    `wait=False` the workers' teardown (about a second) overlaps what the flow does next."""
    global _pool, _size
    with _lock:
        pool, _pool, _size = _pool, None, 0
    if pool is not None:
        pool.shutdown(wait=wait, cancel_futures=True)
        _stop_fork_server(wait)


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
    _stop_fork_server(wait=False)


def _stop_fork_server(wait: bool) -> None:
    """End the fork server with its workers: it holds a loaded model of its own (about 230 MB)
    that the load needs more. multiprocessing's forkserver ends once the last worker has
    (waited for in a thread of its own unless `wait`); a later `start` starts a new one.
    Python has no public way to stop it; `_stop` is what its own tests use."""
    from multiprocessing import forkserver

    server_stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if server_stop is None:
        return
    starter = _starter

    def stop_server() -> None:
        if starter is not None:
            starter.join()   # a short run can end while the workers are still starting
        try:
            server_stop()
        except FileNotFoundError:
            # a run that ends at once (a held warehouse): multiprocessing's own exit clean-up
            # may remove the server's socket folder first; the server has stopped by then,
            # only the unlink of its socket failed
            pass

    if wait:
        stop_server()
    else:
        threading.Thread(target=stop_server, name="sitrep-fork-server-stop", daemon=True).start()


def run(fn: Callable[..., T], *args) -> T:
    """fn(*args) in a worker process when the pool is running, else here. `fn` and its
    arguments must pickle (module-level functions, plain values)."""
    pool = _pool
    if pool is None:
        return fn(*args)
    return pool.submit(fn, *args).result()
