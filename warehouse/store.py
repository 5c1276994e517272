"""The warehouse directory: DIR/sitrep.duckdb and DIR/parquet/<table>/ — storage only.

`Warehouse.transaction()` is the one way to write: a handle that appends a run's spooled
Parquet and small tables, replaces articles, reads, and replaces whole tables, inside one
DuckDB transaction on a copy of the file. The Parquet copies of the tables it changed are
written inside it to a staging directory and swapped in only after the commit, so a failed
load (an error, a full disk, a killed process) leaves the previous tables — in DuckDB and in
Parquet — as they were. What is derived from the rows (incidents) is computed by the caller
with the same handle. One writer at a time: DIR/.sitrep.lock is held for the whole run.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import signal
import shutil
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from sitrep.common.settings import cache_dir, duckdb_memory, duckdb_threads
from sitrep.schemas import TABLES
from sitrep.warehouse.ddl import all_ddl, columns
from sitrep.warehouse.migrations import check_version, migrate, schema_version
from sitrep.warehouse.remote import Remote, is_remote, local_copy

from sitrep.common.layout import DB_NAME, PARQUET_DIR  # noqa: E402  (the one place that names them)
PUBLISH_JOURNAL = ".publish-pending.json"
_STAGED_DB = re.compile(r"\.sitrep\.duckdb\.next-[0-9a-f]{8}")
_STAGING_DIR = re.compile(r"\.parquet-staging-[0-9a-f]{8}")
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
# every connection: no extension installed or loaded behind sitrep's back; external access is
# switched off (and the configuration locked) once the database is open (see Warehouse.connect)
NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False,
                 "allow_community_extensions": False}
# control characters no stored text keeps (a tab and a line break are text): an ESC or an OSC
# in an author field or a file name would reach the terminal of whoever queries it
CONTROL_CHARS = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
# DuckDB expands glob patterns in every path read_parquet is given, even in a list: a folder
# named `wh[1]` would read `wh1`'s files, `wh*` every folder beside it
_GLOB_CHARS = re.compile(r"([*?\[\]{}])")
VIEWS = ("casualties_by_governorate_month", "strikes_by_actor_month", "disagreements", "source_coverage")


# what DuckDB says of a file that lost or garbled bytes (truncated, overwritten), as opposed to
# one it may not open (a lock, a permission, a newer format)
_DAMAGE = re.compile(r"corrupt|checksum|not a valid duckdb|could not read enough bytes|invalid database|"
                     r"failed to read|unexpected end|magic bytes", re.I)


class WarehouseBusy(RuntimeError):
    """Another sitrep run holds the warehouse."""


class WarehouseDamaged(RuntimeError):
    """The warehouse's DuckDB file cannot be read (truncated, overwritten); `sitrep repair`
    rebuilds it from the Parquet copy."""


class RepairImpossible(RuntimeError):
    """Neither copy of the warehouse (DuckDB, Parquet) is whole: there is nothing to rebuild from."""


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
        self.parquet_dir = self.dir / PARQUET_DIR

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

    def connect(self, read_only: bool = True, sandboxed: bool = False,
                memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
        """A read-only connection reaches the database file and nothing else, for good (see
        query): what reads the warehouse never needs another file. sandboxed: the same for a
        writable connection (sitrep writes through transaction(), which has its own)."""
        if read_only:
            self.pull()
        if read_only and not self.exists():
            raise FileNotFoundError(f"no warehouse at {self.db_path}; run `sitrep run --warehouse {self.dir}` first")
        restricted = read_only or sandboxed
        config = dict(NO_EXTENSIONS) if restricted else {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        con = duckdb.connect(str(self.db_path), read_only=read_only, config=config)
        if restricted:
            # after opening, not in the config: DuckDB looks for the database's write-ahead log
            # when it opens it, under a name of its own making ("q.wal?1/…" in a folder "q?1")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
        return con

    def check_schema(self) -> int | None:
        """The warehouse's schema version; raises WarehouseTooNew before a run touches it, and
        WarehouseDamaged when its file cannot be read."""
        if not self.exists():
            return None
        try:
            with self.connect(read_only=True) as con:
                version = schema_version(con)
        except duckdb.Error as exc:
            if not _DAMAGE.search(str(exc)):
                raise   # a lock, a permission, another DuckDB's format: not for repair to rebuild over
            raise WarehouseDamaged(f"the warehouse's database {self.db_path} cannot be read ({str(exc).splitlines()[0]}); "
                                   f"`sitrep repair --warehouse {self.where}` rebuilds it from its Parquet copy") from None
        check_version(version, str(self.db_path))
        return version

    # ---- repairing ----------------------------------------------------------------------
    def duckdb_sound(self) -> bool:
        """Whether the DuckDB file opens and every table it holds reads through, every row
        (a count alone reads only the row counts, not the blocks a damaged file has lost). A
        file another program holds, or one this DuckDB cannot open for another reason than
        damage, raises: repair never rebuilds over it."""
        if not self.exists():
            return False
        try:
            with self.connect(read_only=True) as con:
                held = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
                for table in TABLES:
                    if table in held:
                        con.execute(f"SELECT bit_xor(hash(t)) FROM {table} t").fetchone()
            return True
        except duckdb.Error as exc:
            if not _DAMAGE.search(str(exc)):
                raise
            return False

    def repair(self) -> tuple[str, dict[str, int]]:
        """Make the two copies whole again, under the writer lock the caller holds: a DuckDB
        file that cannot be read is rebuilt from the Parquet copy ("duckdb", rows per table);
        else every Parquet table that does not hold what the database holds (unreadable, a
        column short, rows missing) is written again from it ("parquet", rows of the tables
        rewritten; empty when both were sound)."""
        if self.remote is not None:
            raise RepairImpossible(f"{self.where} is on object storage: repair its local copy {self.dir} and run again")
        if self.duckdb_sound():
            with self.transaction(read_every_row=True) as tx:   # its commit rewrites every copy that is not sound
                pass
            return "parquet", {t: tx.counts[t] for t in sorted(tx.changed)}
        return "duckdb", self._rebuild_from_parquet()

    def _rebuild_from_parquet(self) -> dict[str, int]:
        files = {t: sorted((self.parquet_dir / t).rglob("*.parquet")) if (self.parquet_dir / t).is_dir() else []
                 for t in TABLES}
        if not files["articles"] or not files["runs"]:
            raise RepairImpossible(f"the database {self.db_path} cannot be read and its Parquet copy "
                                   f"{self.parquet_dir} is missing tables: nothing to rebuild from")
        next_db = self.dir / f".sitrep.duckdb.next-{uuid.uuid4().hex[:8]}"
        work = DuckFile(next_db, self.dir)
        counts: dict[str, int] = {}
        try:
            con = _load_connection(work.path, [self.dir])
            try:
                con.execute("BEGIN TRANSACTION")
                migrate(con, str(self.db_path))
                for stmt in all_ddl():
                    con.execute(stmt)
                con.execute(VIEWS_SQL)
                for table in TABLES:   # parents before children
                    names = ", ".join(name for name, *_ in columns(TABLES[table]))
                    if files[table]:
                        con.execute(f"INSERT INTO {table} SELECT {names} FROM read_parquet(?, hive_partitioning = true, "
                                    "union_by_name = true)", [[_glob_escaped(str(f)) for f in files[table]]])
                    counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
            except duckdb.Error as exc:
                if "no space left on device" in str(exc).lower():
                    raise   # the disk, not the copy: exit 4 like a run's
                raise RepairImpossible(f"the Parquet copy {self.parquet_dir} cannot be read whole either "
                                       f"({str(exc).splitlines()[0]}): nothing to rebuild from") from None
            finally:
                con.close()
            work.finish()
        except BaseException:
            work.discard()
            for f in self.dir.glob(next_db.name + "*"):
                f.unlink(missing_ok=True)
            raise
        # the damaged file's write-ahead log belongs to it, not to the rebuilt one
        Path(str(self.db_path) + ".wal").unlink(missing_ok=True)
        os.replace(next_db, self.db_path)
        return counts

    def migrate(self) -> list[int]:
        """Bring the warehouse to the current schema now (sitrep migrate): a load that adds
        nothing, so copy-on-write like one (an analyst's open query neither blocks it nor sees
        half of it; a full disk leaves the warehouse as it was) and its Parquet copy gains the
        new columns at once."""
        with self.transaction() as tx:
            pass
        return tx.migrated

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
        """An analyst's SQL, unable to touch anything but the warehouse: DuckDB's read-only
        mode guards the database, not the machine, so external access (COPY TO, EXPORT,
        ATTACH, read_text of other files, extension installs) is switched off and locked."""
        with self.query_stream(sql) as (cols, batches):
            return cols, [row for batch in batches for row in batch]

    @contextmanager
    def query_stream(self, sql: str, timeout: float | None = None, memory_limit: str | None = None,
                     batch_rows: int = 10_000):
        """(columns, an iterator of row batches) of an analyst's SQL on a sandboxed read-only
        connection (see query), bounded: DuckDB spills past `memory_limit` or fails rather than
        take the machine, and the statement is interrupted after `timeout` seconds (DuckDB has
        no statement timeout of its own) — a QueryTimeout. Rows are fetched a batch at a time,
        so ten million rows are written without being held."""
        import threading

        con = self.connect(read_only=True, sandboxed=True, memory_limit=memory_limit)
        try:
            timer = threading.Timer(timeout, con.interrupt) if timeout else None
            if timer is not None:
                timer.daemon = True
                timer.start()
            try:
                cur = _interruptible(con, lambda: con.execute(sql))
                cols = [d[0] for d in cur.description] if cur.description else []

                def batches():
                    while True:
                        rows = _interruptible(con, lambda: cur.fetchmany(batch_rows))
                        if not rows:
                            return
                        yield rows

                yield cols, batches()
            except duckdb.InterruptException:
                if timer is not None and not timer.is_alive():
                    raise QueryTimeout(f"the query ran past {timeout:g} s (--timeout) and was stopped") from None
                raise
            finally:
                if timer is not None:
                    timer.cancel()
        finally:
            try:
                con.close()
            except duckdb.Error:
                pass   # a statement Ctrl-C cut short may leave the connection "busy": it goes with the process

    # ---- writing ------------------------------------------------------------------------
    @contextmanager
    def transaction(self, read_every_row: bool = False):
        """One load, all or nothing: yields a Transaction; its changes are committed and the
        new state swapped in (DuckDB file, then Parquet, then the remote) when the block
        ends, and none of them when it raises. `tx.counts` holds every table's rows after.

        Copy-on-write: the load goes into a copy of the DuckDB file that replaces the live
        one by an atomic rename after the commit. An analyst holding the live file open
        (read-only) keeps reading the last complete state and never blocks the load; a crash
        at any point leaves the live file as it was."""
        tx = Transaction(self, read_every_row)
        try:
            yield tx
        except BaseException:
            tx.rollback()
            raise
        tx.commit()

    @property
    def journal(self) -> Path:
        return self.dir / PUBLISH_JOURNAL

    def _write_journal(self, entry: dict) -> None:
        tmp = self.journal.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(entry, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.journal)

    def repair_publish(self) -> list[str]:
        """Finish a publish a killed process left half done, under the writer lock: when the
        new DuckDB file was swapped in but its Parquet tables were not (all of them or some),
        the staged Parquet — complete before the DuckDB commit — is swapped in now. When the
        process died before the DuckDB swap, the old state stands whole and nothing is
        done. Returns the tables brought up to date."""
        if not self.journal.exists():
            return []
        staging = self._journal_staging()
        repaired: list[str] = []
        if staging is not None:
            repaired = sorted(p.name for p in staging.iterdir())
            self._swap_parquet(staging)
        self.journal.unlink(missing_ok=True)
        return repaired

    def _journal_staging(self) -> Path | None:
        """The staged Parquet folder the journal names, when it is one a load of this warehouse
        left: the journal is a file anyone who can write the folder can forge, so each name
        in it must be a bare name of sitrep's own pattern (not a path: "/root/x/.parquet-
        staging-00000000" is refused, not moved into parquet/ and deleted), the folder a real
        one right in the warehouse (no link out of it), and what it holds the tables' folders."""
        try:
            entry = json.loads(self.journal.read_text(encoding="utf-8"))
            names = entry["next_db"], entry["staging"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not (all(isinstance(n, str) for n in names) and _STAGED_DB.fullmatch(names[0])
                and _STAGING_DIR.fullmatch(names[1])):
            return None
        next_db, staging = self.dir / names[0], self.dir / names[1]
        if next_db.exists() or next_db.is_symlink():   # the DuckDB swap never happened: the old state stands
            return None
        if staging.is_symlink() or not staging.is_dir() or staging.resolve().parent != self.dir.resolve():
            return None
        tables = list(staging.iterdir())
        if not tables or any(t.name not in TABLES or t.is_symlink() or not t.is_dir() for t in tables):
            return None
        return staging

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


class Transaction:
    """A write to the warehouse in progress (see Warehouse.transaction). Every method works
    inside the one DuckDB transaction and notes which tables changed, so that only those are
    exported to Parquet again."""

    def __init__(self, store: Warehouse, read_every_row: bool = False):
        self.store = store
        self.read_every_row = read_every_row   # repair: the Parquet copy's pages too, not its footers only
        self.changed: set[str] = set()
        self.counts: dict[str, int] = {}
        store.dir.mkdir(parents=True, exist_ok=True)
        self.repaired = store.repair_publish()   # before the leftovers of a killed load are removed
        self.changed |= set(self.repaired)       # (a remote warehouse receives them with this load)
        for leftover in store.dir.glob(".sitrep.duckdb.next*"):
            leftover.unlink()
        self.staging = store.dir / f".parquet-staging-{uuid.uuid4().hex[:8]}"
        self.next_db = store.dir / f".sitrep.duckdb.next-{uuid.uuid4().hex[:8]}"
        try:
            self.work = DuckFile(self.next_db, store.dir, copy_from=store.db_path)
        except BaseException:   # a copy cut short (the disk filled): no partial file is left behind
            for f in store.dir.glob(self.next_db.name + "*"):
                f.unlink(missing_ok=True)
            raise
        try:
            self.con = _load_connection(self.work.path, [store.dir])
        except BaseException:
            self.work.discard()
            for f in store.dir.glob(self.next_db.name + "*"):
                f.unlink(missing_ok=True)
            raise
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.migrated: list[int] = migrate(self.con, str(store.db_path))   # schema versions migrated from
            for stmt in all_ddl():
                self.con.execute(stmt)
            self.con.execute(VIEWS_SQL)
        except BaseException:
            self.rollback()
            raise

    # ---- writing ------------------------------------------------------------------------
    def append_parquet(self, table: str, files: list[str]) -> None:
        """Rows from Parquet files, read by DuckDB straight from the files. The paths are
        bound as a parameter (never pasted into the SQL) with their glob characters escaped,
        so each is read as the one file it names."""
        if not files:
            return
        cols = ", ".join(c for c, *_ in columns(TABLES[table]))
        self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {_clean_select(table)} FROM read_parquet(?)",
                         [[_glob_escaped(str(f)) for f in files]])
        self.changed.add(table)

    def append(self, table: str, frame: pd.DataFrame) -> None:
        """Rows of a DataFrame with the table's columns."""
        if frame is None or frame.empty:
            return
        cols = [c for c, *_ in columns(TABLES[table])]
        view = f"incoming_{table}"
        self.con.register(view, frame[cols])
        col_list = ", ".join(cols)
        self.con.execute(f"INSERT INTO {table} ({col_list}) SELECT {_clean_select(table)} FROM {view}")
        self.con.unregister(view)
        self.changed.add(table)

    def delete_sources(self, pairs: list[tuple[str, str]]) -> None:
        """(article_id, source_uri) rows an edited input no longer yields."""
        if not pairs:
            return
        self.con.register("gone_sources", pa.table({"article_id": pa.array([a for a, _ in pairs], pa.string()),
                                                    "source_uri": pa.array([u for _, u in pairs], pa.string())}))
        try:
            self.con.execute("DELETE FROM article_sources WHERE (article_id, source_uri) IN "
                             "(SELECT (article_id, source_uri) FROM gone_sources)")
        finally:
            self.con.unregister("gone_sources")
        self.changed.add("article_sources")

    def delete_articles(self, article_ids: list[str]) -> None:
        """Articles a run replaces leave with every row extracted from them."""
        if not article_ids:
            return
        with self._values("replaced_ids", sorted(set(article_ids))):
            for table in ("articles",) + ARTICLE_CHILDREN:
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT value FROM replaced_ids)")
        self.changed |= {"articles", *ARTICLE_CHILDREN}

    def replace(self, table: str, frame: pd.DataFrame) -> None:
        """A whole table's rows, replaced (tables derived from the others)."""
        self.con.execute(f"DELETE FROM {table}")
        self.append(table, frame)
        self.changed.add(table)

    # ---- reading ------------------------------------------------------------------------
    def read(self, sql: str, **values: list[str]) -> pd.DataFrame:
        """A query's result as a DataFrame. Each keyword names a list of strings the query
        can use as a one-column table `name(value)`: read("… WHERE id IN (SELECT value FROM ids)", ids=[…])."""
        with contextlib.ExitStack() as stack:
            for name, items in values.items():
                stack.enter_context(self._values(name, items))
            return self.con.execute(sql).df()

    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    @contextmanager
    def _values(self, name: str, items: list[str]):
        self.con.register(name, pa.table({"value": pa.array(list(items), pa.string())}))
        try:
            yield
        finally:
            self.con.unregister(name)

    # ---- ending -------------------------------------------------------------------------
    def commit(self) -> None:
        store = self.store
        try:
            fault_point("load")
            if self.migrated or not store.parquet_dir.exists():
                self.changed |= set(TABLES)
            self.counts = {t: self.count(t) for t in TABLES}
            self.staging.mkdir(parents=True)
            for table in TABLES:   # what this load changed, and any copy that is not sound
                if table in self.changed or not self._parquet_sound(table):
                    fault_point("parquet")
                    self._export_parquet(table, self.staging / table)
                    self.changed.add(table)
            self.con.execute("COMMIT")
            self.con.execute("CHECKPOINT")
            self.con.close()
            self.work.finish()
        except BaseException:
            self.rollback()
            raise
        # what to finish if the process dies between the two swaps (see Warehouse.repair_publish)
        store._write_journal({"next_db": self.next_db.name, "staging": self.staging.name})
        os.replace(self.next_db, store.db_path)   # the new state, all at once
        fault_point("publish")
        store._swap_parquet(self.staging)
        store.journal.unlink(missing_ok=True)
        if store.remote is not None:
            store._push(self.changed)

    def _parquet_sound(self, table: str) -> bool:
        """Whether the table's Parquet copy holds what the database holds: every file
        readable, the table's columns (a migration adds some), its number of rows. Footers
        only, so a no-op rerun stays cheap; a damaged or stale copy is rewritten by this load."""
        import pyarrow.parquet as pq

        folder = self.store.parquet_dir / table
        files = sorted(folder.rglob("*.parquet")) if folder.exists() else []
        if not files:
            return False
        try:
            metas = [pq.ParquetFile(f) for f in files]
            rows = sum(m.metadata.num_rows for m in metas)
            names = set(metas[0].schema_arrow.names) - {"pub_year", "pub_month"}
            if self.read_every_row:   # a garbled page behind a whole footer (same size, same time)
                for m in metas:
                    for _ in m.iter_batches(batch_size=65_536):
                        pass
        except Exception:   # noqa: BLE001 - a truncated or overwritten file: rewrite the copy
            return False
        return names == {c for c, *_ in columns(TABLES[table])} and rows == self.counts[table]

    def rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        self.con.close()
        self.work.discard()
        shutil.rmtree(self.staging, ignore_errors=True)
        for f in self.store.dir.glob(self.next_db.name + "*"):
            f.unlink()

    def _export_parquet(self, table: str, out: Path) -> None:
        """Hive-style partitions by publication year and month (pub_year=2016/pub_month=8;
        'unknown' where an article states no date), readable with
        read_parquet('…/<table>/**/*.parquet', hive_partitioning = true) by any engine."""
        if table in PARTITION_DATE:
            date_sql, join = PARTITION_DATE[table]
            select = (f"SELECT t.*, coalesce(CAST(year({date_sql}) AS VARCHAR), 'unknown') AS pub_year, "
                      f"coalesce(CAST(month({date_sql}) AS VARCHAR), 'unknown') AS pub_month "
                      f"FROM {table} t {join} ORDER BY {', '.join('t.' + c.strip() for c in ORDER_BY[table].split(','))}")
            self.con.execute(f"COPY ({select}) TO ? (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (pub_year, pub_month))",
                             [str(out)])
        else:
            out.mkdir(parents=True)
            self.con.execute(f"COPY (SELECT * FROM {table} ORDER BY {ORDER_BY[table]}) TO ? (FORMAT parquet, COMPRESSION zstd)",
                             [str(out / (table + ".parquet"))])


