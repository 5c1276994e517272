"""Stage 1 of the geoparser: recognition with evidence.

A candidate is a name the gazetteer holds (any spelling, up to six words) starting at a
capitalised word, or a name the gazetteer lacks that a place cue marks ("the village of X",
"X village", "X (District, Province)"). Each keeps the evidence around it — the model's own
GPE/LOC/FAC entity, a locative word before it, a place noun after it, a qualifier, a
dateline — and the names that qualify it ("Paris, Texas", "Konduga in Borno", "Yemen's
Saada", "Kalagaon (Bastar, Chhattisgarh)"), which stage 2 resolves together.

Never a place: part of a person's or an organisation's name (an armed group's name found
by the actor patterns included), part of a longer proper name, a street, a building or a
business, a holiday or a month, a capital or a building standing for its government
("Washington said", "the Kremlin", "despite Damascus promises"), a nationality's adjective.
A place inside the name of who speaks or acts ("Denver police", "Gaza health ministry") is
kept with the role `modifier`: it tells where the article is, and locates an incident only
when nothing else does; a victim's home town ("a man from Gary") has the role `origin`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH, TAG
from spacy.tokens import Doc

from sitrep.common.gazetteer import Gazetteer, Place, place_key
from sitrep.tasks.extract.doc_cache import entities, entity_at, sentences
from sitrep.tasks.extract.geo.vocabulary import GeoVocabulary
from sitrep.tasks.extract.lexicon import words

SAY_VERBS = words("say_verbs")

PLACE_LABELS = ("GPE", "LOC", "FAC")
PROPER_TAGS = ("NNP", "NNPS")
MAX_UNLISTED_WORDS = 4


@dataclass
class Mention:
    start: int                     # token span of the name
    end: int
    key: str                       # place_key of the name
    candidates: list[Place]        # the gazetteer's readings; [] for a name it lacks (unlisted)
    cues: set[str] = field(default_factory=set)   # entity, locative, settlement, division, district, near, qualified, dateline, possessive
    role: str = "place"            # place | dateline | modifier | origin
    noun: str = ""                 # the place noun that marks a name the gazetteer lacks ("village", "neighbourhood")
    qualifiers: list[int] = field(default_factory=list)   # indexes of the mentions that say where it lies
    sentence: int = 0              # the start token of its sentence

    @property
    def unlisted(self) -> bool:
        return not self.candidates

    @property
    def strong(self) -> bool:
        """Whether the words around it, not only the gazetteer, say it is a place."""
        return bool(self.cues & {"entity", "locative", "settlement", "division", "district", "near", "qualified",
                                 "dateline", "possessive", "qualifies"})


@dataclass(frozen=True)
class Demonym:
    """A nationality's word ("Yemeni", "Pakistani"): it tells a country, not a place."""
    i: int                # token index
    country_code: str
    next_word: str        # the word after it, lower case ("village", "jets")
    sentence: int         # the start token of its sentence


class _Tokens:
    """The tokens' strings and tags listed once per Doc: the look-ups below read them many
    times over, and a Token object made for each read costs more than the look-up."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        strings = doc.vocab.strings
        # the columns read from the Doc's array (a Token object per token per read is slow)
        cols = doc.to_array([ORTH, LOWER, TAG, IS_SPACE, IDX]).tolist() if len(doc) else []
        self.texts = [strings[c[0]] for c in cols]
        self.lowers = [strings[c[1]] for c in cols]
        self.tags = [strings[c[2]] if c[2] else "" for c in cols]
        self.space = [bool(c[3]) for c in cols]
        self.idx = [c[4] for c in cols]
        self.n = len(doc)
        self.sent_of = [0] * self.n
        self.sent_end = {}
        self.titled: set[int] = set()   # starts of sentences written in title case or capitals (headlines)
        for s in sentences(doc):
            for i in range(s.start, s.end):
                self.sent_of[i] = s.start
            self.sent_end[s.start] = s.end
            alpha = [w for w in self.texts[s.start:s.end] if len(w) > 3 and w.isalpha()]
            if len(alpha) >= 3 and sum(w[:1].isupper() for w in alpha) >= 0.7 * len(alpha):
                self.titled.add(s.start)

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.idx[i]:self.idx[j - 1] + len(self.texts[j - 1])]

    def lower(self, i: int) -> str:
        return self.lowers[i] if 0 <= i < self.n else ""


def find_mentions(doc: Doc, gaz: Gazetteer, vocab: GeoVocabulary) -> tuple[list[Mention], list[Demonym]]:
    """Every candidate place name of the Doc, in text order, with its evidence and role
    (names that are never places left out), and its nationalities' words."""
    tok = _Tokens(doc)
    persons = {}
    for ent in entities(doc):
        if ent.label_ == "PERSON" and sum(not t.is_space for t in ent) > 1 or (
                ent.label_ == "PERSON" and not ent[0].is_sent_start):
            for i in range(ent.start, ent.end):
                persons[i] = ent
    actor_spans = [s for s in doc.spans.get("actors", [])]
    in_actor = tok.in_actor = {i: s for s in actor_spans for i in range(s.start, s.end)}
    mentions: list[Mention] = []
    i = 0
    while i < tok.n:
        found = _gazetteer_name_at(tok, i, gaz, vocab)
        if found is None:
            other = _unlisted_name_at(tok, i, gaz, vocab)
            if other is None:
                i += 1
                continue
            i = other.end
            if other.candidates:   # another spelling of a gazetteer name
                other = _checked(tok, other, gaz, vocab, persons, in_actor)
            if other is not None:
                mentions.append(other)
            continue
        j, places = found
        m = _checked(tok, Mention(i, j, place_key(tok.span_text(i, j)), places, sentence=tok.sent_of[i]),
                     gaz, vocab, persons, in_actor)
        i = j
        if m is not None:
            mentions.append(m)
    mentions.extend(_direction_divisions(tok, mentions, gaz, vocab))
    mentions.sort(key=lambda m: m.start)
    _link_qualifiers(tok, mentions, gaz, vocab)
    demonyms = [Demonym(i, cc, tok.lower(i + 1), tok.sent_of[i]) for i, w in enumerate(tok.texts)
                if w[:1].isupper() and (cc := gaz.demonym(w))]
    return mentions, demonyms


