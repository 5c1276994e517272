import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Runs(pa.DataFrameModel):
    """One row per flow run; inputs_seen always equals loaded + unchanged + duplicate + quarantined."""

    run_id: Series[str] = pa.Field(unique=True, description="the Prefect flow-run id")
    started_at: Series[pd.Timestamp] = pa.Field(description="UTC start")
    finished_at: Series[pd.Timestamp] = pa.Field(description="UTC end of the load")
    source: Series[str] = pa.Field(description="the --source it read")
    inputs_seen: Series[int] = pa.Field(ge=0, description="files and .jsonl/.json records read")
    articles_loaded: Series[int] = pa.Field(ge=0, description="inputs that yielded a new or reprocessed article")
    articles_unchanged: Series[int] = pa.Field(ge=0, description="inputs whose article was already loaded by this extractor version")
    articles_duplicate: Series[int] = pa.Field(ge=0, description="inputs whose text another input of this run already gave")
    inputs_quarantined: Series[int] = pa.Field(ge=0, description="inputs set aside (see quarantine)")
    events: Series[int] = pa.Field(ge=0, description="events written by this run")
    claims: Series[int] = pa.Field(ge=0, description="casualty claims written by this run")
    extractor_version: Series[str] = pa.Field(description="extractor version of this run")
    full_refresh: Series[bool] = pa.Field(description="whether every article was reprocessed")

    @pa.dataframe_check(description="inputs_seen = loaded + unchanged + duplicate + quarantined")
    def counts_balance(cls, df: pd.DataFrame) -> pd.Series:
        return df["inputs_seen"] == (df["articles_loaded"] + df["articles_unchanged"] + df["articles_duplicate"] + df["inputs_quarantined"])

    class Config:
        coerce = True
        strict = True
