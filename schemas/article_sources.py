import pandera.pandas as pa
from pandera.typing import Series


class ArticleSources(pa.DataFrameModel):
    """One row per input that yielded an article, duplicates included."""

    article_id: Series[str] = pa.Field(description="→ articles")
    source_uri: Series[str] = pa.Field(description="a path or URI whose text normalized to this article")
    run_id: Series[str] = pa.Field(description="the run that first read this input → runs")

    class Config:
        coerce = True
        strict = True
        unique = ["article_id", "source_uri"]
