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


def render(report: Path, shot: str):
    """Open the report in headless Chromium with the network refused; (page text, counts of
    its chart parts, console errors, requests); a full-page screenshot in test-artifacts/."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    errors, requests, counts = [], [], {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1250, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        def refuse_network(route):
            requests.append(route.request.url)
            route.abort() if not route.request.url.startswith("file:") else route.continue_()

        page.route("**/*", refuse_network)
        page.goto(report.as_uri())
        for part in ("bar", "axis", "geoshape", "circle", "legend", "title"):
            counts[part] = page.locator(f'[aria-roledescription="{part}"]').count()
        counts["script"] = page.locator("script").count()
        text = page.inner_text("body")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
        browser.close()
    return text, counts, errors, requests


def test_the_multi_country_report_maps_each_country_on_its_own_divisions(tmp_path, prefect_server):
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it)")
    from sitrep.common.settings import world_sample

    wh = tmp_path / "wh"
    subprocess.run([str(Path(sys.executable).with_name("sitrep")), "run", "--source", str(world_sample()), "--warehouse", str(wh)],
                   check=True, capture_output=True, env=dict(os.environ, PREFECT_API_URL=prefect_server))
    text, counts, errors, requests = render(write_report(wh, tmp_path / "report.html"), "report-world.png")
    assert errors == [] and all(u.startswith("file:") for u in requests), (errors, requests)
    assert counts["script"] == 0
    assert "Incidents by country" in text                          # a world map when incidents span countries
    assert text.count("incidents on its first-level divisions") == 3
    assert counts["geoshape"] > 200                                # the world and three countries' divisions
    assert "Sagaing (division only)" in text                       # precision said where a place is not known
    assert "NaT" not in text and "nan" not in text.split()


def test_report_renders_in_headless_chromium_without_console_errors(tmp_path, prefect_server):
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it)")
    wh = tmp_path / "wh"
    subprocess.run([str(Path(sys.executable).with_name("sitrep")), "run", "--warehouse", str(wh)], check=True,
                   capture_output=True, env=dict(os.environ, PREFECT_API_URL=prefect_server))
    text, counts, errors, requests = render(write_report(wh, tmp_path / "report.html"), "report.png")
    assert errors == []
    assert all(u.startswith("file:") for u in requests), requests
    assert counts["script"] == 0                   # static SVG: nothing runs, nothing loads
    assert counts["bar"] > 20                      # months, actors, divisions, sources
    assert counts["axis"] >= 8                     # every chart has both axes
    assert counts["geoshape"] >= 14                # Syria's 14 governorates and more
    assert counts["circle"] > 0                    # incidents known to a place
    assert counts["legend"] >= 2                   # sizes and types
    assert "Rif Dimashq" in text and "Idlib" in text   # the divisions named as sitrep names them
    assert "Douma" in text.split("Largest incidents", 1)[1]   # largest incidents and their sources
    assert "NaT" not in text and "nan" not in text.split()
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
