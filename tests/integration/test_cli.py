"""The command line as a user meets it: one clear line and exit 2 for every argument or
setting a user can get wrong, with nothing created on disk; a quiet console (the summary,
a progress bar on a terminal, progress lines otherwise); Prefect's logs with --verbose."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep.common.settings import sample_corpus

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))
NOISE = re.compile(r"Finished in state|\|\s*(?:INFO|WARNING|ERROR)\s*\||Traceback|temporary server|Prefect collects|"
                   r"Beginning flow run|View at |Error logging to API|connection attempts failed")


def sitrep(*args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([SITREP, *args], capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, **(env or {})))


@pytest.fixture
def small_source(tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:4]:
        shutil.copy(p, src / p.name)
    return src


BAD = [
    # (arguments, environment, what the one line must say)
    (["run", "--since", "2017-13-45"], {}, "--since: '2017-13-45' is not a date"),
    (["run", "--chunk-size", "0"], {}, "--chunk-size: must be 1 or more, got 0"),
    (["run", "--chunk-size", "-5"], {}, "--chunk-size: must be 1 or more, got -5"),
    (["run", "--article-id", "0123456789abcdef"], {}, "--article-id 0123456789abcdef matches no article"),
    (["run", "--article-id", "abc"], {}, "too short"),
    (["run"], {"SITREP_WORKERS": "abc"}, "SITREP_WORKERS must be a whole number, got 'abc'"),
    (["run"], {"SITREP_WORKERS": "0"}, "SITREP_WORKERS must be at least 1"),
    (["run"], {"SITREP_LOCK_WAIT": "soon"}, "SITREP_LOCK_WAIT must be a number"),
    (["run"], {"SITREP_TASK_RUNNER": "gpu"}, "SITREP_TASK_RUNNER must be one of"),
    (["run", "--source", "/nonexistent/articles"], {}, "source not found: /nonexistent/articles"),
    (["run", "--task-runner", "gpu"], {}, "invalid choice: 'gpu'"),
    (["run", "--bogus"], {}, "unrecognized arguments: --bogus"),
]


@pytest.mark.parametrize("args,env,says", BAD, ids=[" ".join(a) + "".join(f" {k}={v}" for k, v in e.items()) for a, e, _ in BAD])
def test_a_bad_argument_is_one_line_exit_2_and_creates_nothing(tmp_path, small_source, args, env, says):
    wh, home = tmp_path / "wh", tmp_path / "prefect-home"
    extra = [] if any(a in ("--source", "--bogus") for a in args) else ["--source", str(small_source)]
    proc = sitrep(*args, *extra, "--warehouse", str(wh), env={"PREFECT_HOME": str(home), **env})
    assert proc.returncode == 2, proc
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sitrep: error: ") and says in lines[0], proc.stderr
    assert proc.stdout == ""
    assert not wh.exists() and not home.exists()


def test_serve_refuses_a_bad_cron_and_a_missing_api_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(tmp_path / "ph")}
    for args, extra, says in ((["--cron", "every hour"], {"PREFECT_API_URL": "http://127.0.0.1:9/api"}, "is not a cron schedule"),
                              ([], {}, "PREFECT_API_URL is not set")):
        proc = subprocess.run([SITREP, "serve", *args, "--warehouse", str(tmp_path / "wh")], capture_output=True,
                              text=True, timeout=120, env=env | extra)
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and says in proc.stderr, proc.stderr
    assert not (tmp_path / "wh").exists()


@pytest.mark.parametrize("args,api,says", [
    (["--start-server", "--host", "0.0.0.0"], None, "--host 0.0.0.0 is not on loopback"),
    (["--start-server", "--host", "10.1.2.3"], None, "--host 10.1.2.3 is not on loopback"),
    ([], "http://10.1.2.3:4200/api", "PREFECT_API_URL (http://10.1.2.3:4200/api) is not on loopback"),
    ([], "http://[fd00::1]:4200/api", "is not on loopback"),
    (["--host", "127.0.0.1"], "http://127.0.0.1:9/api", "--host is the address of the server --start-server starts"),
    ([], "http://127.0.0.1:9/api", "SITREP_ALLOWED_ROOTS: 'relative/folder' is not an absolute path"),
], ids=["wildcard", "lan-address", "api-url", "api-url-v6", "host-without-start-server", "relative-allowed-root"])
def test_serve_refuses_an_api_off_loopback_without_the_flag(tmp_path, args, api, says):
    """Issue 27, item 4: the Prefect API has no authentication; serving it (or serving runs
    from one) off loopback takes --allow-non-loopback. Refused in one line, before anything
    starts or is created."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"PREFECT_HOME": str(tmp_path / "ph")}
    if api:
        env["PREFECT_API_URL"] = api
    if "relative" in says:
        env["SITREP_ALLOWED_ROOTS"] = "relative/folder"
    proc = subprocess.run([SITREP, "serve", *args, "--warehouse", str(tmp_path / "wh")], capture_output=True,
                          text=True, timeout=120, env=env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and says in proc.stderr, proc.stderr
    if "not on loopback" in says:
        assert "--allow-non-loopback" in proc.stderr
    assert not (tmp_path / "wh").exists() and not (tmp_path / "ph").exists()


def test_a_warehouse_that_is_a_file_is_refused(tmp_path, small_source):
    afile = tmp_path / "afile"
    afile.write_text("x")
    for wh, says in ((afile, "is a file, not a directory"), (afile / "sub", "cannot be made")):
        proc = sitrep("run", "--source", str(small_source), "--warehouse", str(wh), env={"PREFECT_HOME": str(tmp_path / "ph")})
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and says in proc.stderr, proc.stderr
    assert not (tmp_path / "ph").exists()


def test_a_read_only_warehouse_folder_is_refused(tmp_path, small_source):
    ro = tmp_path / "ro"
    ro.mkdir()
    cmd = [SITREP, "run", "--source", str(small_source), "--warehouse", str(ro)]
    if os.geteuid() != 0:
        ro.chmod(0o555)
    else:   # root writes through permissions: a read-only mount in a private mount namespace
        if not shutil.which("unshare"):
            pytest.skip("no unshare to make a read-only mount as root")
        probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o ro tmpfs {ro}"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip(f"cannot make a read-only mount here: {probe.stderr.decode()[:200]}")
        cmd = ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o ro tmpfs {ro} && exec " + " ".join(cmd)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc
    assert proc.stderr == f"sitrep: error: --warehouse {ro} is a read-only folder\n"


def test_a_run_with_a_server_of_its_own_sends_its_last_logs_before_the_server_stops(tmp_path, small_source):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(SITREP_BACKGROUND_SERVER="0", SITREP_WORKERS="2")
    proc = subprocess.run([SITREP, "run", "--source", str(small_source), "--warehouse", str(tmp_path / "wh"),
                           "--chunk-size", "2"], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not NOISE.search(proc.stdout + proc.stderr), proc.stdout + proc.stderr
    assert all(ln.startswith("sitrep: progress: ") for ln in proc.stderr.splitlines()), proc.stderr


def test_a_run_without_a_terminal_prints_the_summary_and_progress_lines_only(tmp_path, small_source):
    proc = sitrep("run", "--source", str(small_source), "--warehouse", str(tmp_path / "wh"),
                  env={"SITREP_PROGRESS_SECONDS": "0.2"})
    assert proc.returncode == 0, proc.stderr
    assert not NOISE.search(proc.stdout + proc.stderr), proc.stdout + proc.stderr
    assert proc.stdout.lstrip().startswith("sitrep run ") and "inputs seen" in proc.stdout
    # the session's first run without PREFECT_API_URL also says, once, that it starts the background server
    progress = [ln for ln in proc.stderr.splitlines() if not ln.startswith("sitrep: starting a background Prefect server")]
    assert progress and all(ln.startswith("sitrep: progress: ") for ln in progress), proc.stderr
    assert progress[-1].startswith("sitrep: progress: 4 of 4 input files done (100%), 4 articles extracted")


def run_in_terminal(args: list[str], timeout: float = 300) -> str:
    """Run a command on a pseudo-terminal, as a user at a shell would; return what it drew."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(args[0], args)
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode(errors="replace")[-3000:]
    return out.decode("utf-8", errors="replace")


def test_a_run_on_a_terminal_draws_one_progress_bar_and_the_summary(tmp_path, small_source):
    screen = run_in_terminal([SITREP, "run", "--source", str(small_source), "--warehouse", str(tmp_path / "wh")])
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).replace("\r", "\n")
    assert not NOISE.search(text), text
    bars = [ln for ln in text.splitlines() if ln.startswith("extracting")]
    assert bars and "100%" in bars[-1] and "4/4 files" in bars[-1] and "4 articles" in bars[-1], bars
    rest = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("extracting")]
    assert rest[0].startswith("sitrep run ") and any("inputs seen" in ln for ln in rest), rest


@pytest.fixture(scope="module")
def cli_warehouse(tmp_path_factory) -> Path:
    wh = tmp_path_factory.mktemp("cli-wh")
    proc = sitrep("run", "--warehouse", str(wh))
    assert proc.returncode == 0 and "inputs seen" in proc.stdout, proc.stderr
    return wh


def test_query_prints_table_csv_and_json(cli_warehouse):
    wh = str(cli_warehouse)
    sql = "select admin1, count(*) as n from events where admin1 is not null group by admin1 order by n desc, admin1"
    table = sitrep("query", sql, "--warehouse", wh).stdout
    assert table.splitlines()[0].split("|")[0].strip() == "admin1" and "row" in table.splitlines()[-1]
    rows = list(csv.DictReader(io.StringIO(sitrep("query", sql, "--warehouse", wh, "--format", "csv").stdout)))
    data = json.loads(sitrep("query", sql, "--warehouse", wh, "--format", "json").stdout)
    assert [r["admin1"] for r in rows] == [r["admin1"] for r in data] and len(rows) >= 10


def test_query_is_read_only(cli_warehouse):
    proc = sitrep("query", "delete from events", "--warehouse", str(cli_warehouse))
    assert proc.returncode != 0 and "read-only" in (proc.stdout + proc.stderr).lower()


def test_verbose_shows_prefects_logs(tmp_path, small_source):
    proc = sitrep("run", "--verbose", "--source", str(small_source), "--warehouse", str(tmp_path / "wh"))
    assert proc.returncode == 0, proc.stderr
    assert "Finished in state Completed" in proc.stderr
    again = sitrep("run", "--full-refresh", "--source", str(small_source), "--warehouse", str(tmp_path / "wh"),
                   env={"SITREP_LOG_LEVEL": "INFO"})   # a flow run (with nothing changed, none would start)
    assert again.returncode == 0 and "Finished in state Completed" in again.stderr