def _direction_divisions(tok: _Tokens, mentions: list[Mention], gaz: Gazetteer, vocab: GeoVocabulary) -> list[Mention]:
    """"Sri Lanka's eastern region", "the eastern province of Sri Lanka": a country's
    division named after a direction, where the country has one ('Eastern Province')."""
    out = []
    countries = [m for m in mentions if m.candidates and m.candidates[0].kind == "country"]
    for c in countries:
        cc = c.candidates[0].country_code
        if c.end + 2 < tok.n and tok.texts[c.end] in ("'s", "’s"):
            k = c.end + 1
            while k < tok.n and k - c.end <= 3 and tok.lowers[k] not in vocab.division_before:
                k += 1   # "Sri Lanka's volatile eastern region"
            span = (k, k + 2)
        elif c.start >= 4 and tok.lowers[c.start - 1] == "of" and tok.lowers[c.start - 4] == "the":
            span = (c.start - 3, c.start - 1)
        else:
            continue
        a, b = span
        if b > tok.n or tok.lowers[a] not in vocab.division_before or tok.lowers[b - 1] not in vocab.division_nouns:
            continue
        adjective = tok.texts[a].capitalize()
        for name in (f"{adjective} {tok.texts[b - 1].capitalize()}", adjective):
            division = gaz.admin1_named(name, cc)
            if division is not None:
                out.append(Mention(a, b, place_key(name), [division], {"division", "qualified"}, sentence=tok.sent_of[a]))
                break
    return out


def _checked(tok: _Tokens, m: Mention, gaz: Gazetteer, vocab: GeoVocabulary, persons: dict,
             in_actor: dict) -> Mention | None:
    """A gazetteer name with its evidence, or None where it is never a place."""
    if not _admissible(tok, m, gaz, vocab, persons, in_actor):
        return None
    _gather_cues(tok, m, gaz, vocab)
    return None if m.role == "drop" else m


# ---------------------------------------------------------------------------------------- names

def _starts_name(tok: _Tokens, i: int, vocab: GeoVocabulary) -> bool:
    """A name starts at a capitalised word, or at a lower-case article hyphened to one
    ('at-Tall', 'al-Bab'): 'a source at Aleppo Police Command' is no place 'at Aleppo'."""
    if tok.space[i]:
        return False
    t = tok.texts[i]
    if t[:1].isupper():
        return True
    return tok.lowers[i] in vocab.name_articles and i + 2 < tok.n and tok.texts[i + 1] == "-" and tok.texts[i + 2][:1].isupper()


def _gazetteer_name_at(tok: _Tokens, i: int, gaz: Gazetteer, vocab: GeoVocabulary) -> tuple[int, list[Place]] | None:
    """The longest gazetteer name starting at token i, with its places."""
    if not _starts_name(tok, i, vocab):
        return None
    longest = gaz.words_from(tok.texts[i])
    fuzzy = gaz.may_spell_a_curated_name(tok.texts[i])
    plural = tok.texts[i].endswith("s") and gaz.words_from(tok.texts[i][:-1]) > 0
    if not (longest or fuzzy or plural):
        return None   # most capitalised words start no name at all
    for n in range(min(max(longest, 5 if fuzzy else 1) * 2 + 1, tok.n - i), 0, -1):   # hyphens are tokens ("Deir az-Zour")
        j = i + n
        if sum(1 for k in range(i, j) if tok.texts[k] != "-") > max(longest, 5 if fuzzy else 1):
            continue
        if any(tok.space[i:j]) or not tok.texts[j - 1][:1].isalnum() or tok.sent_of[j - 1] != tok.sent_of[i] \
                or (j - i > 1 and tok.lowers[j - 1] in vocab.name_articles and tok.texts[j - 1].islower()):
            continue   # a name does not end in an article ("Idlib as" is no "Idlib")
        if n == 1 and tok.lowers[i] in vocab.name_articles:
            continue
        name = tok.span_text(i, j)
        if len(name) <= 2 and not name.isupper():
            continue   # "UK", "US" in capitals only: "us" is no country
        places = gaz.lookup(name)
        if not places and fuzzy and n <= 5 and all(tok.texts[k][:1].isupper() or tok.lowers[k] in vocab.name_articles
                                                    or tok.texts[k] == "-" for k in range(i, j)):
            places = gaz.lookup_skeleton(name)   # "Deir Ezour", "Idleb"
        if not places and n == 1 and len(name) >= 5 and name.endswith("s") and name[:-1].istitle():
            places = [p for p in gaz.lookup(name[:-1]) if p.curated]   # "Aleppos": apostrophes stripped upstream
        if places:
            # "Daraa al-Balad", "Aleppo al-Jadida": a district named after its city stays that city
            while places[0].source == "governorates" and j + 2 < tok.n and tok.lowers[j] in vocab.name_articles \
                    and tok.texts[j + 1] == "-" and tok.texts[j + 2][:1].isupper():
                j += 3
            return j, places
    return None


