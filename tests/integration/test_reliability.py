"""Bad input, crashes, full disks and concurrent runs: the warehouse stays consistent and
every input is accounted for. Runs use a real Prefect server (the `prefect_server` fixture)."""
from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from sitrep.warehouse import Warehouse

pytestmark = pytest.mark.integration

SITREP = str(Path(sys.executable).with_name("sitrep"))
ARTICLE = ("Air strikes hit market in Idlib\n\nWarplanes struck a crowded market in the town of Saraqib in Idlib "
           "province on Thursday, killing at least 12 civilians, the Syrian Observatory for Human Rights said.\n")
CONTENT_TABLES = ("articles", "article_sources", "events", "casualty_claims", "mentions")


def sitrep(args, server, env=None, timeout=300, check=True):
    e = dict(os.environ, PREFECT_API_URL=server, **(env or {}))
    proc = subprocess.run([SITREP, *args], capture_output=True, text=True, timeout=timeout, env=e, start_new_session=True)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def snapshot(wh: Path) -> dict:
    """Every content row, without the run that wrote it."""
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    out = {}
    for t in CONTENT_TABLES:
        cols = [c for (c,) in con.execute("select column_name from information_schema.columns where table_name = ? order by ordinal_position", [t]).fetchall() if c != "run_id"]
        out[t] = sorted(con.execute(f"select {', '.join(cols)} from {t}").fetchall(), key=repr)
    con.close()
    return out


def parquet_snapshot(wh: Path) -> dict:
    con = duckdb.connect()
    out = {t: sorted(map(repr, con.execute(f"select * from read_parquet('{wh}/parquet/{t}/**/*.parquet', hive_partitioning = true)").fetchall())) for t in CONTENT_TABLES + ("runs",)}
    con.close()
    return out


def balanced(wh: Path) -> bool:
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    bad = con.execute("select count(*) from runs where inputs_seen <> articles_loaded + articles_unchanged + articles_duplicate + inputs_quarantined").fetchone()[0]
    con.close()
    return bad == 0


