"""The HTML report in a real browser: Debian's headless Chromium, driven by Playwright, with
every network request refused (the file must be self-contained); no console errors; the
charts, the map and the tables are there; a screenshot is kept in test-artifacts/."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.report import write_report

pytestmark = pytest.mark.integration
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_report_renders_in_headless_chromium_without_console_errors(tmp_path, prefect_server):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    wh = tmp_path / "wh"
    subprocess.run([str(Path(sys.executable).with_name("sitrep")), "run", "--warehouse", str(wh)], check=True,
                   capture_output=True, env=dict(os.environ, PREFECT_API_URL=prefect_server))
    report = write_report(wh, tmp_path / "report.html")
    errors, requests = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def refuse_network(route):
            requests.append(route.request.url)
            route.abort() if not route.request.url.startswith("file:") else route.continue_()

        page.route("**/*", refuse_network)
        page.goto(report.as_uri())
        assert page.locator("svg.timeline rect").count() > 0
        assert page.locator("svg.bars rect").count() > 0
        assert page.locator("svg.map polygon.gov").count() >= 12    # the governorates' outline
        assert page.locator("svg.map circle").count() > 0           # incidents on it
        assert "Douma" in page.inner_text("table")                  # largest incidents and sources
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
    assert errors == []
    assert all(u.startswith("file:") for u in requests), requests
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
