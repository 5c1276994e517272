"""The task runner is a setting: threads (default) and processes build the same warehouse."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_reliability import snapshot

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def test_processes_and_dask_runners_build_the_same_warehouse_as_threads(tmp_path, prefect_server):
    env = dict(os.environ, PREFECT_API_URL=prefect_server, SITREP_WORKERS="2")
    for kind in ("threads", "processes", "dask"):   # dask: a LocalCluster of 2 workers
        proc = subprocess.run([SITREP, "run", "--warehouse", str(tmp_path / kind), "--task-runner", kind, "--chunk-size", "8"],
                              capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert snapshot(tmp_path / "threads") == snapshot(tmp_path / "processes") == snapshot(tmp_path / "dask")


def test_unknown_or_missing_runner_is_a_clear_error():
    from sitrep.flows.runners import task_runner

    with pytest.raises(ValueError, match="SITREP_TASK_RUNNER must be one of auto, threads, processes, dask"):
        task_runner("gpu")
