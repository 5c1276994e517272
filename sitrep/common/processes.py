"""Child processes that die with their parent: a run's worker processes and its own Prefect
server must not outlive a `kill -9` of the run."""
from __future__ import annotations

import ctypes
import os
import select
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


def exit_with(pid: int, interval: float = 0.5) -> None:
    """A process pool's initializer: the worker exits as soon as the process `pid` (the run's)
    has ended, however it ended. A watcher thread rather than the parent-death signal, which
    follows the parent *thread* that started the worker; and `pid` rather than the parent,
    which for a worker forked by a fork server is that server, not the run. On Linux the
    thread waits on a pidfd (woken when the process ends, even before it is reaped);
    elsewhere it looks every `interval` seconds."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    if fd is None and not _alive(pid):
        os._exit(1)

    def watch() -> None:
        if fd is not None:
            select.select([fd], [], [])
            os._exit(1)
        while _alive(pid):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-run", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # there, but another user's
        pass
    return True


def exit_now(status: int) -> None:
    """End a finished command without tearing down the interpreter's heap: what a normal exit
    does first — join the threads that are not daemons (and the process pools' shutdown), run
    the atexit handlers (logging, Prefect's log and event workers drain to the server,
    multiprocessing's cleanup) — then leave with `status` at once, skipping about half a
    second of freeing pandas, Prefect and spaCy objects no one will use."""
    import atexit

    threading._shutdown()   # what Py_FinalizeEx does first: non-daemon threads, pool shutdowns
    atexit._run_exitfuncs()
    exit_at_once(status)


def exit_at_once(status: int) -> None:
    """End now, output flushed, running no exit handler: for a run whose Prefect API is gone,
    whose log and event workers would otherwise retry it for minutes before the exit."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)

