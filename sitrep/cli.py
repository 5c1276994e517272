"""The sitrep command line: run, query, report, eval, serve, server, migrate.

Every argument and setting is checked before anything is created on disk or Prefect is
imported; a bad one is one line on stderr naming it, and exit status 2.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import errno
import json
import os
import sys
import time
from pathlib import Path

from sitrep.common.outputs import checked_output, whole_file
from sitrep.common.settings import (SettingError, allowed_private_hosts, background_server_allowed, checked_cache_dir, default_source, default_warehouse, download_deadline,
                                    duckdb_memory, duckdb_threads, keep_history, lock_wait_seconds, prefect_defaults, progress_seconds,
                                    query_memory, query_timeout, server_home, task_runner_kind, workers, writable_folder)
from sitrep.common.text import escape_controls
from sitrep.common.uris import article_format, is_url

MIN_ARTICLE_ID_PREFIX = 8
STARTED = time.perf_counter()


def command_seconds() -> float:
    """How long this command has run, from the process's start (Python's own start-up and
    imports included, as a user's stopwatch counts it), where the system says; else from this
    module's import."""
    try:
        with open("/proc/self/stat") as fh:
            start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        age = uptime - start_ticks / os.sysconf("SC_CLK_TCK")
        if age >= time.perf_counter() - STARTED:
            return age
    except (OSError, ValueError, IndexError):
        pass
    return time.perf_counter() - STARTED


class UsageError(SystemExit):
    """A bad argument: one line on stderr, exit status 2."""

    def __init__(self, message: str):
        print(f"sitrep: error: {message}", file=sys.stderr)
        super().__init__(2)


