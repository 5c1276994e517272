"""The run's machinery: the worker processes that extract (workers, worker_preload), the
progress line, the chunks they hand back, and the run's state on disk (the spool of
extracted rows, the input ledger, the settled state, the run record)."""
