"""Nobody gets in (issue 27), through the real command line against a real Prefect server:
paths are data, the URLs a fetched list names stay outside the machine's own network,
outputs never clobber what they land on, a forged publish journal moves nothing, and no
control character reaches a terminal."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from sitrep.common.settings import sample_corpus
from tests.integration.test_reliability import ARTICLE, sitrep

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def small_source(root: Path, n: int = 2) -> Path:
    src = root / "src"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:n]:
        shutil.copy(p, src / p.name)
    return src


# ---- 1. paths are data -----------------------------------------------------------------

def test_the_red_teams_warehouse_path_loads_as_a_folder_and_runs_no_sql(tmp_path, prefect_server):
    """The attack of issue 27, item 1, verbatim but under tmp_path; and a folder whose name
    holds every character SQL or a glob reads (' " [ ] * ? spaces, other scripts)."""
    pwned = tmp_path / "pwned.csv"
    injected = (f"{tmp_path}/x/**/articles/part-*.parquet'); COPY (SELECT 'pwned' AS x) TO '{pwned}'; "
                f"SELECT 1 FROM read_parquet('{tmp_path}/x")
    odd = f"{tmp_path}/it's [1] \"wh\" * ? – مستودع"
    src = small_source(tmp_path)
    for wh in (injected, odd):
        sitrep(["run", "--source", str(src), "--warehouse", wh, "--task-runner", "threads"], prefect_server)
        assert not pwned.exists()
        proc = sitrep(["query", "select count(*) as n from article_sources", "--warehouse", wh, "--format", "csv"],
                      prefect_server)
        assert proc.stdout.splitlines() == ["n", "2"]
        again = sitrep(["run", "--source", str(src), "--warehouse", wh, "--task-runner", "threads"], prefect_server)
        assert "nothing changed" in again.stdout
    assert sorted(p.name for p in Path(odd).iterdir() if not p.name.startswith(".")) == [
        "input-ledger.parquet", "parquet", "settled.json", "sitrep.duckdb"]


# ---- 3. outputs never clobber what they land on -----------------------------------------

@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_server):
    root = tmp_path_factory.mktemp("loaded")
    wh = root / "wh"
    sitrep(["run", "--source", str(small_source(root)), "--warehouse", str(wh), "--task-runner", "threads"], prefect_server)
    return wh


def fingerprint(path: Path):
    st = os.lstat(path)
    return stat.S_IFMT(st.st_mode), st.st_ino, st.st_size, st.st_mtime_ns


OUTPUT_COMMANDS = {
    "query": ["query", "select * from events", "--format", "csv", "--out"],
    "export": ["export", "--format", "acled", "--out"],
    "report": ["report", "--out"],
}


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
@pytest.mark.parametrize("what", ["device", "fifo", "folder", "missing-folder", "warehouse-db", "hard-link-to-db",
                                  "link-into-warehouse"])
def test_an_output_that_is_not_a_file_of_its_own_is_refused_before_any_work(loaded, tmp_path, command, what):
    """Issue 27, item 3: exit 2 with one line, nothing replaced, no hang on a FIFO."""
    suffix = ".csv" if command != "report" else ".html"
    out = tmp_path / f"out{suffix}"
    if what == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(out, stat.S_IFCHR | 0o666, os.makedev(1, 3))   # what /dev/null is
    elif what == "fifo":
        os.mkfifo(out)
    elif what == "folder":
        out.mkdir()
    elif what == "missing-folder":
        out = tmp_path / "no" / "such" / f"out{suffix}"
    elif what == "warehouse-db":
        out = loaded / "sitrep.duckdb"
    elif what == "hard-link-to-db":
        os.link(loaded / "sitrep.duckdb", out)
    else:
        out.symlink_to(loaded / f"inside{suffix}")
    before = fingerprint(out) if os.path.lexists(out) else None
    db_before = fingerprint(loaded / "sitrep.duckdb")
    proc = subprocess.run([SITREP, *OUTPUT_COMMANDS[command], str(out), "--warehouse", str(loaded)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stdout == ""
    assert (fingerprint(out) if os.path.lexists(out) else None) == before
    assert fingerprint(loaded / "sitrep.duckdb") == db_before
    assert not (loaded / f"inside{suffix}").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_an_output_replaces_an_existing_file_whole_and_writes_through_a_link(loaded, tmp_path, command):
    suffix = ".csv" if command != "report" else ".html"
    real, link = tmp_path / f"real{suffix}", tmp_path / f"link{suffix}"
    real.write_text("old")
    link.symlink_to(real)
    proc = subprocess.run([SITREP, *OUTPUT_COMMANDS[command], str(link), "--warehouse", str(loaded)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and real.read_text() != "old" and real.stat().st_size > 0
    assert oct(real.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([real.name, link.name])


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