class Parser(argparse.ArgumentParser):
    """argparse, but its errors are one line (no usage block) and exit 2."""

    def error(self, message: str):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2017-04-04") from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="sitrep", description="News reports of strikes and attacks in, a conflict-event warehouse out.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    verbosity = Parser(add_help=False)
    verbosity.add_argument("-v", "--verbose", action="store_true",
                           help="show Prefect's logs on the console (also SITREP_LOG_LEVEL=INFO)")

    run = sub.add_parser("run", parents=[verbosity], help="run the Prefect ETL flow once over every article under --source")
    run.add_argument("--source", default=None, help="directory (read recursively) or file of articles (default: the bundled sample corpus, or $SITREP_SOURCE)")
    run.add_argument("--warehouse", default=None, help="warehouse directory (default: ./warehouse-data, or $SITREP_WAREHOUSE)")
    run.add_argument("--full-refresh", action="store_true", help="reprocess every article, even those unchanged since the last run")
    run.add_argument("--chunk-size", type=positive_int, default=None,
                     help="articles per task (default: chosen from the number of inputs and workers, 32 to 256)")
    run.add_argument("--article-id", action="append", default=None, metavar="ID",
                     help="reprocess this article (id or a prefix of 8+ characters); repeatable")
    run.add_argument("--since", type=iso_date, default=None, metavar="YYYY-MM-DD",
                     help="reprocess articles published on or after this date")
    run.add_argument("--task-runner", choices=["auto", "threads", "processes", "dask"], default=None,
                     help="auto (default: processes on 2+ cores), threads, processes (extraction in parallel, one "
                          "model per worker, $SITREP_WORKERS of them) or dask (SITREP_DASK_ADDRESS for an existing "
                          "scheduler); also $SITREP_TASK_RUNNER")

    srv = sub.add_parser("serve", parents=[verbosity], help="register sitrep-etl/scheduled and sitrep-etl/manual with the Prefect API and serve them")
    srv.add_argument("--cron", default=None, help="schedule of sitrep-etl/scheduled (default: $SITREP_SCHEDULE or hourly)")
    srv.add_argument("--source", default=None)
    srv.add_argument("--warehouse", default=None)
    srv.add_argument("--start-server", action="store_true",
                     help="start a Prefect server (with its UI) on 127.0.0.1 for as long as sitrep serve runs, its "
                          "database and server.log in $PREFECT_HOME; otherwise PREFECT_API_URL names a running one")
    srv.add_argument("--port", type=positive_int, default=4200, help="port of the server --start-server starts (default 4200)")
    srv.add_argument("--host", default=None, help="address the server --start-server starts listens on (default "
                     "127.0.0.1); one that is not loopback needs --allow-non-loopback")
    srv.add_argument("--allow-non-loopback", action="store_true",
                     help="serve although the Prefect API (--host, or PREFECT_API_URL) is not on loopback: the API "
                          "has no authentication, so only behind an authenticating proxy or Prefect's own basic auth")

    server = sub.add_parser("server", help="sitrep's background Prefect server, which runs without PREFECT_API_URL "
                            "start once and reuse: start, stop or status")
    server.add_argument("action", choices=["start", "stop", "status"])

    query = sub.add_parser("query", help="run SQL against the warehouse, read-only")
    query.add_argument("sql", help="the SQL to run")
    query.add_argument("--warehouse", default=None, help="warehouse directory (default: ./warehouse-data, or $SITREP_WAREHOUSE)")
    query.add_argument("--format", choices=["table", "csv", "json", "parquet"], default=None,
                       help="table (default on screen), csv, json, or parquet (with --out)")
    query.add_argument("--out", default=None, help="write the result to this file instead of the screen (format from "
                       "--format, else from the suffix .csv, .json or .parquet); the SQL itself can write nothing")
    query.add_argument("--max-width", type=positive_int, default=60, help="widest column in table output (default 60)")
    query.add_argument("--timeout", type=float, default=None,
                       help="stop the query after this many seconds (default 300, or $SITREP_QUERY_TIMEOUT; 0: never); "
                            "its memory is bounded by $SITREP_QUERY_MEMORY (default 2GB)")

    exp = sub.add_parser("export", help="write one row per incident in ACLED's or UCDP GED's column conventions")
    from sitrep.export import format_names   # (lists the format modules; imports nothing heavy)

    exp.add_argument("--format", required=True, choices=format_names(), help="whose conventions (docs/exports.md)")
    exp.add_argument("--out", default=None, help="FILE.csv or FILE.parquet (default: CSV on standard output)")
    exp.add_argument("--warehouse", default=None)

    rep = sub.add_parser("report", help="write a self-contained HTML report of the warehouse")
    rep.add_argument("--out", default="report.html", help="output file (default report.html)")
    rep.add_argument("--warehouse", default=None)

    mig = sub.add_parser("migrate", help="bring a warehouse written by an older sitrep to this version's schema")
    mig.add_argument("--warehouse", default=None)

    fix = sub.add_parser("repair", help="make the warehouse's two copies whole: rebuild a damaged DuckDB file from "
                                        "the Parquet copy, or rewrite damaged Parquet tables from the DuckDB file")
    fix.add_argument("--warehouse", default=None)

    ev = sub.add_parser("eval", help="score the warehouse against a gold file and list the misses")
    ev.add_argument("--gold", default=None, help="gold file (default: the sample corpus's gold)")
    ev.add_argument("--warehouse", default=None)
    ev.add_argument("--show", type=int, default=40, help="how many misses to list")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--labels", default=None, help="a labels.csv with a governorate per file (e.g. the FA-KES development set) instead of a gold file")

    try:
        args = parser.parse_args(argv)
        commands = {"run": cmd_run, "query": cmd_query, "eval": cmd_eval, "migrate": cmd_migrate, "repair": cmd_repair,
                    "serve": cmd_serve, "report": cmd_report, "server": cmd_server,
                    "export": cmd_export}
        return commands[args.command](args)
    except SettingError as exc:
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:
        print("sitrep: interrupted", file=sys.stderr)
        return 130


