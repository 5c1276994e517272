"""The geoparser's words, read once from its lexicon file (sitrep/data/geo/lexicon.json by
default; the component's config may name another) through the one loader."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sitrep.tasks.extract.lexicon import GEO_LEXICON, lexicon


@dataclass(frozen=True)
class GeoVocabulary:
    name_articles: frozenset[str]
    locative_before: frozenset[str]
    settlement_nouns: frozenset[str]
    unlisted_nouns: frozenset[str]
    division_nouns: frozenset[str]
    district_nouns: frozenset[str]
    near_before: frozenset[str]
    near_after: frozenset[str]
    kilometre_words: frozenset[str]
    mile_words: frozenset[str]
    division_before: frozenset[str]
    direction_words: frozenset[str]
    street_suffixes: frozenset[str]
    address_before: frozenset[str]
    facility_heads: frozenset[str]
    outlet_heads: frozenset[str]
    modifier_heads: frozenset[str]
    modifier_between: frozenset[str]
    person_titles: frozenset[str]
    time_words: frozenset[str]
    government_buildings: frozenset[str]
    metonym_verbs: frozenset[str]
    metonym_next: frozenset[str]
    metonym_before: frozenset[str]
    origin_nouns: frozenset[str]
    origin_preps: frozenset[str]
    origin_verbs: frozenset[str]
    displacement_words: frozenset[str]
    transfer_words: frozenset[str]
    residence_words: frozenset[str]
    meeting_nouns: frozenset[str]
    seat_nouns: frozenset[str]
    city_part_names: frozenset[str]
    stance_prefixes: frozenset[str]
    people_nouns: frozenset[str]
    foreign_name_joiners: frozenset[str]
    quarter_nouns: frozenset[str]
    naming_words: frozenset[str]
    qualifier_preps: frozenset[str]
    indefinite_articles: frozenset[str]
    # derived (__post_init__): every noun that marks the name next to it as a place; the words
    # a name the gazetteer lacks never holds
    place_nouns: frozenset[str] = frozenset()
    never_in_unlisted_names: frozenset[str] = frozenset()

    def __post_init__(self):
        # worked out once: the rules ask for these unions for every token
        object.__setattr__(self, "place_nouns", self.settlement_nouns | self.division_nouns | self.district_nouns
                           | self.near_after)
        object.__setattr__(self, "never_in_unlisted_names", self.person_titles | self.facility_heads
                           | self.modifier_heads | self.street_suffixes | self.direction_words | self.modifier_between
                           | self.outlet_heads)


@lru_cache(maxsize=None)
def geo_vocabulary(name: str = GEO_LEXICON) -> GeoVocabulary:
    roles = lexicon(name)
    derived = ("place_nouns", "never_in_unlisted_names")
    return GeoVocabulary(**{f: frozenset(w.lower() for w in roles[f]) for f in GeoVocabulary.__dataclass_fields__
                            if f not in derived})
