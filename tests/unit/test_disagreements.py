"""The disagreements view (issue 17, item 3): figures that cannot all be true for the same
outcome and victims, with qualified figures as bounds and subtotals as no rivals."""
from __future__ import annotations

import duckdb
import pytest

from sitrep.warehouse.ddl import all_ddl
from sitrep.warehouse.store import VIEWS_SQL


@pytest.fixture
def con():
    c = duckdb.connect()
    for stmt in all_ddl():   # the warehouse's own tables, without NOT NULL: rows here fill only what the view reads
        c.execute(stmt.replace(" NOT NULL", ""))
    c.execute(VIEWS_SQL)
    c.execute("INSERT INTO incidents (incident_id, event_type, date_start, location_name, admin1) "
              "VALUES ('inc-1', 'air_strike', DATE '2016-08-14', 'Saraqib', 'Idlib')")
    c.execute("INSERT INTO incident_events (incident_id, event_id, article_id) VALUES ('inc-1', 'e1', 'a1'), ('inc-1', 'e2', 'a2')")
    c.execute("INSERT INTO articles (article_id, outlet) VALUES ('a1', 'Outlet One'), ('a2', 'Outlet Two')")
    yield c
    c.close()


def figures(con, *claims):
    """claims: (event, source, outcome, victims, low, high, qualifier, subtotal)."""
    for n, (ev, src, outcome, victims, low, high, qual, sub) in enumerate(claims):
        con.execute("INSERT INTO casualty_claims (claim_id, article_id, event_id, outcome, count_low, count_high, qualifier, "
                    "victim_group, claimed_by, is_subtotal, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'text')",
                    [f"c{n}", "a1" if ev == "e1" else "a2", ev, outcome, low, high, qual, victims, src, sub])
    return sorted(con.execute("SELECT claimed_by, count_low FROM disagreements").fetchall())


def test_more_than_200_agrees_with_215(con):
    assert figures(con, ("e1", "SOHR", "killed", "people", 201, None, "more_than", False),
                   ("e2", "SANA", "killed", "people", 215, 215, "exact", False)) == []


def test_21_against_at_least_42_is_a_disagreement(con):
    assert figures(con, ("e1", "SOHR", "killed", "people", 21, 21, "exact", False),
                   ("e2", "White Helmets", "killed", "people", 42, None, "at_least", False)) == [("SOHR", 21), ("White Helmets", 42)]


def test_disjoint_victim_groups_and_subtotals_are_no_rivals(con):
    assert figures(con, ("e1", "SOHR", "killed", "militants", 12, 12, "exact", False),
                   ("e2", "SANA", "killed", "civilians", 8, 8, "exact", False),
                   ("e2", "SANA", "killed", "people", 20, 20, "exact", False),
                   ("e2", "SANA", "killed", "children", 3, 3, "exact", True)) == []


def test_up_to_15_agrees_with_9(con):
    assert figures(con, ("e1", "activists", "injured", "people", 15, 15, "up_to", False),
                   ("e2", "medics", "injured", "people", 9, 9, "exact", False)) == []


def test_view_counts_are_bigint_not_hugeint(con):
    types = {name: t for name, t in con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name IN ('casualties_by_governorate_month', 'strikes_by_actor_month')").fetchall()}
    assert {types[c] for c in ("incidents", "killed_low", "killed_best", "killed_high", "injured_best", "air_strikes", "shelling")} == {"BIGINT"}


def test_casualties_by_month_count_every_incident_with_its_country_and_no_fake_month(con):
    """issue 31: undated and place-less incidents in rows of their own; a year is no January."""
    con.execute("UPDATE incidents SET country_code = 'SY', date_precision = 'day', killed_best = 5")
    con.execute("INSERT INTO incidents (incident_id, event_type, date_start, date_end, date_precision, country_code, admin1, killed_best) VALUES "
                "('inc-2', 'shelling', DATE '2016-01-01', DATE '2016-12-31', 'year', 'SY', 'Idlib', 7), "
                "('inc-3', 'shelling', NULL, NULL, 'unknown', 'IQ', NULL, 3), "
                "('inc-4', 'air_strike', NULL, NULL, 'unknown', NULL, NULL, 2)")
    rows = set(con.execute("SELECT country_code, admin1, year, month::VARCHAR, incidents, killed_best "
                           "FROM casualties_by_governorate_month").fetchall())
    assert rows == {("SY", "Idlib", 2016, "2016-08-01", 1, 5), ("SY", "Idlib", 2016, None, 1, 7),
                    ("IQ", None, None, None, 1, 3), (None, None, None, None, 1, 2)}
    assert con.execute("SELECT sum(incidents) FROM casualties_by_governorate_month").fetchone()[0] == \
        con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    strikes = set(con.execute("SELECT country_code, actor, month::VARCHAR, air_strikes, shelling FROM strikes_by_actor_month").fetchall())
    assert strikes == {("SY", "unknown", "2016-08-01", 1, 0), ("SY", "unknown", None, 0, 1), ("IQ", "unknown", None, 0, 1),
                       (None, "unknown", None, 1, 0)}
