"""The warehouse directory: DIR/sitrep.duckdb and DIR/parquet/<table>/.

A run's load is one DuckDB transaction. The Parquet copies are written inside it to a
staging directory and swapped in only after the commit, so a failed load (an error, a full
disk, a killed process) leaves the previous tables — in DuckDB and in Parquet — as they were.
One writer at a time: DIR/.sitrep.lock is held for the whole run.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from sitrep.schemas import TABLES
from sitrep.warehouse.ddl import all_ddl, columns
from sitrep.warehouse.migrations import check_version, migrate, schema_version
from sitrep.warehouse.remote import Remote, is_remote, local_copy

DB_NAME = "sitrep.duckdb"
ARTICLE_CHILDREN = ("events", "casualty_claims", "mentions")
ORDER_BY = {
    "articles": "article_id", "article_sources": "article_id, source_uri", "events": "event_id",
    "casualty_claims": "claim_id", "mentions": "mention_id", "quarantine": "run_id, source_uri, stage",
    "runs": "started_at, run_id", "incidents": "incident_id", "incident_events": "incident_id, event_id",
}


_HELD: dict[str, int] = {}   # lock files this process holds, with depth


def fault_point(name: str) -> None:
    """Fault injection for the reliability tests: SITREP_FAULT=<name> kills the process
    (kill-<name>) or fails with a full disk (enospc-<name>) at this point."""
    fault = os.environ.get("SITREP_FAULT", "")
    if fault == f"kill-{name}":
        os.kill(os.getpid(), signal.SIGKILL)
    if fault == f"enospc-{name}":
        raise OSError(errno.ENOSPC, "No space left on device")


# Partition date of each article-bound table: (SQL expression, join that provides it).
_ARTICLE_DATE = ("a.published_date", "LEFT JOIN articles a ON a.article_id = t.article_id")
PARTITION_DATE = {
    "articles": ("t.published_date", ""),
    "article_sources": _ARTICLE_DATE, "events": _ARTICLE_DATE, "casualty_claims": _ARTICLE_DATE,
    "mentions": _ARTICLE_DATE, "incident_events": _ARTICLE_DATE,
    "incidents": ("t.first_reported", ""),
}
VIEWS_SQL = (Path(__file__).with_name("views.sql")).read_text(encoding="utf-8")
VIEWS = ("casualties_by_governorate_month", "strikes_by_actor_month", "disagreements", "source_coverage")
# only the columns incidents are built from (not the evidence sentences): the whole
# warehouse's events pass through memory at each rebuild
DERIVE_INPUTS = {
    "events": "SELECT event_id, article_id, event_type, event_date, actor1, actor2, location_name, admin1, "
              "latitude, longitude, geo_precision FROM events",
    "claims": "SELECT article_id, event_id, outcome, count_low, count_high, claimed_by, is_subtotal FROM casualty_claims",
    "articles": "SELECT article_id, outlet, published_date FROM articles",
}


class WarehouseBusy(RuntimeError):
    """Another sitrep run holds the warehouse."""


class Warehouse:
    def __init__(self, directory: str | os.PathLike):
        """directory: a local directory, or an fsspec URI (s3://bucket/prefix) whose local
        working copy lives in the cache directory (warehouse/remote.py)."""
        self.location = str(directory)
        self.remote = None
        if is_remote(directory):
            self.dir = local_copy(str(directory))
            self.remote = Remote(str(directory), self.dir)
        else:
            self.dir = Path(directory).expanduser().resolve()
        self.db_path = self.dir / DB_NAME
        self.parquet_dir = self.dir / "parquet"
        self.migrated: list[int] = []   # schema versions the last load migrated from

    # ---- locking ------------------------------------------------------------------------
    @contextmanager
    def writer_lock(self, wait_seconds: float = 0.0, on_wait=None):
        """Exclusive right to load. Waits up to wait_seconds, then raises WarehouseBusy.
        Re-entrant within a process: the CLI takes it before the flow, the flow again."""
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / ".sitrep.lock"
        key = str(path)
        if _HELD.get(key):
            _HELD[key] += 1
            try:
                yield
            finally:
                _HELD[key] -= 1
            return
        fh = open(path, "a+")
        told = False
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if on_wait is not None and not told and wait_seconds > 0:
                    fh.seek(0)
                    on_wait(fh.read().strip())
                    told = True
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip()
                    fh.close()
                    raise WarehouseBusy(
                        f"another sitrep run is loading {self.dir} ({holder or 'pid unknown'}); "
                        "wait for it to finish or use another --warehouse"
                    ) from None
                time.sleep(0.5)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        _HELD[key] = 1
        try:
            yield
        finally:
            _HELD.pop(key, None)
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    @property
    def where(self) -> str:
        """The warehouse as the user named it: its URI when remote, else its directory."""
        return self.remote.uri if self.remote is not None else str(self.dir)

    # ---- object storage -----------------------------------------------------------------
    def pull(self) -> None:
        """A remote warehouse: bring the local copy's DuckDB file up to the remote one."""
        if self.remote is not None and not self._pulled:
            self.remote.pull(DB_NAME)
            self._pulled = True

    _pulled = False

    def _push(self, tables: set[str]) -> None:
        """Publish the changed Parquet tables and the DuckDB file. A push that fails leaves
        the tables listed in DIR/.remote-dirty, pushed again by the next load."""
        dirty_file = self.dir / ".remote-dirty"
        dirty = set(dirty_file.read_text().split()) if dirty_file.exists() else set()
        tables = set(tables) | dirty
        dirty_file.write_text("\n".join(sorted(tables)))
        self.remote.push(DB_NAME, self.parquet_dir, sorted(tables))
        dirty_file.unlink()

    # ---- reading ------------------------------------------------------------------------
    def exists(self) -> bool:
        return self.db_path.exists()

    def connect(self, read_only: bool = True) -> duckdb.DuckDBPyConnection:
        if read_only:
            self.pull()
        if read_only and not self.exists():
            raise FileNotFoundError(f"no warehouse at {self.db_path}; run `sitrep run --warehouse {self.dir}` first")
        return duckdb.connect(str(self.db_path), read_only=read_only)

    def check_schema(self) -> int | None:
        """The warehouse's schema version; raises WarehouseTooNew before a run touches it."""
        if not self.exists():
            return None
        with self.connect(read_only=True) as con:
            version = schema_version(con)
        check_version(version, str(self.db_path))
        return version

    def migrate(self) -> list[int]:
        """Bring the warehouse to the current schema now (sitrep migrate)."""
        with duckdb.connect(str(self.db_path)) as con:
            con.execute("BEGIN TRANSACTION")
            applied = migrate(con, str(self.db_path))
            con.execute("COMMIT")
        return applied

    def known_articles(self) -> dict[str, str]:
        """article_id -> extractor_version of every article loaded so far."""
        if not self.exists():
            return {}
        with self.connect(read_only=True) as con:
            if not _has_table(con, "articles"):
                return {}
            return dict(con.execute("SELECT article_id, extractor_version FROM articles").fetchall())

    def known_sources(self) -> set[tuple[str, str]]:
        if not self.exists():
            return set()
        with self.connect(read_only=True) as con:
            if not _has_table(con, "article_sources"):
                return set()
            return set(con.execute("SELECT article_id, source_uri FROM article_sources").fetchall())

    def query(self, sql: str) -> tuple[list[str], list[tuple]]:
        with self.connect(read_only=True) as con:
            cur = con.execute(sql)
            cols = [d[0] for d in cur.description] if cur.description else []
            return cols, cur.fetchall()

    # ---- writing ------------------------------------------------------------------------
    # ---- the input ledger ---------------------------------------------------------------
    # DIR/input-ledger.parquet: what each input file yielded when last read, so that a rerun
    # skips reading files whose stamp has not changed. Only a cache: a file it does not vouch
    # for is simply read, and a file whose articles are missing from the warehouse too.
    LEDGER_COLUMNS = ("uri", "stamp", "record_uri", "article_id")

    def input_ledger(self) -> list[tuple[str, str, str, str]]:
        path = self.dir / "input-ledger.parquet"
        if not path.exists():
            return []
        try:
            import pyarrow.parquet as pq

            t = pq.read_table(path, columns=list(self.LEDGER_COLUMNS))
        except (OSError, ValueError, pa.ArrowException):
            return []   # a damaged cache costs a full read, nothing more
        return list(zip(*(t.column(c).to_pylist() for c in self.LEDGER_COLUMNS)))

    def save_input_ledger(self, rows: list[tuple[str, str, str, str]]) -> None:
        import pyarrow.parquet as pq

        path = self.dir / "input-ledger.parquet"
        tmp = self.dir / f".input-ledger.{os.getpid()}.tmp"
        columns = list(zip(*rows)) if rows else [[] for _ in self.LEDGER_COLUMNS]
        table = pa.table({c: pa.array(list(v), pa.string()) for c, v in zip(self.LEDGER_COLUMNS, columns)})
        try:
            pq.write_table(table, tmp, compression="zstd")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)   # a full disk here costs the next run a full read

    # ---- the run's spool ------------------------------------------------------------------
    def new_spool(self, run_id: str) -> Path:
        """DIR/.spool-<run>: where a run's chunks leave their validated Parquet parts until the
        load. Spools of runs that died are removed (the caller holds the writer lock)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob(".spool-*"):
            shutil.rmtree(old, ignore_errors=True)
        path = self.dir / f".spool-{run_id}"
        path.mkdir()
        return path

    def drop_spool(self, spool: Path) -> None:
        shutil.rmtree(spool, ignore_errors=True)

    def load(self, frames: dict[str, pd.DataFrame], replaced_articles: list[str], derive=None,
             spool: dict[str, str] | None = None) -> dict[str, int]:
        """Load one run's validated rows in one transaction, then swap in fresh Parquet.

        spool: table -> glob of Parquet parts written by the run's chunks (read by DuckDB
        straight from the files, never through pandas); frames: table -> further rows to
        add (the run's small tables). `replaced_articles` are article ids whose previous
        rows (the article and its events, claims and mentions) this run replaces.
        Returns the row count of every table after the load.

        Copy-on-write: the load goes into a copy of the DuckDB file that replaces the live
        one by an atomic rename after the commit. An analyst holding the live file open
        (read-only) keeps reading the last complete state and never blocks the load; a crash
        at any point leaves the live file as it was.
        """
        self.dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.dir.glob(".sitrep.duckdb.next*"):
            leftover.unlink()
        staging = self.dir / f".parquet-staging-{uuid.uuid4().hex[:8]}"
        next_db = self.dir / f".sitrep.duckdb.next-{uuid.uuid4().hex[:8]}"
        if self.db_path.exists():
            shutil.copyfile(self.db_path, next_db)
        # bounded: DuckDB spills to disk beyond this rather than take 80 % of the machine
        con = duckdb.connect(str(next_db), config={"memory_limit": os.environ.get("SITREP_DUCKDB_MEMORY", "512MB"), "threads": int(os.environ.get("SITREP_DUCKDB_THREADS", "1"))})
        try:
            con.execute("BEGIN TRANSACTION")
            self.migrated = migrate(con, str(self.db_path))
            for stmt in all_ddl():
                con.execute(stmt)
            if replaced_articles:
                con.register("replaced_ids", pa.table({"article_id": pa.array(sorted(set(replaced_articles)), pa.string())}))
                for table in ("articles",) + ARTICLE_CHILDREN:
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM replaced_ids)")
                con.unregister("replaced_ids")
            spool = spool or {}
            for table in TABLES:   # parents before children
                if table in spool:
                    cols = ", ".join(c for c, *_ in columns(TABLES[table]))
                    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM read_parquet('{spool[table]}')")
                frame = frames.get(table)
                if frame is not None and not frame.empty:
                    self._insert(con, table, frame)
            con.execute(VIEWS_SQL)
            changed = {t for t, f in frames.items() if f is not None and not f.empty} | set(spool)
            if replaced_articles:
                changed |= {"articles", *ARTICLE_CHILDREN}
            if self.migrated or not self.parquet_dir.exists():
                changed |= set(TABLES)
            rebuild = derive is not None and (changed & {"articles", "events", "casualty_claims"} or self.migrated
                                              or not con.execute("SELECT count(*) FROM incidents").fetchone()[0])
            if rebuild:
                # tables computed from the whole warehouse (incidents): rebuilt inside the
                # same transaction, so readers never see them out of step with the events
                inputs = {t: con.execute(sql).df() for t, sql in DERIVE_INPUTS.items()}

                def text_of(ids: list[str]) -> dict[str, str]:   # only the texts derive asks for
                    con.register("wanted_ids", pa.table({"article_id": pa.array(ids, pa.string())}))
                    rows = con.execute("SELECT article_id, text FROM articles WHERE article_id IN "
                                       "(SELECT article_id FROM wanted_ids)").fetchall()
                    con.unregister("wanted_ids")
                    return dict(rows)

                for table, frame in derive(**inputs, text_of=text_of).items():
                    con.execute(f"DELETE FROM {table}")
                    if not frame.empty:
                        self._insert(con, table, frame)
                    changed.add(table)
            fault_point("load")
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
            staging.mkdir(parents=True)
            for table in TABLES:   # only what this load changed: a no-op rerun rewrites little
                if table in changed or not (self.parquet_dir / table).exists():
                    fault_point("parquet")
                    self._export_parquet(con, table, staging / table)
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            con.close()
            shutil.rmtree(staging, ignore_errors=True)
            for f in self.dir.glob(next_db.name + "*"):
                f.unlink()
            raise
        con.close()
        os.replace(next_db, self.db_path)   # the new state, all at once
        self._swap_parquet(staging)
        if self.remote is not None:
            self._push(changed | {t for t in TABLES if not (self.parquet_dir / t).exists()})
        return counts

    def _export_parquet(self, con: duckdb.DuckDBPyConnection, table: str, out: Path) -> None:
        """Hive-style partitions by publication year and month (pub_year=2016/pub_month=8;
        'unknown' where an article states no date), readable with
        read_parquet('…/<table>/**/*.parquet', hive_partitioning = true) by any engine."""
        if table in PARTITION_DATE:
            date_sql, join = PARTITION_DATE[table]
            select = (f"SELECT t.*, coalesce(CAST(year({date_sql}) AS VARCHAR), 'unknown') AS pub_year, "
                      f"coalesce(CAST(month({date_sql}) AS VARCHAR), 'unknown') AS pub_month "
                      f"FROM {table} t {join} ORDER BY {', '.join('t.' + c.strip() for c in ORDER_BY[table].split(','))}")
            con.execute(f"COPY ({select}) TO '{out}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (pub_year, pub_month))")
        else:
            out.mkdir(parents=True)
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY {ORDER_BY[table]}) TO '{out / (table + '.parquet')}' "
                        f"(FORMAT parquet, COMPRESSION zstd)")

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
        cols = [c for c, *_ in columns(TABLES[table])]
        view = f"incoming_{table}"
        con.register(view, frame[cols])
        col_list = ", ".join(cols)
        con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {view}")
        con.unregister(view)

    def _swap_parquet(self, staging: Path) -> None:
        """Put each staged table directory in place of the old one; the old ones are
        removed only after (each table's directory is always complete)."""
        self.parquet_dir.mkdir(exist_ok=True)
        olds = []
        for table_dir in sorted(staging.iterdir()):
            target = self.parquet_dir / table_dir.name
            if target.exists():
                old = self.dir / f".parquet-old-{uuid.uuid4().hex[:8]}"
                os.rename(target, old)
                olds.append(old)
            os.rename(table_dir, target)
        shutil.rmtree(staging, ignore_errors=True)
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
        for leftover in list(self.dir.glob(".parquet-staging-*")) + list(self.dir.glob(".parquet-old-*")):
            shutil.rmtree(leftover, ignore_errors=True)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])
