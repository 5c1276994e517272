"""What names an article file, and what is a URL rather than a local path: shared by the
command line (to check --source before a run) and by ingest (to read it)."""
from __future__ import annotations

import re

SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
            ".ndjson": "jsonl"}


def article_format(name: str) -> str | None:
    """The format an article file's name says it holds (txt, html, json, jsonl), or None."""
    m = re.search(r"(\.[A-Za-z]+)$", name)
    return SUFFIXES.get(m.group(1).lower()) if m else None


def is_url(source: str) -> bool:
    """An http(s) or fsspec URI (s3://…), not a local path (file:// is local)."""
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", source)) and not source.startswith("file://")


class SourceUnreadable(FileNotFoundError):
    """A run's source (a list URL, a feed, an fsspec URI) that could not be read within its
    download deadline, retries included: the run stops with one line, without retrying again
    (the command line reports it; the ingest raises it)."""
