"""The storage kind of a pandera column type: one mapping that the DuckDB DDL and the
Parquet spool both read, so a table's types cannot differ between the two."""
from __future__ import annotations


def storage_kind(dtype) -> str:
    """'date', 'timestamp', 'bool', 'int', 'float' or 'string' for a pandera dtype."""
    name = str(dtype).lower()
    if name == "date":
        return "date"
    if "datetime" in name:
        return "timestamp"
    if "bool" in name:
        return "bool"
    if "int" in name:
        return "int"
    if "float" in name:
        return "float"
    return "string"
