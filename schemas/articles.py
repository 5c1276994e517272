import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.typing import Series


class Articles(pa.DataFrameModel):
    """One row per distinct article (identical normalized text is one article)."""

    article_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 16}, description="hex SHA-256 of the normalized text")
    source_uri: Series[str] = pa.Field(description="where it was first read from (path or URI); its last path component is the file name")
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="headline, boilerplate removed")
    outlet: Series[str] = pa.Field(nullable=True, description="news organisation when the text or metadata names it")
    published_date: Series[pandas_engine.Date] = pa.Field(nullable=True, description="publication date, when the article states one")
    byline: Series[str] = pa.Field(nullable=True, description="author or agency credited in a 'By …' line")
    dateline: Series[str] = pa.Field(nullable=True, description="place the report was filed from ('MOSCOW —')")
    date_source: Series[str] = pa.Field(isin=["hint", "cue_line", "date_line", "lead", "none"], description="where published_date came from: metadata (hint), a 'Published:' line, a date line under the headline, the lead's dateline, or none")
    format: Series[str] = pa.Field(isin=["txt", "html", "json", "jsonl"], description="input format")
    encoding: Series[str] = pa.Field(nullable=True, description="text encoding the input was decoded from")
    n_chars: Series[int] = pa.Field(ge=1, description="length of the normalized text")
    text: Series[str] = pa.Field(description="the normalized text; every start_char/end_char points into it")
    extractor_version: Series[str] = pa.Field(description="fingerprint of code, data files and model that produced this article's rows")
    run_id: Series[str] = pa.Field(description="the run that loaded this version of the article → runs")

    class Config:
        coerce = True
        strict = True