def _is_name_word(tok: _Tokens, k: int, vocab: GeoVocabulary) -> bool:
    """Whether token k can be part of a proper name with its neighbours: capitalised (a
    sentence's first word only when tagged a proper noun), not a time word."""
    if k < 0 or k >= tok.n or tok.space[k]:
        return False
    t = tok.texts[k]
    if not t[:1].isupper() or tok.lowers[k] in vocab.time_words:
        return False
    if k == tok.sent_of[k] and tok.tags[k] not in PROPER_TAGS:
        return False
    return any(c.isalpha() for c in t)


def _chunk(tok: _Tokens, m: Mention, vocab: GeoVocabulary) -> tuple[list[int], list[int]]:
    """The capitalised words around a name that the same proper name would hold: those
    before it and those after it (none in a headline written in title case, where the
    model's entity bounds the name instead)."""
    sent = tok.sent_of[m.start]
    if sent in tok.titled:
        ent = entity_at(tok.doc, m.start)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "FAC"):
            return list(range(ent.start, m.start)), list(range(m.end, ent.end))
        # every word is capitalised: only a name hyphened on ("Eastern Al-Ghouta") joins this one
        after = []
        k = m.end
        while k < tok.n and (tok.lowers[k].split("-")[0] in vocab.name_articles and "-" in tok.lowers[k]
                             or (tok.lowers[k] in vocab.name_articles and k + 1 < tok.n and tok.texts[k + 1] == "-")):
            after.append(k)
            k += 1
        return [], after
    before, after = [], []
    k = m.start - 1
    while k >= sent and _is_name_word(tok, k, vocab) and k >= m.start - 4:
        before.insert(0, k)
        k -= 1
    k = m.end
    end = tok.sent_end.get(sent, tok.n)
    while k < end and k < m.end + 4 and (_is_name_word(tok, k, vocab) or (
            tok.lowers[k] in vocab.name_articles and k + 1 < end and tok.texts[k + 1] == "-")
            or (tok.texts[k] == "-" and k + 1 < end and _is_name_word(tok, k + 1, vocab)
                and not tok.doc[k - 1].whitespace_ and not tok.doc[k].whitespace_)):   # "Bayt-Lahia", not "Maine - Two"
        after.append(k)
        k += 1
    return before, after


