import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.typing import Series

from sitrep.schemas.vocab import DATE_PRECISIONS, EVENT_TYPES, GEO_PRECISIONS


class Incidents(pa.DataFrameModel):
    """One row per real-world incident: the events of different articles that report it
    (dates within a day, same governorate and place, compatible type and actors), with every
    outlet's figures reconciled UCDP-style."""

    incident_id: Series[str] = pa.Field(unique=True, description="stable across reruns: derived from its earliest member event")
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES, description="the members' most reported type")
    date_start: Series[pandas_engine.Date] = pa.Field(nullable=True, description="earliest day it may have happened on: the earliest member event_date, or, when no member knows its day, the earliest member date_start")
    date_end: Series[pandas_engine.Date] = pa.Field(nullable=True, description="latest day: the latest member event_date, or the latest member date_end")
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, nullable=True, required=False, description="how precisely its members know when: day (a member names the day), week, month, year, or unknown (no member dates it: date_start and date_end NULL); a month is never a day")
    location_name: Series[str] = pa.Field(nullable=True, description="most precise place the members name")
    admin1: Series[str] = pa.Field(nullable=True, description="first-level division")
    admin2: Series[str] = pa.Field(nullable=True, required=False, description="second-level division (district, county), when its most precise member has one")
    country_code: Series[str] = pa.Field(nullable=True, required=False, str_length={"min_value": 2, "max_value": 2}, description="ISO 3166-1 alpha-2 of its most precise member")
    geo_precision: Series[str] = pa.Field(isin=GEO_PRECISIONS, nullable=True, required=False, description="what latitude/longitude stand for (as events.geo_precision): place, near_place, admin2, admin1 (a division's middle, never a town), country, unknown")
    latitude: Series[float] = pa.Field(nullable=True, ge=-90, le=90, description="WGS84 latitude")
    longitude: Series[float] = pa.Field(nullable=True, ge=-180, le=180, description="WGS84 longitude")
    actor1: Series[str] = pa.Field(nullable=True, description="who carried it out, as most members say")
    actor2: Series[str] = pa.Field(nullable=True, description="the target, as most members say")
    n_articles: Series[int] = pa.Field(ge=1, description="articles reporting it")
    n_outlets: Series[int] = pa.Field(ge=1, description="distinct outlets reporting it; near-duplicate copies of one story count once")
    first_reported: Series[pandas_engine.Date] = pa.Field(nullable=True, description="earliest publication date among its articles")
    killed_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="lowest source total of killed across all articles")
    killed_best: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="killed total of the most credible source")
    killed_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="highest source total of killed")
    injured_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="lowest source total of injured")
    injured_best: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="injured total of the most credible source")
    injured_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="highest source total of injured")

    class Config:
        coerce = True
        strict = True


class IncidentEvents(pa.DataFrameModel):
    """Which incident each event belongs to, and why it was linked."""

    incident_id: Series[str] = pa.Field(description="→ incidents")
    event_id: Series[str] = pa.Field(unique=True, description="→ events")
    article_id: Series[str] = pa.Field(description="→ articles")
    near_duplicate_of: Series[str] = pa.Field(nullable=True, description="an earlier article of the same incident this one is a near-copy of (Jaccard ≥ 0.8 over 5-word shingles), if any")
    link_reason: Series[str] = pa.Field(description="why the event is in the incident ('first report' for the earliest)")

    class Config:
        coerce = True
        strict = True
