"""The deployments of sitrep-etl: on a schedule, and on demand from the Prefect UI."""