def checked_warehouse(arg: str | None) -> str:
    """The warehouse a run will write: a local directory that is one (or can be made one)
    and is writable, or a URI. Checked without creating anything."""
    label = "--warehouse" if arg else ("SITREP_WAREHOUSE" if os.environ.get("SITREP_WAREHOUSE") else "the default warehouse")
    where = arg or default_warehouse()
    if is_url(where):
        return where
    path = Path(where.removeprefix("file://")).expanduser()
    if "\\" in str(path.resolve()):   # any other character is data to sitrep and to DuckDB (tests/unit/test_paths_are_data.py)
        raise SettingError(f"{label} {where}: DuckDB reads a backslash in a path as a folder separator; "
                           "choose a folder whose path holds none")
    if path.exists() and not path.is_dir():
        raise SettingError(f"{label} {where} is a file, not a directory")
    existing = next(p for p in (path, *path.parents) if p.exists())
    if not existing.is_dir():
        raise SettingError(f"{label} {where} cannot be made: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "is a read-only folder" if existing == path else f"cannot be made: {existing} is read-only"
        raise SettingError(f"{label} {where} {what}")
    return str(path.resolve())


def checked_source(arg: str | None) -> str:
    source = arg or default_source()
    if is_url(source):
        return source
    path = Path(source.removeprefix("file://")).expanduser()
    if not path.exists():
        raise SettingError(f"source not found: {source}")
    if path.is_file() and article_format(path.name) is None:
        raise SettingError(f"source {source} is not an article file (.txt, .html, .htm, .json, .jsonl) or a folder")
    return str(path.resolve())


def checked_article_ids(ids: list[str] | None, warehouse: str) -> list[str] | None:
    """--article-id values: prefixes of 8+ characters that each name an article the warehouse holds."""
    if not ids:
        return ids
    short = [a for a in ids if len(a.strip()) < MIN_ARTICLE_ID_PREFIX]
    if short:
        raise SettingError(f"--article-id {short[0]!r} is too short; give the id or a prefix of "
                           f"{MIN_ARTICLE_ID_PREFIX} characters or more")
    from sitrep.warehouse import Warehouse

    known = Warehouse(warehouse).known_articles()
    for a in ids:
        if not any(k.startswith(a.strip().lower()) for k in known):
            raise SettingError(f"--article-id {a} matches no article in the warehouse {warehouse}"
                               + ("" if known else " (it holds none yet)"))
    return ids


def cmd_run(args) -> int:
    # everything a user can get wrong, checked before anything is created on disk
    source = checked_source(args.source)
    warehouse = checked_warehouse(args.warehouse)
    workers()
    task_runner_kind(args.task_runner)
    progress_seconds()
    lock_wait_seconds()
    download_deadline()
    allowed_private_hosts()
    keep_history()
    duckdb_memory()
    duckdb_threads()
    article_ids = checked_article_ids(args.article_id, warehouse)

    checked_cache_dir()
    if background_server_allowed() and not os.environ.get("PREFECT_API_URL") and not writable_folder(server_home()):
        # a read-only HOME: this run keeps no server for later ones, but it runs
        print(f"sitrep: {server_home()} cannot be written; this run starts a Prefect server of its own "
              "(SITREP_SERVER_HOME names a writable folder for one that stays)", file=sys.stderr)
        os.environ["SITREP_BACKGROUND_SERVER"] = "0"
        if not os.environ.get("PREFECT_HOME") and not writable_folder(Path.home() / ".prefect"):
            import atexit
            import shutil
            import tempfile

            # Prefect's client keeps nothing there a run needs, but warns when it cannot make it
            os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix=TEMPORARY_PREFECT_HOME)
            atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], True)

    outlook = None
    if not (article_ids or args.since):
        from sitrep.flows.unchanged import run_outlook

        outlook = run_outlook(source, warehouse)
        if outlook and outlook.settled and not args.full_refresh:
            print(format_nothing_changed(outlook.settled, source, warehouse))
            return 0

    from sitrep.flows.runners import early_workers

    to_extract = (outlook.inputs if args.full_refresh else outlook.to_read) if outlook else None
    # the workers load their model while Prefect starts
    with early_workers(args.task_runner, to_extract, args.chunk_size or 0,
                       bool(outlook and outlook.several_per_file)):
        prefect_defaults(args.verbose)
        from sitrep.prefect_server import reachable, run_api

        # Prefect reads PREFECT_API_URL when imported (without it, a temporary server of its own)
        with run_api(on_start=starting_server) as api:
            os.environ["PREFECT_API_URL"] = api
            from sitrep.flows.etl import sitrep_etl

            quiet_expected_failures()
            started = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(seconds=1)
            try:
                state = sitrep_etl(source=source, warehouse=warehouse, full_refresh=args.full_refresh,
                                   chunk_size=args.chunk_size or 0, article_ids=article_ids, since=args.since,
                                   task_runner=args.task_runner or "", return_state=True)
                failed = not state.is_completed()
            except Exception as exc:   # noqa: BLE001 - the engine could not report to a vanished API
                state, failed = exc, True
            if failed and not reachable(api):
                return loaded_without_the_api(source, warehouse, started, state)
            if isinstance(state, Exception):
                raise state
    if not state.is_completed():
        exc = state.result(raise_on_failure=False)
        code, message = expected_failure(exc) or (1, f"the run failed: {type(exc).__name__}: {exc}")
        print(f"sitrep: error: {message}", file=sys.stderr)
        return code
    summary = dict(state.result())
    summary["elapsed_s"] = command_seconds()   # the command's time, not only the flow's
    print(format_summary(summary))
    return 0


