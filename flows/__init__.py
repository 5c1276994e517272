"""Prefect flows: each a short story of named steps over the tasks."""
