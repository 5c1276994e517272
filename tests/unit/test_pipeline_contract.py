"""Issue 33: every sitrep component declares what it assigns and what it requires, and spaCy
finds nothing a component requires that no component before it assigns."""
from __future__ import annotations


def test_every_component_declares_what_it_assigns_and_nothing_required_is_missing(nlp):
    analysis = nlp.analyze_pipes(pretty=False)
    assert not any(analysis["problems"].values()), analysis["problems"]
    sitrep = {name: meta for name, meta in analysis["summary"].items() if name.startswith("sitrep_")}
    assert sitrep and all(meta["assigns"] for meta in sitrep.values()), {n: m["assigns"] for n, m in sitrep.items()}


def test_the_rule_components_do_not_reach_into_each_other():
    """The events read the claims' figures from Doc._.figures, not by importing the claims
    module (it did, lazily); the claims read the background sentences from Doc._.background."""
    import ast
    from pathlib import Path

    extract = Path(__file__).resolve().parents[2] / "tasks" / "extract"
    for module, other in (("events.py", "claims"), ("claims.py", "events")):
        imported = {n.module for n in ast.walk(ast.parse((extract / module).read_text())) if isinstance(n, ast.ImportFrom)}
        assert f"sitrep.tasks.extract.{other}" not in imported, (module, other)
