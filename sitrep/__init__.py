"""sitrep: news reports of strikes and attacks in, a conflict-event warehouse out."""

__version__ = "0.1.0"
