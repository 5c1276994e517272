"""Bringing an older warehouse up to the current schema version.

MIGRATIONS[n] holds the statements that take a warehouse from version n to n + 1. Every
step runs inside the load's transaction, so a failed migration leaves the warehouse as it
was. A warehouse without a version is a version 1 warehouse (the first release).
"""
from __future__ import annotations

import duckdb

from sitrep.schemas import SCHEMA_VERSION

MIGRATIONS: dict[int, list[str]] = {
    1: [  # v2: events say how sure sitrep is of them
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS confidence DOUBLE",
        "COMMENT ON COLUMN events.confidence IS 'how sure sitrep is of this row, 0-1; NULL for rows loaded before schema v2'",
    ],
    2: [],  # v3: incidents and incident_events, created by the load that follows
    3: [  # v4: who relayed a figure and what kind of source gave it
        "ALTER TABLE casualty_claims ADD COLUMN IF NOT EXISTS cited_by VARCHAR",
        "ALTER TABLE casualty_claims ADD COLUMN IF NOT EXISTS source_type VARCHAR DEFAULT 'unknown'",
        "UPDATE casualty_claims SET source_type = 'unknown' WHERE source_type IS NULL",
    ],
    4: [  # v5: ACLED's sub-event type beside the contract's event type
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS sub_event_type VARCHAR",
        "COMMENT ON COLUMN events.sub_event_type IS 'ACLED sub-event type; NULL for rows loaded before schema v5'",
    ],
    5: [  # v6: the second-level division (district, county) and geo_precision 'admin2'
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS admin2 VARCHAR",
        "COMMENT ON COLUMN events.admin2 IS 'second-level division (district, county); NULL for rows loaded before schema v6'",
        "ALTER TABLE IF EXISTS incidents ADD COLUMN IF NOT EXISTS admin2 VARCHAR",   # (made by the load that follows when missing)
    ],
    6: [  # v7: which figures add to the one before (the rest restate the toll)
        "ALTER TABLE casualty_claims ADD COLUMN IF NOT EXISTS adds_to_previous BOOLEAN DEFAULT false",
        "UPDATE casualty_claims SET adds_to_previous = false WHERE adds_to_previous IS NULL",
    ],
    7: [  # v8: a week, month or year is a span (date_start, date_end), never a made-up day
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS date_start DATE",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS date_end DATE",
        """UPDATE events SET
             date_start = CASE date_precision WHEN 'day' THEN event_date WHEN 'week' THEN event_date - 6
                          WHEN 'month' THEN date_trunc('month', event_date)::DATE WHEN 'year' THEN date_trunc('year', event_date)::DATE END,
             date_end = CASE date_precision WHEN 'day' THEN event_date WHEN 'week' THEN event_date
                        WHEN 'month' THEN last_day(event_date) WHEN 'year' THEN make_date(year(event_date), 12, 31) END
           WHERE event_date IS NOT NULL""",
        "UPDATE events SET event_date = NULL WHERE date_precision IN ('week', 'month', 'year')",
    ],
    8: [  # v9: an incident says its country and how precisely it is placed and dated
        # (filled by the incidents' rebuild that every load ends with)
        "ALTER TABLE IF EXISTS incidents ADD COLUMN IF NOT EXISTS country_code VARCHAR",
        "ALTER TABLE IF EXISTS incidents ADD COLUMN IF NOT EXISTS geo_precision VARCHAR",
        "ALTER TABLE IF EXISTS incidents ADD COLUMN IF NOT EXISTS date_precision VARCHAR",
    ],
}


class WarehouseTooNew(RuntimeError):
    """The warehouse was written by a newer sitrep."""


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The warehouse's version; None for an empty database."""
    if _has_table(con, "sitrep_meta"):
        row = con.execute("SELECT value FROM sitrep_meta WHERE key = 'schema_version'").fetchone()
        if row:
            return int(row[0])
    return 1 if _has_table(con, "articles") else None


def check_version(version: int | None, where: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise WarehouseTooNew(
            f"{where} has schema version {version}, newer than this sitrep knows ({SCHEMA_VERSION}); "
            f"upgrade sitrep (pip install -U sitrep) before loading into it"
        )


def migrate(con: duckdb.DuckDBPyConnection, where: str = "the warehouse") -> list[int]:
    """Apply every step from the warehouse's version to the current one (inside the caller's
    transaction); returns the versions migrated from."""
    version = schema_version(con)
    check_version(version, where)
    applied = []
    while version is not None and version < SCHEMA_VERSION:
        for stmt in MIGRATIONS[version]:
            con.execute(stmt)
        applied.append(version)
        version += 1
    if _has_table(con, "sitrep_meta"):
        con.execute("DELETE FROM sitrep_meta WHERE key = 'schema_version'")
    else:
        con.execute("CREATE TABLE sitrep_meta (key VARCHAR, value VARCHAR)")
    con.execute("INSERT INTO sitrep_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    return applied
