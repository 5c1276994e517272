"""exit_with: a worker process ends with the run's process."""
from __future__ import annotations

import signal
import subprocess
import sys
import time


def test_a_process_exits_with_the_process_it_watches():
    """exit_with(pid): a worker ends soon after the run's process ends, even when that
    process is not its parent (a worker forked by a fork server) and was killed."""
    run = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker = subprocess.Popen([sys.executable, "-c", "import sys, time; from sitrep.common.processes import exit_with; "
                               "exit_with(int(sys.argv[1])); time.sleep(60)", str(run.pid)])
    time.sleep(1.5)
    assert worker.poll() is None   # alive while the run is
    run.send_signal(signal.SIGKILL)
    t = time.monotonic()
    assert worker.wait(timeout=10) == 1
    assert time.monotonic() - t < 5
    run.wait()
