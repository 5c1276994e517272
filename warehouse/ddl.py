"""DuckDB DDL generated from the pandera models, so the database and the contract cannot
drift apart: one source for names, types and column comments."""
from __future__ import annotations

import pandera.pandas as pa

from sitrep.schemas import TABLES
from sitrep.schemas.types import storage_kind

# Integers are 32-bit in the warehouse (counts, years, figures); the spool writes int64
# and DuckDB narrows on insert.
_DUCKDB_TYPES = {"string": "VARCHAR", "date": "DATE", "timestamp": "TIMESTAMP", "bool": "BOOLEAN",
                 "int": "INTEGER", "float": "DOUBLE"}


def duckdb_type(dtype) -> str:
    return _DUCKDB_TYPES[storage_kind(dtype)]


def columns(model: type[pa.DataFrameModel]) -> list[tuple[str, str, bool, str]]:
    """(name, DuckDB type, nullable, description) per column, in model order."""
    schema = model.to_schema()
    return [(name, duckdb_type(col.dtype), bool(col.nullable), col.description or "") for name, col in schema.columns.items()]


def create_table_sql(table: str) -> str:
    cols = ",\n  ".join(f"{name} {typ}{'' if nullable else ' NOT NULL'}" for name, typ, nullable, _ in columns(TABLES[table]))
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {cols}\n)"


def comment_sql(table: str) -> list[str]:
    model = TABLES[table]
    out = []
    doc = (model.__doc__ or "").strip().replace("'", "''")
    if doc:
        out.append(f"COMMENT ON TABLE {table} IS '{doc}'")
    for name, _, _, desc in columns(model):
        if desc:
            out.append(f"COMMENT ON COLUMN {table}.{name} IS '{desc.replace(chr(39), chr(39) * 2)}'")
    return out


def all_ddl() -> list[str]:
    stmts = []
    for table in TABLES:
        stmts.append(create_table_sql(table))
        stmts.extend(comment_sql(table))
    return stmts
