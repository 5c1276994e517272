"""What a run leaves behind besides the extracted rows: its `article_sources`, `quarantine`
and `runs` rows (record-run), and the summary printed at the end and published to Prefect
as artifacts (publish-run)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from sitrep.tasks.plan import Plan, Superseded, quarantine_row
from sitrep.tasks.spec import ChunkResult, RunSpec, WarehouseView, utcnow
from sitrep.tasks.tables import frame
from sitrep.tasks.validate import validate_frames, validate_strict


@dataclass
class RunTally:
    """What the run's chunks reported: articles spooled, rows per table, rows set aside by
    validation, and the largest events (for the summary)."""
    loaded: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    rejected_rows: list[dict] = field(default_factory=list)
    top_events: list[dict] = field(default_factory=list)

    def add(self, chunk: ChunkResult) -> None:
        self.loaded.extend(chunk.loaded)
        for table, n in chunk.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n
        self.rejected_rows.extend(chunk.rejected_rows)
        self.top_events = self.largest() + chunk.largest

    def largest(self, n: int = 5) -> list[dict]:
        return sorted(self.top_events, key=lambda e: (-e["killed_best"], e["event_id"]))[:n]


@dataclass
class Extraction:
    """What extraction decided and produced, as counts and ids (the rows are in the spool)."""
    plan: Plan
    tally: RunTally
    ledger: list[tuple[str, str, str, str]]   # the input ledger after this run
    replaced: list[str]                       # loaded articles whose earlier rows this run replaces
    superseded: Superseded = field(default_factory=Superseded)   # what edited inputs no longer yield


@dataclass
class RunRecord:
    """The run's own rows, ready to load, and what its summary needs."""
    run: RunSpec
    tables: dict[str, list[dict]]   # article_sources, quarantine, runs
    largest: list[dict]             # the largest events it loaded


@task(name="record-run", cache_policy=NO_CACHE)
def record_run(run: RunSpec, held: WarehouseView, extraction: Extraction) -> RunRecord:
    """The run's article_sources (each naming an article the warehouse will hold), its
    quarantine (inputs, and rows validation set aside) and its runs row, validated."""
    plan, tally = extraction.plan, extraction.tally
    sources = validate_frames({"article_sources": frame("article_sources", plan.sources)},
                              {"articles": set(held.known) | set(tally.loaded)})
    quarantine = quarantine_frame(plan, tally.rejected_rows + sources.rejected, run.run_id)
    runs = runs_frame(plan, run.run_id, run.source, run.started_at, tally.rows.get("events", 0),
                      tally.rows.get("casualty_claims", 0), held.version, run.full_refresh)
    tables = {"article_sources": sources.frames["article_sources"], "quarantine": quarantine, "runs": runs}
    return RunRecord(run, {t: f.to_dict("records") for t, f in tables.items()}, tally.largest())


@task(name="publish-run", cache_policy=NO_CACHE)
def publish_run(record: RunRecord, table_rows: dict[str, int]) -> dict:
    """The run's summary, returned and published as artifacts on its flow run's page: a
    markdown summary and a table of the inputs it set aside. The warehouse is loaded by now:
    when the Prefect API is gone (a server stopped mid-run) the page goes without them, and
    the run does not fail for it."""
    run = record.run
    quarantine = frame("quarantine", record.tables["quarantine"])
    result = summary(frame("runs", record.tables["runs"]), quarantine, record.largest, run.warehouse, table_rows,
                     (utcnow() - run.started_at).total_seconds())
    inputs = [r for r in record.tables["quarantine"] if r["counts_as_input"]]
    try:
        create_markdown_artifact(key="sitrep-run-summary", markdown=summary_markdown(result),
                                 description="Counts, quarantine reasons and the largest incidents of this run")
        create_table_artifact(key="sitrep-quarantine", table=[
            {"source_uri": r["source_uri"], "stage": r["stage"], "reason": r["reason"]} for r in inputs
        ] or [{"source_uri": "", "stage": "", "reason": "nothing quarantined"}],
            description="Inputs this run set aside, with the reason")
    except Exception as exc:   # noqa: BLE001 - the API's trouble, not the run's: its data is loaded
        get_run_logger().warning("the run's summary was not published to the Prefect API: %s: %s", type(exc).__name__, exc)
    return result


