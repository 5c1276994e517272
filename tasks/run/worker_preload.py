"""Imported once by the extraction workers' fork server (multiprocessing's forkserver
preload, see sitrep.tasks.run.workers), never by the run itself: it loads the spaCy pipeline,
the gazetteer and the schemas there, so every worker forked from it starts with them loaded.

The objects are then frozen out of the garbage collector's reach (gc.freeze, as Python's
documentation advises before forking): a collection in a worker neither walks the model's
objects nor writes to their pages, which the workers share with the server until they do.
A failure is left for the workers' own warm-up, and then their first chunk, to report."""
from __future__ import annotations

import gc

try:
    from sitrep.tasks.run.chunks import warm_up

    warm_up()
except Exception:  # noqa: BLE001 - the fork server must start whatever happens; see above
    pass
gc.freeze()
