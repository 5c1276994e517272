"""The one loader of sitrep's data files (sitrep/data): vocabularies, patterns, gazetteer
aliases and actor lists are data, read here, not literals in code. Each file is read once
per process; `fingerprint()` hashes them all for the extractor version."""
from __future__ import annotations

import csv
import hashlib
import json
from functools import lru_cache
from importlib import resources

PACKAGE = "sitrep"
FOLDER = "data"


TEXT_SUFFIXES = (".csv", ".txt", ".json", ".jsonl")


def names() -> list[str]:
    """Every text data file (vocabularies, patterns, lists), sorted, as paths under the data
    folder ('actors/syria.jsonl'); the map boundaries (boundaries/*.json.gz) are not among
    them."""
    out = []

    def walk(folder, prefix: str) -> None:
        for p in folder.iterdir():
            if p.name.startswith((".", "_")):
                continue
            if p.is_dir():
                walk(p, f"{prefix}{p.name}/")
            elif p.is_file() and p.name.endswith(TEXT_SUFFIXES):
                out.append(prefix + p.name)

    walk(resources.files(PACKAGE).joinpath(FOLDER), "")
    return sorted(out)


@lru_cache(maxsize=None)
def text(name: str) -> str:
    return resources.files(PACKAGE).joinpath(f"{FOLDER}/{name}").read_text(encoding="utf-8")


def lines(name: str) -> list[str]:
    """Non-empty lines that are not comments (#)."""
    return [ln.strip() for ln in text(name).splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def rows(name: str) -> list[dict]:
    """A CSV file's rows as dicts; lines starting with # are comments."""
    return list(csv.DictReader(ln for ln in text(name).splitlines() if ln.strip() and not ln.startswith("#")))


def jsonl(name: str) -> list[dict]:
    return [json.loads(ln) for ln in text(name).splitlines() if ln.strip() and not ln.startswith("#")]


def fingerprint(files: list[str] | None = None) -> str:
    """Hash of the data files (all of them by default): part of the extractor version."""
    h = hashlib.sha256()
    for name in files or names():
        h.update(name.encode())
        h.update(text(name).encode("utf-8"))
    return h.hexdigest()[:12]


@lru_cache(maxsize=None)
def gzip_json(name: str):
    """A gzipped JSON data file (boundaries/admin1.json.gz), parsed once per process."""
    import gzip

    with gzip.open(resources.files(PACKAGE).joinpath(f"{FOLDER}/{name}").open("rb"), "rt", encoding="utf-8") as fh:
        return json.load(fh)
