"""`sitrep query` runs an analyst's SQL on a connection that can read the warehouse and
nothing else, and write nothing at all (issue 18, item 1): each attack is its input."""
from __future__ import annotations

import duckdb
import pytest

from sitrep.warehouse import Warehouse


@pytest.fixture
def warehouse(tmp_path):
    wh = tmp_path / "wh"
    wh.mkdir()
    with duckdb.connect(str(wh / "sitrep.duckdb")) as con:
        con.execute("CREATE TABLE events AS SELECT 1 AS n")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    return wh, tmp_path


ATTACKS = [
    "COPY (SELECT 'x') TO '{wh}/sitrep.duckdb' (FORMAT csv)",   # would destroy the warehouse
    "COPY (SELECT 1) TO '{tmp}/out.csv'",
    "EXPORT DATABASE '{tmp}/dump'",
    "ATTACH '{tmp}/rw.duckdb' (READ_WRITE)",
    "SELECT * FROM read_text('{tmp}/secret.txt')",
    "SELECT * FROM read_csv('{tmp}/secret.txt')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "CREATE TABLE x AS SELECT 1",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_sql_can_neither_read_beyond_the_warehouse_nor_write(warehouse, attack):
    wh, tmp = warehouse
    before = sorted(p.name for p in tmp.rglob("*"))
    size = (wh / "sitrep.duckdb").stat().st_size
    with pytest.raises(duckdb.Error):
        Warehouse(str(wh)).query(attack.format(wh=wh, tmp=tmp))
    assert sorted(p.name for p in tmp.rglob("*")) == before
    assert (wh / "sitrep.duckdb").stat().st_size == size
    assert Warehouse(str(wh)).query("SELECT n FROM events") == (["n"], [(1,)])


def test_a_closed_pipe_is_the_end_and_a_full_disk_exit_4(warehouse):
    """issue 32, item 5: `sitrep query … | head -1` and `> /dev/full` printed tracebacks."""
    import subprocess
    import sys
    from pathlib import Path

    wh, _ = warehouse
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    cmd = [sitrep, "query", "SELECT * FROM range(300000)", "--warehouse", str(wh), "--format", "csv"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"range"
    proc.stdout.close()   # the reader is done, as `head -1` would be
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and "Traceback" not in err
    if Path("/dev/full").exists():
        with open("/dev/full", "w") as full:
            done = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, timeout=60)
        assert done.returncode == 4 and b"no space left on device" in done.stderr and b"Traceback" not in done.stderr


def test_a_query_is_stopped_at_its_timeout_and_bounded_in_memory(warehouse):
    """issue 32, item 5: no statement timeout or memory bound; now --timeout and SITREP_QUERY_MEMORY."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    wh, _ = warehouse
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    start = time.monotonic()
    done = subprocess.run([sitrep, "query", "SELECT count(*) FROM range(1000000000000)", "--warehouse", str(wh), "--timeout", "1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "ran past 1 s (--timeout)" in done.stderr and time.monotonic() - start < 20
    done = subprocess.run([sitrep, "query", "SELECT list(range) FROM range(50000000)", "--warehouse", str(wh)],
                          capture_output=True, text=True, timeout=120, env={**__import__("os").environ, "SITREP_QUERY_MEMORY": "64MB"})
    assert done.returncode == 1 and "Traceback" not in done.stderr and "query failed" in done.stderr


def test_rows_stream_out_a_batch_at_a_time(warehouse, tmp_path):
    import csv
    import json

    from sitrep.cli import write_rows

    wh, _ = warehouse
    with Warehouse(str(wh)).query_stream("SELECT range AS n FROM range(25000)", batch_rows=1000) as (cols, batches):
        with open(tmp_path / "out.csv", "w", newline="") as fh:
            assert write_rows(cols, batches, "csv", out=fh) == 25000
    assert len(list(csv.reader(open(tmp_path / "out.csv")))) == 25001
    with Warehouse(str(wh)).query_stream("SELECT range AS n FROM range(3)") as (cols, batches):
        with open(tmp_path / "out.json", "w") as fh:
            write_rows(cols, batches, "json", out=fh)
    assert json.load(open(tmp_path / "out.json")) == [{"n": 0}, {"n": 1}, {"n": 2}]


def test_ctrl_c_stops_a_long_query_with_one_line(warehouse):
    """issue 32, item 5: Ctrl-C on a long query printed a traceback (or waited for it to end)."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    wh, _ = warehouse
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    proc = subprocess.Popen([sitrep, "query", "SELECT count(*) FROM range(1000000000000)", "--warehouse", str(wh), "--timeout", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err.strip() == "sitrep: interrupted"
