"""Place mentions: gazetteer look-up over token n-grams and the precision the words around
a name give it ("near Raqqa" -> near_place, "Raqqa province" -> admin1)."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Span

from sitrep.common.gazetteer import KIND_RANK, Gazetteer, Place
from sitrep.tasks.extract.doc_cache import entities, sentences
from sitrep.tasks.extract.lexicon import actor_names, words

ARTICLES = words("name_articles")
ADMIN1_AFTER = words("admin1_after")
ADMIN1_BEFORE = words("admin1_before")
ADMIN1_OF = re.compile(r"\b(?:province|governorate|countryside|region)\s+of\s*(?:the\s+)?$", re.IGNORECASE)
NEAR_BEFORE = re.compile(
    r"\b(?:near|nearby|outside|around|close to|on the outskirts of|outskirts of|suburbs? of|vicinity of|"
    r"edge of|(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west)(?:ern)?\s+of|km|kms|kilometres?|kilometers?|miles?)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|northwestern|northeastern|southwestern|southeastern|central)\s+)?"
    r"(?:(?:city|town|village|suburbs?|outskirts|area|district)\s+of\s+(?:the\s+)?)?(?:(?:\w+\s+)?capital,?\s+)?\s*$",
    re.IGNORECASE,
)
NEAR_AFTER = words("near_after")


LOCATIVE_BEFORE = words("locative_before")
PLACE_NOUNS_AFTER = words("place_nouns_after")
PLACE_LABELS = ("GPE", "LOC", "FAC")
# a place of this many people anywhere is known well enough to be named without its country
WELL_KNOWN = 100_000
# a place of the article's country this large needs no word around it to be taken as one
LARGE = 50_000


def place_precision(doc: Doc, span: Span, place: Place, gaz: Gazetteer | None = None) -> str:
    if place.kind == "country":
        return "country"
    if place.kind == "admin1":
        return "admin1"
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before_tokens = doc[max(0, span.start - 8): span.start]
    before_text = (before_tokens.text + " ") if len(before_tokens) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    division_named = place.source == "governorates" or (gaz is not None and gaz.admin1_named(span.text, place.country_code) is not None)
    if division_named and (after in ADMIN1_AFTER or prev in ADMIN1_BEFORE or ADMIN1_OF.search(before_text)):
        return "admin1"
    if NEAR_BEFORE.search(before_text) or after in NEAR_AFTER:
        return "near_place"
    return "place"


def find_places(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """Longest gazetteer names starting at capitalized tokens, not inside a person's name,
    each resolved in the country the article is about (article_countries)."""
    persons = {i for ent in entities(doc) if ent.label_ in ("PERSON",) for i in range(ent.start, ent.end)}
    # a name inside a longer organisation's name is not a place: "Jordan Times", "Aleppo Media Center"
    org_of = {i: ent for ent in entities(doc) if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
    found: list[tuple[Span, list[Place]]] = []
    datelines: list[tuple[Span, list[Place]]] = []
    i = 0
    n_tokens = len(doc)
    max_n = min(gaz.max_words, 5)
    # the tokens' strings listed once: the n-gram look-ups below read them many times over,
    # and a Token or Span made for each read costs more than the look-up
    texts, lowers, spaces, starts_at = [], [], [], []
    for t in doc:
        texts.append(t.text)
        lowers.append(t.lower_)
        spaces.append(t.is_space)
        starts_at.append(t.idx)
    text = doc.text
    while i < n_tokens:
        # a lowercase article that is also an English word ("at", "as", "an") starts a name only
        # when hyphened to it ("at-Tall"): "a source at Aleppo Police Command" is no place "at Aleppo"
        if spaces[i] or not (texts[i][:1].isupper() or (lowers[i] in ARTICLES and i + 1 < n_tokens and (
                texts[i + 1] == "-" or not (doc[i].is_lower and doc[i].is_stop)))):
            i += 1
            continue
        hit = None
        for n in range(min(max_n, n_tokens - i), 0, -1):
            j = i + n
            if any(spaces[i:j]) or not texts[j - 1][:1].isalnum():
                continue
            if n == 1 and lowers[i] in ARTICLES:
                continue
            name = text[starts_at[i]:starts_at[j - 1] + len(texts[j - 1])]   # = doc[i:j].text
            places = gaz.lookup(name)
            if not places and n <= 3 and all(texts[k][:1].isupper() or lowers[k] in ARTICLES or texts[k] == "-"
                                              for k in range(i, j)):
                places = gaz.lookup_skeleton(name)   # "Deir Ezour", "Idleb"
            if not places and n == 1 and len(name) >= 5 and name.endswith("s") and name[:-1].istitle():
                places = [p for p in gaz.lookup(name[:-1]) if p.curated]   # "Aleppos", "Syrias": apostrophes stripped upstream
            if places and any(k in persons for k in range(i, j)):
                places = [p for p in places if p.curated]
            if places:
                hit = (doc[i:j], places)
                break
        if hit is None:
            i += 1
            continue
        span, places = hit
        # "Daraa al-Balad", "Aleppo al-Jadida": a district named after its city stays that city
        end = span.end
        while end + 2 < n_tokens and doc[end].lower_ in ARTICLES and doc[end + 1].text == "-" and doc[end + 2].text[:1].isupper() \
                and places[0].kind != "country" and doc[end:end + 3].text.lower() not in _actor_names():
            end += 3
        span = doc[span.start:end]
        i = span.end
        org = org_of.get(span.start)
        inside_org = org is not None and org.end >= span.end and len(org) > len(span) and org.start <= span.start
        if inside_org and org[-1].lower_ in ORG_HEADS:
            continue
        if _is_dateline(doc, span):
            datelines.append((span, places))
            continue
        if _is_metonym(doc, span) or _is_demonym(doc, span):
            continue
        found.append((span, places))
        if _names_a_source(doc, span) or (span.text.lower() in _actor_names() and not places[0].curated):
            found[-1] = (span, [])   # "Gaza health ministry", "Chicago police", "Hamas": tells the country only

    votes = article_countries(doc, gaz, found, datelines, texts)
    doc._.country = votes.most_common(1)[0][0] if votes else None
    doc._.dateline = _resolve_dateline(doc, gaz, datelines, votes)
    spans: list[Span] = []
    for span, places in found:
        if not places:
            continue
        qualifier = _qualifier(doc, span, gaz)
        evidence = _evidence(doc, span, qualifier, gaz)   # once per name, not per candidate
        accepted = [p for p in places if _acceptable(span, p, votes, qualifier, evidence)]
        if not accepted:
            continue
        place = _best(doc, span, accepted, votes, qualifier, gaz)
        s = Span(doc, span.start, span.end, label="PLACE")
        s._.place = place
        s._.candidates = accepted
        s._.precision = place_precision(doc, s, place, gaz)
        if s._.precision == "admin1" and place.kind != "admin1":
            s._.place = gaz.division(place.country_code, place.admin1) or place
        outskirts = gaz.outskirts(s._.place.admin1)
        if outskirts and s._.precision == "admin1":   # "rural Damascus", "Damascus countryside"
            s._.place = gaz.governorate(outskirts) or s._.place
        spans.append(s)
    prefer_article_context(spans)
    return spans


def article_countries(doc: Doc, gaz: Gazetteer, found, datelines, texts: list[str]) -> Counter:
    """How strongly the text points at each country: its names ('Yemen', 'Syria's'), demonyms
    ('Yemeni', 'Russian'), the dateline ('MAIDUGURI, Nigeria'), places only our own tables
    hold, and names that can mean places of one country only. `texts`: the tokens' texts,
    as find_places listed them."""
    votes: Counter = Counter()
    headline_end = next((s.end for s in sentences(doc)), 0)
    means = words("attack_means") | words("not_speakers")   # jets, army …; strike, raid, shelling …
    for i, text in enumerate(texts):   # half a vote: "Russian missiles" tell who, more than where
        cc = gaz.demonym(text) if text[:1].isupper() else None
        if cc and not (i + 1 < len(texts) and doc[i + 1].lower_ in means):
            votes[cc] += 0.5   # none for "Israeli air strike", "Russian jets", "Turkish army": only who
    for span, places in found:
        if not places:
            continue
        weight = 2 if span.start < headline_end else 1
        countries = {p.country_code for p in places}
        if places[0].kind == "country":   # a country is often named as a speaker ("Britain said"),
            votes[places[0].country_code] += 2 if weight == 2 else 0.75   # the headline's is the story's
        elif places[0].curated:   # our own tables' places win their names
            votes[places[0].country_code] += weight
        elif len(countries) == 1 and (places[0].kind == "admin1" or places[0].population >= WELL_KNOWN) \
                and _evidence(doc, span, None, gaz):   # not "Daily Sabah" for Malaysia
            votes[places[0].country_code] += weight
    for span, places in datelines:
        qualifier = _qualifier(doc, span, gaz)
        if qualifier:
            votes[qualifier[0]] += 2
        elif places and (places[0].curated or max(p.population for p in places) >= WELL_KNOWN):
            votes[max(places, key=lambda p: (p.curated, p.population)).country_code] += 1
    return votes


def _qualifier(doc: Doc, span: Span, gaz: Gazetteer) -> tuple[str, str | None] | None:
    """'Paris, Texas', 'KONDUGA, Nigeria', 'NASHVILLE, Tenn.': the (country, admin1) the
    words after a comma pin a name to."""
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    for n in (3, 2, 1):
        words = doc[span.end + 1: span.end + 1 + n]
        if len(words) < n or any(t.is_space for t in words):
            continue
        text = words.text
        state = gaz.state_abbreviation(text) if n <= 2 or "." in text else None
        if state:
            return ("US", state)
        for p in gaz.lookup(text):
            if p.kind == "country":
                return (p.country_code, None)
            if p.kind == "admin1" or p.source == "governorates":
                return (p.country_code, p.admin1)
    return None


def _evidence(doc: Doc, span: Span, qualifier, gaz: Gazetteer) -> bool:
    """Words that make a capitalised name a place: the model's own GPE/LOC/FAC entity, a
    locative word before it ('in', 'near', 'the town of'), a place noun after it ('Konduga
    town', 'Sinaloa state'), or a qualifier ('Paris, Texas')."""
    if qualifier:
        return True
    if any(ent.label_ in PLACE_LABELS and ent.start == span.start and ent.end == span.end for ent in entities(doc)):
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.text in ("'s", "’s") and span.start > 1 \
            and any(p.kind == "country" for p in gaz.lookup(doc[span.start - 2].text)):
        return True   # "Yemen's Saada", "Mexico's Sinaloa state"
    if prev is not None and prev.lower_ in ("the", "a") and span.start > 1:
        prev = doc[span.start - 2]
    if prev is not None and prev.lower_ in LOCATIVE_BEFORE:
        return True
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return after in PLACE_NOUNS_AFTER or after in ADMIN1_AFTER


def _acceptable(span: Span, place: Place, votes: Counter, qualifier, evidence: bool) -> bool:
    """Our own tables and country names are taken as written. A GeoNames name is a place
    where the text says so (_evidence) and it lies in a country the article is about, or is
    a well-known city anywhere; a large town of the article's country needs no cue."""
    if place.curated:
        return True
    if span.text.isupper() and len(span.text) <= 6:
        return False   # an acronym ("SANA", "PDF") is an organisation, not the town it spells
    if qualifier and place.country_code == qualifier[0] and qualifier[1] in (None, place.admin1):
        return True
    in_context = votes.get(place.country_code, 0) > 0
    if place.kind == "admin1":   # "Red Sea" is a division of Egypt and of Sudan, and a sea
        return in_context
    if in_context:
        return evidence or place.population >= LARGE
    if not votes:   # a text that names no country: any place the words mark as one
        return evidence
    return evidence and place.population >= WELL_KNOWN


def _best(doc: Doc, span: Span, places: list[Place], votes: Counter, qualifier, gaz: Gazetteer) -> Place:
    """The qualifier's country first; then the article's countries; then our own tables;
    a bare name that is both a town and its division means the town ('Kharkiv', 'Aleppo')
    unless the words around it say 'region', 'province', 'state'; then the larger place."""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before_text = doc[max(0, span.start - 8): span.start].text + " "
    division_cue = after in ADMIN1_AFTER or ADMIN1_OF.search(before_text) is not None

    largest = max((p.population for p in places if not p.curated), default=0)

    def rank(p: Place):
        fits = qualifier is not None and p.country_code == qualifier[0] and qualifier[1] in (None, p.admin1, p.name)
        is_division = p.kind == "admin1"
        # a small namesake in the article's country does not beat a world city ("Paris", Texas)
        minor = not p.curated and p.kind != "admin1" and p.population * 20 < largest
        return (not fits, minor, -votes.get(p.country_code, 0), not p.curated, is_division != division_cue,
                KIND_RANK.get(p.kind, 9) if p.curated else 0, -p.population)

    return min(places, key=rank)


def _resolve_dateline(doc: Doc, gaz: Gazetteer, datelines, votes: Counter) -> Span | None:
    """The place a report was filed from, when its first paragraph opens with one: the
    incident's place of last resort when it happened in the same country."""
    for span, places in datelines[:1]:
        qualifier = _qualifier(doc, span, gaz)
        pool = [p for p in places if p.kind != "country"]
        if qualifier:
            pool = [p for p in pool if p.country_code == qualifier[0] and qualifier[1] in (None, p.admin1)] or pool
        pool = [p for p in pool if p.curated or p.population >= 10_000 or qualifier]
        if pool:
            place = min(pool, key=lambda p: (-votes.get(p.country_code, 0), p.kind == "admin1", not p.curated, -p.population))
            s = Span(doc, span.start, span.end, label="PLACE")
            s._.place, s._.candidates, s._.precision = place, pool, "place"
            return s
    return None


ORG_HEADS = words("org_heads")
METONYM_NEXT = words("metonym_next")
CAPITALS = words("capitals")


@lru_cache(maxsize=1)   # asked for every place name found
def _actor_names() -> frozenset[str]:
    return frozenset(actor_names()) | {"al-" + a for a in actor_names()}


SOURCE_HEADS_AFTER = words("source_heads_after")
SOURCE_MODIFIERS = words("source_modifiers_between")


def _names_a_source(doc: Doc, span: Span) -> bool:
    """'Gaza health ministry', 'Chicago police', 'Sinaloa state prosecutor's office': a place
    naming who speaks is not where anything happened."""
    j = span.end
    while j < len(doc) and j - span.end < 2 and doc[j].lower_ in SOURCE_MODIFIERS:
        j += 1
    return j < len(doc) and doc[j].lower_ in SOURCE_HEADS_AFTER


def _is_metonym(doc: Doc, span: Span) -> bool:
    """'its Damascus ally', 'Damascus said': a capital standing for its government."""
    if span.text.lower() not in CAPITALS:
        return False
    nxt = doc[span.end].lower_ if span.end < len(doc) else ""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    return nxt in METONYM_NEXT or prev in ("its", "their", "his", "her")


def _is_demonym(doc: Doc, span: Span) -> bool:
    """'the Somali capital', 'a Kurdish fighter': a nationality's adjective that a region is
    also called (Somali, Ethiopia), not the region — unless a place noun follows ('the Somali
    region')."""
    if len(span) != 1 or span[0].tag_ != "JJ" or span[0].ent_type_ != "NORP":
        return False
    if span.start > 0 and doc[span.start - 1].lower_ in LOCATIVE_BEFORE:
        return False   # "in Aleppo neighborhoods", which the tagger may take for an adjective
    return not (span.end < len(doc) and doc[span.end].lower_ in PLACE_NOUNS_AFTER)


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
        if len({(p.country_code, p.admin1) for p in cands}) > 1 and not s._.place.curated and s._.place.kind != "admin1":
            same_country = [p for p in cands if p.country_code == s._.place.country_code and p.kind == s._.place.kind]
            s._.place = max(same_country, key=lambda p: (admin1_votes.get(p.admin1 or "", 0), p.population))
