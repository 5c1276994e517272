"""sitrep tasks: plain functions that hold the logic (ingest, extract) and the Prefect
tasks in `tasks.etl` that run them over chunks of articles."""