def quarantine_frame(plan: Plan, rejected_rows: list[dict], run_id: str) -> pd.DataFrame:
    """Inputs set aside (counted in runs) and rows set aside by validation (not inputs)."""
    rows = plan.quarantine + [
        quarantine_row(run_id, r.get("source_uri") or r.get("article_id") or "", "validate", r["reason"],
                       counts_as_input=False, table_name=r["table"], record_id=r["record_id"])
        for r in rejected_rows if r["table"] != "articles"
    ]
    return validate_strict("quarantine", frame("quarantine", rows))


def runs_frame(plan: Plan, run_id: str, source: str, started: dt.datetime, n_events: int, n_claims: int,
               extractor_version: str, full_refresh: bool) -> pd.DataFrame:
    if not plan.balanced():
        raise AssertionError(f"input counts do not balance: {plan.inputs_seen} seen, {plan.loaded} loaded, "
                             f"{plan.unchanged} unchanged, {plan.duplicate} duplicate, {plan.quarantined} quarantined")
    return validate_strict("runs", pd.DataFrame([{
        "run_id": run_id, "started_at": started, "finished_at": utcnow(), "source": source,
        "inputs_seen": plan.inputs_seen, "articles_loaded": plan.loaded, "articles_unchanged": plan.unchanged,
        "articles_duplicate": plan.duplicate, "inputs_quarantined": plan.quarantined,
        "events": n_events, "claims": n_claims, "extractor_version": extractor_version, "full_refresh": bool(full_refresh),
    }]))


def summary(run: pd.DataFrame, quarantine: pd.DataFrame, largest: list[dict], warehouse: str, table_rows: dict,
            elapsed_s: float) -> dict:
    r = run.iloc[0]
    reasons = quarantine["reason"].value_counts().head(5) if len(quarantine) else pd.Series(dtype=int)
    return {
        "run_id": r.run_id, "source": r.source, "warehouse": warehouse,
        "inputs_seen": int(r.inputs_seen), "articles_loaded": int(r.articles_loaded),
        "articles_unchanged": int(r.articles_unchanged), "articles_duplicate": int(r.articles_duplicate),
        "inputs_quarantined": int(r.inputs_quarantined), "events": int(r.events), "claims": int(r.claims),
        "rows_quarantined": int((~quarantine["counts_as_input"]).sum()) if len(quarantine) else 0,
        "extractor_version": r.extractor_version, "full_refresh": bool(r.full_refresh),
        "quarantine_reasons": [(k, int(v)) for k, v in reasons.items()],
        "largest_incidents": largest, "table_rows": table_rows, "elapsed_s": round(elapsed_s, 2),
    }


def summary_markdown(s: dict) -> str:
    lines = [
        f"# sitrep run `{s['run_id']}`",
        "",
        f"Source `{s['source']}` into warehouse `{s['warehouse']}` "
        f"({'full refresh' if s['full_refresh'] else 'incremental'}, extractor `{s['extractor_version']}`, {s['elapsed_s']} s).",
        "",
        "| inputs seen | loaded | unchanged | duplicate | quarantined | events | claims |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {s['inputs_seen']} | {s['articles_loaded']} | {s['articles_unchanged']} | {s['articles_duplicate']} "
        f"| {s['inputs_quarantined']} | {s['events']} | {s['claims']} |",
        "",
        "## Quarantine reasons",
        "",
    ]
    lines += [f"- {n} × {reason}" for reason, n in s["quarantine_reasons"]] or ["None."]
    lines += ["", "## Largest incidents loaded by this run", ""]
    if s["largest_incidents"]:
        lines += ["| incident | where | when | killed (low / best / high) | sources |", "|---|---|---|---|---:|"]
        for e in s["largest_incidents"]:
            lines.append(f"| {e['event_type']} | {e['location'] or ''} ({e['admin1'] or '?'}) | {e['date'] or '?'} "
                         f"| {e['killed_low']} / {e['killed_best']} / {e['killed_high']} | {e['n_sources']} |")
    else:
        lines.append("No incident with casualty figures in this run.")
    return "\n".join(lines)
