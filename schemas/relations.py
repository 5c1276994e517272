"""References between tables: every child key must name an existing parent row."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    child: str
    column: str
    parent: str
    parent_column: str

    @property
    def description(self) -> str:
        return f"{self.child}.{self.column} → {self.parent}.{self.parent_column}"


RELATIONS = [
    Relation("article_sources", "article_id", "articles", "article_id"),
    Relation("events", "article_id", "articles", "article_id"),
    Relation("casualty_claims", "article_id", "articles", "article_id"),
    Relation("casualty_claims", "event_id", "events", "event_id"),
    Relation("mentions", "article_id", "articles", "article_id"),
    Relation("incident_events", "incident_id", "incidents", "incident_id"),
    Relation("incident_events", "event_id", "events", "event_id"),
]
