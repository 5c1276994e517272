import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.typing import Series

from sitrep.schemas.vocab import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS, SUB_EVENT_TYPES


class Events(pa.DataFrameModel):
    """One row per incident an article reports."""

    event_id: Series[str] = pa.Field(unique=True, description="stable across reruns of the same article: <article prefix>-e<n>")
    article_id: Series[str] = pa.Field(description="→ articles")
    is_primary: Series[bool] = pa.Field(description="exactly one TRUE per article that has events: the article's main incident")
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES, description="kind of incident")
    event_date: Series[pandas_engine.Date] = pa.Field(nullable=True, description="day the incident happened, weekday words resolved against published_date; NULL unless the day is known (date_precision 'day'): a week, month or year is never stored as a made-up day")
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, description="day, week, month, year, unknown")
    date_start: Series[pandas_engine.Date] = pa.Field(nullable=True, required=False, description="first day the incident may have happened on (UCDP date_start): event_date, the week's first day, the month's or the year's; NULL when unknown")
    date_end: Series[pandas_engine.Date] = pa.Field(nullable=True, required=False, description="last day it may have happened on (UCDP date_end)")
    actor1: Series[str] = pa.Field(nullable=True, description="who carried it out, canonical name")
    actor2: Series[str] = pa.Field(nullable=True, description="the target, canonical name")
    location_name: Series[str] = pa.Field(nullable=True, description="most precise place named for it")
    admin1: Series[str] = pa.Field(nullable=True, description="first-level division (Syrian governorates in the contract's spelling; elsewhere the common English name)")
    admin2: Series[str] = pa.Field(nullable=True, required=False, description="second-level division (district, county) when the text names it or the place lies in a known one; NULL for rows loaded before schema v6")
    country_code: Series[str] = pa.Field(nullable=True, str_length={"min_value": 2, "max_value": 2}, description="ISO 3166-1 alpha-2")
    latitude: Series[float] = pa.Field(nullable=True, ge=-90, le=90, description="WGS84 latitude of location_name")
    longitude: Series[float] = pa.Field(nullable=True, ge=-180, le=180, description="WGS84 longitude of location_name")
    geo_precision: Series[str] = pa.Field(isin=GEO_PRECISIONS, description="what latitude/longitude stand for: place (the place named), near_place (a place near it), admin2 (the district's middle: a village the gazetteer lacks, or only the district named), admin1, country, unknown")
    location_text: Series[str] = pa.Field(nullable=True, description="the words the place was named with")
    evidence: Series[str] = pa.Field(description="the first sentence reporting the incident")
    sentence_index: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="index of that sentence in the article")
    n_strikes: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="number of strikes/raids/sorties stated")
    n_aircraft: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="number of aircraft stated")
    n_claims: Series[int] = pa.Field(ge=0, description="casualty claims tied to this event")
    n_sources: Series[int] = pa.Field(ge=0, description="distinct sources of those claims (unattributed counts as one)")
    killed_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="lowest source total of killed (see docs/figures.md)")
    killed_best: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="killed total of the most credible source")
    killed_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="highest source total of killed")
    injured_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="lowest source total of injured")
    injured_best: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="injured total of the most credible source")
    injured_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="highest source total of injured")
    confidence: Series[float] = pa.Field(nullable=True, ge=0, le=1, description="how sure sitrep is of this row, 0–1: place and date precision, a named actor, attributed figures (docs/extraction.md); NULL for rows loaded before schema v2")
    sub_event_type: Series[str] = pa.Field(nullable=True, required=False, isin=SUB_EVENT_TYPES, description="ACLED's sub-event type (Air/drone strike, Shelling/artillery/missile attack, Armed clash, Attack, Remote explosive/landmine/IED, Suicide bomb, Grenade, Mob violence …) from the event type and its trigger words; NULL for rows loaded before schema v5")

    @pa.dataframe_check(description="exactly one primary event per article that has events")
    def one_primary_per_article(cls, df: pd.DataFrame) -> pd.Series:
        primaries = df.groupby("article_id")["is_primary"].transform("sum")
        return primaries == 1

    @pa.dataframe_check(description="low <= best <= high where present")
    def figures_ordered(cls, df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for o in ("killed", "injured"):
            lo, best, hi = df[f"{o}_low"], df[f"{o}_best"], df[f"{o}_high"]
            ok &= (lo.isna() | best.isna() | (lo <= best)).fillna(True)
            ok &= (best.isna() | hi.isna() | (best <= hi)).fillna(True)
        return ok.astype(bool)

    class Config:
        coerce = True
        strict = True
