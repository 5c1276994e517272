""""Nothing changed", decided before a run pays for Prefect, spaCy or the warehouse.

After each run that loads a local warehouse, `settled.json` beside it records what that run
left settled: the source, the extractor version, a fingerprint of the code that shapes the
warehouse, the DuckDB file's size and modification time, and every input file (with its
stamp) whose articles are all in the warehouse under that version, and its Parquet copy's
files. A later `sitrep run` of
the same source finds nothing to do when all of that still holds — the same files with the
same stamps, no other file, no file set aside, the same code, and a warehouse no one has
written since — and says so without starting a flow run. Anything else (a new, changed,
missing or quarantined file, a migration, another run's load, a damaged state file, a remote
source or warehouse, --full-refresh, --article-id, --since) takes the ordinary path, which
reads only what changed.

The state is removed when a run starts loading and written when it has published, so a run
that dies leaves none. Pure standard library: the check runs before anything heavy is imported.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sitrep.common.layout import DB_NAME, PARQUET_DIR, SETTLED_FILE
from sitrep.tasks.extract.version import extractor_version, model_signature

SEVERAL_PER_FILE = ("json", "jsonl")   # formats whose one file may hold many articles


def warehouse_code() -> str:
    """A fingerprint of the modules that decide the warehouse's tables and views (the
    pandera models and the DuckDB DDL), read as files: importing them costs a second."""
    h = hashlib.sha256()
    for package in ("sitrep.schemas", "sitrep.warehouse"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(folder).glob("*.py")):
                h.update(path.name.encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _db_stamp(warehouse_dir: Path) -> list[int] | None:
    try:
        st = (warehouse_dir / DB_NAME).stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _parquet_stamp(warehouse_dir: Path) -> str | None:
    """A digest of the Parquet copy's files (name, size, modification time): a copy someone
    damaged or removed since the last run is no settled state — the run repairs it."""
    folder = warehouse_dir / PARQUET_DIR
    if not folder.is_dir():
        return None
    h = hashlib.sha256()
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                return None
            h.update(f"{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def forget(state_dir: str | Path) -> None:
    """A run is about to change the warehouse: what was settled may no longer be."""
    (Path(state_dir) / SETTLED_FILE).unlink(missing_ok=True)


def remember(state_dir: str | Path, source: str, version: str, inputs: list[str], ledger: list[tuple[str, str, str, str]],
             known: dict[str, str], table_rows: dict[str, int], run_id: str) -> None:
    """Record what the run that just published left settled (see above): of its `inputs`
    (file uris), those whose ledger rows — (file uri, stamp, record uri, article_id) — all
    name articles the warehouse holds (`known`: article_id -> version) under `version`."""
    current = set(inputs)
    files: dict[str, str | None] = {}
    for uri, stamp, _, article_id in ledger:
        if uri not in current:
            continue
        settled = known.get(article_id) == version and files.get(uri, stamp) is not None
        files[uri] = stamp if settled else None
    records = [article_id for uri, _, _, article_id in ledger if files.get(uri) is not None]
    state = {"source": source, "extractor_version": version, "warehouse_code": warehouse_code(),
             "db": _db_stamp(Path(state_dir)), "parquet": _parquet_stamp(Path(state_dir)), "run_id": run_id,
             "table_rows": table_rows,
             # what a rerun reads from these files: its inputs, of which duplicates of another
             "records": len(records), "duplicates": len(records) - len(set(records)),
             "files": {uri: stamp for uri, stamp in files.items() if stamp is not None}}
    path = Path(state_dir) / SETTLED_FILE
    tmp = path.with_name(f".{SETTLED_FILE}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(state))
        tmp.replace(path)
    except OSError:   # a cache: without it the next run takes the ordinary path
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Outlook:
    """What a run of a local source would find, from file stamps: `settled`, the last run's
    state when there is nothing to do (else None); `to_read`, how many input files it would
    read (every file not settled by the last run) of `inputs` in all; `several_per_file`,
    whether a file of the source may hold many articles (a .json or .jsonl file), so that the
    files do not count the articles."""
    settled: dict | None
    to_read: int
    inputs: int
    several_per_file: bool = False


def outlook(source: str, warehouse_dir: str | Path, model: str) -> Outlook:
    """The outlook of a run of `source` into the local `warehouse_dir` (see above). `source`
    is a local path (the caller resolves it)."""
    from sitrep.tasks.inputs.discover import discover

    files, problems = discover(source)
    state = _last_state(source, Path(warehouse_dir), model)
    settled = state["files"] if state else {}
    reading = [f for f in files if f.stamp is None or settled.get(f.uri) != f.stamp]
    nothing = state is not None and not problems and not reading and len(files) == len(settled)
    return Outlook(state if nothing else None, len(reading), len(files),
                   any(f.format in SEVERAL_PER_FILE for f in files))


def _last_state(source: str, warehouse_dir: Path, model: str) -> dict | None:
    """The last run's settled state, when it still holds: the same source, a warehouse no one
    has written since, the same extractor version and warehouse code."""
    try:
        state = json.loads((warehouse_dir / SETTLED_FILE).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("source") != source or not isinstance(state.get("files"), dict):
        return None
    if state.get("db") != _db_stamp(warehouse_dir) or state.get("db") is None:
        return None
    if state.get("parquet") != _parquet_stamp(warehouse_dir) or state.get("parquet") is None:
        return None   # the Parquet copy was touched since: the run checks and repairs it
    if state.get("extractor_version") != extractor_version(model_signature(model)):
        return None
    if state.get("warehouse_code") != warehouse_code():
        return None
    return state
