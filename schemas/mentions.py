import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class Mentions(pa.DataFrameModel):
    """Every entity the NER model found and every place, actor, trigger and time
    expression sitrep's rules found: the evidence behind events and claims."""

    mention_id: Series[str] = pa.Field(unique=True, description="<article prefix>-m<n>")
    article_id: Series[str] = pa.Field(description="→ articles")
    label: Series[str] = pa.Field(description="NER label (GPE, ORG, DATE …) or PLACE, ACTOR, TRIGGER, TIME_EXPR")
    text: Series[str] = pa.Field(description="the mention's text")
    start_char: Series[int] = pa.Field(ge=0, description="start in articles.text")
    end_char: Series[int] = pa.Field(ge=1, description="end in articles.text")
    sentence_index: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="sentence it stands in")
    source: Series[str] = pa.Field(isin=["ner", "sitrep"], description="the spaCy model (ner) or sitrep's rules")
    resolved: Series[str] = pa.Field(nullable=True, description="canonical place, actor, event type or time kind")
    detail: Series[str] = pa.Field(nullable=True, description="for places, the geo precision")

    class Config:
        coerce = True
        strict = True
