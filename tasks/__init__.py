"""sitrep's tasks: the plain functions that hold the logic (ingest, extract, plan, validate,
incidents) and the small Prefect tasks over them that the flow's steps call, taking and
returning plain values."""
