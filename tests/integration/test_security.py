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