def write_bad_inputs(root: Path) -> None:
    rnd = random.Random(7)
    root.mkdir(parents=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b"   \n\t \n")
    (root / "random.txt").write_bytes(rnd.randbytes(4096))
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + rnd.randbytes(200))
    (root / "paper.txt").write_bytes(b"%PDF-1.4\n" + rnd.randbytes(200))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", ARTICLE)
    (root / "archive.txt").write_bytes(buf.getvalue())
    (root / "cp1252.txt").write_bytes(ARTICLE.replace("Saraqib", "Ma’arrat al-Nu’man — “market”").encode("cp1252"))
    (root / "latin1.txt").write_bytes(("Frappes sur Alep\n\nDes frappes aériennes ont tué douze civils à Alep jeudi, "
                                      "selon l'Observatoire syrien des droits de l'homme, près de l'hôpital.\n").encode("latin-1"))
    arabic = "غارات على إدلب\n\nقتل اثنا عشر مدنيا في غارات جوية على سوق في مدينة سراقب في ريف إدلب يوم الخميس بحسب المرصد السوري لحقوق الإنسان.\n"
    (root / "cp1256.txt").write_bytes(arabic.encode("cp1256"))
    (root / "arabic.txt").write_text(arabic.replace("إدلب", "حلب"), encoding="utf-8")
    (root / "broken-utf8.txt").write_bytes(ARTICLE.encode() + b"\xff\xfe\xfa" + ARTICLE.replace("Thursday", "Friday").encode())
    with open(root / "huge.txt", "wb") as fh:
        fh.write(b"Shelling reported near Aleppo. " * (50 * 1024 * 1024 // 31 + 1))
    (root / "nav-only.html").write_text("<html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><footer>Newsletter</footer></body></html>")
    (root / "no-text.json").write_text('{"title": "Strikes", "date": "2017-01-01"}')
    (root / "mixed.jsonl").write_text('{"text": "%s"}\n{broken\n{"body": "%s"}\n' % (
        ARTICLE.replace("\n", " ").replace("Thursday", "Monday"), ARTICLE.replace("\n", " ").replace("Thursday", "Sunday")))
    (root / "no-events.txt").write_text("Ministers meet in Geneva\n\nForeign ministers met in Geneva on Monday to discuss a "
                                        "political settlement and the return of refugees, officials said.\n")
    (root / "sub").mkdir()
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "gone.txt").symlink_to(root / "does-not-exist.txt")


def test_bad_inputs_are_loaded_or_quarantined_with_reasons(tmp_path, prefect_server):
    src, wh = tmp_path / "bad", tmp_path / "wh"
    write_bad_inputs(src)
    out = sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server).stdout
    assert balanced(wh)
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    reasons = {Path(u.split("#")[0]).name + ("#" + u.split("#")[1] if "#" in u else ""): r
               for u, r in con.execute("select source_uri, reason from quarantine where counts_as_input").fetchall()}
    loaded = {Path(u.split("#")[0]).name for (u,) in con.execute("select source_uri from article_sources").fetchall()}
    run = con.execute("select inputs_seen, articles_loaded, articles_unchanged, articles_duplicate, inputs_quarantined from runs").fetchone()
    con.close()
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "file holds only whitespace"
    assert "NUL" in reasons["random.txt"]
    assert "PNG" in reasons["image.txt"] and "PDF" in reasons["paper.txt"] and "zip" in reasons["archive.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "no article text" in reasons["nav-only.html"]
    assert "no text field" in reasons["no-text.json"]
    assert "invalid JSON" in reasons["mixed.jsonl#L2"]
    assert "cannot stat" in reasons["gone.txt"]
    assert {"cp1252.txt", "latin1.txt", "cp1256.txt", "arabic.txt", "broken-utf8.txt", "mixed.jsonl", "no-events.txt"} <= loaded
    # every file counted once (the symlink loop read nothing twice), every .jsonl line once
    n_inputs = 17 + 2   # 17 files under bad/ (sub/loop leads back, read once), mixed.jsonl holds 3 records
    assert run[0] == n_inputs and run[0] == sum(run[1:])
    assert "quarantined" in out


@pytest.mark.parametrize("runner", ["threads", "processes"])
def test_crash_during_extraction_then_rerun_equals_a_clean_run(tmp_path, prefect_server, runner):
    """threads: the command itself is killed mid-extraction; processes: a worker is (the
    out-of-memory killer's choice), and the run stops with one line."""
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    sitrep(["run", "--warehouse", str(clean)], prefect_server)
    proc = sitrep(["run", "--warehouse", str(crashed), "--task-runner", runner], prefect_server,
                  env={"SITREP_FAULT": "kill-extract", "SITREP_WORKERS": "2"}, check=False)
    if runner == "threads":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
        assert "sitrep: error: a worker process died while extracting" in proc.stderr
    sitrep(["run", "--warehouse", str(crashed)], prefect_server)
    assert snapshot(crashed) == snapshot(clean)
    assert balanced(crashed)


def test_crash_during_load_leaves_no_partial_article_and_rerun_completes(tmp_path, prefect_server):
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    sitrep(["run", "--warehouse", str(clean)], prefect_server)
    proc = sitrep(["run", "--warehouse", str(crashed)], prefect_server, env={"SITREP_FAULT": "kill-load"}, check=False)
    assert proc.returncode == -signal.SIGKILL
    # the killed transaction never committed: no rows at all
    if (crashed / "sitrep.duckdb").exists():
        con = duckdb.connect(str(crashed / "sitrep.duckdb"), read_only=True)
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        assert all(con.execute(f"select count(*) from {t}").fetchone()[0] == 0 for t in tables & set(CONTENT_TABLES))
        con.close()
    sitrep(["run", "--warehouse", str(crashed)], prefect_server)
    assert snapshot(crashed) == snapshot(clean)
    assert not list(crashed.glob(".parquet-*")) and not list(crashed.glob(".sitrep.duckdb.next*"))


def test_full_disk_while_writing_parquet_keeps_the_previous_state(tmp_path, prefect_server):
    wh = tmp_path / "wh"
    sitrep(["run", "--warehouse", str(wh)], prefect_server)
    before, before_pq = snapshot(wh), parquet_snapshot(wh)
    proc = sitrep(["run", "--warehouse", str(wh), "--full-refresh"], prefect_server, env={"SITREP_FAULT": "enospc-parquet"}, check=False)
    assert proc.returncode == 4
    assert "disk is full" in proc.stderr and "rolled back" in proc.stderr
    assert snapshot(wh) == before and parquet_snapshot(wh) == before_pq
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select count(*) from runs").fetchone()[0] == 1
    con.close()


def test_second_run_on_a_held_warehouse_waits_or_stops_clearly(tmp_path, prefect_server):
    wh = tmp_path / "wh"
    store = Warehouse(wh)
    with store.writer_lock():
        proc = sitrep(["run", "--warehouse", str(wh)], prefect_server, env={"SITREP_LOCK_WAIT": "1"}, check=False)
    assert proc.returncode == 3
    assert "another sitrep run is loading" in proc.stderr and "Traceback" not in proc.stderr
    assert not (wh / "sitrep.duckdb").exists()

    # a run that finds the warehouse held says so and waits for it
    proc = subprocess.Popen([SITREP, "run", "--warehouse", str(wh)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=dict(os.environ, PREFECT_API_URL=prefect_server, SITREP_LOCK_WAIT="120"))
    with store.writer_lock():
        said = ""
        while "waiting up to" not in said:   # held until the waiting run has said so
            line = proc.stderr.readline()
            assert line, "the second run ended without saying it waits"
            said += line
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "inputs seen" in out, out + err
    assert "another run holds the warehouse" in said


def test_two_runs_at_once_never_corrupt(tmp_path, prefect_server):
    wh = tmp_path / "wh"
    env = dict(os.environ, PREFECT_API_URL=prefect_server, SITREP_LOCK_WAIT="300")
    procs = [subprocess.Popen([SITREP, "run", "--warehouse", str(wh)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    runs = con.execute("select articles_loaded, articles_unchanged from runs order by started_at").fetchall()
    dup = con.execute("select count(*) - count(distinct article_id) from articles").fetchone()[0]
    con.close()
    assert sorted(runs) == sorted([(runs[0][0] + runs[0][1], 0), (0, runs[0][0] + runs[0][1])])
    assert dup == 0


def test_readers_holding_the_warehouse_open_see_the_last_complete_state_and_never_block(tmp_path, prefect_server):
    wh = tmp_path / "wh"
    sitrep(["run", "--warehouse", str(wh)], prefect_server)
    reader = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)   # an analyst's open session
    before = reader.execute("select count(*), max(run_id) from runs").fetchone()
    sitrep(["run", "--warehouse", str(wh), "--full-refresh"], prefect_server)   # must not fail on the open file
    assert reader.execute("select count(*), max(run_id) from runs").fetchone() == before   # still the state it opened
    reader.close()
    fresh = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert fresh.execute("select count(*) from runs").fetchone()[0] == 2
    fresh.close()


def test_a_local_run_touches_no_network_beyond_loopback(tmp_path, prefect_server):
    guard = tmp_path / "guard"
    guard.mkdir()
    log = tmp_path / "connections.log"
    (guard / "sitecustomize.py").write_text(
        "import os, socket\n"
        "_orig = socket.socket.connect\n"
        "def _connect(self, address):\n"
        "    host = address[0] if isinstance(address, tuple) else str(address)\n"
        "    if self.family in (socket.AF_INET, socket.AF_INET6) and not (str(host).startswith('127.') or host in ('::1', 'localhost')):\n"
        f"        open({str(log)!r}, 'a').write(f'{{host}}\\n')\n"
        "        raise OSError('network refused by the test: ' + str(host))\n"
        "    return _orig(self, address)\n"
        "socket.socket.connect = _connect\n")
    wh = tmp_path / "wh"
    proc = sitrep(["run", "--warehouse", str(wh)], prefect_server, env={"PYTHONPATH": str(guard)})
    assert "inputs seen" in proc.stdout
    assert not log.exists(), log.read_text()
