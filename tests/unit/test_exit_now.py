"""exit_now: a finished command leaves at once, but only after what a normal exit does first."""
from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import atexit, sys, threading, time
from sitrep.common.processes import exit_now
out = sys.argv[1]
def late():
    time.sleep(0.3)
    open(out + ".thread", "w").write("joined")
threading.Thread(target=late).start()                     # not a daemon: joined before leaving
atexit.register(lambda: open(out + ".atexit", "w").write("ran"))
sys.stdout.write("x" * 200000)                             # buffered output is flushed
exit_now(3)
print("never")
"""


def test_exit_now_joins_threads_runs_exit_handlers_flushes_and_keeps_the_status(tmp_path):
    out = tmp_path / "mark"
    proc = subprocess.run([sys.executable, "-c", PROGRAM, str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert proc.stdout == "x" * 200000
    assert (tmp_path / "mark.thread").read_text() == "joined"
    assert (tmp_path / "mark.atexit").read_text() == "ran"