def _admissible(tok: _Tokens, m: Mention, gaz: Gazetteer, vocab: GeoVocabulary, persons: dict, in_actor: dict) -> bool:
    """Whether a gazetteer name stands as a place name at all (the never-a-place rules)."""
    doc = tok.doc
    first = m.candidates[0]
    named = first.kind in ("country", "admin1") or first.curated   # a country's or division's own name
    # part of a person's name ("Jordan Walker", "Aleppo" in a name the model tagged PERSON)
    # (the model often takes a place it has not seen for a person: our own tables' places and
    # countries' and divisions' names stand)
    ent = persons.get(m.start)
    if ent is not None and not named and not _place_cue_before(tok, m.start, vocab):
        return False
    # part of an armed group's or another actor's longer name ("Ahrar al-Sham", "Jaish al-Islam")
    actor = in_actor.get(m.start)
    if actor is not None and (actor.end - actor.start) > (m.end - m.start) and not first.curated:
        return False
    if actor is not None and (actor.end - actor.start) > (m.end - m.start) and first.curated and actor.start < m.start:
        return False
    # part of an organisation's longer name ("Justice and Equality Movement", "Aleppo Media Center"),
    # unless the organisation is who speaks or acts for the place ("Chicago Police Department")
    org = entity_at(doc, m.start)
    if org is not None and org.label_ == "ORG" and sum(not t.is_space for t in org) > (m.end - m.start) \
            and org.start <= m.start \
            and org.end >= m.end and doc[org.end - 1].lower_ not in vocab.modifier_heads \
            and doc[org.end - 1].lower_ not in vocab.facility_heads \
            and not any(t.text in ("(", ")", ",") for t in org):   # "Amritsar (Amritsar, Punjab": no one name
        return False
    # a government building or a name inside one ("the White House", "the Kremlin")
    for n in (3, 2, 1):
        for s in range(max(0, m.start - n + 1), m.start + 1):
            if s + n >= m.end and " ".join(tok.lowers[s:s + n]) in vocab.government_buildings:
                return False
    if _is_dateline(tok, m) and not (tok.lower(m.end) in vocab.street_suffixes):
        return True   # "ALBUQUERQUE, N.M. —": the place a report was filed from, whatever the tagger says
    before, after = _chunk(tok, m, vocab)
    nxt = tok.lower(m.end)
    prev = tok.lower(m.start - 1)
    # "Gare du Nord", "Place de la Concorde": part of a foreign name
    if prev in vocab.foreign_name_joiners and m.start > 1 and tok.texts[m.start - 2][:1].isupper() \
            and first.kind != "country":
        return False
    # "Amhara civilians", "Fulani herders", "Tigray forces": a people, not its region
    if m.end - m.start == 1 and first.kind == "admin1" and nxt in vocab.people_nouns and first.kind != "country" \
            and not first.curated:
        return False
    # a street or an address: "West Elm Ave", "Castello road", "the 4100 block of Elm"
    if nxt in vocab.street_suffixes or (after and tok.lowers[after[0]] in vocab.street_suffixes):
        return False
    k = m.start - 1
    while k > 0 and tok.lowers[k] in vocab.direction_words:
        k -= 1   # "the 3900 block of West Broadway"
    if tok.lower(k) == "of" and tok.lower(k - 1) in vocab.address_before:
        return False
    if m.start > 0 and tok.texts[m.start - 1].isdigit() and len(tok.texts[m.start - 1]) >= 3 and not named:
        return False   # "4100 West Elm": a house number
    if m.start > 0 and re.fullmatch(r"\d+(?:st|nd|rd|th)", tok.lowers[m.start - 1]) and not named:
        return False   # "the 7th Ward", "5th Avenue": a numbered ward or street
    # a building, a business or an outlet named after the place ("Lincoln High School", "Kabul University")
    head = tok.lowers[after[0]] if after else ""
    if head in vocab.outlet_heads:
        return False   # "Syria Times", "Al Mayadeen TV", "the Gaza Post": an outlet
    if after and head not in vocab.facility_heads and tok.lowers[after[-1]] in vocab.facility_heads:
        head = tok.lowers[after[-1]]   # "Damascus Sheraton Hotel": a building named after the city
        # "Lincoln High School", "Syria Times": a building, business or outlet named after
        # someone or something; one named after a well-known place ("Damascus Sheraton Hotel",
        # "Kabul University") says where the article is, like "Denver police" (see _gather_cues)
        if not (first.curated or (first.kind not in ("country",) and max(p.population for p in m.candidates) >= 100_000)) \
                or any(tok.lowers[k] in vocab.street_suffixes for k in after) or first.kind == "country":
            return False
    if head and head not in vocab.place_nouns and head not in vocab.modifier_heads and head not in vocab.facility_heads:
        # part of a longer proper name: one entity of the model's ("Winfield Scott Hancock"), or a
        # GeoNames name with more capitalised words after it ("in Orange Mound", "Five Points
        # Road"), unless they name its country or division ("in Kabul Afghanistan")
        ent = entity_at(doc, m.start)
        if ent is not None and ent.label_ not in PLACE_LABELS and ent.end > m.end and ent.start <= m.start:
            return False
        if not (first.kind == "country" or first.curated) and not _names_a_division_at(tok, after[0], gaz):
            return False   # ("Gulf Arab powers", "Delta Air Lines": a division's name in a longer name too)
    if before and not all(tok.lowers[k] in vocab.direction_words or tok.lowers[k] in vocab.name_articles
                          or gaz.demonym(tok.texts[k]) or tok.texts[k] == "-" for k in before):
        if any(tok.lowers[k] in vocab.person_titles for k in before) or not named:
            return False
    if prev in vocab.person_titles and tok.tags[m.start] in PROPER_TAGS and not named:
        return False   # "Gen. Jordan", "Sen. Kansas"? a title makes a person
    # a direction or a region's common word ("Western", "Southern", "North") is a division only
    # when a division's noun follows it ("Western Province", "Southern Region")
    if m.end - m.start == 1 and tok.lowers[m.start] in vocab.direction_words and first.kind != "country" \
            and not first.curated and nxt not in vocab.division_nouns:
        return False
    # a name ends in a capitalised word ("The city" is no London) or a place noun ("Damascus countryside")
    last = tok.lowers[m.end - 1]
    if m.end - m.start > 1 and not tok.texts[m.end - 1][:1].isupper() and not tok.texts[m.end - 1][:1].isdigit() \
            and last not in vocab.place_nouns:
        return False
    # "Shields of the Revolution", "Secretary of State", "Bank of Africa": part of a longer name
    k = m.end + 1 if nxt == "of" else None
    if k is not None and tok.lower(k) == "the":
        k += 1
    if k is not None and _is_name_word(tok, k, vocab) and not named and tok.sent_of[m.start] not in tok.titled:
        return False
    # "the Gulf", "the Sahel", "the Delta": a region or a feature of that name, not the division
    # a country calls so - unless its noun follows ("the Delta state")
    if m.end - m.start == 1 and prev == "the" and first.kind == "admin1" and not first.curated \
            and nxt not in vocab.division_nouns and not any(p.kind == "country" for p in m.candidates) \
            and doc[m.start].dep_ not in ("compound", "amod", "nmod") and not _modifies_a_speaker(tok, m.end, vocab):
        return False   # (but "the Gaza health ministry": the name modifies a noun)
    # a holiday, a month, a weekday ("Ramadan", "August")
    if m.end - m.start == 1 and tok.lowers[m.start] in vocab.time_words:
        return False
    # "a Friend", "an Independence": a common noun with an article, not a town ("a Paris
    # suburb" is: the name modifies the noun after it)
    if prev in vocab.indefinite_articles and not named and doc[m.end - 1].dep_ not in ("compound", "amod", "nmod"):
        return False
    # an acronym ("SANA", "PDF") is an organisation, not the town it spells; a country's
    # ("USA", "UAE") and those our own tables list ("NWFP") are names
    text = tok.span_text(m.start, m.end)
    if text.isupper() and len(text) <= 6 and tok.sent_of[m.start] not in tok.titled and not _is_dateline(tok, m) \
            and not any(p.kind == "country" or p.curated or p.origin.endswith(".csv") for p in m.candidates):
        return False
    # a common word the tagger reads as one, or any word capitalised only because a sentence
    # starts with it ("Police said", "Man killed in shooting"): a place only as the model's place
    if m.end - m.start == 1 and not named and (tok.tags[m.start] not in PROPER_TAGS or m.start == tok.sent_of[m.start]) \
            and not _modifies_a_speaker(tok, m.end, vocab) \
            and not (nxt == "," and _names_a_division_at(tok, m.end + 1, gaz)):   # "Dayton police said", "Jaffna, Northern province"
        ent = entity_at(doc, m.start)
        if ent is None or ent.label_ not in PLACE_LABELS:
            if tok.lower(m.start - 1) not in vocab.locative_before or m.start == tok.sent_of[m.start]:
                return False
    return True


