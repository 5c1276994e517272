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
from spacy.tokens import Doc, Token

from sitrep.common.gazetteer import Gazetteer, Place, place_key
from sitrep.tasks.extract.doc_cache import doc_text, entities, entity_at, sentences
from sitrep.tasks.extract.geo.vocabulary import GeoVocabulary
from sitrep.tasks.extract.lexicon import words
from sitrep.tasks.extract.numbers import parse_digits, parse_words

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
    cues: set[str] = field(default_factory=set)   # entity, locative, settlement, division, district, near, far, qualified, dateline, possessive
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
        self.text = doc_text(doc)
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
    if never_a_place(tok, m, gaz, vocab, persons, in_actor):
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
    if tok.lowers[i] in vocab.indefinite_articles and (i == 0 or tok.sent_of[i - 1] != tok.sent_of[i]) \
            and i + 1 < tok.n and tok.texts[i + 1] != "-":
        return None   # a sentence's "An Atlanta officer" is English, not Arabic "An Nabk"
    longest = gaz.words_from(tok.texts[i])
    fuzzy = gaz.may_spell_a_curated_name(tok.texts[i])
    plural = tok.texts[i].endswith("s") and gaz.words_from(tok.texts[i][:-1]) > 0
    if not (longest or fuzzy or plural):
        return None   # most capitalised words start no name at all
    most = max(longest, 5 if fuzzy else 1)   # words; hyphens are tokens ("Deir az-Zour")
    last, counted = i, 0   # the furthest end: as many words, no space token, one sentence
    for k in range(i, min(i + most * 2 + 1, tok.n)):
        counted += tok.texts[k] != "-"
        if counted > most or tok.space[k] or tok.sent_of[k] != tok.sent_of[i]:
            break
        last = k + 1
    for j in range(last, i, -1):
        n = j - i
        if not tok.texts[j - 1][:1].isalnum() \
                or (n > 1 and tok.lowers[j - 1] in vocab.name_articles and tok.texts[j - 1].islower()):
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


def _launched_from(from_: Token, vocab: GeoVocabulary) -> bool:
    """'launched from X', and 'launched by fighters from X' (the parse hangs 'from' on the
    agent): the nearest verb above 'from' is one of launching or firing."""
    head = from_.head
    for _ in range(3):
        if head.lower_ in vocab.origin_verbs:
            return True
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            return False
        head = head.head
    return False


def _taken_to(in_: Token, vocab: GeoVocabulary) -> bool:
    """'taken to a hospital in Springfield', 'rushed to Baystate Medical Center in Springfield':
    the town of the place people were taken to (the parse hangs 'in' on the verb of taking,
    beside its 'to', or on what 'to' names)."""
    head = in_.head
    if head.lower_ in vocab.transfer_words and any(c.dep_ == "prep" and c.lower_ == "to" and c.i < in_.i for c in head.children):
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ in vocab.transfer_words


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


@dataclass
class _Name:
    """What the never-a-place rules read about one gazetteer name, worked out once."""
    tok: _Tokens
    m: Mention
    gaz: Gazetteer
    vocab: GeoVocabulary
    persons: dict
    in_actor: dict

    def __post_init__(self):
        tok, m = self.tok, self.m
        self.doc = tok.doc
        self.first = m.candidates[0]
        # a country's or a division's own name, or our own tables' place: stands where a town would not
        self.named = self.first.kind in ("country", "admin1") or self.first.curated
        self.before, self.after = _chunk(tok, m, self.vocab)
        self.nxt, self.prev = tok.lower(m.end), tok.lower(m.start - 1)
        self.head = tok.lowers[self.after[0]] if self.after else ""
        self.single = m.end - m.start == 1
        self.text = tok.span_text(m.start, m.end)


def _person(c: _Name) -> bool:
    """Part of a person's name ("Jordan Walker"); the model often takes a place it has not
    seen for a person: our own tables', countries' and divisions' names, and any name after
    "in" or "the town of", stand."""
    return c.persons.get(c.m.start) is not None and not c.named and not _place_cue_before(c.tok, c.m.start, c.vocab)


