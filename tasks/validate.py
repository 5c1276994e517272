"""Validating every table against its pandera model, lazily: failing rows are set aside
with the failed check as the reason and the rest goes on; rows whose parent row is
missing (an event of an article that failed) follow their parent into quarantine."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import pandera.pandas as pa

from sitrep.schemas import RELATIONS, TABLES

ID_COLUMN = {"articles": "article_id", "article_sources": "source_uri", "events": "event_id",
             "casualty_claims": "claim_id", "mentions": "mention_id", "quarantine": "source_uri", "runs": "run_id"}


@dataclass
class Validated:
    frames: dict[str, pd.DataFrame]
    rejected: list[dict] = field(default_factory=list)     # one per failing row: table, record_id, article_id, uri, reason
    failed_articles: dict[str, str] = field(default_factory=dict)   # article_id -> reason


def empty_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in TABLES[table].to_schema().columns})


def _reasons(err: pa.errors.SchemaErrors) -> dict[object, list[str]]:
    out: dict[object, list[str]] = {}
    fc = err.failure_cases
    for row in fc.itertuples(index=False):
        idx = getattr(row, "index", None)
        column = getattr(row, "column", None)
        check = getattr(row, "check", None)
        value = getattr(row, "failure_case", None)
        where = f"{column}: " if column and str(column) != "None" and not pd.isna(column) else ""
        text = f"{where}failed {check} (value {value!r})"
        if idx is None or (isinstance(idx, float) and pd.isna(idx)):
            raise RuntimeError(f"schema error affecting a whole table, not rows: {text}") from err
        out.setdefault(idx, []).append(text)
    return out


def validate_table(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[object, str]]:
    """(valid rows coerced to the model's types, {row index: reason} for the rest)."""
    model = TABLES[table]
    if frame.empty:
        return model.validate(empty_frame(table)), {}
    frame = frame.reset_index(drop=True)
    try:
        return model.validate(frame, lazy=True), {}
    except pa.errors.SchemaErrors as err:
        reasons = {i: "; ".join(dict.fromkeys(r)) for i, r in _reasons(err).items()}
    good = frame.drop(index=[i for i in reasons if i in frame.index])
    return model.validate(good, lazy=False), reasons


def validate_frames(frames: dict[str, pd.DataFrame], existing: dict[str, set[str]] | None = None) -> Validated:
    """existing: parent keys already in the warehouse, e.g. {'articles': {...ids}}."""
    existing = existing or {}
    out = Validated(frames={})
    for table in TABLES:
        frame = frames.get(table)
        if frame is None:
            continue
        valid, reasons = validate_table(table, frame)
        frame = frame.reset_index(drop=True)
        for i, reason in reasons.items():
            _reject(out, table, frame.loc[i], reason)
        # references to parents validated above (or already in the warehouse)
        for rel in RELATIONS:
            if rel.child != table or rel.parent not in out.frames:
                continue
            parent = out.frames[rel.parent]
            known = set(parent[rel.parent_column]) | existing.get(rel.parent, set())
            keys = valid[rel.column]
            orphan = keys.notna() & ~keys.isin(known)
            for _, row in valid[orphan].iterrows():
                _reject(out, table, row, f"{rel.column}: no {rel.parent} row {row[rel.column]!r} ({rel.description})")
            valid = valid[~orphan]
        out.frames[table] = valid.reset_index(drop=True)
    return out


def _reject(out: Validated, table: str, row: pd.Series, reason: str) -> None:
    article_id = row.get("article_id")
    out.rejected.append({"table": table, "record_id": str(row.get(ID_COLUMN[table])), "article_id": article_id,
                         "source_uri": row.get("source_uri"), "reason": reason})
    if table == "articles" and article_id is not None:
        out.failed_articles[article_id] = reason


def validate_strict(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a table sitrep builds itself (runs, quarantine): a failure is a bug, not bad input."""
    if frame.empty:
        return TABLES[table].validate(empty_frame(table))
    return TABLES[table].validate(frame.reset_index(drop=True), lazy=True)
