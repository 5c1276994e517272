"""docs/data-dictionary.md, generated from the pandera models so that it never drifts
from them:  python -m sitrep.warehouse.dictionary > docs/data-dictionary.md  (a test compares)."""
from __future__ import annotations

import inspect

from sitrep.schemas import SCHEMA_VERSION, TABLES
from sitrep.warehouse.ddl import columns
from sitrep.warehouse.store import VIEWS


def _checks(col) -> str:
    out = []
    for check in col.checks:
        stats = getattr(check, "statistics", {}) or {}
        name = check.name
        if name == "isin":
            out.append("one of " + ", ".join(f"`{v}`" for v in stats.get("allowed_values", [])))
        elif name in ("greater_than_or_equal_to", "less_than_or_equal_to"):
            out.append((">= " if name.startswith("greater") else "<= ") + str(stats.get("min_value", stats.get("max_value"))))
        elif name == "str_length":
            out.append(f"length {stats.get('min_value') or 0}..{stats.get('max_value') or ''}")
        else:
            out.append(name)
    return "; ".join(out)


def render() -> str:
    lines = [
        "# Data dictionary",
        "",
        f"Generated from the pandera models in `schemas/` (warehouse schema version {SCHEMA_VERSION}) by",
        "`python -m sitrep.warehouse.dictionary`; `tests/unit/test_dictionary.py` fails when it is stale.",
        "",
    ]
    for table, model in TABLES.items():
        schema = model.to_schema()
        lines += [f"## {table}", "", inspect.cleandoc(model.__doc__ or ""), ""]
        unique = [n for n, c in schema.columns.items() if c.unique]
        if schema.unique:
            unique.append("(" + ", ".join(schema.unique) + ")")
        if unique:
            lines += ["Unique: " + ", ".join(f"`{u}`" for u in unique), ""]
        lines += ["| column | type | null | checks | meaning |", "|---|---|---|---|---|"]
        for (name, typ, nullable, desc), col in zip(columns(model), schema.columns.values()):
            lines.append(f"| `{name}` | {typ} | {'yes' if nullable else 'no'} | {_checks(col)} | {desc} |")
        table_checks = [c.description or c.name for c in schema.checks]
        if table_checks:
            lines += ["", "Row checks: " + "; ".join(table_checks)]
        lines.append("")
    lines += ["## Views", "", "See [views.md](views.md): " + ", ".join(f"`{v}`" for v in VIEWS) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
