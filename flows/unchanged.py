"""Before sitrep-etl: whether a run would find nothing to do, and how many files it would
read (the run state's settled check: tasks/run/run_state.py), decided from file stamps alone, without Prefect, spaCy or the
warehouse. No flow run is started when nothing changed."""
from __future__ import annotations

from sitrep.common.settings import spacy_model
from sitrep.common.uris import is_url
from sitrep.tasks.run.run_state import RunState
from sitrep.tasks.run.settled import Outlook


def run_outlook(source: str, warehouse: str) -> Outlook | None:
    """What a run of `source` into `warehouse` would find (settled, files to read); None when
    it cannot tell without running (a remote source or warehouse)."""
    if is_url(source) or is_url(warehouse):
        return None
    try:
        return RunState(warehouse).outlook(source, spacy_model())
    except (OSError, ValueError):   # a source that cannot be read: the run says why, in its words
        return None
