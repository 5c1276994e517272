"""A run's spool: each extraction chunk writes its validated rows as Parquet files
(SPOOL/<table>/part-<chunk>.parquet) and forgets them, so a run's memory is bounded by one
chunk, not by the corpus. The load then reads the spool in one transaction.

The files carry the pandera model's column order and types, so every chunk's file of a
table has the same schema (an all-null column is still typed).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.schemas import TABLES
from sitrep.schemas.types import storage_kind

_ARROW_TYPES = {"string": pa.string(), "date": pa.date32(), "timestamp": pa.timestamp("us"),
                "bool": pa.bool_(), "int": pa.int64(), "float": pa.float64()}


def _arrow_type(dtype) -> pa.DataType:
    return _ARROW_TYPES[storage_kind(dtype)]


@lru_cache(maxsize=None)
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table, from its pandera model (column order and types)."""
    cols = TABLES[table].to_schema().columns
    return pa.schema([pa.field(name, _arrow_type(col.dtype), nullable=True) for name, col in cols.items()])


def to_arrow(table: str, frame: pd.DataFrame) -> pa.Table:
    schema = arrow_schema(table)
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


def write_chunk(spool_dir: str | Path, chunk_no: int, frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Write each non-empty frame to SPOOL/<table>/part-<chunk_no>.parquet; rows written per table."""
    written = {}
    for table, frame in frames.items():
        if frame is None or frame.empty:
            continue
        out = Path(spool_dir) / table
        out.mkdir(parents=True, exist_ok=True)
        tmp = out / f".part-{chunk_no:06d}.parquet.tmp"
        pq.write_table(to_arrow(table, frame), tmp, compression="zstd")
        tmp.rename(out / f"part-{chunk_no:06d}.parquet")   # a retried chunk replaces its own file
        written[table] = len(frame)
    return written


def spooled_tables(spool_dir: str | Path) -> dict[str, list[str]]:
    """table -> its spooled Parquet files, for the tables that have any. Listed here, not
    left to a glob in the load's SQL: the warehouse's path is data, and may hold `[`, `*`."""
    root = Path(spool_dir)
    listed = {t: sorted(str(p) for p in (root / t).glob("part-*.parquet")) for t in TABLES}
    return {t: files for t, files in listed.items() if files}
