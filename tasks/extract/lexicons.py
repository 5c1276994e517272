"""The data files in tasks/data, loaded once: actor and source aliases, victim words,
event triggers and their priorities. Rules read these; nothing here is tuned in code."""
from __future__ import annotations

import csv
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

DATA_FILES = (
    "actors.csv", "actor_sides.csv", "claim_sources.csv", "event_types.csv", "source_credibility.csv", "furniture.txt", "governorates.csv",
    "outlets.csv", "place_stoplist.txt", "places_aliases.csv", "triggers.jsonl", "victims.csv",
)


def data_text(name: str) -> str:
    return resources.files("tasks").joinpath(f"data/{name}").read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict]:
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def actor_aliases() -> dict[str, str]:
    return {r["alias"]: r["actor"] for r in data_rows("actors.csv")}


@lru_cache(maxsize=1)
def source_aliases() -> list[tuple[re.Pattern, str]]:
    """(pattern, canonical source), longest alias first so 'Syrian Observatory for Human
    Rights' wins over 'Observatory'."""
    rows = sorted(data_rows("claim_sources.csv"), key=lambda r: -len(r["alias"]))
    out = []
    for r in rows:
        alias = r["alias"]
        flags = 0 if (alias.isupper() and len(alias) <= 5) else re.I
        out.append((re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", flags), r["source"]))
    return out


@lru_cache(maxsize=1)
def victim_words() -> dict[str, str]:
    return {r["word"]: r["victim_group"] for r in data_rows("victims.csv")}


@lru_cache(maxsize=1)
def event_priority() -> dict[str, int]:
    return {r["event_type"]: int(r["priority"]) for r in data_rows("event_types.csv")}


@lru_cache(maxsize=1)
def trigger_patterns() -> list[dict]:
    return [json.loads(ln) for ln in data_text("triggers.jsonl").splitlines() if ln.strip()]


def data_fingerprint() -> str:
    """Hash of every data file: part of the extractor version."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        h.update(name.encode())
        h.update(data_text(name).encode("utf-8"))
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def source_rank() -> dict[str, int]:
    return {r["source"]: int(r["rank"]) for r in data_rows("source_credibility.csv")}


@lru_cache(maxsize=1)
def actor_sides() -> dict[str, str]:
    return {r["actor"]: r["side"] for r in data_rows("actor_sides.csv")}
