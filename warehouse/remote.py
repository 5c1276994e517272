"""A warehouse on object storage: `--warehouse s3://bucket/prefix` (any fsspec URI).

The remote holds what analysts read — `<uri>/parquet/<table>/…` (Hive partitions, as
locally) — and `<uri>/sitrep.duckdb`, the state the next run starts from. A run works on a
local copy in SITREP_CACHE_DIR/warehouses/<name>-<hash>/: it pulls the DuckDB file when
the remote one changed since this copy last saw it, loads as usual (one transaction,
copy-on-write), then pushes the DuckDB file and the Parquet tables the load changed.

Object stores have no rename: a table's files are overwritten in place and files no longer
part of it are deleted after, so a reader listing a table during a push may briefly see a
mix of the previous and the new files; `<uri>/_manifest.json`, written last, lists the
files of the last complete push. One writer per URI: the lock is on the local copy, so two
machines must not load the same URI at once.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from sitrep.common.settings import cache_dir

MANIFEST = "_manifest.json"
STATE = ".remote-state.json"   # in the local copy: the remote DuckDB file this copy matches


def is_remote(location: str | os.PathLike) -> bool:
    """An fsspec URI other than a local path (s3://, gcs://, memory://, …)."""
    s = str(location)
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", s)) and not s.startswith("file://")


def local_copy(uri: str) -> Path:
    """The local working directory of a remote warehouse."""
    uri = uri.rstrip("/")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", uri.split("://", 1)[1])[-60:].strip("-")
    return cache_dir() / "warehouses" / f"{slug}-{hashlib.sha256(uri.encode()).hexdigest()[:10]}"


class Remote:
    def __init__(self, uri: str, local: Path):
        import fsspec

        self.uri = uri.rstrip("/")
        self.local = local
        self.fs, self.root = fsspec.core.url_to_fs(self.uri)

    def _path(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def _fingerprint(self, path: str) -> str | None:
        try:
            info = self.fs.info(path)
        except FileNotFoundError:
            return None
        return json.dumps({k: str(info.get(k)) for k in ("size", "ETag", "LastModified", "mtime", "created")}, sort_keys=True)

    def pull(self, db_name: str) -> bool:
        """Bring the local DuckDB file up to the remote one; True if it was downloaded."""
        remote_db = self._path(db_name)
        fp = self._fingerprint(remote_db)
        state_file = self.local / STATE
        if fp is None:
            return False
        try:
            seen = json.loads(state_file.read_text())
        except (OSError, ValueError):
            seen = {}
        local_db = self.local / db_name
        if seen.get("db") == fp and local_db.exists():
            return False
        self.local.mkdir(parents=True, exist_ok=True)
        tmp = self.local / f".{db_name}.pull"
        self.fs.get(remote_db, str(tmp))
        os.replace(tmp, local_db)
        state_file.write_text(json.dumps({"db": fp}))
        return True

    def push(self, db_name: str, parquet_dir: Path, tables: list[str]) -> None:
        """Upload the changed Parquet tables, then the DuckDB file, then the manifest."""
        for table in sorted(tables):
            local_table = parquet_dir / table
            if not local_table.exists():
                continue
            remote_table = self._path("parquet", table)
            pushed = set()   # without the leading "/" that fs.find may or may not give
            for f in sorted(local_table.rglob("*.parquet")):
                target = f"{remote_table}/{f.relative_to(local_table).as_posix()}"
                self.fs.put_file(str(f), target)
                pushed.add(target.lstrip("/"))
            try:
                old = [p for p in self.fs.find(remote_table) if p.endswith(".parquet")]
            except FileNotFoundError:
                old = []
            stale = [p for p in old if p.lstrip("/") not in pushed]
            if stale:
                self.fs.rm(stale)
        remote_db = self._path(db_name)
        self.fs.put_file(str(self.local / db_name), remote_db)
        (self.local / STATE).write_text(json.dumps({"db": self._fingerprint(remote_db)}))
        files = sorted(p for p in self.fs.find(self._path("parquet")) if p.endswith(".parquet"))
        protocol = self.uri.split("://", 1)[0]
        manifest = {"tables": {}}
        for p in files:
            table = p[len(self._path("parquet")) + 1:].split("/", 1)[0]
            manifest["tables"].setdefault(table, []).append(f"{protocol}://{p.lstrip('/')}")
        self.fs.pipe_file(self._path(MANIFEST), json.dumps(manifest, indent=1).encode())
