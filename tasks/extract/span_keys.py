"""The names of the Doc's span groups (doc.spans[...]) that sitrep's components fill, in one
place: the factories' default `spans_key`s, read by the components and the rows alike."""
from __future__ import annotations

ACTORS = "actors"
PLACES = "places"
TRIGGERS = "triggers"
FURNITURE = "furniture"
TIMES = "times"
CLAIMS = "claims"
