"""Shared fixtures. Prefect state goes to a per-session temporary home so tests never touch
the developer's ~/.prefect, and its telemetry stays off."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check correctness, not speed (speed is the benchmark's job): no per-example
# deadline, which a busy CI machine would turn into flaky failures.
settings.register_profile("sitrep", deadline=None)
settings.load_profile("sitrep")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    home = Path(os.environ.get("SITREP_TEST_PREFECT_HOME", "/tmp/sitrep-test-prefect-home"))
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # a `sitrep run` without PREFECT_API_URL starts sitrep's background server: the session's own
    os.environ.setdefault("SITREP_SERVER_HOME", str(home / f"sitrep-server-{os.getpid()}"))


def pytest_unconfigure(config):
    """Nothing of the session outlives it: stop the background server a test may have started."""
    from sitrep.prefect_server import stop_background_server

    stop_background_server(Path(os.environ["SITREP_SERVER_HOME"]))


@pytest.fixture(scope="session")
def nlp():
    from sitrep.tasks.extract.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def analyse(nlp):
    """Run the whole pipeline over a text (first line = headline) with a publication date."""
    import datetime as dt

    def run(text: str, published: dt.date | str | None = None):
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        doc = nlp.make_doc(text)
        doc._.published_date = published
        return nlp(doc)

    return run


@pytest.fixture
def sitrep_bin() -> str:
    exe = Path(sys.executable).with_name("sitrep")
    return str(exe)


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A real `prefect server start` on a free loopback port for the whole test session."""
    from sitrep.prefect_server import local_prefect_server

    with local_prefect_server(tmp_path_factory.mktemp("prefect-server-home")) as url:
        yield url
