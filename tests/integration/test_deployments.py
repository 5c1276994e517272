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
import urllib.error
import urllib.request
from contextlib import contextmanager
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
        try:
            value = fn()
        except urllib.error.HTTPError as exc:   # a server busy starting (503) is asked again
            if exc.code < 500:
                raise
            value = None
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def serving(tmp_path: Path, prefect_server: str, cwd: Path | None = None, **env):
    """`sitrep serve` (its runs may use the folders under tmp_path) until the block ends."""
    env = dict(os.environ, PREFECT_API_URL=prefect_server, SITREP_ALLOWED_ROOTS=str(tmp_path), **env)
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([SITREP, "serve", "--warehouse", str(tmp_path / "default-wh")], env=env, cwd=cwd,
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


@pytest.fixture
def served(tmp_path, prefect_server):
    with serving(tmp_path, prefect_server) as it:
        yield it


def run_manual(url: str, deps: dict, parameters: dict) -> tuple[dict, dict]:
    """Start the manual deployment with these parameters through the API (one POST, as
    anyone who reaches it could) and wait for the run's end: (run, final state)."""
    run = wait_for(lambda: api(url, f"/deployments/{deps['manual']['id']}/create_flow_run", {"parameters": parameters}),
                   60, "the API to take the run")

    def finished():
        state = api(url, f"/flow_runs/{run['id']}")["state"]
        return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    return run, wait_for(finished, 240, "the manual flow run")


def three_articles(src: Path) -> Path:
    src.mkdir(parents=True)
    for p in sorted(sample_corpus().glob("*.txt"))[:3]:
        shutil.copy(p, src / p.name)
    return src


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
    src, wh = three_articles(tmp_path / "src"), tmp_path / "wh"
    run, state = run_manual(url, deps, {"source": str(src), "warehouse": str(wh), "full_refresh": True})
    assert state["type"] == "COMPLETED", state
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select run_id, articles_loaded, full_refresh from runs").fetchall() == [(run["id"], 3, True)]
    con.close()
    artifacts = api(url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
    by_key = {a["key"]: a for a in artifacts}
    assert {"sitrep-run-summary", "sitrep-quarantine"} <= set(by_key)
    assert "| inputs seen |" in by_key["sitrep-run-summary"]["data"]


# ---- issue 27, item 4: whoever reaches the API chooses a run's parameters ----------------

def test_a_run_outside_the_allowed_roots_is_refused_before_it_touches_anything(served, tmp_path, tmp_path_factory):
    """One unauthenticated POST per attack: a source elsewhere on the machine (the red team
    read /root), a URL source (the Prefect API's own settings), the SQL-injecting warehouse
    path, a path climbing out with '..'. Each run fails with its reason; nothing is read,
    created or written."""
    url, deps = served
    elsewhere = three_articles(tmp_path_factory.mktemp("elsewhere") / "src")
    pwned = tmp_path_factory.mktemp("pwned") / "pwned.csv"
    injected = f"{pwned.parent}/x/**/articles/part-*.parquet'); COPY (SELECT 'pwned' AS x) TO '{pwned}'; SELECT 1 FROM read_parquet('x"
    attacks = [
        {"source": str(elsewhere), "warehouse": str(tmp_path / "wh")},
        {"source": url + "/admin/settings", "warehouse": str(tmp_path / "wh")},
        {"warehouse": injected},
        {"warehouse": f"{tmp_path}/../{pwned.parent.name}/wh"},
    ]
    for parameters in attacks:
        run, state = run_manual(url, deps, parameters)
        assert state["type"] == "FAILED" and "ParameterRefused" in state["message"], (parameters, state)
        assert "SITREP_ALLOWED_ROOTS" in state["message"], state["message"]
    assert not (tmp_path / "wh").exists() and not (tmp_path / "default-wh").exists()
    assert sorted(p.name for p in pwned.parent.iterdir()) == []


def test_runs_never_import_code_from_the_folder_serving_them(tmp_path, prefect_server):
    """Served from a folder holding a `sitrep/` package (a checkout, or planted): the runs
    import the installed sitrep, never that one."""
    cwd, marker = tmp_path / "cwd", tmp_path / "planted-code-ran"
    (cwd / "sitrep").mkdir(parents=True)
    (cwd / "sitrep" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\nraise ImportError('planted')\n")
    with serving(tmp_path, prefect_server, cwd=cwd) as (url, deps):
        src, wh = three_articles(tmp_path / "src"), tmp_path / "wh"
        run, state = run_manual(url, deps, {"source": str(src), "warehouse": str(wh)})
    assert state["type"] == "COMPLETED", state
    assert not marker.exists()
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select count(*) from articles").fetchone()[0] == 3
    con.close()
