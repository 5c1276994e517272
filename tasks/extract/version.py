"""The extractor version: a fingerprint of everything that decides what an article yields —
the ingest and extraction code, the shared helpers they read dates and places with, the data
files and the spaCy model. An article loaded under another version is reprocessed; one under
this version is skipped as unchanged."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

from sitrep.common import data

# the code whose change changes what an article yields: (package, its modules or all)
CODE = (("sitrep.common", ("dates.py", "gazetteer.py", "uris.py")), ("sitrep.tasks.inputs", None),
        ("sitrep.tasks.extract", None))


@lru_cache(maxsize=4)
def extractor_version(model_signature: str) -> str:
    h = hashlib.sha256(model_signature.encode())
    h.update(data.fingerprint().encode())
    for package, only in CODE:
        for entry in sorted(resources.files(package).iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".py") and (only is None or entry.name in only):
                h.update(entry.name.encode())
                h.update(entry.read_bytes())
    return h.hexdigest()[:12]


def model_signature(name: str) -> str:
    """'name==version' of an installed spaCy pipeline, read without loading it."""
    from importlib import metadata
    from pathlib import Path

    for dist in (name, name.replace("_", "-")):
        try:
            return f"{name}=={metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    meta = Path(name) / "meta.json"
    if meta.exists():
        import json

        m = json.loads(meta.read_text())
        return f"{m.get('lang')}_{m.get('name')}=={m.get('version')}"
    return name