TEMPORARY_PREFECT_HOME = "sitrep-prefect-home-"


def _forget_temporary_prefect_home() -> None:
    """The PREFECT_HOME a read-only home made a run use, removed before an exit that runs no
    exit handler (the one that would have)."""
    import shutil

    home = os.environ.get("PREFECT_HOME", "")
    if Path(home).name.startswith(TEMPORARY_PREFECT_HOME):
        shutil.rmtree(home, ignore_errors=True)


def loaded_without_the_api(source: str, warehouse: str, started: dt.datetime, state) -> int:
    """The Prefect API went away during the run (its server stopped or crashed). When the
    load had committed, the run did its work: its summary from the warehouse, exit 0; else
    one line, exit 1. Either way at once: Prefect's log and event workers would spend minutes
    retrying a server that is gone."""
    from sitrep.common.processes import exit_at_once
    from sitrep.flows.loaded import loaded_run_summary

    summary = loaded_run_summary(warehouse, source, started, command_seconds())
    _forget_temporary_prefect_home()
    if summary is None:
        exc = state if isinstance(state, BaseException) else state.result(raise_on_failure=False)
        known = expected_failure(exc) if isinstance(exc, BaseException) else None
        if known:   # the run stopped for its own reason (a held warehouse, a full disk …)
            print(f"sitrep: error: {known[1]}", file=sys.stderr)
            exit_at_once(known[0])
        print(f"sitrep: error: the Prefect API went away before the run's load committed ({exc}); "
              "nothing was written - run it again", file=sys.stderr)
        exit_at_once(1)
    print("sitrep: the Prefect API went away during the run; its load had committed (the run's page in "
          "the UI is incomplete)", file=sys.stderr)
    print(format_summary(summary))
    exit_at_once(0)
    return 0


def format_nothing_changed(state: dict, source: str, warehouse: str) -> str:
    """The ordinary summary (format_summary) of a rerun that found nothing to do."""
    seen, dup = int(state.get("records") or 0), int(state.get("duplicates") or 0)
    text = format_summary({
        "run_id": state.get("run_id", "?"), "source": source, "warehouse": warehouse, "inputs_seen": seen,
        "articles_loaded": 0, "articles_unchanged": seen - dup, "articles_duplicate": dup, "inputs_quarantined": 0,
        "events": 0, "claims": 0, "table_rows": state.get("table_rows") or {},
        "elapsed_s": command_seconds(), "extractor_version": state.get("extractor_version"),
    })
    return (text.replace(f"sitrep run {state.get('run_id', '?')}",
                         f"sitrep run: nothing changed since run {state.get('run_id', '?')}; nothing to do", 1)
            + "   (no flow run: every input as the last run left it; --full-refresh reprocesses all)")


def starting_server(home: Path) -> None:
    print(f"sitrep: starting a background Prefect server for this and later runs (its log: {home / 'server.log'}; "
          "`sitrep server stop` stops it)", file=sys.stderr, flush=True)


def cmd_server(args) -> int:
    from sitrep.prefect_server import background_server, ensure_background_server, stop_background_server

    home = server_home()
    if not (home / "server.json").exists() and not writable_folder(home):
        if args.action == "start":   # (not a PermissionError traceback)
            raise SettingError(f"the server's folder {home} cannot be made (read-only); set SITREP_SERVER_HOME "
                               "to a writable folder")
        print(f"sitrep: no background Prefect server is running (home {home})")   # none can have started there
        return 1 if args.action == "status" else 0
    if args.action == "start":
        url = ensure_background_server(home, on_start=starting_server)
        print(f"sitrep: background Prefect server at {url} (UI {url.removesuffix('/api')}; log {home / 'server.log'})")
    elif args.action == "stop":
        state = stop_background_server(home)
        print(f"sitrep: stopped the background Prefect server at {state['url']}" if state
              else "sitrep: no background Prefect server was running")
    else:
        state = background_server(home)
        if not state:
            print(f"sitrep: no background Prefect server is running (home {home})")
            return 1
        print(f"sitrep: background Prefect server at {state['url']}, pid {state['pid']}, since {state['started']} "
              f"(log {home / 'server.log'})")
    return 0


