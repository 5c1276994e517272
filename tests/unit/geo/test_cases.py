"""The geoparser on 191 short reports written for this project (cases.jsonl: conflict coders'
notes, terrorism-database summaries, US local news, Syrian wire copy; 64 countries), scored
as ../shared/eval/score.py scores place. The floors sit a little under what the code reaches
today; a change that loses ground on them fails. `run_cases.py --show` lists every miss."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("run_cases", Path(__file__).with_name("run_cases.py"))
run_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_cases)

FLOORS = {"country": 0.95, "admin1": 0.92, "location": 0.83}


def test_the_case_set_keeps_its_ground(nlp):
    hits = {k: [0, 0] for k in FLOORS}
    for case in run_cases.load_cases(None):
        got, _ = run_cases.run_case(nlp, case)
        for field, ok in run_cases.score(case, got).items():
            if ok is not None and field in hits:
                hits[field][0] += ok
                hits[field][1] += 1
    scores = {k: h / n for k, (h, n) in hits.items()}
    assert all(scores[k] >= FLOORS[k] for k in FLOORS), scores
