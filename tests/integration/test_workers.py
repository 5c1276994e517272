"""The extraction workers (tasks/run/workers.py): plain processes that load the model and never
Prefect; without a pool a chunk runs in the calling thread."""
from __future__ import annotations

import os
import time

import pytest

from sitrep.tasks.run import workers

pytestmark = pytest.mark.integration


# What a worker runs must pickle by reference to a module the worker can import: builtins
# do (the tests package is not on a spawned worker's path under the `pytest` script).
WHERE_AND_WHAT = "(__import__('os').getpid(), 'prefect' in __import__('sys').modules, 'spacy' in __import__('sys').modules)"


def where_and_what() -> tuple[int, bool, bool]:
    """(pid, Prefect imported, spaCy imported) of the process the work runs in."""
    return workers.run(eval, WHERE_AND_WHAT)


def test_without_a_pool_work_runs_in_the_calling_process():
    assert not workers.running()
    assert where_and_what()[0] == os.getpid()


def test_a_worker_has_the_model_and_no_prefect():
    workers.start(1)
    try:
        pid, prefect, spacy = where_and_what()
    finally:
        workers.stop(wait=True)
    assert pid != os.getpid()
    assert spacy and not prefect   # loaded by the initializer; Prefect stays in the flow's process
    assert not workers.running()


def test_kill_ends_the_workers_and_the_chunks_in_flight():
    import concurrent.futures as cf
    from concurrent.futures.process import BrokenProcessPool

    workers.start(1)
    pool = workers._pool
    assert workers.run(eval, "1") == 1   # the worker is up (it starts in the background)
    with cf.ThreadPoolExecutor(1) as threads:
        in_flight = threads.submit(workers.run, time.sleep, 60)
        time.sleep(1)
        procs = list(pool._processes.values())
        t = time.monotonic()
        workers.kill()
        with pytest.raises(BrokenProcessPool):   # the chunk's task fails: its worker is gone
            in_flight.result(timeout=30)
    assert time.monotonic() - t < 15
    for p in procs:
        p.join(10)
        assert not p.is_alive()


def test_workers_start_warm_from_the_fork_server_with_the_runs_environment(monkeypatch):
    """A worker is forked from the server that loaded the model once (it holds the preload
    module), not from the run's process, and has the run's environment; the server ends with
    the workers (its model's memory is the load's)."""
    import psutil

    monkeypatch.setenv("SITREP_TEST_MARK", "the run's")
    workers.start(1)
    try:
        parent, preloaded, mark = workers.run(eval, "(__import__('os').getppid(), 'sitrep.tasks.run.worker_preload' in "
                                                    "__import__('sys').modules, __import__('os').environ.get('SITREP_TEST_MARK'))")
    finally:
        workers.stop(wait=True)
    assert parent != os.getpid() and preloaded
    assert mark == "the run's"
    assert not psutil.pid_exists(parent) or psutil.Process(parent).status() == psutil.STATUS_ZOMBIE


def test_a_pool_stopped_while_its_workers_start_stops_quietly():
    """A short run can end before its second worker has started: the fork server is stopped
    only after the starting is over, and nothing is printed (a thread's traceback was)."""
    import threading

    errors = []
    hook, threading.excepthook = threading.excepthook, lambda args: errors.append(args.exc_value)
    try:
        for wait in (True, False):
            workers.start(2)
            workers.stop(wait=wait)
        time.sleep(5)   # the background stop of wait=False
    finally:
        threading.excepthook = hook
    assert errors == []
