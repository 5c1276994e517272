"""The warehouse: storage only. DuckDB DDL derived from the pandera models, migrations, the
transaction handle every load writes through (DuckDB and Parquet, all or nothing), the
writer lock, read-only queries, and a remote copy on object storage."""
from sitrep.warehouse.migrations import WarehouseTooNew
from sitrep.warehouse.store import (QueryTimeout, RepairImpossible, Transaction, Warehouse, WarehouseBusy, WarehouseDamaged,
                                    writer_lock)

__all__ = ["QueryTimeout", "RepairImpossible", "Transaction", "Warehouse", "WarehouseBusy", "WarehouseDamaged", "WarehouseTooNew",
           "writer_lock"]