def expected_failure(exc: BaseException) -> tuple[int, str] | None:
    """(exit status, one line) for a run that stopped for a reason a user can act on."""
    import errno
    from concurrent.futures.process import BrokenProcessPool

    from sitrep.warehouse import WarehouseBusy, WarehouseDamaged, WarehouseTooNew

    if isinstance(exc, WarehouseBusy):
        return 3, str(exc)
    if isinstance(exc, WarehouseTooNew):
        return 5, str(exc)
    if isinstance(exc, WarehouseDamaged):
        return 6, str(exc)
    import duckdb

    full = isinstance(exc, OSError) and exc.errno == errno.ENOSPC
    # DuckDB reports a full disk as its own IOException, with the system's words
    full = full or (isinstance(exc, duckdb.Error) and "no space left on device" in str(exc).lower())
    if full:
        return 4, (f"the disk is full ({getattr(exc, 'strerror', None) or 'No space left on device'}); the load was rolled back "
                   "and the warehouse is as it was "
                   "before this run. Free space and run again.")
    from sitrep.common.uris import SourceUnreadable

    if isinstance(exc, SourceUnreadable):
        return 1, f"{exc}. Nothing was loaded; check the URL and run again."
    if isinstance(exc, BrokenProcessPool):
        return 1, ("a worker process died while extracting (killed, or out of memory); nothing of this run was "
                   "loaded and the warehouse is as it was. Run again (SITREP_WORKERS=1 uses less memory).")
    return None


