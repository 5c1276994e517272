"""Real `prefect server start` processes, on loopback unless `sitrep serve --host` says
otherwise (the API has no authentication: see the README).

- `local_prefect_server`: owned by the caller (`sitrep serve --start-server`, a run with
  SITREP_BACKGROUND_SERVER=0, tests); stopped when the caller's block ends, and, with
  `die_with_parent`, by the kernel if the caller is killed.
- the background server: started by the first `sitrep run` without PREFECT_API_URL and
  reused by every later one (a run then pays no server start-up), until `sitrep server
  stop`. Its database, log and address (server.json) live in `settings.server_home()`.

Servers run in their own session, so a Ctrl-C at the terminal reaches only the caller,
which stops what uses the server first and the server last.
"""
from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from sitrep.common.processes import die_with_parent_term


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether the Prefect API at url answers its health check."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout) as r:
            return r.status == 200
    except (OSError, ValueError):
        return False


def reachable(url: str, tries: int = 2) -> bool:
    """Whether anything still answers at the API's address (unlike healthy, an HTTP error — a
    proxy's 401, a 5xx — is an answer): only a refused or silent connection is a server gone."""
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=5):
                return True
        except urllib.error.HTTPError:
            return True
        except (OSError, ValueError):
            time.sleep(1)
    return False


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def stop_process_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM to the server's session, SIGKILL if it does not stop in time."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


@contextmanager
def local_prefect_server(home: Path, port: int | None = None, timeout: float = 120, ui: bool = False,
                        die_with_parent: bool = False, host: str = "127.0.0.1"):
    """Yields the API URL of a server whose database and log (server.log) live in `home`;
    stops it after. host: the address it listens on (loopback unless the caller checked
    that another was asked for explicitly)."""
    proc, url = _start_server(home, port, ui, die_with_parent, host)
    try:
        _wait_healthy(proc, url, home, timeout)
        yield url
    finally:
        stop_process_group(proc)


