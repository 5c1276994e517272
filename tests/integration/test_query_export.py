"""`sitrep query --out`: the one way a query writes a file — csv, json or Parquet, whole or
not at all — and clear one-line errors for a path or format it cannot honour."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


@pytest.fixture
def wh(tmp_path):
    d = tmp_path / "wh"
    d.mkdir()
    with duckdb.connect(str(d / "sitrep.duckdb")) as con:
        con.execute("CREATE TABLE events AS SELECT * FROM (VALUES ('Aleppo', 3), ('Idlib', 5)) t(admin1, n)")
    return d


def run(*args):
    return subprocess.run([SITREP, "query", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("suffix", ["csv", "json", "parquet"])
def test_out_writes_the_result_in_the_format_its_suffix_names(wh, tmp_path, suffix):
    out = tmp_path / f"result.{suffix}"
    proc = run("SELECT * FROM events ORDER BY admin1", "--warehouse", str(wh), "--out", str(out))
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    if suffix == "csv":
        assert out.read_text().splitlines() == ["admin1,n", "Aleppo,3", "Idlib,5"]
    elif suffix == "json":
        assert json.loads(out.read_text()) == [{"admin1": "Aleppo", "n": 3}, {"admin1": "Idlib", "n": 5}]
    else:
        assert pd.read_parquet(out).to_dict("records") == [{"admin1": "Aleppo", "n": 3}, {"admin1": "Idlib", "n": 5}]


@pytest.mark.parametrize("args", [["--out", "{tmp}/r.txt"], ["--format", "parquet"], ["--out", "{tmp}/no/such/dir/r.csv"]])
def test_an_export_it_cannot_honour_is_one_line_and_exit_2(wh, tmp_path, args):
    proc = run("SELECT 1", "--warehouse", str(wh), *[a.format(tmp=tmp_path) for a in args])
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_a_refused_sql_write_is_one_line_and_writes_nothing(wh, tmp_path):
    proc = run(f"COPY (SELECT 1) TO '{tmp_path}/x.csv'", "--warehouse", str(wh))
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.csv").exists()
