"""The Prefect tasks over a run's state (sitrep.tasks.run.run_state.RunState): saving the input
ledger and remembering what the run left settled, each a named step of the flow."""
from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from sitrep.tasks.run.run_state import LedgerRow, RunState
from sitrep.tasks.spec import RunSpec


@task(name="save-input-ledger", cache_policy=NO_CACHE)
def save_input_ledger(state_dir: str, rows: list[LedgerRow]) -> None:
    RunState(state_dir).save_ledger(rows)


@task(name="remember-settled-inputs", cache_policy=NO_CACHE)
def remember_settled_inputs(run: RunSpec, version: str, inputs: list[str], ledger: list[LedgerRow],
                            table_rows: dict[str, int]) -> None:
    """What this run left settled, for the next run's "nothing changed" check; only for a
    local warehouse and a local source, the only ones that check reads."""
    from sitrep.common.uris import is_url
    from sitrep.warehouse import Warehouse

    if is_url(run.warehouse) or is_url(run.source):
        return
    RunState(run.state_dir).remember_settled(run.source, version, inputs, ledger, Warehouse(run.warehouse).known_articles(),
                                             table_rows, run.run_id)
