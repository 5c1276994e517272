"""Before sitrep-etl: whether a run would find nothing to do (tasks/settled.py), decided from
file stamps alone, without Prefect, spaCy or the warehouse. No flow run is started for it."""
from __future__ import annotations

from sitrep.common.settings import spacy_model
from sitrep.common.uris import is_url
from sitrep.tasks.settled import nothing_changed


def settled_run(source: str, warehouse: str) -> dict | None:
    """What the last run of `source` into `warehouse` left settled, when nothing has changed
    since; None when a run has work to do (or cannot tell without running)."""
    if is_url(source) or is_url(warehouse):
        return None
    return nothing_changed(source, warehouse, spacy_model())
