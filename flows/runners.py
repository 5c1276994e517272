"""The task runner, chosen by setting: auto (default), threads, processes, or Dask."""
from __future__ import annotations

import os

from sitrep.common.settings import task_runner_kind, workers


def task_runner(kind: str | None = None):
    """SITREP_TASK_RUNNER=auto|threads|processes|dask; SITREP_DASK_ADDRESS points Dask at an
    existing scheduler (tcp://host:8786), otherwise a local cluster is started. auto is
    processes on a machine with two cores or more (a run of one chunk still extracts in the
    flow's own process, without starting workers), threads otherwise."""
    kind = task_runner_kind(kind)
    if kind == "auto":
        kind = "processes" if workers() > 1 else "threads"
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    if kind == "processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=workers())
    if kind == "dask":
        # A LocalCluster closing at the end of a successful run may log heartbeat tracebacks
        # from workers already gone; failures still surface as failed task runs.
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "critical")
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:
            raise RuntimeError("the Dask task runner needs prefect-dask: pip install 'sitrep[dask]'") from exc
        address = os.environ.get("SITREP_DASK_ADDRESS")
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers(), "threads_per_worker": 1, "dashboard_address": None})
    raise AssertionError(kind)   # task_runner_kind admits no other


__all__ = ["task_runner", "workers"]
