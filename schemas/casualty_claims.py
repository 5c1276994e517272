import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sitrep.schemas.vocab import OUTCOMES, QUALIFIERS, SOURCE_TYPES, VICTIM_GROUPS


class CasualtyClaims(pa.DataFrameModel):
    """One row per casualty figure an article states; a figure restated in the same article
    (same number, outcome and victims) is one claim."""

    claim_id: Series[str] = pa.Field(unique=True, description="stable across reruns: <article prefix>-c<n>")
    article_id: Series[str] = pa.Field(description="→ articles")
    event_id: Series[str] = pa.Field(nullable=True, description="→ events: the incident the figure belongs to")
    outcome: Series[str] = pa.Field(isin=OUTCOMES, description="killed or injured")
    count_low: Series[int] = pa.Field(ge=0, description="stated lower bound ('at least 20' → 20, 'more than 120' → 121, 'dozens' → 12, 'scores' → 20, 'hundreds' → 100)")
    count_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="stated upper bound; equals count_low for an exact figure; NULL when open-ended")
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS, description="exact, at_least, more_than, about, up_to, range, vague")
    victim_group: Series[str] = pa.Field(isin=VICTIM_GROUPS, description="civilians, children, women, militants, soldiers, people")
    claimed_by: Series[str] = pa.Field(nullable=True, description="the most specific source the article gives for the figure, as it names it ('SANA', 'Homs Governor', 'activists'; well-known names canonical: 'Syrian Observatory for Human Rights'); NULL when the article states it on its own authority")
    cited_by: Series[str] = pa.Field(nullable=True, description="who relays the source's figure, when the text says so ('a police source told SANA': claimed_by 'police source', cited_by 'SANA')")
    source_type: Series[str] = pa.Field(isin=SOURCE_TYPES, description="the kind of source: monitor, state_media, government, military, armed_group, activists, medical, rescuers, un, ngo, media, local, or unknown (none given)")
    claimed_by_text: Series[str] = pa.Field(nullable=True, description="the words the article attributes it with")
    is_subtotal: Series[bool] = pa.Field(description="part of another figure ('including nine children'): left out of event totals")
    adds_to_previous: Series[bool] = pa.Field(description="a further part of the figure stated before it ('along with six others', '17 rebels and 11 soldiers', 'seven policemen were also killed'): added to it in event totals; figures without it restate the toll (the larger counts); false for rows loaded before schema v7")
    evidence: Series[str] = pa.Field(description="the sentence stating it")
    sentence_index: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="index of that sentence in the article")
    start_char: Series[int] = pa.Field(ge=0, description="start of the figure in articles.text")
    end_char: Series[int] = pa.Field(ge=1, description="end of the figure in articles.text")

    @pa.dataframe_check(description="count_high >= count_low when stated")
    def high_not_below_low(cls, df: pd.DataFrame) -> pd.Series:
        return (df["count_high"].isna() | (df["count_high"] >= df["count_low"])).fillna(True).astype(bool)

    @pa.dataframe_check(description="a span is non-empty")
    def span_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["end_char"] > df["start_char"]

    class Config:
        coerce = True
        strict = True
