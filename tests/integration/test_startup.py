"""What a command costs before it works, and what it leaves behind: a run without
PREFECT_API_URL starts sitrep's background Prefect server once and later runs reuse it; a
rerun with nothing changed answers from file stamps without a flow run; worker processes
report to the run's own API (none starts a server of its own) and die with the run."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from sitrep.common.settings import sample_corpus

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def sitrep(*args: str, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([SITREP, *args], capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture
def source(tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:3]:
        shutil.copy2(p, src / p.name)   # their own (old) times: a file changed in the last 2 s is always read again
    return src


def test_the_background_server_is_started_once_reused_and_stopped(tmp_path, source):
    home = tmp_path / "server"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"SITREP_SERVER_HOME": str(home)}
    try:
        first = sitrep("run", "--source", str(source), "--warehouse", str(tmp_path / "wh1"), env=env)
        assert first.returncode == 0, first.stderr
        assert "starting a background Prefect server" in first.stderr
        status = sitrep("server", "status", env=env)
        assert status.returncode == 0 and "background Prefect server at http://127.0.0.1:" in status.stdout
        pid = int(status.stdout.split(", pid ")[1].split(",")[0])

        second = sitrep("run", "--source", str(source), "--warehouse", str(tmp_path / "wh2"), env=env)
        assert second.returncode == 0, second.stderr
        assert "starting a background" not in second.stderr        # reused, not started again
        assert f"pid {pid}," in sitrep("server", "status", env=env).stdout
        # the runs reported to it: two flow runs of sitrep-etl in its database
        log = (home / "server.log").read_text()
        assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    finally:
        stop = sitrep("server", "stop", env=env)
    assert stop.returncode == 0 and "stopped the background Prefect server" in stop.stdout
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert sitrep("server", "status", env=env).returncode == 1


def test_a_rerun_with_nothing_changed_starts_no_flow_run(tmp_path, source, prefect_server):
    env = dict(os.environ, PREFECT_API_URL=prefect_server)
    wh = tmp_path / "wh"
    assert sitrep("run", "--source", str(source), "--warehouse", str(wh), env=env).returncode == 0
    t = time.perf_counter()
    again = sitrep("run", "--source", str(source), "--warehouse", str(wh), env=env)
    took = time.perf_counter() - t
    assert again.returncode == 0, again.stderr
    assert "nothing changed since run" in again.stdout and "unchanged        3" in again.stdout, again.stdout
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select count(*) from runs").fetchone()[0] == 1   # no second run recorded
    con.close()
    assert took < 30, took   # not a timing target (the benchmark has those): only "no flow, no model"

    # an edited file takes the ordinary path, which reads only what changed
    first = sorted(source.glob("*.txt"))[0]
    first.write_text(first.read_text() + "\nA later paragraph added by an editor.\n")
    third = sitrep("run", "--source", str(source), "--warehouse", str(wh), env=env)
    assert third.returncode == 0 and "nothing changed" not in third.stdout, third.stdout + third.stderr
    assert "loaded           1" in third.stdout and "unchanged        2" in third.stdout, third.stdout
    # and --full-refresh always runs the flow
    full = sitrep("run", "--source", str(source), "--warehouse", str(wh), "--full-refresh", env=env)
    assert full.returncode == 0 and "nothing changed" not in full.stdout


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _is_prefect_server(p: psutil.Process) -> bool:
    command = " ".join(p.cmdline())   # the workers' fork server is "multiprocessing.forkserver"
    return "uvicorn" in command or ("prefect" in command and "server" in command)


@pytest.mark.parametrize("own_server", [False, True], ids=["background-server", "server-of-its-own"])
def test_nothing_of_a_run_outlives_kill_9(tmp_path, prefect_server, own_server):
    """Worker processes (and, with SITREP_BACKGROUND_SERVER=0, the run's own Prefect server)
    die with a run killed by SIGKILL; none of them started a server of its own."""
    src = tmp_path / "src"
    src.mkdir()
    for k in range(6):   # enough articles for several chunks on two workers
        for p in sorted(sample_corpus().glob("*.txt")):
            (src / f"{k}-{p.name}").write_text(p.read_text() + f"\n(Copy {k}.)\n")
    env = dict(os.environ, SITREP_WORKERS="2", SITREP_TASK_RUNNER="processes")
    if own_server:
        env.pop("PREFECT_API_URL", None)
        env["SITREP_BACKGROUND_SERVER"] = "0"
    else:
        env["PREFECT_API_URL"] = prefect_server
    proc = subprocess.Popen([SITREP, "run", "--source", str(src), "--warehouse", str(tmp_path / "wh"), "--chunk-size", "8"],
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "err.log", "w"), env=env)
    deadline = time.monotonic() + 240
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and proc.poll() is None:
        kids = _descendants(proc.pid)
        workers = [k for k in kids if "multiprocessing" in " ".join(k.cmdline())]
        if len(workers) >= 2 and any((tmp_path / "wh").glob(".spool-*/*")):
            break
        time.sleep(0.2)
    assert proc.poll() is None and len(workers) >= 2, (tmp_path / "err.log").read_text()[-2000:]
    everything = _descendants(proc.pid)
    # workers report to the run's API: no worker runs a Prefect server of its own
    assert not [k for w in workers for k in _descendants(w.pid) if _is_prefect_server(k)]
    if own_server:
        assert any("prefect" in " ".join(k.cmdline()) and "server" in " ".join(k.cmdline()) for k in everything)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(everything, timeout=30)
    assert not alive, [" ".join(p.cmdline())[:120] for p in alive]


def _read_only(cmd: list[str]) -> list[str]:
    """cmd as a user whose read-only folders stay read-only: root bypasses file modes unless
    its capability to is dropped (setpriv)."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder is writable")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]


