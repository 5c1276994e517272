"""The two deployments of sitrep-etl.

- `sitrep-etl/scheduled`: runs on a cron schedule (hourly by default; SITREP_SCHEDULE
  changes it) over SITREP_SOURCE into SITREP_WAREHOUSE.
- `sitrep-etl/manual`: no schedule; started from the Prefect UI's "Custom run" form, whose
  fields (source, warehouse, full_refresh, article_ids, since, chunk_size) come with the
  defaults below and the descriptions of the flow's docstring.

The Prefect API has no authentication, so a served run's parameters are whatever anyone who
reaches it sent: the run itself confines its source and warehouse (tasks/etl.confine_parameters,
SITREP_ALLOWED_ROOTS), and the runs never import code from the directory serving them.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager

from prefect.types.entrypoint import EntrypointType

from sitrep.flows.etl import sitrep_etl
from sitrep.common.settings import default_source, default_warehouse

DEFAULT_CRON = "0 * * * *"


def build_deployments(cron: str | None = None, source: str | None = None, warehouse: str | None = None) -> list:
    params = {"source": source or default_source(), "warehouse": warehouse or default_warehouse()}
    # by module path, not file path: the flow runs' processes import the installed package
    scheduled = sitrep_etl.to_deployment(
        name="scheduled",
        entrypoint_type=EntrypointType.MODULE_PATH,
        cron=cron or os.environ.get("SITREP_SCHEDULE") or DEFAULT_CRON,
        parameters=params,
        tags=["sitrep", "scheduled"],
        description="Loads every new or changed article under the source into the warehouse on a schedule.",
    )
    manual = sitrep_etl.to_deployment(
        name="manual",
        entrypoint_type=EntrypointType.MODULE_PATH,
        parameters=params,
        tags=["sitrep", "manual"],
        description="Run on demand: pick a source and warehouse, or reprocess a subset "
                    "(full_refresh, article_ids, since).",
    )
    return [scheduled, manual]


def serve(**kwargs) -> None:
    """Register both deployments with the API in PREFECT_API_URL and run them as they come,
    until Ctrl-C or SIGTERM; either pauses the deployments and stops cleanly."""
    import asyncio
    import signal

    from prefect.runner import Runner

    class GracefulRunner(Runner):
        # Prefect 3.8's own SIGTERM handler calls the async stop() without awaiting it
        # ("RuntimeWarning: coroutine 'Runner.astop' was never awaited") and exits mid-way;
        # SIGTERM is made a Ctrl-C instead, which asyncio turns into an orderly shutdown.
        def handle_sigterm(self, *args, **kwargs) -> None:
            signal.raise_signal(signal.SIGINT)

    # a process started in the background of a script (`sitrep serve &`, nohup) inherits
    # SIGINT as ignored, and Python then never raises KeyboardInterrupt: neither Ctrl-C nor
    # SIGTERM (made a Ctrl-C above) would stop it. Stopping must always work.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    runner = GracefulRunner(pause_on_shutdown=True)
    deployments = build_deployments(**kwargs)
    for deployment in deployments:
        runner.add_deployment(deployment)
    print("serving " + ", ".join(f"sitrep-etl/{d.name}" for d in deployments) + " (Ctrl-C stops)", flush=True)
    with code_from_the_package_only():
        try:
            asyncio.run(runner.start())
        except KeyboardInterrupt:
            print("serve: stopped", flush=True)


@contextmanager
def code_from_the_package_only():
    """Each flow run is a `python -m prefect.engine` process started in the runner's working
    directory, and Python (for -m) and Prefect's loader (for the entrypoint) both put that
    directory first on sys.path: served from a folder holding a `sitrep/` (a checkout, or a
    planted sitrep/__init__.py), every run would import that instead of the installed
    package. The runs start in an empty private folder instead, with PYTHONSAFEPATH set
    (Python adds no such directory at all)."""
    previous, safepath = os.getcwd(), os.environ.get("PYTHONSAFEPATH")
    empty = tempfile.mkdtemp(prefix="sitrep-serve-")   # mode 0700: no one else can put code there
    os.environ["PYTHONSAFEPATH"] = "1"
    os.chdir(empty)
    try:
        yield
    finally:
        os.chdir(previous)
        if safepath is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = safepath
        shutil.rmtree(empty, ignore_errors=True)
