"""A table's rows (plain dicts) as a DataFrame with the model's columns even when empty."""
from __future__ import annotations

import pandas as pd

from sitrep.tasks.validate import empty_frame


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return empty_frame(table)
    return pd.DataFrame(rows)