def _actor(c: _Name) -> bool:
    """Part of an armed group's or another actor's longer name ("Ahrar al-Sham", "Jaish al-Islam")."""
    actor = c.in_actor.get(c.m.start)
    if actor is None or (actor.end - actor.start) <= (c.m.end - c.m.start):
        return False
    return not c.first.curated or actor.start < c.m.start


def _organisation(c: _Name) -> bool:
    """Part of an organisation's longer name ("Justice and Equality Movement"), unless the
    organisation is who speaks or acts for the place ("Chicago Police Department") or a
    building named after it; an entity across brackets or commas is no one name."""
    org = entity_at(c.doc, c.m.start)
    return org is not None and org.label_ == "ORG" and sum(not t.is_space for t in org) > (c.m.end - c.m.start) \
        and org.start <= c.m.start and org.end >= c.m.end \
        and c.doc[org.end - 1].lower_ not in c.vocab.modifier_heads | c.vocab.facility_heads \
        and not any(t.text in ("(", ")", ",") for t in org)


def _government_building(c: _Name) -> bool:
    """A government building or a name inside one ("the White House", "the Kremlin")."""
    tok, m = c.tok, c.m
    return any(s + n >= m.end and " ".join(tok.lowers[s:s + n]) in c.vocab.government_buildings
               for n in (3, 2, 1) for s in range(max(0, m.start - n + 1), m.start + 1))


def _foreign_name(c: _Name) -> bool:
    """Part of a foreign name: "Gare du Nord", "Place de la Concorde"."""
    return c.prev in c.vocab.foreign_name_joiners and c.m.start > 1 and c.tok.texts[c.m.start - 2][:1].isupper() \
        and c.first.kind != "country"


def _people(c: _Name) -> bool:
    """A people, not its region: "Amhara civilians", "Tigray forces"."""
    return c.single and c.first.kind == "admin1" and c.nxt in c.vocab.people_nouns and not c.first.curated


def _street(c: _Name) -> bool:
    """A street or an address: "West Elm Ave", "Castello road", "the 3900 block of West
    Broadway", "4100 West Elm", "the 7th Ward", "5th Avenue"."""
    tok, m, vocab = c.tok, c.m, c.vocab
    if c.nxt in vocab.street_suffixes or (c.after and tok.lowers[c.after[0]] in vocab.street_suffixes):
        return True
    k = m.start - 1
    while k > 0 and tok.lowers[k] in vocab.direction_words:
        k -= 1
    if tok.lower(k) == "of" and tok.lower(k - 1) in vocab.address_before:
        return True
    number = tok.lowers[m.start - 1] if m.start > 0 else ""
    return not c.named and ((number.isdigit() and len(number) >= 3) or re.fullmatch(r"\d+(?:st|nd|rd|th)", number) is not None)


def _outlet(c: _Name) -> bool:
    """An outlet named after the place: "Syria Times", "Al Mayadeen TV", "the Gaza Post"."""
    return c.head in c.vocab.outlet_heads


def _building(c: _Name) -> bool:
    """A building or a business named after someone or something ("Lincoln High School");
    one named after a well-known place ("Damascus Sheraton Hotel", "Kabul University") says
    where the article is, like "Denver police" (its role is `modifier`, see _gather_cues)."""
    if not c.after or not (c.head in c.vocab.facility_heads or c.tok.lowers[c.after[-1]] in c.vocab.facility_heads):
        return False
    well_known = c.first.curated or (c.first.kind != "country" and max(p.population for p in c.m.candidates) >= 100_000)
    return not well_known or any(c.tok.lowers[k] in c.vocab.street_suffixes for k in c.after)