def _names_a_division_at(tok: _Tokens, k: int, gaz: Gazetteer) -> bool:
    """Whether the words from token k name a country or a first-level division ("Kabul
    Afghanistan", "Peshawar Khyber Pakhtunkhwa"): a qualifier written without its comma."""
    for n in (4, 3, 2, 1):
        if k + n <= tok.n and any(p.kind in ("country", "admin1") for p in gaz.lookup(tok.span_text(k, k + n))):
            return True
    return False


# ---------------------------------------------------------------------------------------- evidence

def _gather_cues(tok: _Tokens, m: Mention, gaz: Gazetteer, vocab: GeoVocabulary) -> None:
    doc = tok.doc
    ent = entity_at(doc, m.start)
    if ent is not None and ent.label_ in PLACE_LABELS and ent.start <= m.start and ent.end >= m.end:
        m.cues.add("entity")
    prev_i = m.start - 1
    while prev_i >= 0 and (tok.lowers[prev_i] in ("the", "a") or tok.lowers[prev_i] in vocab.division_before
                           or tok.lowers[prev_i] in vocab.direction_words):
        prev_i -= 1
    prev = tok.lower(prev_i)
    if prev in vocab.locative_before:
        m.cues.add("locative")
    if _near_cue(tok, m.start, gaz, vocab):
        m.cues.add("near")
    # "the town of X", "the province of X"
    if prev == "of":
        noun = tok.lower(prev_i - 1)
        if noun in vocab.division_nouns:
            m.cues.add("division")
        elif noun in vocab.district_nouns:
            m.cues.add("district")
        elif noun in vocab.settlement_nouns:
            m.cues.add("settlement")
    nxt = tok.lower(m.end)
    if nxt in vocab.division_nouns:
        m.cues.add("division")
    elif nxt in vocab.district_nouns:
        m.cues.add("district")
    elif nxt in vocab.near_after:
        m.cues.add("near")
    elif nxt in vocab.settlement_nouns:
        m.cues.add("settlement")
    if any(tok.lower(m.start - 1) == w for w in vocab.division_before) and tok.lower(m.start - 1) not in ("central",):
        m.cues.add("division_adjective")   # "northern Aleppo"
    if m.start > 1 and tok.texts[m.start - 1] in ("'s", "’s"):
        if any(p.kind in ("country", "admin1") for p in gaz.lookup(tok.texts[m.start - 2])):
            m.cues.add("possessive")   # "Yemen's Saada"
    if nxt in vocab.quarter_nouns or (nxt == "community" and tok.lower(m.end + 1) != "of"):
        m.noun = nxt   # "the Kensington section", "the Ensley community": a part of a city
    if _is_dateline(tok, m):
        m.role = "dateline"
        m.cues.add("dateline")
        return
    if _is_metonym(tok, m, gaz, vocab) or _is_demonym(tok, m, vocab):
        m.role = "drop"
        return
    # "Denver police", "Gaza health ministry", "Homs Governor": who speaks or acts
    before, after = _chunk(tok, m, vocab)
    last = doc[m.end - 1]
    if (_modifies_a_speaker(tok, m.end, vocab) and m.candidates[0].kind != "country") or (
            after and tok.lowers[after[-1]] in vocab.facility_heads):
        m.role = "modifier"
    elif m.candidates[0].kind == "country" and last.dep_ in ("compound", "amod", "nmod") and last.head.i >= m.end \
            and last.head.lower_ not in vocab.place_nouns and prev not in vocab.locative_before:
        m.role = "modifier"   # "US strikes", "U.S. officials", "two US sailors": who, not where
    # "a man from Gary", "a Chicago man", "Holyoke man killed", "a family displaced from Homs"
    elif (prev in ("in", "at") and tok.lower(m.start - 2) in vocab.residence_words) or \
            (prev == "to" and tok.lower(m.start - 2) in vocab.transfer_words) or \
            (prev in vocab.origin_preps and re.fullmatch(r"\d+-year-old", tok.lower(m.start - 2) or "")) or \
            (prev in vocab.origin_preps and (tok.lower(m.start - 2) in vocab.origin_nouns
                                          or tok.lower(m.start - 2) in vocab.displacement_words)) or (
            prev == "of" and tok.lower(m.start - 2) in ("native", "natives")) or prev in vocab.displacement_words:
        m.role = "origin"
    elif prev == "from" and doc[m.start - 1].head.lower_ in vocab.origin_verbs:
        m.role = "origin"   # "a rocket launched from Beit Hanoun": where it came from
    elif nxt in vocab.origin_nouns and m.end - m.start <= 3 and prev not in vocab.locative_before \
            and m.candidates[0].kind != "country":
        m.role = "origin"   # "a 20-year-old Holyoke man was shot"
    # "peace talks in Geneva", "a visit to Moscow", "Eliasson said in Khartoum": a venue, not a scene
    elif prev in ("in", "at", "to") and (tok.lower(m.start - 2) in vocab.meeting_nouns or (
            prev != "to" and doc[m.start - 1].head.lower_ in SAY_VERBS and doc[m.start - 1].head.i < m.start - 1)):
        m.role = "venue"


