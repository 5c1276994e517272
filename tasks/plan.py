"""Deciding what each input becomes in this run: loaded, unchanged, duplicate or quarantined.

Pure: it sees what was read and what the warehouse already holds, and touches nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from tasks.ingest.article import Article, Rejected


@dataclass
class Plan:
    to_extract: list[Article] = field(default_factory=list)   # new or reprocessed articles, one per id
    input_of: dict[str, str] = field(default_factory=dict)     # article_id -> the input that loads it
    sources: list[dict] = field(default_factory=list)          # article_sources rows new in this run
    quarantine: list[dict] = field(default_factory=list)       # inputs set aside while reading
    inputs_seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    duplicate: int = 0
    quarantined: int = 0

    def balanced(self) -> bool:
        return self.inputs_seen == self.loaded + self.unchanged + self.duplicate + self.quarantined

    def set_aside(self, article_id: str, stage: str, reason: str, run_id: str) -> None:
        """An article planned for loading failed later (extraction, validation): its input
        moves from loaded to quarantined, with the reason."""
        uri = self.input_of.pop(article_id, None)
        if uri is None:
            return
        self.to_extract = [a for a in self.to_extract if a.article_id != article_id]
        self.sources = [s for s in self.sources if s["article_id"] != article_id]
        self.loaded -= 1
        self.quarantined += 1
        self.quarantine.append(quarantine_row(run_id, uri, stage, reason, counts_as_input=True))


def quarantine_row(run_id: str, uri: str, stage: str, reason: str, *, counts_as_input: bool,
                   table_name: str | None = None, record_id: str | None = None) -> dict:
    return {"run_id": run_id, "source_uri": uri, "stage": stage, "reason": reason,
            "table_name": table_name, "record_id": record_id, "counts_as_input": counts_as_input}


def reprocess_filter(article_ids: list[str] | None = None, since=None):
    """Which unchanged articles to reprocess anyway: ids (a prefix of 8+ characters will do)
    and/or those published on or after `since`."""
    prefixes = tuple(a.strip().lower() for a in (article_ids or []) if len(a.strip()) >= 8)

    def wanted(article: Article) -> bool:
        if prefixes and article.article_id.startswith(prefixes):
            return True
        return since is not None and article.published_date is not None and article.published_date >= since

    return wanted


def plan_articles(results: list[Article | Rejected], known: dict[str, str], known_sources: set[tuple[str, str]],
                  extractor_version: str, full_refresh: bool, run_id: str, reprocess=None) -> Plan:
    plan = Plan()
    seen_ids: set[str] = set()
    seen_sources: set[tuple[str, str]] = set()
    for r in results:
        plan.inputs_seen += 1
        if isinstance(r, Rejected):
            plan.quarantined += 1
            plan.quarantine.append(quarantine_row(run_id, r.source_uri, r.stage, r.reason, counts_as_input=True))
            continue
        key = (r.article_id, r.source_uri)
        if key not in known_sources and key not in seen_sources:
            plan.sources.append({"article_id": r.article_id, "source_uri": r.source_uri, "run_id": run_id})
            seen_sources.add(key)
        if r.article_id in seen_ids:
            plan.duplicate += 1
        elif not full_refresh and known.get(r.article_id) == extractor_version and not (reprocess and reprocess(r)):
            plan.unchanged += 1
        else:
            plan.loaded += 1
            plan.to_extract.append(r)
            plan.input_of[r.article_id] = r.source_uri
        seen_ids.add(r.article_id)
    return plan
