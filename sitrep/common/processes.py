"""Child processes that die with their parent: a run's worker processes and its own Prefect
server must not outlive a `kill -9` of the run."""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1


def die_with_parent_term() -> None:
    """A Popen preexec_fn: the kernel sends SIGTERM to the child when the thread that started
    it ends (Linux's parent-death signal; elsewhere nothing). For a server started from the
    main thread of a command, which cleans up on SIGTERM."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def exit_with_parent(interval: float = 0.5) -> None:
    """A process pool's initializer: the worker exits within `interval` seconds of its parent
    dying (it is then adopted, and its parent pid changes). A watcher thread rather than the
    parent-death signal, which follows the parent *thread* that spawned the worker, and pool
    workers are spawned from whichever thread submits first."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def exit_now(status: int) -> None:
    """End a finished command without tearing down the interpreter's heap: what a normal exit
    does first — join the threads that are not daemons (and the process pools' shutdown), run
    the atexit handlers (logging, Prefect's log and event workers drain to the server,
    multiprocessing's cleanup) — then leave with `status` at once, skipping about half a
    second of freeing pandas, Prefect and spaCy objects no one will use."""
    import atexit
    import sys

    threading._shutdown()   # what Py_FinalizeEx does first: non-daemon threads, pool shutdowns
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)