def _modifies_a_speaker(tok: _Tokens, j: int, vocab: GeoVocabulary) -> bool:
    """Whether the words from token j name who speaks or acts for the place before them:
    'police', 'health ministry', 'Police Department', '-based'."""
    for k in range(j, min(tok.n, j + 3)):
        if tok.lowers[k] in vocab.modifier_heads:
            return True
        if not (tok.lowers[k] in vocab.modifier_between or tok.texts[k] == "-"):
            return False
    return False


def _place_cue_before(tok: _Tokens, start: int, vocab: GeoVocabulary) -> bool:
    """'in X', 'near X', 'the neighbourhood of X', 'the town of X': words before a name that
    make it a place even where the model took it for a person's name."""
    prev = tok.lower(start - 1)
    if prev == "the":
        prev = tok.lower(start - 2)
    if prev in ("in", "near", "at", "outside", "into", "inside", "around", "across", "toward", "towards"):
        return True
    return prev == "of" and tok.lower(start - 2) in vocab.settlement_nouns | vocab.division_nouns | vocab.district_nouns


_NEAR_SKIP = frozenset({"the", "a", "an", "of", ",", "city", "town", "village", "suburbs", "suburb", "outskirts",
                        "area", "district", "capital", "provincial", "regional", "northern", "southern", "eastern",
                        "western", "central", "northwestern", "northeastern", "southwestern", "southeastern"})


def _near_cue(tok: _Tokens, start: int, gaz: Gazetteer, vocab: GeoVocabulary) -> bool:
    """'near X', 'outside the capital X', 'on the outskirts of X', '20 km north of X', 'east
    of the city of X': the place is near X, not X."""
    k = start - 1
    while k >= 0 and start - k <= 6 and (tok.lowers[k] in _NEAR_SKIP or gaz.demonym(tok.texts[k])):
        if tok.lowers[k] in vocab.near_before:
            return True   # "the suburbs of X", "on the outskirts of X"
        k -= 1
    word = tok.lower(k)
    if word in vocab.near_before:
        return True
    if word == "to" and tok.lower(k - 1) == "close":
        return True
    # "north of X", "20 km east of X": a direction (or a distance) and "of" just before
    return any(tok.lowers[x] == "of" for x in range(k + 1, start)) and word in vocab.direction_words | vocab.near_before


def _is_dateline(tok: _Tokens, m: Mention) -> bool:
    """'BEIRUT (Reuters) —', 'MOSCOW –', 'KANSAS CITY, Mo. —': the place a report was filed
    from opens a paragraph in capitals."""
    doc = tok.doc
    at_start = m.start == 0 or tok.space[m.start - 1] or "\n" in doc[m.start - 1].text_with_ws
    if not at_start:
        return False
    letters = [c for c in tok.span_text(m.start, m.end) if c.isalpha()]
    nxt = doc[m.end] if m.end < len(doc) else None
    # a dateline is followed by punctuation or the lead's first word, not a lower-case word
    # ("SANA news agency reported …" opens with an acronym)
    return len(letters) >= 3 and all(c.isupper() for c in letters) and not (nxt is not None and nxt.text.islower())


def _is_metonym(tok: _Tokens, m: Mention, gaz: Gazetteer, vocab: GeoVocabulary) -> bool:
    """'Washington said', 'despite Damascus promises', 'its Damascus ally', 'the Geneva
    talks': a capital standing for its government, or a city for a meeting held there."""
    doc = tok.doc
    text = tok.span_text(m.start, m.end)
    nxt = tok.lower(m.end)
    capital = gaz.capital_of(text) is not None
    if nxt in vocab.metonym_next and nxt not in ("'s", "’s") and (capital or nxt in (
            "talks", "conference", "accord", "agreement", "process", "summit", "meeting", "declaration", "protocol",
            "communique", "convention", "format", "round")):
        return True
    if not capital:
        return False
    prev = tok.lower(m.start - 1)
    if prev in ("its", "their", "his", "her"):
        return True
    if prev == "by" and doc[m.start - 1].dep_ == "agent":
        return True   # "the attacks carried out by Washington and its Arab allies"
    if nxt in ("'s", "’s") and tok.lower(m.end + 1) not in vocab.place_nouns and tok.texts[m.end + 1][:1].islower() \
            if m.end + 1 < tok.n else False:
        return True   # "Moscow's ally", "Khartoum's inability" (not "Kabul's airport")
    k = m.end + 1 if nxt == "," else m.end
    if tok.lower(k) in ("which", "who", "that") and tok.lower(k + 1) in vocab.metonym_verbs:
        return True   # "Moscow, which backs Assad, said …"
    root = doc[m.end - 1]
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    # a capital that acts ("Moscow did not take the steps", "Washington is seeking a vote") is its
    # government; a place an attack hits is the subject of a passive ("Kabul was hit")
    return root.dep_ == "nsubj" and (root.head.tag_.startswith("VB") or root.head.lower_ in vocab.metonym_verbs) \
        and root.head.i > m.start


