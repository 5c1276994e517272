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
        from prefect.task_runners import ProcessPoolTaskRunner

        from sitrep.common.processes import exit_with_parent

        # a worker that outlived a killed run would go on extracting into a dead run's spool
        return ProcessPoolTaskRunner(max_workers=workers(), initializer=exit_with_parent)
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
