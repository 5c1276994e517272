"""sitrep serve against a real Prefect server: both deployments registered, the manual one
started through the API with parameters, its run loading the warehouse and publishing its
artifacts; the run's id is the warehouse's runs.run_id."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from sitrep.common.settings import sample_corpus

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def api(url: str, path: str, body: dict | None = None, method: str | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method=method or ("POST" if data is not None else "GET"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def wait_for(fn, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(tmp_path, prefect_server):
    env = dict(os.environ, PREFECT_API_URL=prefect_server)
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([SITREP, "serve", "--warehouse", str(tmp_path / "default-wh")], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def deployments():
            found = {d["name"]: d for d in api(prefect_server, "/deployments/filter", {})}
            return found if {"scheduled", "manual"} <= set(found) else None

        yield prefect_server, wait_for(deployments, 120, "both deployments")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_both_deployments_are_registered_with_schedule_and_described_parameters(served):
    url, deps = served
    schedules = deps["scheduled"]["schedules"]
    assert schedules and schedules[0]["schedule"]["cron"] == "0 * * * *"
    assert not deps["manual"]["schedules"]
    props = deps["manual"]["parameter_openapi_schema"]["properties"]
    for name in ("source", "warehouse", "full_refresh", "article_ids", "since"):
        assert name in props and props[name].get("description"), name
    assert deps["manual"]["parameters"]["warehouse"].endswith("default-wh")


def test_manual_run_with_parameters_completes_and_publishes_artifacts(served, tmp_path):
    url, deps = served
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:3]:
        shutil.copy(p, src / p.name)
    run = api(url, f"/deployments/{deps['manual']['id']}/create_flow_run",
              {"parameters": {"source": str(src), "warehouse": str(wh), "full_refresh": True}})

    def finished():
        state = api(url, f"/flow_runs/{run['id']}")["state"]
        return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    state = wait_for(finished, 240, "the manual flow run")
    assert state["type"] == "COMPLETED", state
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select run_id, articles_loaded, full_refresh from runs").fetchall() == [(run["id"], 3, True)]
    con.close()
    artifacts = api(url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
    by_key = {a["key"]: a for a in artifacts}
    assert {"sitrep-run-summary", "sitrep-quarantine"} <= set(by_key)
    assert "| inputs seen |" in by_key["sitrep-run-summary"]["data"]
