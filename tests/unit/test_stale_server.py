"""Issue 32.7: a stale server.json — the background server gone, its pid or its port now
another program's — is never trusted and never signalled."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sitrep.prefect_server import background_server, free_port, stop_background_server


def _health_server(root: Path, port: int) -> subprocess.Popen:
    (root / "api").mkdir(parents=True)
    (root / "api" / "health").write_text("true")
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 10
    import urllib.request
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the test's HTTP server did not start")


def test_a_stale_record_is_not_trusted_and_its_pid_not_signalled(tmp_path):
    port = free_port()
    other = _health_server(tmp_path / "www", port)   # answers /api/health like a Prefect server
    bystander = subprocess.Popen(["sleep", "300"], start_new_session=True)   # leads a session of its own
    try:
        home = tmp_path / "home"
        home.mkdir()
        for pid in (bystander.pid, other.pid):
            (home / "server.json").write_text(json.dumps({"url": f"http://127.0.0.1:{port}/api", "pid": pid,
                                                          "port": port, "started": "2026-12-07T00:00:00+0000"}))
            assert background_server(home) is None
            assert stop_background_server(home) is None
            assert not (home / "server.json").exists()
        assert bystander.poll() is None and other.poll() is None   # neither was signalled
        os.kill(bystander.pid, 0)
    finally:
        for p in (other, bystander):
            p.kill()
            p.wait()