def test_a_read_only_home_runs_with_a_server_of_its_own_or_says_what_to_set(tmp_path, source):
    """Issue 32.7: a read-only HOME gave a PermissionError traceback."""
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    from sitrep.common.settings import cache_dir

    env = {k: v for k, v in os.environ.items()
           if k not in ("PREFECT_API_URL", "PREFECT_HOME", "SITREP_SERVER_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}
    env["SITREP_CACHE_DIR"] = str(cache_dir().resolve())   # the built gazetteer, wherever this session keeps it
    env["HOME"] = str(home)
    try:
        run = subprocess.run(_read_only([SITREP, "run", "--source", str(source), "--warehouse", str(tmp_path / "wh")]),
                             capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0, run.stderr
        assert "cannot be written; this run starts a Prefect server of its own" in run.stderr
        assert "Traceback" not in run.stderr and "UserWarning" not in run.stderr
        # the gazetteer's cache cannot be made there either: one line naming the variable, exit 2
        no_cache = {k: v for k, v in env.items() if k != "SITREP_CACHE_DIR"}
        refused = subprocess.run(_read_only([SITREP, "run", "--source", str(source), "--warehouse", str(tmp_path / "wh2")]),
                                 capture_output=True, text=True, timeout=120, env=no_cache)
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.strip().splitlines() == [
            f"sitrep: error: the cache folder {home}/.cache/sitrep cannot be made (read-only); "
            "set SITREP_CACHE_DIR to a writable folder"]
        assert not (tmp_path / "wh2").exists()
        # the server commands and serve: one line each, no traceback (were: OSError tracebacks, exit 1)
        for cmd, code, says in ((["server", "start"], 2, "set SITREP_SERVER_HOME to a writable folder"),
                                (["server", "status"], 1, "no background Prefect server is running"),
                                (["server", "stop"], 0, "no background Prefect server is running"),
                                (["serve", "--start-server", "--port", "4297", "--source", str(source),
                                  "--warehouse", str(tmp_path / "wh3")], 2, "set PREFECT_HOME to a writable folder")):
            done = subprocess.run(_read_only([SITREP, *cmd]), capture_output=True, text=True, timeout=120, env=env)
            assert done.returncode == code and len(done.stderr.strip().splitlines() + done.stdout.strip().splitlines()) == 1, (
                cmd, done.stdout, done.stderr)
            assert says in done.stderr + done.stdout and "Traceback" not in done.stderr, (cmd, done.stderr)
    finally:
        home.chmod(0o755)


def test_a_run_whose_server_goes_away_after_it_started_ends_with_its_summary(tmp_path):
    """Issue 32.1: `sitrep server stop` during a run — the load committed, then the command
    hung for minutes retrying the vanished API and exited 1 with a traceback."""
    src = tmp_path / "src"
    src.mkdir()
    for n in range(3):   # three editions of each: extraction outlasts the server
        for p in sorted(sample_corpus().glob("*.txt")):
            (src / f"{n}-{p.name}").write_text(p.read_text() + f"\n\nEdition {n}.\n")
    home = tmp_path / "server"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {
        "SITREP_SERVER_HOME": str(home), "SITREP_PROGRESS_SECONDS": "0.5"}
    assert sitrep("server", "start", env=env).returncode == 0
    err = tmp_path / "err.log"
    try:
        started = time.monotonic()
        run = subprocess.Popen([SITREP, "run", "--source", str(src), "--warehouse", str(tmp_path / "wh")], env=env,
                               stdout=subprocess.PIPE, stderr=open(err, "w"), text=True)
        while "sitrep: " not in err.read_text():   # a progress line: the flow is extracting
            assert run.poll() is None and time.monotonic() - started < 120, err.read_text()[-3000:]
            time.sleep(0.2)
        assert sitrep("server", "stop", env=env).returncode == 0
        out, _ = run.communicate(timeout=90)
        ended = time.monotonic() - started
    finally:
        sitrep("server", "stop", env=env)
    assert run.returncode == 0, err.read_text()[-3000:]
    assert "the Prefect API went away during the run" in err.read_text(), out
    assert ended < 90
    loaded = int(out.split("loaded")[1].split()[0])
    con = duckdb.connect(str(tmp_path / "wh" / "sitrep.duckdb"), read_only=True)
    assert loaded > 0 and con.execute("SELECT count(*) FROM articles").fetchone()[0] == loaded
