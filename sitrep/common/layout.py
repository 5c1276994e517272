"""The names of a warehouse's own files, in one place (light to import: the run's outlook and
the source's discovery read them without loading DuckDB or pandas)."""

DB_NAME = "sitrep.duckdb"   # the warehouse's DuckDB file; a folder holding one is a warehouse
