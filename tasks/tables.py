"""Turning a run's plan and extraction output into one DataFrame per table."""
from __future__ import annotations

import pandas as pd

from tasks.extract.rows import article_row
from tasks.plan import Plan
from tasks.validate import empty_frame


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty_frame(table)
    return pd.DataFrame(rows)


def run_frames(plan: Plan, rows: dict[str, list[dict]], extractor_version: str, run_id: str) -> dict[str, pd.DataFrame]:
    articles = [article_row(a, extractor_version, run_id) for a in plan.to_extract]
    return {
        "articles": frame("articles", articles),
        "article_sources": frame("article_sources", plan.sources),
        "events": frame("events", rows.get("events", [])),
        "casualty_claims": frame("casualty_claims", rows.get("casualty_claims", [])),
        "mentions": frame("mentions", rows.get("mentions", [])),
    }
