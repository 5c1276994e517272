"""The sitrep command line: run, query, eval."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import sys
from pathlib import Path

from sitrep.settings import default_source, default_warehouse, lock_wait_seconds, prefect_defaults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitrep", description="News reports of strikes and attacks in, a conflict-event warehouse out.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the Prefect ETL flow once over every article under --source")
    run.add_argument("--source", default=None, help="directory (read recursively) or file of articles (default: the bundled sample corpus, or $SITREP_SOURCE)")
    run.add_argument("--warehouse", default=None, help="warehouse directory (default: ./warehouse-data, or $SITREP_WAREHOUSE)")
    run.add_argument("--full-refresh", action="store_true", help="reprocess every article, even those unchanged since the last run")
    run.add_argument("--chunk-size", type=int, default=0,
                     help="articles per task (default: chosen from the number of inputs and workers, 32 to 256)")
    run.add_argument("--article-id", action="append", default=None, metavar="ID",
                     help="reprocess this article (id or a prefix of 8+ characters); repeatable")
    run.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="reprocess articles published on or after this date")
    run.add_argument("--task-runner", choices=["auto", "threads", "processes", "dask"], default=None,
                     help="auto (default: processes on 2+ cores), threads, processes (extraction in parallel, one "
                          "model per worker, $SITREP_WORKERS of them) or dask (SITREP_DASK_ADDRESS for an existing "
                          "scheduler); also $SITREP_TASK_RUNNER")

    srv = sub.add_parser("serve", help="register sitrep-etl/scheduled and sitrep-etl/manual with the Prefect API and serve them")
    srv.add_argument("--cron", default=None, help="schedule of sitrep-etl/scheduled (default: $SITREP_SCHEDULE or hourly)")
    srv.add_argument("--source", default=None)
    srv.add_argument("--warehouse", default=None)

    query = sub.add_parser("query", help="run SQL against the warehouse, read-only")
    query.add_argument("sql", help="the SQL to run")
    query.add_argument("--warehouse", default=None, help="warehouse directory (default: ./warehouse-data, or $SITREP_WAREHOUSE)")
    query.add_argument("--format", choices=["table", "csv", "json"], default="table")
    query.add_argument("--max-width", type=int, default=60, help="widest column in table output (default 60)")

    rep = sub.add_parser("report", help="write a self-contained HTML report of the warehouse")
    rep.add_argument("--out", default="report.html", help="output file (default report.html)")
    rep.add_argument("--warehouse", default=None)

    mig = sub.add_parser("migrate", help="bring a warehouse written by an older sitrep to this version's schema")
    mig.add_argument("--warehouse", default=None)

    ev = sub.add_parser("eval", help="score the warehouse against a gold file and list the misses")
    ev.add_argument("--gold", default=None, help="gold file (default: the sample corpus's gold)")
    ev.add_argument("--warehouse", default=None)
    ev.add_argument("--show", type=int, default=40, help="how many misses to list")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--labels", default=None, help="a labels.csv with a governorate per file (e.g. the FA-KES development set) instead of a gold file")

    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "query":
            return cmd_query(args)
        if args.command == "eval":
            return cmd_eval(args)
        if args.command == "migrate":
            return cmd_migrate(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command == "report":
            return cmd_report(args)
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130
    return 2


def cmd_run(args) -> int:
    prefect_defaults()
    from warehouse import Warehouse, WarehouseBusy, WarehouseTooNew

    from tasks.ingest.sources import is_url

    source = args.source or default_source()
    if not is_url(source) and not Path(source.removeprefix("file://")).exists():
        print(f"sitrep: error: source not found: {source}", file=sys.stderr)
        return 2
    if not is_url(source):
        source = str(Path(source.removeprefix("file://")).resolve())
    import errno
    import os

    warehouse = args.warehouse or default_warehouse()
    wait = lock_wait_seconds()
    try:
        Warehouse(warehouse).check_schema()
        # The lock is taken here, before Prefect starts, so that a second run waits or stops
        # with one clear line instead of a failed flow run; the flow takes it again (re-entrant).
        with Warehouse(warehouse).writer_lock(wait, on_wait=lambda who: print(
                f"sitrep: another run holds {warehouse} ({who or 'pid unknown'}); waiting up to {wait:.0f} s", file=sys.stderr)):
            from flows.etl import sitrep_etl
            from flows.runners import task_runner

            flow = sitrep_etl.with_options(task_runner=task_runner(args.task_runner))
            since = dt.date.fromisoformat(args.since) if args.since else None
            summary = flow(source=source, warehouse=warehouse,
                                 full_refresh=args.full_refresh, chunk_size=args.chunk_size,
                                 article_ids=args.article_id, since=since)
    except WarehouseBusy as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 3
    except WarehouseTooNew as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 5
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            print(f"sitrep: error: the disk is full ({exc.strerror}); the load was rolled back and the warehouse "
                  f"is as it was before this run. Free space and run again.", file=sys.stderr)
            return 4
        raise
    print(format_summary(summary))
    return 0


def format_summary(s: dict) -> str:
    lines = [
        "",
        f"sitrep run {s['run_id']}",
        f"  source      {s['source']}",
        f"  warehouse   {s['warehouse']}",
        f"  inputs seen {s['inputs_seen']:>6}",
        f"    loaded      {s['articles_loaded']:>6}",
        f"    unchanged   {s['articles_unchanged']:>6}",
        f"    duplicate   {s['articles_duplicate']:>6}",
        f"    quarantined {s['inputs_quarantined']:>6}",
        f"  events      {s['events']:>6}   (written this run)",
        f"  claims      {s['claims']:>6}   (written this run)",
    ]
    if s.get("rows_quarantined"):
        lines.append(f"  rows set aside by validation {s['rows_quarantined']}")
    rows = s.get("table_rows") or {}
    if rows:
        lines.append("  warehouse now: " + ", ".join(f"{t} {n}" for t, n in rows.items() if t in ("articles", "events", "casualty_claims", "quarantine")))
    for reason, n in s.get("quarantine_reasons") or []:
        lines.append(f"  quarantined x{n}: {reason[:100]}")
    lines.append(f"  elapsed     {s['elapsed_s']:.1f} s   extractor {s['extractor_version']}{'   (full refresh)' if s.get('full_refresh') else ''}")
    return "\n".join(lines)


def cmd_query(args) -> int:
    from warehouse import Warehouse

    import duckdb

    try:
        cols, rows = Warehouse(args.warehouse or default_warehouse()).query(args.sql)
    except FileNotFoundError as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"sitrep: query failed: {exc}", file=sys.stderr)
        return 1
    print_rows(cols, rows, args.format, args.max_width)
    return 0


def _plain(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def print_rows(cols: list[str], rows: list[tuple], fmt: str = "table", max_width: int = 60, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump([{c: _plain(v) for c, v in zip(cols, r)} for r in rows], out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
        return
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(cols)
        w.writerows([[_plain(v) for v in r] for r in rows])
        return
    cells = [["" if v is None else str(_plain(v)).replace("\n", " ") for v in r] for r in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in r] for r in cells]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    line = "+".join("-" * (w + 2) for w in widths)
    out.write(" | ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    out.write(line + "\n")
    for r in cells:
        out.write(" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def cmd_report(args) -> int:
    from sitrep.report import write_report
    from warehouse import Warehouse

    store = Warehouse(args.warehouse or default_warehouse())
    store.pull()
    if not store.exists():
        print(f"sitrep: error: no warehouse at {store.where}; run `sitrep run` first", file=sys.stderr)
        return 2
    out = write_report(store.dir, Path(args.out))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    return 0


def cmd_serve(args) -> int:
    import os

    prefect_defaults()
    if not os.environ.get("PREFECT_API_URL"):
        print("sitrep: error: PREFECT_API_URL is not set; start a server first (`make serve` does both) "
              "or point PREFECT_API_URL at one", file=sys.stderr)
        return 2
    from deployments.sitrep_etl import serve

    serve(cron=args.cron, source=args.source, warehouse=args.warehouse)
    return 0


def cmd_migrate(args) -> int:
    from warehouse import Warehouse, WarehouseTooNew

    store = Warehouse(args.warehouse or default_warehouse())
    if not store.exists():
        print(f"sitrep: error: no warehouse at {store.db_path}", file=sys.stderr)
        return 2
    try:
        applied = store.migrate()
    except WarehouseTooNew as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 5
    from schemas import SCHEMA_VERSION

    print(f"migrated {store.db_path} from schema version {applied[0]} to {SCHEMA_VERSION}" if applied
          else f"{store.db_path} is already at schema version {SCHEMA_VERSION}")
    return 0


def cmd_eval(args) -> int:
    from sitrep.evaluation import evaluate, format_report
    from sitrep.settings import sample_gold

    warehouse = Path(args.warehouse or default_warehouse())
    if args.labels:
        from sitrep.evaluation import evaluate_labels

        result = evaluate_labels(Path(args.labels), warehouse)
        for line in result["misses"][: args.show]:
            print("  " + line)
        print(f"governorate={result['governorate']} over {result['n']} labelled articles")
        return 0
    gold = Path(args.gold) if args.gold else sample_gold()
    result = evaluate(gold, warehouse)
    if args.json:
        print(json.dumps(result, default=str))
    else:
        print(format_report(result, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
