"""The load: one warehouse transaction per run. Storage (the transaction handle) is the
warehouse's; what is derived from the stored rows (incidents) is computed here with it."""
from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from sitrep.schemas import TABLES
from sitrep.tasks.incidents import rebuild_incidents
from sitrep.tasks.plan import Superseded
from sitrep.tasks.run.spool import spooled_tables
from sitrep.tasks.tables import frame
from sitrep.tasks.validate import validate_strict
from sitrep.warehouse import Warehouse


@task(name="load-warehouse", retries=1, retry_delay_seconds=2, cache_policy=NO_CACHE)
def load_warehouse(warehouse: str, spool: str, rows: dict[str, list[dict]], replaced: list[str],
                   superseded: Superseded | None = None) -> dict[str, int]:
    """The run's spooled rows and its own small tables (rows) in, the replaced articles' old
    rows out, what edited inputs no longer yield out, incidents rebuilt across the
    warehouse, Parquet swapped: all or nothing. Returns the row count of every table after."""
    superseded = superseded or Superseded()
    with Warehouse(warehouse).transaction() as tx:
        if tx.repaired:
            get_run_logger().warning("the last run was killed while publishing; brought the Parquet tables %s up to date",
                                     ", ".join(tx.repaired))
        tx.delete_articles(replaced)
        tx.delete_sources(superseded.sources)
        tx.delete_articles(superseded.articles)
        spooled = spooled_tables(spool)
        for table in TABLES:   # parents before children
            if table in spooled:
                tx.append_parquet(table, spooled[table])
            if rows.get(table):
                tx.append(table, validate_strict(table, frame(table, rows[table])))
        rebuild_incidents(tx)
    if tx.migrated:
        get_run_logger().info("migrated the warehouse from schema version %s", ", ".join(map(str, tx.migrated)))
    return tx.counts
