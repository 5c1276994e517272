"""A run's state beside the warehouse, not in it — one `RunState` per warehouse directory that
owns all of it: the spool (the validated Parquet parts its chunks write until the load), the
input ledger (what each input file yielded when last read, so a rerun need not read files
that have not changed) and the settled state (what the last run left settled, for the next
run's "nothing changed" check: sitrep.tasks.run.settled). Each file's name is
sitrep.common.layout's. All of it is only ever a cache or a staging area: losing it costs
time, never data. Light to import: the settled check runs before Prefect, spaCy or Arrow.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from sitrep.common.layout import LEDGER_FILE, SPOOL_PREFIX
from sitrep.tasks.run import settled

LEDGER_COLUMNS = ("uri", "stamp", "record_uri", "article_id")
LedgerRow = tuple[str, str, str, str]   # (file uri, stamp, record uri, article_id)


class RunState:
    """The run state of the warehouse directory `state_dir`."""

    def __init__(self, state_dir: str | Path):
        self.dir = Path(state_dir)

    # ------------------------------------------------------------------ the input ledger
    def read_ledger(self) -> list[LedgerRow]:
        """The ledger's rows; none when there is no ledger or it is damaged (a damaged cache
        costs a full read, nothing more)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.dir / LEDGER_FILE
        if not path.exists():
            return []
        try:
            t = pq.read_table(path, columns=list(LEDGER_COLUMNS))
        except (OSError, ValueError, pa.ArrowException):
            return []
        return list(zip(*(t.column(c).to_pylist() for c in LEDGER_COLUMNS)))

    def save_ledger(self, rows: list[LedgerRow]) -> None:
        """Write the ledger atomically; a full disk here only costs the next run a full read."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.dir / LEDGER_FILE
        tmp = self.dir / f".{LEDGER_FILE}.{os.getpid()}.tmp"
        columns = list(zip(*rows)) if rows else [[] for _ in LEDGER_COLUMNS]
        table = pa.table({c: pa.array(list(v), pa.string()) for c, v in zip(LEDGER_COLUMNS, columns)})
        try:
            pq.write_table(table, tmp, compression="zstd")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    # ------------------------------------------------------------------ the spool
    @contextmanager
    def spool(self, run_id: str):
        """DIR/.spool-<run>: where a run's chunks leave their Parquet parts until the load;
        removed after the run, and spools of runs that died are removed before it (the caller
        holds the warehouse's writer lock)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob(SPOOL_PREFIX + "*"):
            shutil.rmtree(old, ignore_errors=True)
        path = self.dir / f"{SPOOL_PREFIX}{run_id}"
        path.mkdir()
        try:
            yield str(path)
        finally:
            shutil.rmtree(path, ignore_errors=True)

    # ------------------------------------------------------------------ the settled state
    def outlook(self, source: str, model: str) -> settled.Outlook:
        """Whether a run of `source` would find nothing to do (settled.outlook)."""
        return settled.outlook(source, self.dir, model)

    def forget_settled(self) -> None:
        """A run that starts loading leaves no settled state until it has published."""
        settled.forget(self.dir)

    def remember_settled(self, source: str, version: str, inputs: list[str], ledger: list[LedgerRow],
                         known_articles, table_rows: dict[str, int], run_id: str) -> None:
        settled.remember(self.dir, source, version, inputs, ledger, known_articles, table_rows, run_id)
