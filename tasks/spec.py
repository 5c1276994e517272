"""The plain records a run's steps pass each other: what the run was asked to do, what the
warehouse held when it started, what discovery found and what each chunk sent back. Nothing here does I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.tasks.inputs.article import Rejected
from sitrep.tasks.inputs.discover import InputFile
from sitrep.tasks.plan import LedgerEntry


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class RunSpec:
    """What a run was asked to do and where its things are: plain values only."""
    run_id: str
    source: str
    warehouse: str          # as given: a directory or a URI (s3://…)
    state_dir: str          # the warehouse's local directory: the spool, the input ledger, the raw zone
    started_at: dt.datetime
    full_refresh: bool = False
    article_ids: tuple[str, ...] = ()
    since: dt.date | None = None
    chunk_size: int = 0     # 0: chosen from the number of inputs and workers

    @property
    def raw_zone(self) -> str:
        return str(Path(self.state_dir) / "raw")


@dataclass
class WarehouseView:
    """What the warehouse holds as a run starts, as far as planning needs it."""
    version: str                                 # the current extractor version
    known: dict[str, str]                        # article_id -> the extractor version it was loaded under
    known_sources: set[tuple[str, str]]          # (article_id, source_uri) already recorded
    ledger: dict[str, LedgerEntry]               # the input ledger, when a rerun may trust it


@dataclass
class Inputs:
    files: list[InputFile]
    unreadable: list[Rejected]

    @property
    def count(self) -> int:
        return len(self.files) + len(self.unreadable)


@dataclass
class ChunkResult:
    """What an extraction chunk sends back: counts and what it set aside, never its rows."""
    chunk_no: int
    loaded: list[str] = field(default_factory=list)                       # article ids spooled
    rejected: list[tuple[str, Rejected]] = field(default_factory=list)    # (article_id, why) failed extraction
    failed_articles: dict[str, str] = field(default_factory=dict)         # article_id -> validation reason
    rejected_rows: list[dict] = field(default_factory=list)               # rows set aside by validation
    rows: dict[str, int] = field(default_factory=dict)                    # table -> rows spooled
    largest: list[dict] = field(default_factory=list)                     # top events by killed_best
