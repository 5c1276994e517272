"""Scheduled runs that really run, against a real `prefect server start` on loopback:

- `sitrep serve --cron "* * * * *"`: the server's scheduler creates a flow run (nobody here
  triggers one), the served runner executes it, it completes and loads the warehouse;
- the server's loop services (scheduler, late runs, cancellation cleanup, foreman …) run for
  more than a minute without one ERROR line or traceback in the server's own log;
- Ctrl-C or SIGTERM stops `sitrep serve --start-server` (runner first, then its server)
  with exit 0, no traceback and no RuntimeWarning.

With Chromium installed, the deployment's runs page is kept as a screenshot in
test-artifacts/prefect-ui-scheduled-runs.png.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from sitrep.prefect_server import free_port, healthy, local_prefect_server
from sitrep.common.settings import sample_corpus

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# what must never appear in a server log or on a console that ends well
PROBLEM = re.compile(r"\|\s*(?:ERROR|CRITICAL)\s*\||\bTraceback \(most recent call last\)|RuntimeWarning")


def api(url: str, path: str, body: dict | None = None):
    req = urllib.request.Request(url + path, data=json.dumps(body or {}).encode(), method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def problems(text: str) -> list[str]:
    return [line for line in text.splitlines() if PROBLEM.search(line)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("prefect-scheduler")
    with local_prefect_server(home, ui=True) as url:
        yield url, home / "server.log", time.monotonic()


def interrupt(proc: subprocess.Popen, timeout: float = 60, sig: int = signal.SIGINT) -> int:
    """Ctrl-C at a terminal (SIGINT to the whole process group), or a service manager's SIGTERM."""
    os.killpg(proc.pid, sig)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("did not stop within a minute of Ctrl-C") from None


def scheduled_runs(url: str) -> list[dict]:
    """Flow runs the server's scheduler created (not triggered by anyone)."""
    runs = api(url, "/flow_runs/filter", {"sort": "EXPECTED_START_TIME_ASC", "limit": 200})
    return [r for r in runs if r.get("auto_scheduled") and (r.get("created_by") or {}).get("type") == "SCHEDULE"]


def screenshot_runs(ui: str, deployment_id: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=BROWSER_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{ui}/deployments/deployment/{deployment_id}?tab=Runs")
        page.get_by_text("Completed", exact=True).first.wait_for(timeout=60_000)   # the run list has rendered
        page.wait_for_timeout(1000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "prefect-ui-scheduled-runs.png"), full_page=True)
        text = page.inner_text("body")
        browser.close()
    assert "Completed" in text and "Scheduled" in text, text[:2000]


def test_the_scheduler_creates_runs_that_the_served_runner_completes(server, tmp_path):
    url, server_log, _ = server
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:3]:
        shutil.copy(p, src / p.name)
    out = open(tmp_path / "serve.log", "w")
    serve = subprocess.Popen([SITREP, "serve", "--cron", "* * * * *", "--source", str(src), "--warehouse", str(wh)],
                             env=dict(os.environ, PREFECT_API_URL=url), stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        completed = None
        while completed is None:
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, ("no scheduled run completed within 5 minutes",
                                                 scheduled_runs(url)[:3], (tmp_path / "serve.log").read_text()[-3000:])
            runs = scheduled_runs(url)
            failed = [r for r in runs if r["state_type"] in ("FAILED", "CRASHED")]
            assert not failed, failed
            completed = next((r for r in runs if r["state_type"] == "COMPLETED"), None)
            time.sleep(2)
        deployment = api(url, f"/deployments/{completed['deployment_id']}")
        assert deployment["name"] == "scheduled"
        screenshot_runs(url.removesuffix("/api"), completed["deployment_id"])
    finally:
        rc = interrupt(serve)
        out.close()
    console = (tmp_path / "serve.log").read_text()
    assert rc == 0 and not problems(console), console[-3000:]
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    loaded = dict(con.execute("select run_id, articles_loaded from runs").fetchall())
    con.close()
    assert loaded.get(completed["id"]) is not None, (completed["id"], loaded)
    assert sum(loaded.values()) == 3   # the first scheduled run loaded the three articles; later ones found them unchanged
    assert not problems(server_log.read_text()), problems(server_log.read_text())


def test_the_servers_loop_services_run_a_minute_without_errors(server):
    url, server_log, started = server
    time.sleep(max(0.0, 70 - (time.monotonic() - started)))   # every loop service has run at least once
    assert healthy(url)
    text = server_log.read_text()
    assert "Uvicorn running" in text or "Check out the dashboard" in text, text[-2000:]
    assert not problems(text), problems(text)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # what `cmd &` in a script, or nohup, hands down


@pytest.mark.parametrize("sig,background", [(signal.SIGINT, False), (signal.SIGTERM, False), (signal.SIGTERM, True)],
                         ids=["ctrl-c", "sigterm", "sigterm-started-in-the-background"])
def test_ctrl_c_or_sigterm_stops_serve_and_the_server_it_started(tmp_path, sig, background):
    port = free_port()
    home = tmp_path / "prefect"
    proc = subprocess.Popen([SITREP, "serve", "--start-server", "--port", str(port), "--warehouse", str(tmp_path / "wh")],
                            env={k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(home)},
                            stdout=open(tmp_path / "out.log", "w"), stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=_ignore_sigint if background else None)
    api_url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while True:   # both deployments registered: the runner is serving
        assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "out.log").read_text()[-3000:]
        if healthy(api_url) and len(api(api_url, "/deployments/filter", {})) == 2:
            break
        time.sleep(1)
    time.sleep(3)
    rc = interrupt(proc, sig=sig)
    console = (tmp_path / "out.log").read_text()
    assert rc == 0 and not problems(console), console[-3000:]
    assert "All deployments have been paused" in console and "serve: stopped" in console, console[-3000:]
    assert not healthy(api_url)   # the server it started is gone too
    assert not problems((home / "server.log").read_text())


def test_sigterm_while_the_server_starts_stops_that_server_too(tmp_path):
    """Issue 32.2: SIGTERM to serve (its pid only, as docker or a supervisor sends it) during
    the server's start-up left the server running, re-parented, and the next serve failed on
    the port."""
    from sitrep.prefect_server import port_in_use

    port = free_port()
    proc = subprocess.Popen([SITREP, "serve", "--start-server", "--port", str(port), "--warehouse", str(tmp_path / "wh")],
                            env={k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
                            | {"PREFECT_HOME": str(tmp_path / "prefect")},
                            stdout=open(tmp_path / "out.log", "w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while "starting a Prefect server" not in (tmp_path / "out.log").read_text():
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "out.log").read_text()
            time.sleep(0.1)
        time.sleep(1.5)   # the server process is up, not yet answering
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        import psutil

        def servers() -> list:
            return [p for p in psutil.process_iter(["cmdline"])
                    if "server" in (p.info["cmdline"] or []) and str(port) in (p.info["cmdline"] or [])]
        deadline = time.monotonic() + 30
        while (servers() or port_in_use(port)) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = servers()
        for p in left:
            p.kill()
        assert not left and not port_in_use(port), "the Prefect server serve started outlived it"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
