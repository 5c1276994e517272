"""The Prefect UI in a real browser (Debian's headless Chromium via Playwright): both
deployments are listed; sitrep-etl/manual's "Custom run" form, with a parameter set in the
form, starts a run that completes, loads the warehouse and shows its artifacts."""
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

from sitrep.prefect_server import local_prefect_server

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def post(api: str, path: str, body: dict):
    req = urllib.request.Request(api + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=30).read())


def wait_for_run(api: str, timeout: float = 180, page=None) -> str:
    """The run the form created (the scheduler creates runs of sitrep-etl/scheduled too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = [r for r in post(api, "/flow_runs/filter", {"deployments": {"name": {"any_": ["manual"]}}})
                if not r["auto_scheduled"]]
        if runs:
            return runs[0]["id"]
        time.sleep(1)
    shown = f"; the page shows: {page.url} {page.inner_text('body')[:1500]!r}" if page is not None else ""
    raise AssertionError("the form created no flow run" + shown)


def test_custom_run_from_the_ui_completes_with_its_artifacts(tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    wh = tmp_path / "from-the-form"
    with local_prefect_server(tmp_path / "prefect", ui=True) as api:
        ui = api.removesuffix("/api")
        serve = subprocess.Popen([SITREP, "serve", "--warehouse", str(tmp_path / "default-wh")],
                                 # the form names a warehouse of its own: under the folders served runs may use
                                 env=dict(os.environ, PREFECT_API_URL=api, SITREP_ALLOWED_ROOTS=str(tmp_path)),
                                 stdout=open(tmp_path / "serve.log", "w"),
                                 stderr=subprocess.STDOUT, start_new_session=True)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                deadline = time.monotonic() + 120
                while True:   # both deployments listed once `sitrep serve` has registered them
                    page.goto(ui + "/deployments")
                    page.wait_for_timeout(2000)
                    text = page.inner_text("body")
                    if "manual" in text and "scheduled" in text:
                        break
                    assert time.monotonic() < deadline, text
                page.get_by_role("link", name="manual").first.click()
                page.locator("button.run-menu__run-button").click()
                page.get_by_text("Custom run", exact=True).click()
                page.wait_for_url("**/run**")
                # the form loads the deployment's parameter schema after the page: a value typed
                # (or a submit clicked) before it settles can be lost — wait for the network to idle
                page.wait_for_load_state("networkidle")
                page.locator("textarea").nth(1).fill(str(wh))   # the warehouse parameter
                page.locator("input[type=number]").first.fill("8")   # chunk_size
                page.wait_for_load_state("networkidle")
                page.locator("button[type=submit]").click()
                run_id = wait_for_run(api, page=page)    # the run the form created
                page.goto(f"{ui}/runs/flow-run/{run_id}")
                deadline = time.monotonic() + 240
                while "Completed" not in page.inner_text("body"):
                    assert "Failed" not in page.inner_text("body") and time.monotonic() < deadline, page.inner_text("body")
                    page.wait_for_timeout(2000)
                    page.reload()
                page.get_by_text("Artifacts", exact=True).first.click()   # the run page's Artifacts tab
                page.wait_for_timeout(2000)
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "prefect-ui-run.png"), full_page=True)
                body = page.inner_text("body")
                browser.close()
        finally:   # stopped while its server still answers, so its shutdown (pausing deployments) can finish
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                raise AssertionError("sitrep serve did not stop within a minute of SIGTERM") from None
        keys = {a["key"] for a in post(api, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run_id]}}})}
    assert {"sitrep-run-summary", "sitrep-quarantine"} <= keys
    assert "sitrep-run-summary" in body or "sitrep-quarantine" in body
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select run_id, articles_loaded from runs").fetchall() == [(run_id, 23)]
    con.close()
