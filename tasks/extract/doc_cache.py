"""The Doc's sentences and entities, listed once per Doc: spaCy builds `doc.sents` and
`doc.ents` afresh at every access (a walk over every token), and the rules ask for them
hundreds of times per article. Kept in `doc.user_data`, which leaves with the Doc; read only
after the parser and NER, which are the last to change them."""
from __future__ import annotations

from spacy.tokens import Doc, Span

_SENTS = "sitrep.sents"
_ENTS = "sitrep.ents"
_ENT_AT = "sitrep.ent_at"


def sentences(doc: Doc) -> list[Span]:
    found = doc.user_data.get(_SENTS)
    if found is None:
        found = doc.user_data[_SENTS] = list(doc.sents)
    return found


def entities(doc: Doc) -> tuple[Span, ...]:
    found = doc.user_data.get(_ENTS)
    if found is None:
        found = doc.user_data[_ENTS] = tuple(doc.ents)
    return found


def entity_at(doc: Doc, i: int) -> Span | None:
    """The entity that token i is part of, if any."""
    index = doc.user_data.get(_ENT_AT)
    if index is None:
        index = doc.user_data[_ENT_AT] = {j: ent for ent in entities(doc) for j in range(ent.start, ent.end)}
    return index.get(i)
