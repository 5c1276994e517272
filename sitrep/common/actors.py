"""What kind of party a canonical actor is, read from data (actor_types.csv, the lexicon's
state_force_nouns): a state's forces and which state's. The exports code ACLED's and UCDP's
actor kinds with it; the extractor asks it whether two parties of one incident are one side."""
from __future__ import annotations

import json
from functools import lru_cache

from sitrep.common import data


@lru_cache(maxsize=1)
def actor_types() -> dict[str, tuple[str, str]]:
    """actor -> (kind, home country ISO code) of actor_types.csv."""
    return {r["actor"]: (r["kind"], r["country"]) for r in data.rows("actor_types.csv")}


@lru_cache(maxsize=1)
def actor_homes() -> dict[str, str]:
    """actor -> the one country it fights in, of actor_homes.csv (the geoparser's evidence)."""
    return {r["actor"]: r["country"] for r in data.rows("actor_homes.csv")}


@lru_cache(maxsize=1)
def _state_force_nouns() -> frozenset[str]:
    # the lexicon's role, read here because the exports (above the tasks) need it too
    return frozenset(w.lower() for w in json.loads(data.text("lexicon.json"))["state_force_nouns"])


@lru_cache(maxsize=512)
def actor_kind(actor: str | None) -> tuple[str | None, str | None]:
    """(kind, home country) of an actor: actor_types.csv's, or a state's forces named by the
    article's country ("Chadian security forces", made by the theatres' default) or written
    with a demonym ("British soldiers")."""
    if not actor:
        return None, None
    kind, home = actor_types().get(actor, (None, None))
    first, _, rest = actor.partition(" ")
    forces, of, country = actor.partition(" of ")
    if kind is None and (rest == "security forces" or rest.lower() in _state_force_nouns()):
        from sitrep.common.gazetteer import load_gazetteer

        cc = load_gazetteer().demonym(first)   # "British soldiers", "Chadian security forces"
        if cc:
            return "state", cc
    if kind is None and of and forces.rsplit(" ", 1)[-1].lower() in _state_force_nouns():
        from sitrep.common.gazetteer import load_gazetteer

        cc = load_gazetteer().country_of(country)   # "Military Forces of Myanmar", as coders write them
        if cc:
            return "state", cc
    return (kind, home or None) if kind else (None, None)
