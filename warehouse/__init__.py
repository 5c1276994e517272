"""The warehouse: DuckDB DDL derived from the pandera models, the loader (one transaction
per run, Parquet exported inside it) and read-only queries."""
from sitrep.warehouse.migrations import WarehouseTooNew
from sitrep.warehouse.store import Warehouse, WarehouseBusy

__all__ = ["Warehouse", "WarehouseBusy", "WarehouseTooNew"]
