"""Shared fixtures. Prefect state goes to a per-session temporary home so tests never touch
the developer's ~/.prefect, and its telemetry stays off."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    home = Path(os.environ.get("SITREP_TEST_PREFECT_HOME", "/tmp/sitrep-test-prefect-home"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@pytest.fixture(scope="session")
def nlp():
    from tasks.extract.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def analyse(nlp):
    """Run the whole pipeline over a text (first line = headline) with a publication date."""
    import datetime as dt

    def run(text: str, published: dt.date | str | None = None):
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        doc = nlp.make_doc(text)
        doc._.published_date = published
        return nlp(doc)

    return run


@pytest.fixture
def sitrep_bin() -> str:
    exe = Path(sys.executable).with_name("sitrep")
    return str(exe)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free loopback port, its database in a temporary
    home; yields the API URL. Runs against it take seconds instead of starting Prefect's
    temporary server each time."""
    import subprocess
    import time
    import urllib.request

    home = tmp_path_factory.mktemp("prefect-server-home")
    port = free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_UI_ENABLED="false", PREFECT_SERVER_API_HOST="127.0.0.1", PREFECT_SERVER_API_PORT=str(port))
    prefect = str(Path(sys.executable).with_name("prefect"))
    log = open(home / "server.log", "w")
    proc = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.close()
            raise RuntimeError("prefect server did not start:\n" + (home / "server.log").read_text()[-3000:])
        time.sleep(0.5)
    yield url
    import signal

    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()
