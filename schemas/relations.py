"""References between tables: every child key must name an existing parent row."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Relation:
    child: str
    column: str
    parent: str
    parent_column: str

    @property
    def description(self) -> str:
        return f"{self.child}.{self.column} → {self.parent}.{self.parent_column}"

    def orphans(self, child: pd.DataFrame, parent: pd.DataFrame) -> pd.Index:
        """Index labels of child rows whose (non-null) key has no parent row."""
        if child.empty:
            return child.index
        keys = child[self.column]
        missing = keys.notna() & ~keys.isin(set(parent[self.parent_column]))
        return child.index[missing]


RELATIONS = [
    Relation("article_sources", "article_id", "articles", "article_id"),
    Relation("events", "article_id", "articles", "article_id"),
    Relation("casualty_claims", "article_id", "articles", "article_id"),
    Relation("casualty_claims", "event_id", "events", "event_id"),
    Relation("mentions", "article_id", "articles", "article_id"),
    Relation("incident_events", "incident_id", "incidents", "incident_id"),
    Relation("incident_events", "event_id", "events", "event_id"),
]
