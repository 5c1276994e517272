"""sitrep's geoparser: where an article's places are, in the two stages the best geoparsers
use (Mordecai 3, CLAVIN/CLIFF, the Edinburgh Geoparser), driven by the gazetteer
(sitrep.common.gazetteer) and the words of sitrep/data/geo/lexicon.json:

1. recognize: candidate names with the evidence around them, and the names that are never
   places left out (people, organisations, streets, buildings, holidays, metonyms);
2. focus and resolve: the article's countries first, then each name among its readings by
   its qualifier, the dateline, one reading per article, the kind of name, agreement with
   the article's other places, and population.

Results go on declared extensions: `doc.spans["places"]` (Span._.place, ._.candidates,
._.precision, ._.place_role, ._.place_name), `Doc._.country` (the country the article is about, most
pointed at), `Doc._.countries` (the countries it is about, strongest first),
`Doc._.evidence_countries` (every country its countries, demonyms, divisions and dateline
point to) and `Doc._.dateline` (the place it was filed from, if it names one).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

import difflib

from sitrep.common.gazetteer import Gazetteer, place_key
from sitrep.tasks.extract.geo.recognize import Mention, find_mentions
from sitrep.tasks.extract.geo.resolve import Resolution, resolve_mentions
from sitrep.tasks.extract.geo.vocabulary import GeoVocabulary, geo_vocabulary

__all__ = ["find_places", "register_extensions", "Mention", "Resolution", "geo_vocabulary"]

PLACE_ROLES = ("place", "modifier", "origin")


def register_extensions() -> None:
    for name in ("country", "dateline"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("countries"):   # the countries the article is about, strongest first
        Doc.set_extension("countries", default=())
    if not Doc.has_extension("evidence_countries"):   # every country its words point to (named, demonyms, divisions, dateline)
        Doc.set_extension("evidence_countries", default=frozenset())
    for name in ("place", "candidates", "precision", "place_name"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("place_role"):   # place | modifier ("Denver police") | origin ("a man from Gary")
        Span.set_extension("place_role", default="place")
    if not Span.has_extension("place_level"):   # see place_level()
        Span.set_extension("place_level", default=None)


def place_level(place, precision: str) -> str:
    """How precisely a place span names where something happened: its precision, except that
    a place the gazetteer lacks ('the village of Damadola') names a place even though its
    point is only its district's or its country's."""
    return "place" if place is not None and place.kind == "unlisted" else precision


register_extensions()


def find_places(doc: Doc, gaz: Gazetteer, vocab: GeoVocabulary | None = None) -> list[Span]:
    """The Doc's places, resolved; sets Doc._.country, ._.countries and ._.dateline."""
    vocab = vocab or geo_vocabulary()
    mentions, demonyms = find_mentions(doc, gaz, vocab)
    resolutions, focus = resolve_mentions(doc, mentions, demonyms, gaz, vocab)
    doc._.country = focus.country
    doc._.countries = focus.home
    doc._.evidence_countries = frozenset(focus.evidence)
    doc._.dateline = None
    spans: list[Span] = []
    for r in resolutions:
        m = r.mention
        s = Span(doc, m.start, m.end, label="PLACE")
        place, precision = _refine(doc, m, r.place, r.precision, gaz, vocab)
        s._.place, s._.candidates, s._.precision = place, r.candidates, precision
        s._.place_name = r.name or written_name(s)
        if m.role == "dateline":
            if doc._.dateline is None and place.kind != "country":
                s._.precision = "place"
                s._.place_level = "place"
                doc._.dateline = s
            continue
        s._.place_level = place_level(place, precision)
        s._.place_role = m.role
        spans.append(s)
    spans.sort(key=lambda s: s.start)
    return spans


def written_name(span: Span) -> str:
    """The place's name as a row gives it: our tables' canonical spelling; for a GeoNames town
    the spelling the text uses ('Kostiantynivka', not GeoNames' 'Kostyantynivka'; 'Rafah',
    not 'Rafaḩ'), a dateline's capitals in title case; a division by its own name; a place
    the gazetteer lacks as the text writes it."""
    place = span._.place
    if place.kind == "unlisted":
        return place.name
    if span._.precision == "admin1":
        return place.admin1 or place.name
    if span._.precision == "admin2":
        return place.admin2 or place.name
    if place.source != "geonames":
        return place.name
    text = " ".join(span.text.split())
    text = text.title() if text.isupper() else text
    # the text's spelling of the place's own name; another name of it ("Westport" for Kansas
    # City in GeoNames' alternate names) gives way to the place's name
    mine, theirs = place_key(text), place_key(place.name)
    if mine in theirs or theirs in mine or difflib.SequenceMatcher(None, mine, theirs).ratio() >= 0.6:
        return text
    return place.name


def _refine(doc: Doc, m: Mention, place, precision: str, gaz: Gazetteer, vocab: GeoVocabulary):
    """What the words around a town's name make of it: 'Raqqa province', 'northern Aleppo'
    (the division of that name), 'Bastar district' (the district), 'rural Damascus' (the
    governorate around the city)."""
    if place.kind not in ("country", "admin1", "admin2", "unlisted") and m.cues & {"division", "division_adjective"}:
        division = gaz.admin1_named(doc[m.start:m.end].text, place.country_code)
        if division is not None or place.source == "governorates":
            place = gaz.division(place.country_code, (division or place).admin1) or division or place
            precision = "admin1"
    elif place.kind not in ("country", "admin1", "admin2", "unlisted") and "district" in m.cues:
        district = next((c for c in m.candidates if c.kind == "admin2" and c.country_code == place.country_code
                         and c.admin1 == place.admin1), None)
        if district is not None:
            place, precision = district, "admin2"
    outskirts = gaz.outskirts(place.admin1)
    if outskirts and precision == "admin1":   # "rural Damascus", "Damascus countryside"
        place = gaz.governorate(outskirts) or place
    return place, precision