def _glob_escaped(path: str) -> str:
    """A path as a glob pattern that matches that one file: each glob character in a class
    of its own (`[*]`, `[[]`)."""
    return _GLOB_CHARS.sub(r"[\1]", path)


def _interruptible(con: duckdb.DuckDBPyConnection, work):
    """work() on a thread of its own while this one waits: Python runs a signal handler only
    between its own instructions, so Ctrl-C during a long DuckDB statement would wait for it
    to end. Here it interrupts DuckDB (con.interrupt) and is raised as KeyboardInterrupt."""
    import threading

    result: dict = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:   # noqa: BLE001 - handed to the waiting thread
            result["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        con.interrupt()
        worker.join(5)
        raise
    if "error" in result:
        raise result["error"]
    return result["value"]


class QueryTimeout(RuntimeError):
    """An analyst's query ran past its time bound and was stopped."""


def _clean_select(table: str) -> str:
    """The table's columns as a SELECT list, control characters out of every text column
    (the rule for whatever is stored, whichever path it came by)."""
    return ", ".join(f"regexp_replace({name}, '{CONTROL_CHARS}', '', 'g') AS {name}" if typ == "VARCHAR" else name
                     for name, typ, *_ in columns(TABLES[table]))


def _load_connection(path: Path, folders: list[Path]) -> duckdb.DuckDBPyConnection:
    """A writable connection that reaches its database and the given folders (the
    warehouse's: the spool it reads, the staging folder it writes Parquet to) and nothing
    else, for good: even SQL that went wrong could neither read nor write another file of
    the machine. DuckDB allows its own write-ahead log and spill folder beside the file."""
    con = duckdb.connect(str(path), config={
        # bounded: DuckDB spills to disk beyond this rather than take 80 % of the machine
        "memory_limit": duckdb_memory(), "threads": duckdb_threads(), **NO_EXTENSIONS})
    try:
        # (allowed_directories can only be set once the database is open.) DuckDB checks a
        # path it is given before expanding it as a glob: a folder is allowed under its own
        # name and under the escaped one append_parquet hands it (`wh[[]1[]]` for `wh[1]`)
        allowed = {str(f).rstrip(os.sep) + os.sep for f in folders}
        allowed |= {_glob_escaped(a) for a in allowed}
        con.execute("SET allowed_directories = ?", [sorted(allowed)])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


class DuckFile:
    """Where DuckDB writes a database that is to end up at `target`.

    DuckDB names a database's write-ahead log and spill folder by splitting its path at the
    first '?' (for URI parameters: "/data/q?1/x.duckdb" logs to "/data/q.wal?1/x.duckdb"),
    so it cannot commit to a file in a folder whose path holds one, and a link does not help
    (it resolves links). There the database is written in a work folder in the cache and
    copied back to `target` when done (finish); elsewhere `path` is `target` itself."""

    def __init__(self, target: Path, warehouse_dir: Path, copy_from: Path | None = None):
        self.target = target
        self.work_dir: Path | None = None
        self.path = target
        if "?" in str(target):
            self.work_dir = _work_dir(warehouse_dir)
            self.path = self.work_dir / DB_NAME
        if copy_from is not None and copy_from.exists() and copy_from != self.path:
            shutil.copyfile(copy_from, self.path)

    def finish(self) -> None:
        """The database written (its connection closed): in place at `target`, atomically."""
        if self.work_dir is None:
            return
        part = self.target.parent / f".sitrep.duckdb.next-{uuid.uuid4().hex[:8]}"
        try:
            with open(self.path, "rb") as src, open(part, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(part, self.target)
        except BaseException:
            part.unlink(missing_ok=True)   # a copy cut short is no database
            raise
        self.discard()

    def discard(self) -> None:
        if self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)


def _work_dir(warehouse_dir: Path) -> Path:
    """A fresh work folder for this warehouse's DuckDB file: one per warehouse, so that the
    leftovers of a killed load are removed by the next (which holds the writer lock)."""
    key = hashlib.sha256(str(warehouse_dir).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    root = cache_dir() / "loads"
    if "?" in str(root):
        root = Path(tempfile.gettempdir()) / "sitrep-loads"
    work = root / key
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, mode=0o700)
    return work


def writer_lock(warehouse: str, wait_seconds: float = 0.0, on_wait=None):
    """The exclusive right to load the warehouse at this URI or path (see Warehouse.writer_lock)."""
    return Warehouse(warehouse).writer_lock(wait_seconds, on_wait)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])
