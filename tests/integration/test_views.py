"""Every example query of docs/views.md runs on the sample warehouse, and the incident
reported by two outlets (Douma, April 2018) is one incident with both figures."""
import re
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.integration
DOC = Path(__file__).resolve().parents[2] / "docs" / "views.md"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_server):
    import os
    import subprocess
    import sys

    wh = tmp_path_factory.mktemp("views-wh")
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    subprocess.run([sitrep, "run", "--warehouse", str(wh)], check=True, capture_output=True,
                   env=dict(os.environ, PREFECT_API_URL=prefect_server))
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("sql", re.findall(r"```sql\n(.*?)```", DOC.read_text(), re.S))
def test_documented_view_queries_run_and_return_rows(warehouse, sql):
    assert warehouse.execute(sql).fetchall()


def test_same_incident_from_two_outlets_is_one_incident_with_both_figures(warehouse):
    rows = warehouse.execute("select n_articles, n_outlets, killed_low, killed_best, killed_high from incidents "
                             "where location_name = 'Douma' and date_start = '2018-04-07'").fetchall()
    assert rows == [(2, 2, 21, 21, 42)]
    who = warehouse.execute("select claimed_by, count_low from disagreements where location_name = 'Douma' and outcome = 'killed' order by count_low").fetchall()
    assert who == [("Syrian Observatory for Human Rights", 21), ("White Helmets", 42)]