def _start_server(home: Path, port: int | None, ui: bool, die_with_parent: bool = False,
                  host: str = "127.0.0.1") -> tuple[subprocess.Popen, str]:
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    if port_in_use(port):
        raise RuntimeError(f"port {port} on 127.0.0.1 is already in use; choose another (PREFECT_PORT=…)")
    # the address this machine reaches it at (a server on every interface is on loopback too),
    # and the one the UI in a browser elsewhere calls
    local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    public = socket.getfqdn() if local != host else host
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_UI_ENABLED="true" if ui else "false", PREFECT_UI_API_URL=f"http://{_url_host(public)}:{port}/api")
    env.pop("PREFECT_API_URL", None)
    prefect = str(Path(sys.executable).with_name("prefect"))
    with open(home / "server.log", "w") as log:
        proc = subprocess.Popen([prefect, "server", "start", "--host", host, "--port", str(port)],
                                env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, preexec_fn=die_with_parent_term if die_with_parent else None)
    return proc, f"http://{_url_host(local)}:{port}/api"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _wait_healthy(proc: subprocess.Popen, url: str, home: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not healthy(url, timeout=1.0):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_process_group(proc)
            raise RuntimeError("the Prefect server did not start; the end of its log "
                               f"({home / 'server.log'}):\n" + (home / "server.log").read_text()[-3000:])
        time.sleep(0.25)


# --- the background server -------------------------------------------------------------

STATE_FILE = "server.json"


def background_server(home: Path) -> dict | None:
    """The background server's record ({"url", "pid", "port", "started"}) if it is still the
    server this home started (see _ours) and answers."""
    try:
        state = json.loads((home / STATE_FILE).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get("url"), str) or not _ours(state, home) \
            or not healthy(state["url"], timeout=2.0):
        return None
    return state


def _ours(state: dict, home: Path) -> bool:
    """Whether the record's process is still the Prefect server started for this home: alive,
    leading its own session, running `prefect server start … --port PORT` with this
    PREFECT_HOME. A stale record (the server gone, its pid or port reused by another program)
    is not trusted, and its pid never signalled."""
    pid, port = state.get("pid"), state.get("port")
    if not isinstance(pid, int) or pid <= 1 or not isinstance(port, int):
        return False
    try:
        if os.getsid(pid) != pid:
            return False
    except (ProcessLookupError, PermissionError):
        return False
    proc = Path("/proc") / str(pid)
    if not Path("/proc/self").exists():
        return True   # no /proc (macOS): the session leader and the health check are all there is
    try:
        argv = (proc / "cmdline").read_bytes().split(b"\0")
        environ = (proc / "environ").read_bytes().split(b"\0")
    except OSError:
        return False
    words = [a.decode(errors="replace") for a in argv]
    starts = any(words[i:i + 2] == ["server", "start"] for i in range(len(words))) and \
        any(Path(w).name.startswith("prefect") for w in words)
    on_port = any(words[i:i + 2] == ["--port", str(port)] for i in range(len(words)))
    given = next((e[len(b"PREFECT_HOME="):].decode(errors="replace") for e in environ if e.startswith(b"PREFECT_HOME=")), None)
    if not (starts and on_port and given):
        return False
    try:   # one folder however it was spelt: relative to the server's own folder, through links
        where = Path(given) if Path(given).is_absolute() else Path(os.readlink(proc / "cwd")) / given
        return where.resolve() == home.resolve()
    except OSError:
        return False


@contextmanager
def _home_lock(home: Path):
    """One sitrep at a time decides whether to start the background server."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_background_server(home: Path, timeout: float = 120, on_start=None) -> str:
    """The URL of the background server, started first if none answers (`on_start(home)` is
    called then, to say so). It runs in its own session, not as a child the run waits for,
    and keeps running after the command that started it, until `sitrep server stop`."""
    with _home_lock(home):
        state = background_server(home)
        if state:
            return state["url"]
        if on_start:
            on_start(home)
        proc, url = _start_server(home, None, ui=True)
        _wait_healthy(proc, url, home, timeout)
        state = {"url": url, "pid": proc.pid, "port": int(url.rsplit(":", 1)[1].split("/")[0]),
                 "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        tmp = home / f".{STATE_FILE}.tmp"
        tmp.write_text(json.dumps(state))
        tmp.replace(home / STATE_FILE)
        return url


def stop_background_server(home: Path, timeout: float = 20) -> dict | None:
    """Stop the background server (its whole session); its record, or None if none ran."""
    with _home_lock(home):
        try:
            state = json.loads((home / STATE_FILE).read_text())
        except (OSError, ValueError):
            return None
        (home / STATE_FILE).unlink(missing_ok=True)
        pid = state.get("pid") if isinstance(state, dict) else None
        if not isinstance(pid, int) or pid <= 1 or not _ours(state, home):
            return None   # a stale record: whatever has that pid now is not ours to stop
        try:
            os.killpg(pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            return state
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                return state
            _reap(pid)
            time.sleep(0.1)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return state


def _reap(pid: int) -> None:
    """Collect the server if this process started it (tests start and stop it in one process)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


@contextmanager
def run_api(on_start=None):
    """The Prefect API a command-line run reports to, and its worker processes with it:
    PREFECT_API_URL when set; else the background server (started if none answers); with
    SITREP_BACKGROUND_SERVER=0, a server of the run's own that stops with it, even on kill -9."""
    from sitrep.common.settings import background_server_allowed, server_home

    url = os.environ.get("PREFECT_API_URL")
    if url:
        yield url
        return
    if background_server_allowed():
        yield ensure_background_server(server_home(), on_start=on_start)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sitrep-prefect-") as home, \
            local_prefect_server(Path(home), die_with_parent=True) as url:
        try:
            yield url
        finally:
            drain_prefect_clients()   # while the server still answers: its last logs and events


def drain_prefect_clients(timeout: float = 5) -> None:
    """Send the logs and events Prefect's background workers still hold, now: a server that is
    about to stop would otherwise get them at interpreter exit, when it is gone ("Error logging
    to API")."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=timeout)
