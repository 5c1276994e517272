"""The warehouse's data contract: one pandera DataFrameModel per table, with the column
docs, types, ranges, accepted values and uniqueness beside each column (as dbt keeps tests
next to column docs), and the references between tables in `relations`.

Nothing here imports the rest of sitrep; everything else imports this.
"""
import sys


def _pandas_frames_only() -> None:
    """pandera learns which frame libraries exist by importing them when it first builds a
    schema, and importing dask.dataframe (installed for the Dask task runner) costs about
    0.6 s in every process that validates. sitrep validates pandas frames only: pandera's
    dask typing module is imported once with dask.dataframe hidden, so that pandera takes
    dask for absent; dask itself stays importable."""
    if "pandera.typing.dask" in sys.modules or "dask.dataframe" in sys.modules:
        return
    sys.modules["dask.dataframe"] = None   # makes `import dask.dataframe` raise ImportError
    try:
        import pandera.typing.dask  # noqa: F401
    finally:
        del sys.modules["dask.dataframe"]


_pandas_frames_only()

from sitrep.schemas.article_sources import ArticleSources
from sitrep.schemas.articles import Articles
from sitrep.schemas.casualty_claims import CasualtyClaims
from sitrep.schemas.events import Events
from sitrep.schemas.incidents import IncidentEvents, Incidents
from sitrep.schemas.mentions import Mentions
from sitrep.schemas.quarantine import Quarantine
from sitrep.schemas.relations import RELATIONS, Relation
from sitrep.schemas.runs import Runs

# Table name -> model, in load order (parents before children).
TABLES = {
    "articles": Articles,
    "article_sources": ArticleSources,
    "events": Events,
    "casualty_claims": CasualtyClaims,
    "mentions": Mentions,
    "incidents": Incidents,
    "incident_events": IncidentEvents,
    "quarantine": Quarantine,
    "runs": Runs,
}
# Version of the warehouse layout; warehouse/migrations.py brings older warehouses up to it.
SCHEMA_VERSION = 9

__all__ = ["TABLES", "RELATIONS", "Relation", "SCHEMA_VERSION", "Articles", "ArticleSources", "Events",
           "CasualtyClaims", "Mentions", "Quarantine", "Runs", "Incidents", "IncidentEvents"]
