"""Defaults a user can override with flags or environment variables."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def sample_corpus() -> Path:
    """The bundled sample corpus (written for this project)."""
    return Path(str(resources.files("sitrep").joinpath("sample/articles")))


def sample_gold() -> Path:
    return Path(str(resources.files("sitrep").joinpath("sample/gold.json")))


def default_source() -> str:
    return os.environ.get("SITREP_SOURCE") or str(sample_corpus())


def default_warehouse() -> str:
    return os.environ.get("SITREP_WAREHOUSE") or str(Path.cwd() / "warehouse-data")


def prefect_defaults() -> None:
    """Prefect settings that keep a local run quiet and robust, unless the user set them.

    Without PREFECT_API_URL a run starts Prefect's temporary server (20–30 s here). Its
    telemetry service writes to the same SQLite file the run uses and, under load, logs
    'database is locked' tracebacks from a run that succeeded; it is off, and the server
    gets more time to start on a busy machine."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "false")


def lock_wait_seconds() -> float:
    """How long a run waits for another run on the same warehouse (SITREP_LOCK_WAIT, default 300 s)."""
    return float(os.environ.get("SITREP_LOCK_WAIT", "300"))


def cache_dir() -> Path:
    """SITREP_CACHE_DIR, else $XDG_CACHE_HOME/sitrep or ~/.cache/sitrep: the built gazetteer
    and the local copies of remote warehouses."""
    root = os.environ.get("SITREP_CACHE_DIR")
    return Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitrep"