def _longer_name(c: _Name) -> bool:
    """Part of a longer proper name: one entity of the model's ("Winfield Scott Hancock"), a
    gazetteer name with more capitalised words after it ("in Orange Mound", "Gulf Arab
    powers") unless they name its country or division ("in Kabul Afghanistan"), words before
    it that are not a direction or a nationality ("Jordan Walker"), a title ("Gen. Jordan"),
    "X of the Y" ("Shields of the Revolution", "Secretary of State"), or a name that ends in
    a lower-case word ("The city" is no London) other than a place noun ("Damascus countryside")."""
    tok, m, vocab = c.tok, c.m, c.vocab
    head = c.head
    if head and head not in vocab.place_nouns | vocab.modifier_heads | vocab.facility_heads \
            and tok.lowers[c.after[-1]] not in vocab.facility_heads:
        ent = entity_at(c.doc, m.start)
        if ent is not None and ent.label_ not in PLACE_LABELS and ent.end > m.end and ent.start <= m.start:
            return True
        if not (c.first.kind == "country" or c.first.curated) and not _names_a_division_at(tok, c.after[0], c.gaz):
            return True
    if c.before and not all(tok.lowers[k] in vocab.direction_words or tok.lowers[k] in vocab.name_articles
                            or c.gaz.demonym(tok.texts[k]) or tok.texts[k] == "-" for k in c.before):
        if any(tok.lowers[k] in vocab.person_titles for k in c.before) or not c.named:
            return True
    if c.prev in vocab.person_titles and tok.tags[m.start] in PROPER_TAGS and not c.named:
        return True
    if m.end - m.start > 1 and not tok.texts[m.end - 1][:1].isupper() and not tok.texts[m.end - 1][:1].isdigit() \
            and tok.lowers[m.end - 1] not in vocab.place_nouns:
        return True
    k = m.end + 1 if c.nxt == "of" else None
    if k is not None and tok.lower(k) == "the":
        k += 1
    return k is not None and _is_name_word(tok, k, vocab) and not c.named and tok.sent_of[m.start] not in tok.titled


def _common_word(c: _Name) -> bool:
    """A direction or a region's common word without its noun ("Western", but "Western
    Province"), a region or a feature ("the Gulf", "the Sahel", "the Delta" - but "the Gaza
    health ministry", where the name modifies a noun), a holiday or a month ("Ramadan",
    "August"), a common noun with an article ("a Friend", but "a Paris suburb")."""
    tok, m, vocab, first = c.tok, c.m, c.vocab, c.first
    if c.single and tok.lowers[m.start] in vocab.direction_words and first.kind != "country" \
            and not first.curated and c.nxt not in vocab.division_nouns:
        return True
    if c.single and c.prev == "the" and first.kind == "admin1" and not first.curated \
            and c.nxt not in vocab.division_nouns and not any(p.kind == "country" for p in m.candidates) \
            and c.doc[m.start].dep_ not in ("compound", "amod", "nmod") and not _modifies_a_speaker(tok, m.end, vocab):
        return True
    if c.single and tok.lowers[m.start] in vocab.time_words:
        return True
    return c.prev in vocab.indefinite_articles and not c.named and c.doc[m.end - 1].dep_ not in ("compound", "amod", "nmod")


def _acronym(c: _Name) -> bool:
    """An acronym ("SANA", "PDF") is an organisation, not the town it spells; a country's
    ("USA", "UAE") and those our own tables list ("NWFP") are names."""
    return c.text.isupper() and len(c.text) <= 6 and c.tok.sent_of[c.m.start] not in c.tok.titled \
        and not any(p.kind == "country" or p.curated or p.origin.endswith(".csv") for p in c.m.candidates)


def _capitalised_by_the_sentence(c: _Name) -> bool:
    """A common word the tagger reads as one, or any word capitalised only because a sentence
    starts with it ("Police said", "Man killed in shooting"): a place only as the model's
    place, after "in", before "police" ("Dayton police said") or a division ("Jaffna,
    Northern province")."""
    tok, m = c.tok, c.m
    if not c.single or c.named or not (tok.tags[m.start] not in PROPER_TAGS or m.start == tok.sent_of[m.start]):
        return False
    if _modifies_a_speaker(tok, m.end, c.vocab) or (c.nxt == "," and _names_a_division_at(tok, m.end + 1, c.gaz)):
        return False
    ent = entity_at(c.doc, m.start)
    if ent is not None and ent.label_ in PLACE_LABELS:
        return False
    return c.prev not in c.vocab.locative_before or m.start == tok.sent_of[m.start]


