"""Where extraction chunks run: a task runner chosen by setting, used as a context manager so
that its workers stop when extraction ends (before the load needs the memory), or none: the
flow's own thread."""
from __future__ import annotations

import contextlib
import os

from sitrep.common.settings import task_runner_kind, workers


def task_runner(kind: str | None = None, parallel: bool = True):
    """--task-runner / SITREP_TASK_RUNNER: auto (default), threads, processes or dask.

    auto is processes on a machine with two cores or more, threads otherwise. threads means
    the flow's own thread, one chunk after another (a shared spaCy model gains nothing from
    threads under the GIL): the context yields None, and so it does for a run that is not
    `parallel` (it fits in one chunk), whatever the setting — starting workers, each loading
    a model, would cost more than it saves. Dask uses SITREP_DASK_ADDRESS (tcp://host:8786)
    when set, else a local cluster."""
    kind = task_runner_kind(kind)
    if kind == "auto":
        kind = "processes" if workers() > 1 else "threads"
    if kind == "threads" or not parallel:
        return contextlib.nullcontext(None)
    if kind == "processes":
        from sitrep.tasks.etl import prepare_worker

        return _eager_process_pool(workers(), prepare_worker)
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


def _eager_process_pool(max_workers: int, initializer):
    """Prefect's ProcessPoolTaskRunner whose worker processes all start when it is entered,
    each loading the model in `initializer`, so that they are ready while the flow still
    reads the first files (the standard pool starts a worker at a submit, and its model
    with the first chunk)."""
    from prefect.task_runners import ProcessPoolTaskRunner

    class EagerProcessPool(ProcessPoolTaskRunner):
        def __enter__(self):
            super().__enter__()
            executor = getattr(self, "_executor", None)
            # concurrent.futures' own way to start every worker of a fresh pool; a pool of
            # another shape starts its workers at the first submits, as before
            if executor is not None and hasattr(executor, "_launch_processes") \
                    and getattr(executor, "_executor_manager_thread", "missing") is None:
                executor._launch_processes()
            return self

        def __exit__(self, exc_type, exc_value, traceback):
            executor = getattr(self, "_executor", None)
            if exc_type is None and executor is not None:
                # every chunk is back: the workers stop on their own (their teardown takes
                # about a second) while the flow goes on to record and load the run
                executor.shutdown(wait=False)
                self._executor = None
            super().__exit__(exc_type, exc_value, traceback)

    return EagerProcessPool(max_workers=max_workers, initializer=initializer)
