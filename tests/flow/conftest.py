"""The flow in-process, under Prefect's own test harness (a temporary database and API for
the whole session): the flow's contract, reruns and duplicates without a CLI process each."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def etl():
    from sitrep.flows.etl import sitrep_etl

    return sitrep_etl
