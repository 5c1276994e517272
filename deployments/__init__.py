"""Deployment definitions and schedules for sitrep-etl (see issue 4)."""
