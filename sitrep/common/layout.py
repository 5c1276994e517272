"""The names of a warehouse's own files, in one place (light to import: the run's outlook and
the source's discovery read them without loading DuckDB or pandas)."""

DB_NAME = "sitrep.duckdb"   # the warehouse's DuckDB file; a folder holding one is a warehouse
PARQUET_DIR = "parquet"   # the warehouse's Parquet copy: DIR/parquet/<table>/
# a run's state beside the warehouse (sitrep.tasks.run.run_state.RunState)
LEDGER_FILE = "input-ledger.parquet"   # what each input file yielded when last read
SPOOL_PREFIX = ".spool-"   # DIR/.spool-<run>: a run's extracted parts until the load
SETTLED_FILE = "settled.json"   # what the last run left settled, for "nothing changed"
