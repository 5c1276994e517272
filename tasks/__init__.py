"""sitrep's tasks, split by what each thing is:

    inputs/    where articles come from: files, folders, URLs and feeds read into articles
    extract/   the spaCy pipeline and its rules: places, actors, events, figures and who said them (attribution)
    plan.py, spec.py, tables.py, validate.py, incidents.py
               plain logic over plain values: what a run must do, the tables' rows, one incident per event
    run/       the run's machinery: worker processes, progress, the spool, the ledger and settled state
    steps/     the Prefect tasks the flows call: small typed wrappers over the above, with retries
"""