def quiet_expected_failures() -> None:
    """Prefect logs a failed run's exception with its traceback; for a failure the command
    line explains in one line (expected_failure), the console does without it. The log
    still reaches the Prefect API and UI in full."""
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    from sitrep.warehouse import WarehouseBusy, WarehouseDamaged, WarehouseTooNew

    # a task's closing line names its exception only by class: "Finished in state Failed('Task
    # run encountered an exception WarehouseDamaged: …')"
    from sitrep.common.uris import SourceUnreadable

    named = tuple(f"encountered an exception {c.__name__}:" for c in (WarehouseBusy, WarehouseDamaged, WarehouseTooNew,
                                                                       SourceUnreadable))

    class ExpectedFailure(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            exc = record.exc_info[1] if record.exc_info else None
            if exc is None:
                return not any(n in record.getMessage() for n in named)
            return expected_failure(exc) is None

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.addFilter(ExpectedFailure())


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
        lines.append(f"  quarantined x{n}: {escape_controls(reason[:100])}")
    lines.append(f"  elapsed     {s['elapsed_s']:.1f} s   extractor {s['extractor_version']}{'   (full refresh)' if s.get('full_refresh') else ''}")
    return "\n".join(lines)


TABLE_ROWS = 10_000   # the most rows a table on screen shows (csv, json and parquet stream every row)


def cmd_query(args) -> int:
    from sitrep.warehouse import QueryTimeout, Warehouse

    import duckdb

    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "table")
    if fmt not in ("table", "csv", "json", "parquet"):
        raise UsageError(f"--out {args.out}: say --format csv, json or parquet (the suffix names none)")
    if fmt == "parquet" and not args.out:
        raise UsageError("--format parquet needs --out FILE")
    timeout, memory = query_timeout(args.timeout), query_memory()
    store = Warehouse(args.warehouse or default_warehouse())
    out = checked_output(args.out, "--out", store.dir) if args.out else None
    try:
        with store.query_stream(args.sql, timeout=timeout, memory_limit=memory) as (cols, batches):
            if not args.out:
                n = write_rows(cols, batches, fmt, args.max_width)
                return 0
            with whole_file(out) as tmp:   # a finished file or none
                if fmt == "parquet":
                    n = _write_parquet(cols, batches, tmp)
                else:
                    with open(tmp, "w", encoding="utf-8", newline="") as fh:
                        n = write_rows(cols, batches, fmt, args.max_width, out=fh)
    except FileNotFoundError as exc:
        print(f"sitrep: error: {exc}", file=sys.stderr)
        return 2
    except QueryTimeout as exc:
        print(f"sitrep: query stopped: {exc}", file=sys.stderr)
        return 1
    except duckdb.InterruptException:
        raise KeyboardInterrupt from None   # Ctrl-C: "sitrep: interrupted", exit 130
    except duckdb.OutOfMemoryException:
        print(f"sitrep: query failed: it needs more than {memory} of memory (SITREP_QUERY_MEMORY)", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"sitrep: query failed: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    print(f"sitrep: wrote {n} row{'s' if n != 1 else ''} to {args.out}", file=sys.stderr)
    return 0


def _write_parquet(cols: list[str], batches, path: Path) -> int:
    """Row batches to one Parquet file, a batch at a time."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer, n = None, 0
    try:
        for rows in batches:
            table = pa.Table.from_pandas(pd.DataFrame.from_records(rows, columns=cols), preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table.cast(writer.schema) if table.schema != writer.schema else table)
            n += len(rows)
        if writer is None:   # no rows: an empty file with the columns
            pd.DataFrame(columns=cols).to_parquet(path, index=False)
    finally:
        if writer is not None:
            writer.close()
    return n


def _plain(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def print_rows(cols: list[str], rows: list[tuple], fmt: str = "table", max_width: int = 60, out=None) -> None:
    write_rows(cols, iter([rows]), fmt, max_width, out)


def write_rows(cols: list[str], batches, fmt: str = "table", max_width: int = 60, out=None) -> int:
    """Rows (an iterator of batches) as csv or json, written as they come; or a table, which
    needs every shown row for its widths and so shows at most TABLE_ROWS. Returns the rows."""
    out = out or sys.stdout
    n = 0
    if fmt == "json":   # one JSON array, an element at a time
        out.write("[")
        for rows in batches:
            for r in rows:
                out.write(("\n " if n == 0 else ",\n ") + json.dumps({c: _plain(v) for c, v in zip(cols, r)},
                                                                     ensure_ascii=False, default=str))
                n += 1
        out.write("\n]\n" if n else "]\n")
        return n
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(cols)
        for rows in batches:
            w.writerows([[_plain(v) for v in r] for r in rows])
            n += len(rows)
        return n
    shown: list[tuple] = []
    for rows in batches:
        n += len(rows)
        shown.extend(rows[: max(0, TABLE_ROWS - len(shown))])
    # a terminal is shown no control character: an ESC in a value is written out (`\x1b`)
    cells = [["" if v is None else escape_controls(str(_plain(v)).replace("\n", " ")) for v in r] for r in shown]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in r] for r in cells]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    line = "+".join("-" * (w + 2) for w in widths)
    out.write(" | ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip() + "\n")
    out.write(line + "\n")
    for r in cells:
        out.write(" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    more = f"; the first {len(shown):,} shown — --format csv or --out FILE for all" if n > len(shown) else ""
    out.write(f"({n:,} row{'s' if n != 1 else ''}{more})\n" if more else f"({n} row{'s' if n != 1 else ''})\n")
    return n


def cmd_report(args) -> int:
    from sitrep.report import write_report
    from sitrep.warehouse import Warehouse

    store = Warehouse(args.warehouse or default_warehouse())
    out = checked_output(args.out, "--out", store.dir)
    store.pull()
    if not store.exists():
        print(f"sitrep: error: no warehouse at {store.where}; run `sitrep run` first", file=sys.stderr)
        return 2
    out = write_report(store.where, out)
    print(f"wrote {args.out} ({out.stat().st_size // 1024} KB)")
    return 0


def cmd_export(args) -> int:
    from sitrep.export import export_frame, write_export
    from sitrep.warehouse import Warehouse

    store = Warehouse(args.warehouse or default_warehouse())
    out = None
    if args.out:
        if Path(args.out).suffix.lower() not in (".csv", ".parquet"):
            raise UsageError(f"--out {args.out}: name a .csv or .parquet file")
        out = checked_output(args.out, "--out", store.dir)
    store.pull()
    if not store.exists():
        print(f"sitrep: error: no warehouse at {store.where}; run `sitrep run` first", file=sys.stderr)
        return 2
    frame = export_frame(store.where, args.format)
    write_export(frame, out, sys.stdout)
    if out is not None:
        print(f"sitrep: wrote {len(frame)} incident{'s' if len(frame) != 1 else ''} in {args.format.upper()} columns to {args.out}",
              file=sys.stderr)
    left_out = frame.attrs.get("left_out") or {}
    if left_out:   # nothing lost in silence: the incidents a valid row of the format cannot hold
        why = ", ".join(f"{reason} {n}" for reason, n in left_out.items())
        print(f"sitrep: {sum(left_out.values())} incidents left out of the {args.format.upper()} export ({why})", file=sys.stderr)
    return 0


def checked_cron(cron: str | None) -> str | None:
    if cron is None:
        return None
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise SettingError(f"--cron {cron!r} is not a cron schedule (five fields, e.g. '0 * * * *' for hourly)") from None
    return cron


def is_loopback(host: str) -> bool:
    """Whether every address host names is on this machine's loopback."""
    import ipaddress
    import socket

    try:
        addresses = {info[4][0].split("%")[0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def checked_api_host(args) -> None:
    """The Prefect API has no authentication: whoever reaches it can start a served run with
    any parameters. Serving with one that is not on loopback takes --allow-non-loopback."""
    if args.host is not None and not args.start_server:
        raise SettingError("--host is the address of the server --start-server starts; without it, PREFECT_API_URL "
                           "names the server")
    from urllib.parse import urlparse

    host = (args.host or "127.0.0.1") if args.start_server else (urlparse(os.environ["PREFECT_API_URL"]).hostname or "")
    if not args.allow_non_loopback and not is_loopback(host):
        where = f"--host {host}" if args.start_server else f"PREFECT_API_URL ({os.environ['PREFECT_API_URL']})"
        raise SettingError(f"{where} is not on loopback, and the Prefect API has no authentication: anyone who "
                           "reaches it could start runs. Keep it on 127.0.0.1, or put it behind an authenticating "
                           "proxy and pass --allow-non-loopback")


def served_roots(source: str, warehouse: str) -> list[str]:
    """SITREP_ALLOWED_ROOTS for the served runs: as set (checked), else the folders served."""
    from sitrep.common.settings import allowed_roots

    roots = allowed_roots()
    if roots:
        return [str(r) for r in roots]
    return [os.path.realpath(p) for p in (source, warehouse) if not is_url(p)]


def cmd_serve(args) -> int:
    if not args.start_server and not os.environ.get("PREFECT_API_URL"):
        raise SettingError("PREFECT_API_URL is not set; point it at a running Prefect server, or use "
                           "--start-server (`make serve` does)")
    checked_api_host(args)
    source = checked_source(args.source)
    warehouse = checked_warehouse(args.warehouse)
    roots = served_roots(source, warehouse)
    # what the flow runs (this process's children) read: a run given no source or warehouse
    # takes the served ones, and any other must lie under these roots (tasks/etl.confine_parameters).
    # The runs start in a folder of their own (deployments.code_from_the_package_only): folders
    # named relative to this one are made absolute, before Prefect reads its settings.
    os.environ.update(SITREP_SOURCE=source, SITREP_WAREHOUSE=warehouse, SITREP_ALLOWED_ROOTS=os.pathsep.join(roots))
    for name in ("PREFECT_HOME", "SITREP_CACHE_DIR", "SITREP_SERVER_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        if os.environ.get(name):
            os.environ[name] = os.path.abspath(os.path.expanduser(os.environ[name]))
    prefect_defaults(verbose=True)   # a long-running service: its log is what the operator reads
    cron = checked_cron(args.cron or os.environ.get("SITREP_SCHEDULE"))
    if not args.start_server:
        from sitrep.deployments.sitrep_etl import serve

        serve(cron=cron, source=source, warehouse=warehouse)
        return 0
    from sitrep.prefect_server import local_prefect_server, port_in_use

    if port_in_use(args.port):
        raise SettingError(f"port {args.port} on 127.0.0.1 is already in use; choose another with --port")
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    if not writable_folder(home):   # the server's database and log live there (a read-only HOME)
        raise SettingError(f"the Prefect server's folder {home} cannot be made (read-only); set PREFECT_HOME to a "
                           "writable folder")
    checked_cache_dir()   # the scheduled runs build and read the gazetteer there
    host = args.host or "127.0.0.1"
    import signal

    # SIGTERM (systemd, docker, a supervisor) while the server starts is a Ctrl-C too, so the
    # server stops with serve; the server also dies with serve if serve is killed outright
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: signal.raise_signal(signal.SIGINT))
    print(f"serve: starting a Prefect server on http://{host}:{args.port} (log: {home / 'server.log'}) ...", flush=True)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    # the server is in its own session: Ctrl-C stops the runner first, then the server. Prefect
    # read its settings when imported (for the cron check): the URL goes into its settings
    # context, and into the environment for the flow runs' own processes.
    with local_prefect_server(home, port=args.port, ui=True, host=host, die_with_parent=True) as api, \
            temporary_settings({PREFECT_API_URL: api}):
        os.environ["PREFECT_API_URL"] = api
        print(f"serve: Prefect UI at {api.removesuffix('/api')} - deployments sitrep-etl/scheduled and "
              "sitrep-etl/manual (Ctrl-C stops both)", flush=True)
        from sitrep.deployments.sitrep_etl import serve

        serve(cron=cron, source=source, warehouse=warehouse)
    return 0


def cmd_migrate(args) -> int:
    from sitrep.warehouse import Warehouse

    store = Warehouse(args.warehouse or default_warehouse())
    if not store.exists():
        print(f"sitrep: error: no warehouse at {store.db_path}", file=sys.stderr)
        return 2
    try:
        with store.writer_lock(lock_wait_seconds()):   # a writer like a load (and its work folder, for a '?' path)
            applied = store.migrate()
    except Exception as exc:   # busy 3, full disk 4, too new 5, damaged 6: as for a run
        known = expected_failure(exc)
        if known is None:
            raise
        print(f"sitrep: error: {known[1]}", file=sys.stderr)
        return known[0]
    from sitrep.schemas import SCHEMA_VERSION

    print(f"migrated {store.db_path} from schema version {applied[0]} to {SCHEMA_VERSION}" if applied
          else f"{store.db_path} is already at schema version {SCHEMA_VERSION}")
    return 0


def cmd_repair(args) -> int:
    from sitrep.warehouse import RepairImpossible, Warehouse

    store = Warehouse(args.warehouse or default_warehouse())
    if not store.dir.is_dir():
        print(f"sitrep: error: no warehouse at {store.dir}", file=sys.stderr)
        return 2
    import duckdb

    try:
        with store.writer_lock(lock_wait_seconds()):   # a writer like a load
            copy, counts = store.repair()
    except Exception as exc:   # busy 3, full disk 4, too new 5, as for a run
        known = expected_failure(exc)
        if known is None and not isinstance(exc, (RepairImpossible, duckdb.Error)):
            raise
        code, message = known or (1, str(exc).splitlines()[0])
        print(f"sitrep: error: {message}", file=sys.stderr)
        return code
    rows = ", ".join(f"{t} {n}" for t, n in counts.items())
    if copy == "duckdb":
        print(f"rebuilt {store.db_path} from its Parquet copy ({rows})")
    elif counts:
        print(f"rewrote the Parquet copy of {', '.join(counts)} from {store.db_path} ({rows})")
    else:
        print(f"{store.dir}: the DuckDB file and its Parquet copy are both whole; nothing to repair")
    return 0


def cmd_eval(args) -> int:
    from sitrep.common.settings import sample_gold
    from sitrep.evaluation import evaluate, format_report

    warehouse = args.warehouse or default_warehouse()
    from sitrep.warehouse import Warehouse

    if not Warehouse(warehouse).exists():
        raise SettingError(f"no warehouse at {warehouse}; run `sitrep run --warehouse {warehouse}` first")
    if args.labels:
        from sitrep.evaluation import evaluate_labels

        result = evaluate_labels(Path(args.labels), warehouse)
        for line in result["misses"][: args.show]:
            print("  " + line)
        print(f"governorate={result['governorate']} over {result['n']} labelled articles")
        return 0
    from sitrep.evaluation import GoldError

    gold = Path(args.gold) if args.gold else sample_gold()
    try:
        result = evaluate(gold, warehouse)
    except GoldError as exc:
        raise SettingError(str(exc)) from None
    if args.json:
        print(json.dumps(result, default=str))
    else:
        print(format_report(result, args.show))
    return 0


def entry() -> None:
    """The `sitrep` command: main(), then a quick exit once everything is written and flushed
    (exceptions, and SystemExit from a usage error, take Python's ordinary way out)."""
    from sitrep.common.processes import exit_now

    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader closed the pipe (`sitrep query … | head -1`): what it wanted is written;
        # later writes (and the flush at exit) go nowhere instead of raising again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 0
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("sitrep: error: the output could not be written: no space left on device", file=sys.stderr)
        status = 4   # the disk is full (README: exit status)
    exit_now(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    entry()
