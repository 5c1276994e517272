"""Deciding what each input becomes in this run: loaded, unchanged, duplicate or quarantined.

Pure: it sees what was read and what the warehouse already holds, and touches nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.tasks.inputs.article import Article, Rejected
from sitrep.tasks.inputs.discover import InputFile


@dataclass
class Plan:
    to_extract: list[Article] = field(default_factory=list)   # new or reprocessed articles, one per id (plan_articles)
    input_of: dict[str, str] = field(default_factory=dict)     # article_id -> the input that loads it
    sources: list[dict] = field(default_factory=list)          # article_sources rows new in this run
    quarantine: list[dict] = field(default_factory=list)       # inputs set aside while reading
    inputs_seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    duplicate: int = 0
    quarantined: int = 0

    def balanced(self) -> bool:
        return self.inputs_seen == self.loaded + self.unchanged + self.duplicate + self.quarantined

    def set_aside(self, article_id: str, stage: str, reason: str, run_id: str) -> None:
        """An article planned for loading failed later (extraction, validation): its input
        moves from loaded to quarantined, with the reason."""
        uri = self.input_of.pop(article_id, None)
        if uri is None:
            return
        self.to_extract = [a for a in self.to_extract if a.article_id != article_id]
        self.sources = [s for s in self.sources if s["article_id"] != article_id]
        self.loaded -= 1
        self.quarantined += 1
        self.quarantine.append(quarantine_row(run_id, uri, stage, reason, counts_as_input=True))


@dataclass(frozen=True)
class Superseded:
    """Rows an edited input replaced (see Planner.superseded)."""
    sources: list[tuple[str, str]] = field(default_factory=list)   # (article_id, source_uri) to remove
    articles: list[str] = field(default_factory=list)              # articles to remove whole


def quarantine_row(run_id: str, uri: str, stage: str, reason: str, *, counts_as_input: bool,
                   table_name: str | None = None, record_id: str | None = None) -> dict:
    return {"run_id": run_id, "source_uri": uri, "stage": stage, "reason": reason,
            "table_name": table_name, "record_id": record_id, "counts_as_input": counts_as_input}


@dataclass(frozen=True)
class LedgerEntry:
    """What one input file yielded when it was last read: its stamp (size and modification
    time, or content hash) and its records as (source_uri, article_id)."""
    stamp: str
    records: tuple[tuple[str, str], ...]


def ledger_entry(item: InputFile, results: list[Article | Rejected]) -> LedgerEntry | None:
    """The ledger entry of a file just read; none for a file without a stamp or with a record
    set aside (such a file is always read again)."""
    if item.stamp is None or not results or any(isinstance(r, Rejected) for r in results):
        return None
    return LedgerEntry(item.stamp, tuple((r.source_uri, r.article_id) for r in results))


def unchanged_by_ledger(item: InputFile, ledger: dict[str, LedgerEntry], known: dict[str, str],
                        extractor_version: str) -> LedgerEntry | None:
    """The ledger entry of a file that need not be read: same stamp as when it was read, and
    every article it yielded is in the warehouse under this extractor version."""
    entry = ledger.get(item.uri)
    if entry is None or item.stamp is None or entry.stamp != item.stamp:
        return None
    if all(known.get(article_id) == extractor_version for _, article_id in entry.records):
        return entry
    return None


def ledger_from_rows(rows: list[tuple[str, str, str, str]]) -> dict[str, LedgerEntry]:
    """(file uri, stamp, record uri, article_id) rows, as stored, into entries by file."""
    grouped: dict[str, tuple[str, list]] = {}
    for uri, stamp, record_uri, article_id in rows:
        grouped.setdefault(uri, (stamp, []))[1].append((record_uri, article_id))
    return {uri: LedgerEntry(stamp, tuple(recs)) for uri, (stamp, recs) in grouped.items()}


def ledger_rows(ledger: dict[str, LedgerEntry]) -> list[tuple[str, str, str, str]]:
    return [(uri, e.stamp, record_uri, article_id) for uri, e in sorted(ledger.items()) for record_uri, article_id in e.records]


def reprocess_filter(article_ids: list[str] | None = None, since=None):
    """Which unchanged articles to reprocess anyway: ids (a prefix of 8+ characters will do)
    and/or those published on or after `since`."""
    prefixes = tuple(a.strip().lower() for a in (article_ids or []) if len(a.strip()) >= 8)

    def wanted(article: Article) -> bool:
        if prefixes and article.article_id.startswith(prefixes):
            return True
        return since is not None and article.published_date is not None and article.published_date >= since

    return wanted


class Planner:
    """Plans inputs as they are read, chunk after chunk: a duplicate is recognised however far
    apart its copies are read, and articles to extract can leave (take) as soon as they are
    planned."""

    def __init__(self, known: dict[str, str], known_sources: set[tuple[str, str]], extractor_version: str,
                 full_refresh: bool, run_id: str, reprocess=None, ledger: dict[str, LedgerEntry] | None = None):
        self.plan = Plan()
        self.ledger = ledger or {}                   # as the last runs left it
        self.next_ledger: dict[str, LedgerEntry] = {}   # the files of this run
        self.known, self.known_sources = known, known_sources
        self.version, self.full_refresh, self.run_id, self.reprocess = extractor_version, full_refresh, run_id, reprocess
        self.seen_ids: set[str] = set()
        self.seen_sources: set[tuple[str, str]] = set()
        self.waiting: list[Article] = []   # planned for extraction, not yet taken
        # progress: an input file is done once every article it yields for extraction is back
        self.inputs_done = 0
        self.open_inputs: dict[str, int] = {}   # file uri -> its articles still being extracted
        self.input_file_of: dict[str, str] = {}   # article_id -> the file it is extracted from
        # what each file read in this run yields now, and the files with a record set aside
        # (those never retire what they yielded before: nothing is lost to a failed read)
        self.records_now: dict[str, set[tuple[str, str]]] = {}
        self.unsettled_files: set[str] = set()

    def add(self, results: list[Article | Rejected]) -> list[str]:
        """Plan records as read; returns the ids of the articles planned for extraction."""
        plan = self.plan
        planned = []
        for r in results:
            plan.inputs_seen += 1
            if isinstance(r, Rejected):
                plan.quarantined += 1
                plan.quarantine.append(quarantine_row(self.run_id, r.source_uri, r.stage, r.reason, counts_as_input=True))
                continue
            key = (r.article_id, r.source_uri)
            if key not in self.known_sources and key not in self.seen_sources:
                plan.sources.append({"article_id": r.article_id, "source_uri": r.source_uri, "run_id": self.run_id})
                self.seen_sources.add(key)
            if r.article_id in self.seen_ids:
                plan.duplicate += 1
            elif (not self.full_refresh and self.known.get(r.article_id) == self.version
                  and not (self.reprocess and self.reprocess(r))):
                plan.unchanged += 1
            else:
                plan.loaded += 1
                self.waiting.append(r)
                plan.input_of[r.article_id] = r.source_uri
                planned.append(r.article_id)
            self.seen_ids.add(r.article_id)
        return planned

    def add_unreadable(self, rejected: list[Rejected]) -> None:
        """Inputs that could not even be listed: each is one input, done at once."""
        self.add(rejected)
        self.inputs_done += len(rejected)

    def returned(self, loaded: list[str], rejected: list[tuple[str, Rejected]], failed: dict[str, str]) -> None:
        """A chunk back from extraction: its spooled articles, those extraction set aside
        (with why) and those whose article row failed validation (with the reason)."""
        for article_id in [*(a for a, _ in rejected), *failed]:
            if article_id in self.input_file_of:
                self.unsettled_files.add(self.input_file_of[article_id])
        for article_id, why in rejected:
            self.plan.set_aside(article_id, why.stage, why.reason, self.run_id)
        for article_id, reason in failed.items():
            self.plan.set_aside(article_id, "validate", f"article row failed validation: {reason}", self.run_id)
        self.finished([*loaded, *(a for a, _ in rejected), *failed])

    def finished(self, article_ids) -> None:
        """Articles back from extraction (spooled or set aside): their files may be done."""
        for article_id in article_ids:
            uri = self.input_file_of.pop(article_id, None)
            if uri is None:
                continue
            self.open_inputs[uri] -= 1
            if not self.open_inputs[uri]:
                del self.open_inputs[uri]
                self.inputs_done += 1

    def unread(self, files: list[InputFile]) -> list[InputFile]:
        """Plan the files the ledger vouches for without reading them; the rest, to read."""
        to_read = []
        for f in files:
            entry = unchanged_by_ledger(f, self.ledger, self.known, self.version)
            if entry is None:
                to_read.append(f)
            else:
                self.add_unchanged(entry)
                self.next_ledger[f.uri] = entry
                self.inputs_done += 1
        return to_read

    def add_read(self, read: list[tuple[InputFile, list[Article | Rejected]]]) -> None:
        for f, results in read:
            if any(isinstance(r, Rejected) for r in results):
                self.unsettled_files.add(f.uri)
            self.records_now[f.uri] = {(r.article_id, r.source_uri) for r in results if isinstance(r, Article)}
            planned = self.add(results)
            if planned:
                self.open_inputs[f.uri] = self.open_inputs.get(f.uri, 0) + len(planned)
                self.input_file_of.update((a, f.uri) for a in planned)
            else:
                self.inputs_done += 1
            if (entry := ledger_entry(f, results)) is not None:
                self.next_ledger[f.uri] = entry

    def ledger_after(self) -> list[tuple[str, str, str, str]]:
        return ledger_rows({**self.ledger, **self.next_ledger})

    def add_unchanged(self, entry: LedgerEntry) -> None:
        """The records of a file the ledger shows unchanged, planned without reading it."""
        plan = self.plan
        for uri, article_id in entry.records:
            plan.inputs_seen += 1
            key = (article_id, uri)
            if key not in self.known_sources and key not in self.seen_sources:
                plan.sources.append({"article_id": article_id, "source_uri": uri, "run_id": self.run_id})
                self.seen_sources.add(key)
            if article_id in self.seen_ids:
                plan.duplicate += 1
            else:
                plan.unchanged += 1
            self.seen_ids.add(article_id)

    def superseded(self) -> Superseded:
        """What edited inputs leave behind: the (article_id, source_uri) rows of the warehouse
        whose record a file read in this run no longer yields (its text changed, or the
        record is gone from a JSON file), and the articles no input yields any more, which
        leave the warehouse with every row extracted from them. A file with a record set aside
        in this run retires nothing."""
        settled = {f: recs for f, recs in self.records_now.items() if f not in self.unsettled_files}
        if not settled:
            return Superseded()
        gone = []
        for article_id, uri in self.known_sources:
            file = uri if uri in settled else uri.rsplit("#", 1)[0]
            if file in settled and (article_id, uri) not in settled[file]:
                gone.append((article_id, uri))
        if not gone:
            return Superseded()
        still = {a for a, u in (self.known_sources - set(gone))} | self.seen_ids
        return Superseded(sorted(gone), sorted({a for a, _ in gone} - still))

    def take(self, size: int, partial: bool = False) -> list[list[Article]]:
        """Full chunks of `size` articles planned for extraction (and the rest if partial);
        the planner keeps only their ids (in plan.input_of), so their texts leave with the chunks."""
        out = []
        while len(self.waiting) >= size or (partial and self.waiting):
            out.append(self.waiting[:size])
            del self.waiting[:size]
        return out


def plan_articles(results: list[Article | Rejected], known: dict[str, str], known_sources: set[tuple[str, str]],
                  extractor_version: str, full_refresh: bool, run_id: str, reprocess=None) -> Plan:
    planner = Planner(known, known_sources, extractor_version, full_refresh, run_id, reprocess)
    planner.add(results)
    planner.plan.to_extract = planner.waiting
    return planner.plan
