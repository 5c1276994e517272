"""Place mentions: gazetteer look-up over token n-grams and the precision the words around
a name give it ("near Raqqa" -> near_place, "Raqqa province" -> admin1)."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from sitrep.common.gazetteer import Gazetteer, Place
from sitrep.tasks.extract.lexicon import actor_names, words

ARTICLES = words("name_articles")
ADMIN1_AFTER = words("admin1_after")
ADMIN1_BEFORE = words("admin1_before")
ADMIN1_OF = re.compile(r"\b(?:province|governorate|countryside|region)\s+of\s*(?:the\s+)?$", re.I)
NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|around|close to|on the outskirts of|outskirts of|suburbs? of|vicinity of|"
    r"edge of|(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of|km|kms|kilometres?|kilometers?|miles?)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|northwestern|northeastern|southwestern|southeastern|central)\s+)?"
    r"(?:(?:city|town|village|suburbs?|outskirts|area|district)\s+of\s+(?:the\s+)?)?(?:(?:\w+\s+)?capital,?\s+)?\s*$",
    re.I,
)
NEAR_AFTER = words("near_after")


def place_precision(doc: Doc, span: Span, place: Place) -> str:
    if place.kind == "country":
        return "country"
    if place.kind == "admin1":
        return "admin1"
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before_tokens = doc[max(0, span.start - 8): span.start]
    before_text = (before_tokens.text + " ") if len(before_tokens) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    governorate_named = place.source == "governorates"
    if governorate_named and (after in ADMIN1_AFTER or prev in ADMIN1_BEFORE or ADMIN1_OF.search(before_text)):
        return "admin1"
    if NEAR_BEFORE.search(before_text) or after in NEAR_AFTER:
        return "near_place"
    return "place"


def find_places(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """Longest gazetteer names starting at capitalized tokens, not inside a person's name."""
    persons = {i for ent in doc.ents if ent.label_ in ("PERSON",) for i in range(ent.start, ent.end)}
    # a name inside a longer organisation's name is not a place: "Jordan Times", "Aleppo Media Center"
    org_of = {i: ent for ent in doc.ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
    spans: list[Span] = []
    i = 0
    n_tokens = len(doc)
    max_n = min(gaz.max_words, 5)
    while i < n_tokens:
        tok = doc[i]
        # a lowercase article that is also an English word ("at", "as", "an") starts a name only
        # when hyphened to it ("at-Tall"): "a source at Aleppo Police Command" is no place "at Aleppo"
        starts = tok.text[:1].isupper() or (tok.lower_ in ARTICLES and i + 1 < n_tokens
                                            and (doc[i + 1].text == "-" or not (tok.is_lower and tok.is_stop)))
        if not starts or tok.is_space:
            i += 1
            continue
        found = None
        for n in range(min(max_n, n_tokens - i), 0, -1):
            span = doc[i:i + n]
            if any(t.is_space for t in span) or not span[-1].text[:1].isalnum():
                continue
            if span[0].lower_ in ARTICLES and n == 1:
                continue
            places = gaz.lookup(span.text)
            if not places and n <= 3 and all(t.text[:1].isupper() or t.lower_ in ARTICLES or t.text == "-" for t in span):
                places = gaz.lookup_skeleton(span.text)   # "Deir Ezour", "Idleb"
            if not places and n == 1 and len(tok.text) >= 5 and tok.text.endswith("s") and tok.text[:-1].istitle():
                places = gaz.lookup(tok.text[:-1])   # "Aleppos", "Syrias": apostrophes stripped upstream
            if places:
                curated = places[0].source in ("aliases", "governorates", "countries")
                if not curated and any(j in persons for j in range(span.start, span.end)):
                    continue
                found = (span, places)
                break
        if found:
            span, places = found
            # "Daraa al-Balad", "Aleppo al-Jadida": a district named after its city stays that city
            end = span.end
            while end + 2 < n_tokens and doc[end].lower_ in ARTICLES and doc[end + 1].text == "-" and doc[end + 2].text[:1].isupper() \
                    and places[0].kind != "country" and doc[end:end + 3].text.lower() not in _actor_names():
                end += 3
            span = doc[span.start:end]
            org = org_of.get(span.start)
            inside_org = org is not None and org.end >= span.end and len(org) > len(span) and org.start <= span.start
            if inside_org and org[-1].lower_ in ORG_HEADS:
                i = span.end
                continue
            if _is_metonym(doc, span) or _is_dateline(doc, span):
                i = span.end
                continue
            s = Span(doc, span.start, span.end, label="PLACE")
            s._.place = places[0]
            s._.candidates = places
            s._.precision = place_precision(doc, s, s._.place)
            outskirts = gaz.outskirts(s._.place.admin1)
            if outskirts and s._.precision == "admin1":   # "rural Damascus", "Damascus countryside"
                s._.place = gaz.governorate(outskirts) or s._.place
            spans.append(s)
            i = span.end
        else:
            i += 1
    prefer_article_context(spans)
    return spans


ORG_HEADS = words("org_heads")
METONYM_NEXT = words("metonym_next")
CAPITALS = words("capitals")


def _actor_names() -> set[str]:
    return set(actor_names()) | {"al-" + a for a in actor_names()}


def _is_metonym(doc: Doc, span: Span) -> bool:
    """'its Damascus ally', 'Damascus said': a capital standing for its government."""
    if span.text.lower() not in CAPITALS:
        return False
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    return nxt in METONYM_NEXT or prev in ("its", "their", "his", "her")


def _is_dateline(doc: Doc, span: Span) -> bool:
    """'BEIRUT (Reuters) —', 'MOSCOW –', 'BEIRUT A Russian air strike …': the place a report
    was filed from opens a paragraph in capitals; it is not where anything happened."""
    at_start = span.start == 0 or doc[span.start - 1].is_space or "\n" in doc[span.start - 1].text_with_ws
    if not at_start:
        return False
    letters = [c for c in span.text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def prefer_article_context(spans: list[Span]) -> None:
    """Ambiguous names take the country and governorate the rest of the article is about:
    the candidate whose admin1 (then country) the unambiguous mentions name most often."""
    admin1_votes: dict[str, int] = {}
    country_votes: dict[str, int] = {}
    for s in spans:
        if len({(p.country_code, p.admin1) for p in s._.candidates}) == 1:
            p = s._.place
            if p.admin1:
                admin1_votes[p.admin1] = admin1_votes.get(p.admin1, 0) + 1
            country_votes[p.country_code] = country_votes.get(p.country_code, 0) + 1
    for s in spans:
        cands = s._.candidates
        if len({(p.country_code, p.admin1) for p in cands}) > 1 and cands[0].source not in ("aliases", "governorates"):
            s._.place = max(cands, key=lambda p: (admin1_votes.get(p.admin1 or "", 0), country_votes.get(p.country_code, 0)))
