"""Prefect flows: thin, a readable story of steps."""