def _is_demonym(tok: _Tokens, m: Mention, vocab: GeoVocabulary) -> bool:
    """'the Somali capital', 'a Kurdish fighter': a nationality's adjective that a region is
    also called, not the region — unless a place noun follows ('the Somali region')."""
    doc = tok.doc
    if m.end - m.start != 1 or tok.tags[m.start] != "JJ" or doc[m.start].ent_type_ != "NORP":
        return False
    if tok.lower(m.start - 1) in vocab.locative_before:
        return False   # "in Aleppo neighborhoods", which the tagger may take for an adjective
    return tok.lower(m.end) not in vocab.place_nouns


# ---------------------------------------------------------------------------------------- unlisted

def _unlisted_name_at(tok: _Tokens, i: int, gaz: Gazetteer, vocab: GeoVocabulary) -> Mention | None:
    """A place the gazetteer lacks, where the words leave no doubt it is one: 'the village
    of Damadola', 'in Kwatas village', 'in Kalagaon (Bastar, Chhattisgarh)'."""
    hyphened = tok.lowers[i] in vocab.name_articles and i + 2 < tok.n and tok.texts[i + 1] == "-" \
        and tok.texts[i + 2][:1].isupper()   # "al-Zablatani"
    if not (tok.texts[i][:1].isupper() or hyphened) or tok.space[i] or tok.lowers[i] in vocab.time_words:
        return None
    if i == tok.sent_of[i] and tok.tags[i] not in PROPER_TAGS:
        return None
    j = i
    end = tok.sent_end.get(tok.sent_of[i], tok.n)
    if hyphened:
        j = i + 2
    while j < end and j - i < MAX_UNLISTED_WORDS + 2 and (_is_name_word(tok, j, vocab) or (
            tok.texts[j] == "-" and j + 1 < end and tok.texts[j + 1][:1].isalpha() and j > i)
            or (tok.lowers[j] in vocab.name_articles and j + 1 < end and tok.texts[j + 1] == "-")):
        if j > i and _starts_another_name(tok, j, gaz):
            break   # "Zubdiya Aleppo", "Tokhar Amnesty International": the name ends where another begins
        j += 1
    while j > i and not tok.texts[j - 1][:1].isalnum():
        j -= 1
    if j == i or j - i > MAX_UNLISTED_WORDS + 2 or (j < end and _is_name_word(tok, j, vocab)):
        return None
    if tok.sent_of[i] in tok.titled:
        return None
    if any(tok.lowers[k] in vocab.never_in_unlisted_names or gaz.demonym(tok.texts[k]) for k in range(i, j)):
        return None   # a title, a building, who acts ("Defence"), a nationality ("Syrian Idlib", "Druze")
    if any(k in tok.in_actor for k in range(i, j)):
        return None   # an armed group's name ("Daesh")
    text = tok.span_text(i, j)
    if (text.isupper() and len(text) <= 6) or gaz.demonym(text):
        return None   # an acronym; a nationality ("a Pakistani village")
    prev = tok.lower(i - 1)
    ent = entity_at(tok.doc, i)
    # another transliteration of a place the gazetteer holds ("an explosion at Um Qasr", "the
    # outskirts of Dara Adamkhel"): a place where the words say so
    # (the model's own place entity, or a place noun with it: a capitalised word after "in" may
    # be any word - "to Minister" is no Minster)
    if (prev in vocab.locative_before and ent is not None and ent.label_ in PLACE_LABELS) \
            or tok.lower(j) in vocab.place_nouns or (prev == "of" and tok.lower(i - 2) in vocab.place_nouns):
        spelled = gaz.lookup_spelling(text)
        if spelled:
            return Mention(i, j, place_key(text), spelled, sentence=tok.sent_of[i])
    cues: set[str] = set()
    # the model's entity types are weak on names it has not seen; only "the village of X" outweighs them
    named_otherwise = ent is not None and ent.label_ in ("PERSON", "ORG", "NORP", "DATE", "TIME", "EVENT",
                                                          "WORK_OF_ART", "LAW", "PRODUCT", "MONEY", "CARDINAL")
    # "the village of X", "the town of X", "a beach called X"
    noun = ""
    if (prev == "of" or prev in vocab.naming_words) and tok.lower(i - 2) in vocab.unlisted_nouns and (
            tok.lower(i - 3) in ("the", "a", "an") or prev in vocab.naming_words
            or (tok.lower(i - 4) in ("the", "a", "an") and tok.tags[i - 3] in ("JJ", "NN", "VBN"))):   # "the hilltop village of X"
        noun = tok.lower(i - 2)
        cues.add("settlement" if noun not in vocab.district_nouns else "district")
    elif named_otherwise and ent.label_ != "ORG" and not (ent.label_ == "PERSON" and tok.lower(j) in vocab.unlisted_nouns | {"("}):
        return None   # ("in Kwall village", "in Kwall (Bassa, Plateau)": the words outweigh the model's person)
    # "in X village", "near X town", "in the X area"
    elif tok.lower(j) in vocab.unlisted_nouns and (prev in vocab.locative_before or (
            prev == "the" and tok.lower(i - 2) in vocab.locative_before)):
        noun = tok.lower(j)
        cues.add("settlement" if noun not in vocab.district_nouns else "district")
    # "in X (District, Province)": a coder's note names the place's divisions in brackets
    elif tok.lower(j) == "(" and prev in vocab.locative_before and _bracket_names_a_division(tok, j, gaz):
        cues.add("qualified")
    # "attacked a fortification in Muhajiriya": the model's own place, right after "in"
    elif prev in ("in", "near", "outside", "at") and ent is not None and ent.label_ in ("GPE", "LOC") and ent.start == i \
            and ent.end == j and j - i <= 3 and len(text) >= 4:
        cues.add("entity")
    else:
        return None
    cues.add("locative")
    return Mention(i, j, place_key(text), [], cues, sentence=tok.sent_of[i], noun=noun)


