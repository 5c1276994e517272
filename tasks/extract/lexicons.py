"""The vocabularies the rules read from sitrep/data (through sitrep.common.data), loaded
once: actor and source aliases, victim words, event triggers and their priorities. Rules
read these; nothing here is tuned in code."""
from __future__ import annotations

import re
from functools import lru_cache

from sitrep.common import data


@lru_cache(maxsize=1)
def actor_aliases() -> dict[str, str]:
    return {r["alias"]: r["actor"] for r in data.rows("actors.csv")}


@lru_cache(maxsize=1)
def source_aliases() -> list[tuple[re.Pattern, str]]:
    """(pattern, canonical source), longest alias first so 'Syrian Observatory for Human
    Rights' wins over 'Observatory'."""
    rows = sorted(data.rows("claim_sources.csv"), key=lambda r: -len(r["alias"]))
    out = []
    for r in rows:
        alias = r["alias"]
        flags = 0 if (alias.isupper() and len(alias) <= 5) else re.I
        out.append((re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", flags), r["source"]))
    return out


@lru_cache(maxsize=1)
def victim_words() -> dict[str, str]:
    return {r["word"]: r["victim_group"] for r in data.rows("victims.csv")}


@lru_cache(maxsize=1)
def event_priority() -> dict[str, int]:
    return {r["event_type"]: int(r["priority"]) for r in data.rows("event_types.csv")}


@lru_cache(maxsize=1)
def trigger_patterns() -> list[dict]:
    return data.jsonl("triggers.jsonl")


@lru_cache(maxsize=1)
def source_rank() -> dict[str, int]:
    return {r["source"]: int(r["rank"]) for r in data.rows("source_credibility.csv")}


@lru_cache(maxsize=1)
def actor_sides() -> dict[str, str]:
    return {r["actor"]: r["side"] for r in data.rows("actor_sides.csv")}