# The never-a-place rules, in the order they are asked; the first that holds names the reason.
NEVER_A_PLACE = (_person, _actor, _organisation, _government_building, _foreign_name, _people, _street, _outlet,
                 _building, _longer_name, _common_word, _acronym, _capitalised_by_the_sentence)
# A dateline passes after these (the place a report was filed from, whatever the tagger says).
BEFORE_A_DATELINE = (_person, _actor, _organisation, _government_building)


def never_a_place(tok: _Tokens, m: Mention, gaz: Gazetteer, vocab: GeoVocabulary, persons: dict,
                  in_actor: dict) -> str | None:
    """The name of the first rule by which a gazetteer name is never a place, or None."""
    c = _Name(tok, m, gaz, vocab, persons, in_actor)
    rules = BEFORE_A_DATELINE if _is_dateline(tok, m) and c.nxt not in vocab.street_suffixes else NEVER_A_PLACE
    return next((rule.__name__.lstrip("_") for rule in rules if rule(c)), None)


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
    if _far_cue(tok, m.start, vocab):
        m.cues.add("far")
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
    elif prev == "-" and tok.lower(m.start - 2) in vocab.stance_prefixes and (
            tok.texts[m.start - 2].islower() or doc[m.start - 2].is_sent_start):   # (not "the Anti-Lebanon range")
        m.role = "modifier"   # "anti-Damascus propaganda", "pro-Moscow rebels": a side, not a place
    elif prev == "in" and tok.lower(m.start - 2) in vocab.seat_nouns and m.candidates[0].kind != "country":
        m.role = "modifier"   # "the regime in Damascus", "the government in Kabul": who rules, not where it happened
    # "a man from Gary", "a Chicago man", "Holyoke man killed", "a family displaced from Homs"
    elif (prev in ("in", "at") and tok.lower(m.start - 2) in vocab.residence_words) or \
            (prev == "to" and tok.lower(m.start - 2) in vocab.transfer_words) or \
            (prev == "in" and _taken_to(doc[m.start - 1], vocab)) or \
            (prev in vocab.origin_preps and re.fullmatch(r"\d+-year-old", tok.lower(m.start - 2) or "")) or \
            (prev in vocab.origin_preps and (tok.lower(m.start - 2) in vocab.origin_nouns
                                          or tok.lower(m.start - 2) in vocab.displacement_words)) or (
            prev == "of" and tok.lower(m.start - 2) in ("native", "natives")) or prev in vocab.displacement_words:
        m.role = "origin"
    elif prev == "from" and _launched_from(doc[m.start - 1], vocab):
        m.role = "origin"   # "a rocket launched from Beit Hanoun": where it came from
        m.cues.add("launched")
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


# A place this far from the one named before it is a landmark ("Kouno, 300 kilometres away
# from Ndjamena"), not the division it lies in; nearer ones usually share it.
FAR_KM = 30


def _far_cue(tok: _Tokens, start: int, vocab: GeoVocabulary) -> bool:
    """'300 kilometres away from X', 'some 60 miles north of X', 'a 250-km drive from X'."""
    for k in range(start - 1, max(start - 8, 0), -1):
        word = tok.lowers[k]
        if word in (".", ";", "(", ")"):
            return False
        if word in vocab.kilometre_words or word in vocab.mile_words:
            j = k - 1 if tok.lower(k - 1) != "-" else k - 2
            if j < 0:
                return False
            value = parse_digits(tok.texts[j]) or parse_words([tok.texts[j]])
            if not value:
                return False
            return value * (1.609 if word in vocab.mile_words else 1) >= FAR_KM
    return False


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
            or (tok.lower(i - 4) in ("the", "a", "an") and tok.tags[i - 3] in ("JJ", "NN", "VBN"))   # "the hilltop village of X"
            or any(tok.lower(k) == "the" and all(tok.texts[x][:1].isupper() for x in range(k + 1, i - 2))
                   for k in range(max(0, i - 6), i - 3))):   # "the North Waziristan village of X"
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