def _starts_another_name(tok: _Tokens, k: int, gaz: Gazetteer) -> bool:
    """Whether token k begins a known place of our tables, a country or a division, or one of
    the model's organisations or persons."""
    ent = entity_at(tok.doc, k)
    if ent is not None and ent.start == k and ent.label_ in ("ORG", "PERSON", "NORP"):
        return True
    for n in (3, 2, 1):
        if k + n <= tok.n and any(p.curated or p.kind in ("country", "admin1") for p in gaz.lookup(tok.span_text(k, k + n))):
            return True
    return False


def _bracket_names_a_division(tok: _Tokens, k: int, gaz: Gazetteer) -> bool:
    """Whether the brackets opening at token k hold names of divisions or towns."""
    close = next((x for x in range(k + 1, min(tok.n, k + 14)) if tok.texts[x] == ")"), None)
    if close is None:
        return False
    parts = [part.strip() for part in tok.span_text(k + 1, close).split(",") if part.strip()] if close > k + 1 else []
    # the last is the largest ("(Kalehe, South Kivu)": a district the gazetteer may lack, then the province)
    return bool(parts) and any(p.kind in ("admin1", "admin2", "country") or p.curated for p in gaz.lookup(parts[-1]))


# ---------------------------------------------------------------------------------------- qualifiers

def _link_qualifiers(tok: _Tokens, mentions: list[Mention], gaz: Gazetteer, vocab: GeoVocabulary) -> None:
    """The names that say where a name lies: 'Paris, Texas', 'KANSAS CITY, Mo.' (a state's
    abbreviation becomes a mention of the state), 'Kalagaon (Bastar, Chhattisgarh)',
    'Konduga in Borno state', 'the Kurram district of Khyber Pakhtunkhwa', "Yemen's Saada"."""
    by_start = {m.start: n for n, m in enumerate(mentions)}
    extra: list[Mention] = []
    for n, m in enumerate(mentions):
        k = m.end
        if k < tok.n and tok.lowers[k] in vocab.place_nouns and tok.lowers[k] not in vocab.near_after:
            k += 1   # "Kwatas village, Bokkos", "Konduga town in Borno"
        if k < tok.n and tok.texts[k] == ",":
            q = by_start.get(k + 1)
            state = _state_abbreviation_at(tok, k + 1, gaz)
            if state is not None and (q is None or not any(p.kind == "admin1" and p.country_code == "US"
                                                            for p in mentions[q].candidates)):
                if q is not None:   # "AURORA, Colo.": the state, not Colo, Iowa
                    mentions[q].role = "drop"
                extra.append(state)
                m.qualifiers.append(len(mentions) + len(extra) - 1)
                m.cues.add("qualified")
                continue
            if q is not None and _can_qualify(mentions[q]):
                m.qualifiers.append(q)
                mentions[q].cues.add("qualifies")
                m.cues.add("qualified")
                # "in Kagha, Konduga, Borno": the chain goes on
                continue
        elif k < tok.n and tok.texts[k] == "(":
            close = next((x for x in range(k + 1, min(tok.n, k + 14)) if tok.texts[x] == ")"), None)
            inside = [q for q, other in enumerate(mentions) if close is not None and k < other.start < close]
            if inside:
                m.qualifiers.extend(inside)
                m.cues.add("qualified")
                for q in inside:
                    mentions[q].cues.add("qualifies")
        elif k < tok.n and tok.lowers[k] in vocab.qualifier_preps:
            j = k + 1
            while j < tok.n and (tok.lowers[j] == "the" or tok.lowers[j] in vocab.division_before):
                j += 1
            q = by_start.get(j)
            if q is not None and mentions[q].candidates and (m.noun in vocab.quarter_nouns or any(
                    p.kind in ("country", "admin1", "admin2") or p.source == "governorates" for p in mentions[q].candidates)) \
                    and (tok.lowers[k] == "in" or m.cues & {"division", "district", "settlement"} or m.noun):
                m.qualifiers.append(q)
                mentions[q].cues.add("qualifies")
        if m.start > 1 and tok.texts[m.start - 1] in ("'s", "’s"):
            q = next((x for x, other in enumerate(mentions) if other.end == m.start - 1), None)
            if q is not None and q != n:
                m.qualifiers.append(q)
    mentions.extend(extra)


def _can_qualify(m: Mention) -> bool:
    return bool(m.candidates) or bool(m.cues & {"qualified"})


def _state_abbreviation_at(tok: _Tokens, k: int, gaz: Gazetteer) -> Mention | None:
    """'Mo.', 'Tenn.', 'N.C.' after a comma: a mention of the US state it abbreviates."""
    for n in (3, 2, 1):
        if k + n > tok.n:
            continue
        text = tok.span_text(k, k + n)
        state = gaz.state_abbreviation(text) if n <= 2 or "." in text else None
        if state:
            place = gaz.division("US", state)
            if place is not None:
                return Mention(k, k + n, place_key(state), [place], {"qualifies"}, role="qualifier",
                               sentence=tok.sent_of[k])
    return None
