"""The package as users install it: a wheel that holds only `sitrep/` (one import root, no
top-level `tasks` or `flows`), sitrep's spaCy components registered through the
`spacy_factories` entry point, and import-linter's contracts (pyproject.toml) kept by the
installed layout: the layers point one way."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                           str(ROOT)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return next(out.glob("sitrep-*.whl"))


def test_the_wheel_holds_only_the_sitrep_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"sitrep", wheel.name.split("-py3")[0] + ".dist-info"}
    for module in ("sitrep/flows/etl.py", "sitrep/tasks/extract/claims.py", "sitrep/schemas/events.py",
                   "sitrep/warehouse/store.py", "sitrep/deployments/sitrep_etl.py", "sitrep/common/dates.py",
                   "sitrep/data/triggers.jsonl", "sitrep/warehouse/views.sql", "sitrep/sample/gold.json"):
        assert module in names, module


def test_spacy_finds_sitreps_components_by_entry_point(wheel):
    entry_points = next(zipfile.ZipFile(wheel).read(n).decode() for n in zipfile.ZipFile(wheel).namelist()
                        if n.endswith("entry_points.txt"))
    assert "[spacy_factories]" in entry_points and "sitrep_claims = sitrep.tasks.extract.pipeline:make_claims" in entry_points
    # a fresh interpreter that never imported sitrep builds a pipeline from the names alone
    code = ("import spacy, sys; nlp = spacy.blank('en'); [nlp.add_pipe(n) for n in "
            "('sitrep_line_breaks', 'sitrep_times')]; print(nlp.pipe_names)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd="/")
    assert proc.returncode == 0 and "sitrep_times" in proc.stdout, proc.stderr[-2000:]


def test_the_layers_point_one_way(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    proc = subprocess.run([str(BIN / "lint-imports"), "--config", str(ROOT / "pyproject.toml")], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": str(BIN)})
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "2 kept, 0 broken" in proc.stdout
