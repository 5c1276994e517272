"""Issue 33: every sitrep component declares what it assigns and what it requires, and spaCy
finds nothing a component requires that no component before it assigns."""
from __future__ import annotations


def test_every_component_declares_what_it_assigns_and_nothing_required_is_missing(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    sitrep = {name: meta for name, meta in analysis["summary"].items() if name.startswith("sitrep_")}
    assert sitrep and all(meta["assigns"] for meta in sitrep.values()), {n: m["assigns"] for n, m in sitrep.items()}
