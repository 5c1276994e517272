"""Publishing a run's summary to Prefect: a markdown artifact and a table of quarantined
inputs, shown on the flow run's page in the UI."""
from __future__ import annotations

import pandas as pd
from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from sitrep.tasks.run_record import summary_markdown


@task(name="publish-artifacts", retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def publish_artifacts(summary: dict, quarantine: pd.DataFrame) -> None:
    create_markdown_artifact(key="sitrep-run-summary", markdown=summary_markdown(summary),
                             description="Counts, quarantine reasons and the largest incidents of this run")
    rows = quarantine.loc[quarantine["counts_as_input"], ["source_uri", "stage", "reason"]] if len(quarantine) else quarantine
    create_table_artifact(key="sitrep-quarantine", table=[
        {"source_uri": r.source_uri, "stage": r.stage, "reason": r.reason} for r in rows.itertuples()
    ] or [{"source_uri": "", "stage": "", "reason": "nothing quarantined"}],
        description="Inputs this run set aside, with the reason")
