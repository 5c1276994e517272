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


@pytest.mark.parametrize("kind, to_extract, chunk_size, workers, expected", [
    ("auto", 800, 0, "2", 2), ("processes", 800, 0, "2", 2), ("threads", 800, 0, "2", 0), ("auto", 800, 0, "1", 0),
    ("dask", 800, 0, "2", 0), ("auto", 5, 0, "2", 1), ("auto", 32, 0, "2", 1), ("auto", 33, 0, "2", 2),
    ("auto", 16, 8, "2", 2), ("auto", 8, 8, "2", 1), ("auto", 0, 0, "2", 0), ("auto", 900, 0, "4", 4),
    ("processes", 5, 0, "1", 1)])
def test_workers_start_before_the_flow_one_per_chunk_up_to_the_setting(monkeypatch, kind, to_extract, chunk_size, workers,
                                                                       expected):
    from sitrep.flows.runners import early_worker_count

    monkeypatch.setenv("SITREP_WORKERS", workers)
    assert early_worker_count(kind, to_extract, chunk_size) == expected


def test_a_file_that_may_hold_many_articles_starts_every_worker(monkeypatch):
    from sitrep.flows.runners import early_worker_count

    monkeypatch.setenv("SITREP_WORKERS", "2")
    assert early_worker_count("auto", 1, 0, several_per_file=True) == 2   # one .jsonl of any size
    assert early_worker_count("auto", 0, 0, several_per_file=True) == 0   # nothing to read
    assert early_worker_count("threads", 1, 0, several_per_file=True) == 0
