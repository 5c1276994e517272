"""Where extraction chunks run: a task runner chosen by setting, used as a context manager so
that its workers stop when extraction ends (before the load needs the memory), or none: the
flow's own thread."""
from __future__ import annotations

import contextlib
import os

from sitrep.common.settings import task_runner_kind, workers


def chunk_size_for(n_inputs: int, n_workers: int) -> int:
    """Articles per extraction task when not set: about four tasks per worker, between 32
    (progress and balance on small runs) and 256 (each task's fixed cost — validation, a
    spool file, a task run — spread over enough articles)."""
    return max(32, min(256, n_inputs // (4 * max(n_workers, 1))))


@contextlib.contextmanager
def early_workers(kind: str | None, to_extract: int | None, chunk_size: int = 0, several_per_file: bool = False):
    """Start worker processes now, before the flow (and Prefect) is imported, when the run
    will extract something (`early_worker_count`; `to_extract` None: unknown, none started).
    They load their model while the flow starts, and task_runner finds them running — even a
    run of one chunk, which then costs a model load on the other core instead of one in the
    flow's thread after Prefect's start. Workers the run did not reach (it failed before
    extraction) end with the context. With `several_per_file` (a .json or .jsonl file to read,
    which may hold any number of articles) every worker starts: an idle one costs a model load
    on a spare core, a missing one half the run's speed."""
    from sitrep.tasks.run import workers as worker_processes

    n = early_worker_count(kind, to_extract or 0, chunk_size, several_per_file)
    if n:
        worker_processes.start(n)
    try:
        yield
    finally:
        worker_processes.kill()


def early_worker_count(kind: str | None, to_extract: int, chunk_size: int = 0, several_per_file: bool = False) -> int:
    """Worker processes worth starting before the flow for `to_extract` inputs: one per chunk
    up to SITREP_WORKERS (all of them when a file may hold several articles), with the
    processes runner (auto on two cores or more); none when there is nothing to extract."""
    if _resolved(kind) != "processes" or to_extract <= 0:
        return 0
    if several_per_file:
        return workers()
    chunks = -(-to_extract // (chunk_size or chunk_size_for(to_extract, workers())))
    return min(workers(), chunks)


def _resolved(kind: str | None) -> str:
    kind = task_runner_kind(kind)
    if kind == "auto":
        kind = "processes" if workers() > 1 else "threads"
    return kind


def task_runner(kind: str | None = None, parallel: bool = True):
    """--task-runner / SITREP_TASK_RUNNER: auto (default), threads, processes or dask.

    auto is processes on a machine with two cores or more, threads otherwise. processes means
    worker processes of sitrep.tasks.run.workers, each chunk a Prefect task in a thread of the flow
    that hands it to one. threads means the flow's own thread, one chunk after another (a
    shared spaCy model gains nothing from threads under the GIL): the context yields None, and
    so it does for a run that is not `parallel` (it fits in one chunk) — starting a worker
    then, loading a model after Prefect's start, costs more than it saves — unless the command
    line started workers already, which are then used whatever the plan. Dask uses
    SITREP_DASK_ADDRESS (tcp://host:8786) when set, else a local cluster."""
    from sitrep.tasks.run import workers as worker_processes

    kind = _resolved(kind)
    if kind == "processes" and worker_processes.running():   # started early: ready, whatever the plan
        return _worker_processes(worker_processes.size())
    if kind == "threads" or not parallel:
        return contextlib.nullcontext(None)
    if kind == "processes":
        return _worker_processes(workers())
    # dask: a LocalCluster closing at the end of a successful run may log heartbeat
    # tracebacks from workers already gone; failures still surface as failed task runs.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "critical")
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:
        raise RuntimeError("the Dask task runner needs prefect-dask: pip install 'sitrep[dask]'") from exc
    address = os.environ.get("SITREP_DASK_ADDRESS")
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers(), "threads_per_worker": 1, "dashboard_address": None})


@contextlib.contextmanager
def _worker_processes(n: int):
    """Chunks as Prefect tasks in `n` threads of the flow, each handing its chunk to a worker
    process of sitrep.tasks.run.workers (started here unless the command line started them
    already). Every chunk back, the workers stop on their own (their teardown takes about a
    second) while the flow goes on to record and load the run; a failed run ends them at once."""
    from prefect.task_runners import ThreadPoolTaskRunner

    from sitrep.tasks.run import workers as worker_processes

    worker_processes.start(n)
    try:
        with ThreadPoolTaskRunner(max_workers=n) as runner:
            yield runner
    except BaseException:
        worker_processes.kill()
        raise
    worker_processes.stop(wait=False)
