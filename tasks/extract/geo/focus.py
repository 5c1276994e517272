"""Stage 2a of the geoparser: the article's countries first (Mordecai's lesson).

The evidence of a country is what names it: the country itself (more where the text says
something happened in it than where it speaks or fights), its demonyms (more before a place
noun: 'a Pakistani village'), its divisions, our own tables' places, the dateline and the
qualifiers ('Paris, Texas'). Towns only break ties — a town's namesakes never make their
own country one the article is about — except in a text that names no country at all
(a local report: 'Denver police said …'), where the towns it names are all there is.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.common.actors import actor_homes
from sitrep.common.gazetteer import Gazetteer
from sitrep.tasks.extract.doc_cache import sentences
from sitrep.tasks.extract.geo.recognize import Demonym, Mention
from sitrep.tasks.extract.geo.vocabulary import GeoVocabulary
from sitrep.tasks.extract.lexicon import words
from sitrep.tasks.extract.span_keys import ACTORS

# a country the article is about has at least this share of the top country's votes
HOME_SHARE = 0.5
# a town breaks ties between the countries named; it weighs this much of a country's name
TOWN_WEIGHT = 0.3
# a town of this many people is known well enough for the headline's to tell the country
WELL_KNOWN = 100_000
# an armed group named in the text weighs as much as a nationality said in passing
GROUP_WEIGHT = 0.4


@dataclass
class Focus:
    votes: Counter          # how strongly the text points at each country (towns included)
    evidence: set[str]      # E: the countries its countries, demonyms, divisions, dateline point to
    home: tuple[str, ...]   # H: the countries it is about, strongest first

    @property
    def country(self) -> str | None:
        return self.home[0] if self.home else None


def article_focus(doc: Doc, mentions: list[Mention], demonyms: list[Demonym], gaz: Gazetteer,
                  vocab: GeoVocabulary) -> Focus:
    named: Counter = Counter()    # from the evidence of countries
    towns: Counter = Counter()    # from towns' namesakes
    sents = sentences(doc)
    headline_end = sents[0].end if sents else 0
    lead_end = sents[min(3, len(sents) - 1)].end if sents else 0
    who_words = words("attack_means") | words("not_speakers") | words("generic_actor_words")
    for d in demonyms:
        cc, nxt = d.country_code, d.next_word
        if nxt in vocab.place_nouns or nxt in ("capital", "soil", "territory", "border", "side", "coast", "countryside"):
            named[cc] += 1.0   # "a Pakistani village", "the Afghan capital"
        elif nxt in who_words or nxt in vocab.origin_nouns:
            named[cc] += 0.1   # "Israeli air strike", "Russian jets", "a Libyan national": who, more than where
        else:
            named[cc] += 0.4
    homes = actor_homes()
    for cc in {homes[a.id_] for a in doc.spans.get(ACTORS, ()) if a.id_ in homes}:
        named[cc] += GROUP_WEIGHT   # "ADF rebels", "FARDC": a group that fights in one country
    # one reading of a name per article: a name qualified once ("LEBANON, Tenn.", "PORTLAND,
    # Maine") means the qualified places wherever it stands
    qualified: dict[str, list] = {}
    for m in mentions:
        if m.candidates and m.qualifiers:
            outer = [p for q in m.qualifiers for p in mentions[q].candidates]
            fitting = [c for c in m.candidates if any(_within(c, o) for o in outer)]
            if fitting:
                qualified.setdefault(m.key, fitting)
    for m in mentions:
        if not m.candidates or m.role == "drop":
            continue
        if m.key in qualified:
            m = Mention(m.start, m.end, m.key, qualified[m.key], m.cues, m.role, m.qualifiers, m.sentence, m.noun)
        weight = 2.0 if m.start < headline_end else 1.25 if m.start < lead_end else 1.0
        if m.role in ("modifier", "origin"):
            weight *= 0.5
        if m.role == "dateline":
            weight = 1.5
        first = m.candidates[0]
        if "launched" in m.cues and any(o is not m and o.sentence == m.sentence and o.role == "place" and o.candidates
                                        for o in mentions):
            for cc, share in _country_shares(m).items():   # "a rocket fired from Gaza landed near Sderot":
                towns[cc] += weight * share                # where it came from, not where it fell
            continue
        if first.kind == "country":
            if m.cues & {"locative", "qualifies", "possessive", "dateline"}:
                named[first.country_code] += weight
            else:   # "Britain said", "U.S. media", "the United States military": who, not where
                named[first.country_code] += 0.4 * weight
            continue
        shares = _country_shares(m)
        # a division's name, unless a common word the text does not mark as a name ("Western", "Delta")
        division = any(p.kind == "admin1" for p in m.candidates) and (
            m.strong or len(m.key.split()) > 1 or doc[m.start].tag_ in ("NNP", "NNPS"))
        if division and not first.curated and m.role not in ("dateline", "qualifier") and _outgrown(m.candidates):
            division = False   # "Beni": Bolivia's department or Congo's larger town — by itself evidence of neither
        if division or first.curated or m.role in ("dateline", "qualifier"):
            for cc, share in shares.items():   # a division's name, our own tables, the dateline
                named[cc] += weight * share
            continue
        if m.start < headline_end and m.cues & {"locative", "entity"} and m.role == "place" \
                and max(p.population for p in m.candidates) >= WELL_KNOWN:
            for cc, share in shares.items():   # the headline's well-known town: "looting continues in Bishkek"
                named[cc] += share
            continue
        if not (m.strong or max(p.population for p in m.candidates) >= WELL_KNOWN):
            weight *= 0.5
        for cc, share in shares.items():
            towns[cc] += weight * share
    evidence = {cc for cc, v in named.items() if v > 0}
    base = named if named else towns   # a text that names no country: its towns are all there is
    top = max(base.values(), default=0)
    home = tuple(cc for cc, v in base.most_common() if v > 0 and v >= HOME_SHARE * top)
    votes = Counter(named)
    for cc, v in towns.items():
        votes[cc] += TOWN_WEIGHT * v if named else v
    return Focus(votes, evidence, home)


def _within(inner, outer) -> bool:
    """Whether a reading lies in a qualifier's reading (its country, its division)."""
    if inner.country_code != outer.country_code:
        return False
    return outer.kind == "country" or (outer.kind == "admin1" and inner.admin1 == outer.admin1) or outer.kind not in ("admin1",)


def _outgrown(cands: list) -> bool:
    """A division's name that a well-known town of another country, larger than every division
    of the name, shares ('Beni': Bolivia's department, Congo's city)."""
    divisions = [p for p in cands if p.kind == "admin1"]
    if not divisions:
        return False
    largest = max(d.population for d in divisions)
    return any(p.kind != "admin1" and p.population >= WELL_KNOWN and p.population > largest
               and p.country_code not in {d.country_code for d in divisions} for p in cands)


def _country_shares(m: Mention) -> dict[str, float]:
    """The countries a name may be in, each with its share: our own tables' places take the
    name; a division's name goes to the divisions; else by population."""
    cands = m.candidates
    curated = [p for p in cands if p.curated and p.kind != "country"]
    if curated:
        return {curated[0].country_code: 1.0}
    divisions = [p for p in cands if p.kind == "admin1"]
    if _outgrown(cands):
        divisions = []   # "Beni": a larger town elsewhere shares the name with the department
    pool = divisions or [p for p in cands if p.kind != "admin2"] or cands
    weight: Counter = Counter()
    for p in pool:
        weight[p.country_code] = max(weight[p.country_code], p.population + 2_000)
    total = sum(weight.values())
    return {cc: w / total for cc, w in weight.items()} if total else {}
