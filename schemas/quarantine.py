import pandera.pandas as pa
from pandera.typing import Series

from sitrep.schemas.vocab import QUARANTINE_STAGES


class Quarantine(pa.DataFrameModel):
    """One row per input or row set aside; nothing read is silently dropped."""

    run_id: Series[str] = pa.Field(description="→ runs")
    source_uri: Series[str] = pa.Field(description="the input (path, URI, or path#record)")
    stage: Series[str] = pa.Field(isin=QUARANTINE_STAGES, description="where it was set aside")
    reason: Series[str] = pa.Field(str_length={"min_value": 1}, description="what was wrong, for a person to act on")
    table_name: Series[str] = pa.Field(nullable=True, description="for rows failing validation: their table")
    record_id: Series[str] = pa.Field(nullable=True, description="for rows failing validation: the row's id")
    counts_as_input: Series[bool] = pa.Field(description="TRUE when a whole input was set aside (counted in runs.inputs_quarantined)")

    class Config:
        coerce = True
        strict = True
