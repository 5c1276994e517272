"""Incidents in the column conventions analysts already use: ACLED's export and UCDP GED's.

One row per incident. Every column is derived from the warehouse (docs/exports.md maps each
to its source); nothing is guessed: a column sitrep cannot fill is empty, never a made-up
value. The vocabularies that translate ours into theirs are data files
(`acled_event_types.csv`, `actor_types.csv`).

Precision follows each codebook:
- ACLED `time_precision`: 1 the day is known, 2 the week (or a span of up to 7 days),
  3 only the month or less. `geo_precision`: 1 the place itself, 2 near a place or only its
  district, 3 only the first-level division or the country.
- UCDP `date_prec`: 1 exact day, 2 a span of 2–6 days, 3 the week, 4 the month (or a span
  of up to 30 days), 5 longer or unknown. `where_prec`: 1 the place, 2 within about 25 km
  of it, 3 the second-level division, 4 the first-level division, 6 only the country.

A format is a module of this package with NAME, COLUMNS (name -> pandas dtype, in order) and
row(incident) -> the row as a dict, or why the incident cannot make one: adding a format is
adding one module (format_names finds it).
"""
from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from pathlib import Path
from types import ModuleType

COMMON = "common"   # the module every format shares, no format itself


def format_names() -> list[str]:
    """The formats there are: this package's modules (listed without importing pandas, so the
    command line's choices cost nothing at start-up)."""
    return sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name != COMMON)


def format_module(name: str) -> ModuleType:
    if name not in format_names():
        raise ValueError(f"unknown export format {name!r}: choose {' or '.join(format_names())}")
    module = importlib.import_module(f"{__name__}.{name}")
    assert module.NAME == name and module.COLUMNS and callable(module.row), f"{name}: a format needs NAME, COLUMNS, row"
    return module


def export_frame(warehouse: str | Path, fmt: str):
    """The incidents of a warehouse as rows of a format ('acled', 'ucdp'), a pandas frame; the
    incidents a format leaves out are counted by why in frame.attrs['left_out']."""
    import pandas as pd
    import pyarrow as pa

    from sitrep.export.common import incidents_of

    form = format_module(fmt)
    rows, left_out = [], Counter()
    for incident in incidents_of(warehouse):
        made = form.row(incident)
        if isinstance(made, str):
            left_out[made] += 1
        else:
            rows.append(made)
    frame = pd.DataFrame.from_records(rows, columns=list(form.COLUMNS))
    for col, dtype in form.COLUMNS.items():
        # dates as dates (Parquet DATE, not a timestamp at midnight); counts as integers with gaps
        frame[col] = frame[col].astype(pd.ArrowDtype(pa.date32()) if dtype == "date" else dtype)
    frame.attrs["left_out"] = dict(left_out.most_common())
    return frame


def write_export(frame, out: Path | None = None, stream=None) -> None:
    """CSV (ISO dates, empty for missing) to `stream`, or to `out` as a finished file or
    none: Parquet when its suffix says so."""
    if out is None:
        frame.to_csv(stream, index=False, date_format="%Y-%m-%d")
        return
    from sitrep.common.outputs import whole_file

    with whole_file(out) as tmp:
        if out.suffix.lower() == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False, date_format="%Y-%m-%d")


__all__ = ["export_frame", "format_module", "format_names", "write_export"]
