"""From trigger, place, actor, time and claim spans to the incidents an article reports.

Sentence by sentence, each event trigger is tied to the nearest place named with it (a
list "around Hama, Homs and Idlib" ties it to each). Triggers about the same place and a
compatible type in one article make one event; a trigger with no place continues the
incident being told. The headline's (or else the lead's) incident is primary. Sentences
that speak of the past ("in November" a year before, "since the war began in 2011") are
background and found no events.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from sitrep.common.actors import actor_kind
from sitrep.common.dates import resolve
from sitrep.common.gazetteer import NEAR_KM, km_apart
from sitrep.tasks.extract.named_actors import NAMED_FORCE, NAMED_GROUP, NAMED_LABELS, NAMED_PERSON, blames_on
from sitrep.tasks.extract.doc_cache import label_before, lowers_and_numbers, sentence_of, sentences
from sitrep.tasks.extract.lexicon import (GEO_LEXICON, compatible_types, crowd_actors, event_kind_of, event_priority,
                                           outcome_words, phrases, victim_words, words)

ATTACK_MEANS = words("attack_means")
ATTACK_VERBS = words("attack_verbs")
TARGET_BEFORE = words("target_before")
CLAIM_WORDS = words("claim_responsibility_verbs")
TARGET_AFTER = words("target_after")
ADJECTIVAL = words("actor_adjectives")
MODAL = words("modal_words")
BACKGROUND_DAYS = 31


@dataclass
class Event:
    index: int
    event_type: str
    sentences: list[int] = field(default_factory=list)       # sentence start tokens, in order
    actor_sentences: list[int] = field(default_factory=list)  # later sentences naming who did it ("activists blamed government aircraft")
    places: list[Span] = field(default_factory=list)
    attackers: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    is_primary: bool = False
    weak_type: bool = False   # typed only by a generic or supporting trigger so far
    triggers: list[Span] = field(default_factory=list)
    event_date: dt.date | None = None
    date_precision: str = "unknown"
    evidence: str = ""
    n_strikes: int | None = None
    n_aircraft: int | None = None
    day: dt.date | None = None   # the first day its own sentences name, while it is assembled
    named_targets: set[str] = field(default_factory=set)   # targets the words name as such
    blamed: set[str] = field(default_factory=set)   # who claimed it or was blamed for it

    @property
    def place(self) -> Span | None:
        """The most precise place named for it."""
        if not self.places:
            return None
        home = self.places[0].doc._.country
        levels = [(s, s._.place_level, s._.place.country_code) for s in self.places]
        at_home = [x for x in levels if x[2] == home and x[1] != "country"]
        pool = at_home or levels   # a place of the article's country over a neighbour's ("from Kilis")
        return min(pool, key=lambda x: _LEVEL_RANK.get(x[1], 4))[0]

    @property
    def admin1(self) -> str | None:
        p = self.place
        return p._.place.admin1 if p is not None else None




_LEVEL_RANK = {"place": 0, "near_place": 1, "admin2": 2, "admin1": 3, "country": 4}


SUPPORT_ID = "support"   # triggers.jsonl's id of a pattern that names help for another action, not an incident
GOVERNORATES = "governorates"   # the gazetteer's source of our own governorate table
# how a candidate date was told: a named night ("late Monday"), or "today"/"overnight"
NIGHT = "night"
VAGUE_DAY = "vague"


def is_support(trig: Span) -> bool:
    """'troops backed by Russian air strikes', 'under coalition air cover', 'advanced with
    air support': the trigger names help for another action, not the incident itself. Not
    'attacks with rocket shells' (the means of the attack)."""
    doc = trig.doc
    if trig.id_ == SUPPORT_ID and trig.root.lower_ in words("explosion_verbs") and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in words("explosive_nouns") for c in trig.root.children):
        return False   # "a bomb planted in a tunnel under the base exploded": the device, however far
    if trig.id_ == SUPPORT_ID or trig[-1].lower_ in words("support_nouns"):
        return True
    if trig.id_ == "thrown_device":   # "began shooting at the guards and throwing grenades at them"
        sent = sentence_of(trig)
        killed, injured = outcome_words()
        return any(t.label_ in ("attack", "armed_clash") and t.root.tag_.startswith("VB") and t.root.lower_ not in killed | injured
                   and sent.start <= t.start < sent.end for t in doc.spans.get("triggers", []))   # (not "Gunmen" itself)
    if trig.id_ == "air_support":
        # "jets struck as troops advanced", "artillery and coalition jets hit …": help for the
        # ground action the sentence tells; "Israeli jets struck Gaza City, killing four": the
        # incident itself
        sent = sentence_of(trig)
        lowers = lowers_and_numbers(doc)[0]
        return any(w in words("ground_action_words") for w in lowers[sent.start:sent.end]) or any(
            (t.label_ in ("ground_offensive", "armed_clash") and sent.start <= t.start < sent.end)
            or (t.label_ == "shelling" and trig.start - 5 <= t.start < trig.start)   # "artillery and coalition jets hit"
            for t in doc.spans.get("triggers", []))
    before = {t.lower_ for t in doc[max(sentence_of(trig).start, trig.start - 4):trig.start]}
    if before & words("support_verbs"):
        return True
    t = trig.root
    for _ in range(3):
        head = t.head
        if head is t:
            break
        if head.lower_ in words("support_verbs") and t.dep_ in ("agent", "prep", "dobj"):
            return True   # "forces backed by US-led coalition air strikes"
        if head.lower_ in words("support_preps") and t.dep_ == "pobj":
            named_support = any(c.lower_ in words("support_nouns") for c in t.children)
            return named_support or head.head.lower_ in words("ground_action_words")
        t = head
    return False


def background_sentences(doc: Doc) -> set[int]:
    """Sentences that speak of an earlier time than the article's news: Doc._.background, set
    by sitrep_times once the times are found (worked out here for a Doc made without it)."""
    if doc._.background is None:
        doc._.background, doc._.retrospective = _background_sentences(doc)
    return doc._.background


def retrospective(doc: Doc) -> bool:
    """The text tells only of violence at an earlier time than its publication: a look back or
    a database's summary of an old incident, whose days are the incident's own."""
    background_sentences(doc)
    return doc._.retrospective


def _background_sentences(doc: Doc) -> tuple[frozenset[int], bool]:
    anchor = doc._.published_date
    out: set[int] = set()
    timeline = False
    for sent in sentences(doc):   # a page's "Timeline" box retells the war's history from there on
        timeline = timeline or bool(re.search(r"\bTimeline(?:JS)?\b", sent.text))
        if timeline:
            out.add(sent.start)
    timeline_sents = set(out)
    dated: set[int] = set()
    latest_year = max((t._.time.value for t in doc.spans.get("times", []) if t._.time.kind == "year"), default=None)
    trigger_tokens = {i for t in doc.spans.get("triggers", []) for i in range(t.start, t.end)}
    for span in doc.spans.get("times", []):
        expr = span._.time
        sent = sentence_of(span)
        when, precision = resolve(expr, anchor)
        if when is None:
            continue
        if expr.kind == "year" and span.root.dep_ in ("nummod", "compound", "amod") and span.root.head.i not in trigger_tokens \
                and span.root.head.lower_ not in words("war_nouns"):
            continue   # "a 2006 peace agreement": the year of a thing, not of violence ("the 1967 war" is)
        labelled = _labelled_by(sent)
        dated.update(labelled)
        ref = anchor or (dt.date(latest_year, 12, 31) if latest_year else None)
        if ref is None:
            continue
        if precision == "year" and when.year < ref.year:
            out.update(labelled)
        elif precision == "month" and (ref.year - when.year) * 12 + ref.month - when.month >= 1:
            out.update(labelled)
        elif precision == "day" and (ref - when).days > BACKGROUND_DAYS:
            out.update(labelled)
    # the sentences telling violence with a time of their own (a headline without one tells no time)
    told = {sentence_of(t).start for t in doc.spans.get("triggers", [])} & dated
    if told and told <= out - timeline_sents and _opens_with_a_day(doc, min(told), anchor):
        # every violence the text tells is of an earlier time, and it opens on the day: a coder's
        # note or a database's summary of an old incident ("11/20/2009: Gunmen attacked a bus …",
        # "On 27 April 2020, …"), not an article's history
        return frozenset(timeline_sents), True
    return frozenset(out), False


def _opens_with_a_day(doc: Doc, sent_start: int, anchor: dt.date | None) -> bool:
    """The sentence (or the label before it) begins with a date to the day."""
    sent = sentence_of(doc[sent_start])
    label = label_before(sent)
    first = label.start if label is not None else sent.start
    return any(first <= span.start <= first + 2 and span._.time.is_date
               and resolve(span._.time, anchor)[1] == "day"
               for span in doc.spans.get("times", []) if first <= span.start < sent.end)


def _labelled_by(sent: Span) -> list[int]:
    """The sentence a time is in, and the one it labels when it is a label ("11/20/2009: | …")."""
    doc = sent.doc
    nxt = sent.end
    if nxt < len(doc) and label_before(sentence_of(doc[nxt])) is not None:
        return [sent.start, nxt]
    return [sent.start]


def _live_triggers(doc: Doc, background: set[int]) -> list[Span]:
    out = []
    for trig in doc.spans.get("triggers", []):
        sent = sentence_of(trig)
        if sent.start in background:
            continue
        # (the month May, a proper noun, is no modal: "On 4 May 2019, a landmine exploded")
        before = {t.lower_ for t in doc[max(sent.start, trig.start - 4):trig.start] if t.tag_ not in ("NNP", "CD")}
        if before & MODAL or _foiled(trig):
            continue
        if _other_incidents(trig) or (trig.root.dep_ in ("relcl", "acl") and _clause_of_other(
                trig, [o for o in doc.spans.get("triggers", []) if sent.start <= o.start < sent.end and _other_incidents(o)])):
            continue   # "the previous attacks …, which killed 3 people": those attacks' own clause
        if trig.label_ == "armed_clash" and trig.end < len(doc) and doc[trig.end].lower_ in words("abstract_enemies"):
            continue
        if trig.label_ == "ground_offensive" and _takes_people(trig):
            continue   # "captured a pilot", "the soldiers they seized": no ground offensive
        if trig.label_ in ("attack", "armed_clash") and _crowd_takes_part(trig, sent):
            # "protesters clashed with police", "police fired on demonstrators": a riot or a
            # crackdown on a protest, not a battle or an armed attack (CODEBOOK: other)
            trig = Span(doc, trig.start, trig.end, label="other", span_id=trig.id)
        elif trig.label_ == "attack":
            means = _means_type(trig)
            if means:   # "jets raided", "hit by artillery": the means names the kind of attack
                # (a device alone — "bombs kill 28" — only where no other word names the kind:
                # "its warplanes dropped … bombs" makes them an air strike's)
                weak = means == "explosion"
                trig = Span(doc, trig.start, trig.end, label=means, span_id="support" if weak else trig.id)
        out.append(trig)
    return out


def _crowd_takes_part(trig: Span, sent: Span) -> bool:
    """A crowd is who acts or who is acted on ("protesters clashed with police", "police fired
    on demonstrators", "thousands of protesters clashed") — not a crowd named beside the act
    ("shot while he filmed the demonstration", "killed at a roadblock held by rioters")."""
    if not _told_of_a_crowd(sent):
        return False
    crowd = _crowd_words()
    root = trig.root
    for t in sent:
        if t.lower_ in crowd:
            up = [t.head, t.head.head, t.head.head.head]
            if root in up[:3] and not any(a.dep_ in ("relcl", "acl", "advcl", "agent") and a.i != root.i
                                          for a in up[:up.index(root)] if a is not t):
                return True
    return False


def _told_of_a_crowd(sent: Span) -> bool:
    crowd = _crowd_words()
    lowers = lowers_and_numbers(sent.doc)[0]
    return any(lowers[i] in crowd for i in range(sent.start, sent.end))


@lru_cache(maxsize=1)
def _crowd_words() -> frozenset[str]:
    return frozenset(words("crowd_words"))


_A_DAY = frozenset({"weekday", "yesterday", "last_night", "day_before_yesterday", "today", "overnight", "month_day", "date"})


def tells_other_incidents(sent: Span) -> bool:
    """Whether a sentence's every trigger names incidents other than the article's ("the
    previous attacks at Turkish resorts, which killed 3 people, were also claimed by TAK"):
    its figures belong to none of the article's events."""
    trigs = [t for t in sent.doc.spans.get("triggers", []) if sent.start <= t.start < sent.end]
    if any(_several_incidents(t) for t in trigs):
        return True   # "7 dead in four shootings", "two killed in shootings across Chicago": a round-up (CODEBOOK)
    other = [t for t in trigs if _other_incidents(t)]
    return bool(other) and all(t in other or _clause_of_other(t, other) for t in trigs)


def _several_incidents(trig: Span) -> bool:
    """A round-up: incidents counted or spread ('four shootings', 'separate attacks',
    'weekend shootings', 'shootings across the city'), whose figures are no one incident's."""
    root = trig.root
    if root.tag_ != "NNS" or root.lower_ in words("wound_nouns"):
        return False   # "multiple stab wounds" are one victim's
    for c in root.children:
        if c.dep_ == "nummod" and c.like_num and c.lower_ not in ("one", "1") and root.lower_ in words("roundup_nouns"):
            return True   # "four shootings" (but "three explosions", "two bomb blasts": one coordinated attack)
        if c.dep_ in ("amod", "compound") and c.lower_ in words("roundup_modifiers"):
            return True
        if c.dep_ == "prep" and c.lower_ in words("spread_preps"):
            return True
    return False


def _clause_of_other(trig: Span, other: list[Span]) -> bool:
    """'the previous attacks at Turkish resorts, which killed 3 people': a relative clause
    within the noun phrase of incidents other than the article's tells those incidents."""
    return trig.root.dep_ in ("relcl", "acl") and any(trig.root.head.i in {w.i for w in o.root.subtree} for o in other)


def _names_an_earlier_one(trig: Span) -> bool:
    """'a hospital in Khan Shaykhun after the gas attack', 'an airbase used as a launchpad for
    a chemical attack': an incident named as the time or the reason of a thing, not told as
    news. (Not 'five killed after air strikes', 'fled after the shelling': a verb's cause.)"""
    root = trig.root
    while root.dep_ in ("compound", "amod") and root.head is not root:
        root = root.head   # "toxic gas" of "the toxic gas attack"
    prep = root.head
    return root.dep_ == "pobj" and prep.lower_ in words("reason_preps") and prep.head.tag_.startswith("NN") \
        and not any(t.start <= prep.head.i < t.end for t in trig.doc.spans.get("triggers", []))


def _foiled(trig: Span) -> bool:
    """'police foiled a suicide attack', 'a bombing was thwarted', 'a foiled attack': violence
    that did not happen."""
    root, foiled = trig.root, words("foiled_words")
    return (root.dep_ in ("dobj", "nsubjpass") and root.head.lower_ in foiled) \
        or any(c.dep_ in ("amod", "compound") and c.lower_ in foiled for c in root.children)


def _other_incidents(trig: Span) -> bool:
    """'has carried out several similar attacks', 'blamed for previous bombings': incidents
    other than the article's, named in passing — not 'similar airstrikes on Manbij on Monday',
    which tells one with its day."""
    if not any(c.dep_ == "amod" and c.lower_ in words("other_incidents_words") for c in trig.root.children):
        return False
    sent = sentence_of(trig)
    return not any(sent.start <= s.start < sent.end and s._.time.kind in _A_DAY for s in trig.doc.spans.get("times", []))


def _means_type(trig: Span) -> str | None:
    """The kind of attack a generic verb's doer names: aircraft ("Russian jets raided",
    "struck by warplanes") make an air strike, guns ("artillery pounded") shelling."""
    root = trig.root
    if not root.tag_.startswith("VB"):
        return None
    doers = [c for c in root.children if c.dep_ in ("nsubj", "agent")]
    doers += [g for c in doers if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    doers += [g for c in list(doers) for g in c.conjuncts]
    for d in doers:
        phrase = " ".join(t.lower_ for t in d.subtree)
        if d.lower_ in words("aircraft_nouns") or any(w in phrase for w in ("air force", "aerospace", "air forces")):
            return "air_strike"
        if d.lower_ in words("artillery_nouns"):
            return "shelling"
        if d.lower_ in words("explosive_nouns"):   # "a bomb killed 23 people"; "barrel bombs killed" are dropped from the air
            dropped = any(c.lower_ in words("air_dropped_words") for c in d.children if c.dep_ in ("compound", "amod"))
            return "air_strike" if dropped else "explosion"
    return None


def _armed_on_armed(e: Event) -> bool:
    """Who fought whom (issue 29): an ambush or a raid on an armed party ('militants ambushed a
    police patrol', 'an ambush on a military convoy'), or an attack on a post, base, patrol or
    convoy ('gunmen attacked an army checkpoint') is a clash of armed sides; on civilians
    ('gunmen ambushed a bus') it stays a one-sided attack."""
    ambush, posts, parties = words("ambush_words"), words("armed_post_nouns"), words("armed_party_nouns")
    named = {t for t in e.named_targets if t != "civilians"}
    for trig in e.triggers:
        if trig.label_ != "attack":
            continue
        sent = sentence_of(trig)
        lowers = lowers_and_numbers(trig.doc)[0]
        if set(lowers[sent.start:sent.end]) & words("remote_means"):
            continue   # "drones that tried to attack its air base": remote violence, no battle
        root = trig.root
        objects = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass")] + [
            g for c in root.children if c.dep_ == "prep" and (c.lower_ in words("target_preps") or (
                c.lower_ in words("aim_preps") and root.lemma_ in words("firing_verbs")))
            for g in c.children if g.dep_ == "pobj"]   # "fired RPGs at a police post"; not "shot at a naval base" (where)
        if root.dep_ in ("amod", "acl", "relcl") or (root.dep_ == "compound" and root.head.i > root.i):
            objects.append(root.head)   # "the ambushed convoy"
        if root.lower_ in ambush and root.dep_ == "pobj" and root.head.dep_ == "prep":
            # "UN troops were killed in an ambush", "… died in an ambush on a convoy": who fell in it
            objects += [c for c in root.head.head.children if c.dep_ in ("nsubjpass", "nsubj")]
            objects += [g for c in root.children if c.dep_ == "prep" and c.lower_ in words("target_preps")
                        for g in c.children if g.dep_ == "pobj"]
        objects = [o for o in objects if not any(   # "a convoy of vehicles", "a convoy of journalists": whose is it
            c.dep_ == "prep" and c.lower_ in words("partitive_words") and any(g.dep_ == "pobj" and g.lower_ not in parties for g in c.children)
            for c in o.children)]
        nouns = {o.lower_ for o in objects} | {m.lower_ for o in objects for m in o.children if m.dep_ in ("compound", "amod")}
        if nouns & words("crowd_words"):
            continue
        owned_by_armed = any(m.lower_ in parties for o in objects for m in o.children if m.dep_ in ("compound", "amod"))
        if nouns & posts or owned_by_armed or (root.lower_ in ambush and (nouns & parties or named)):
            return True   # "an army checkpoint", "a police station", "a military vehicle": an armed side's own
    return False


def _takes_people(trig: Span) -> bool:
    """Whether a verb of taking ground ("captured", "seized") is said of people instead."""
    root = trig.root
    if not root.tag_.startswith("VB"):
        return False
    people = set(victim_words()) | words("singular_victims")
    objects = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass")]
    if root.dep_ in ("relcl", "amod", "acl"):   # "a pilot they captured", "the captured pilot"
        objects.append(root.head)
    return any(o.lower_ in people for o in objects)


def clause_verb(token):
    """The verb whose clause holds a word: the word itself or its nearest verb above that
    heads a clause (not a participle modifying a noun: '20 people injured in …')."""
    for t in [token, *token.ancestors]:
        if t.tag_.startswith("VB") and t.dep_ not in ("acl", "amod", "compound"):
            return t
    return None


def _claimed(trig: Span) -> bool:
    """A trigger that is what someone claimed: 'claimed the attack', 'claimed responsibility
    for the bombing' — an incident already told, named again."""
    t = trig.root
    if t.dep_ == "dobj" and t.head.lower_ in CLAIM_WORDS:
        return True
    return t.dep_ == "pobj" and t.head.lower_ in words("responsibility_preps") and t.head.head.lower_ in words("responsibility_nouns") \
        and (t.head.head.head.lower_ in CLAIM_WORDS or t.head.head.head.lower_ in words("responsibility_verbs"))


def _speaks(place: Span) -> bool:
    """A place named for its government, as who says something: "Washington and Paris say
    forces loyal to Assad were behind the attack", "Moscow said" — not where it happened."""
    root = place.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.dep_ == "nsubj" and root.head.lower_ in words("say_verbs")


def _places_for(trig: Span, places: list[Span]) -> list[Span]:
    """The place(s) a trigger is about: the nearest specific place after it in the sentence
    (then before it), with any places listed together with that one."""
    sent = sentence_of(trig)
    doc = trig.doc
    verb = clause_verb(trig.root)
    in_sentence = [p for p in places if sent.start <= p.start < sent.end]
    if not _names_an_earlier_one(trig):
        # "missiles damaged an airbase used as a launchpad for a chemical attack on a village
        # in Idlib": the places of an earlier incident named in passing are that incident's
        earlier = {i for t in doc.spans.get("triggers", []) if sent.start <= t.start < sent.end and _names_an_earlier_one(t)
                   for i in range(t.root.left_edge.i, t.root.right_edge.i + 1)}
        in_sentence = [p for p in in_sentence if p.start not in earlier]
    if doc._.countries:
        # a place outside the countries the article is about ("officials in Washington said the
        # strike …") is the trigger's only when its own clause names it
        in_sentence = [p for p in in_sentence if p._.place.country_code in doc._.countries or (
            verb is not None and getattr(clause_verb(p.root), "i", None) == verb.i)]
    local = [p for p in in_sentence if p._.place_level != "country"]
    if not local:
        return in_sentence[:1]
    # "rockets fired from Gaza hit Ashkelon": where they came from is not where they struck
    origin = {p.start for p in local if p.start > 0 and trig.doc[p.start - 1].lower_ in words("origin_preps", GEO_LEXICON)
              and trig.doc[p.start - 1].head.lower_ in words("origin_verbs", GEO_LEXICON)}
    if len(origin) < len(local):
        local = [p for p in local if p.start not in origin]
    after = [p for p in local if p.start >= trig.end and p.start - trig.end <= 25]
    before = [p for p in local if p.end <= trig.start]
    # "the gas attack in Syria", "shelling on Douma": a place the trigger itself governs is its place
    direct = [p for p in in_sentence if p.root.dep_ == "pobj" and p.root.head.dep_ == "prep"
              and p.root.head.head.i in range(trig.start, trig.end) and p.root.head.lower_ in words("scene_preps")]
    # "In Mhardeh rebel shells killed two, and in Saraqib seven died": the place of the
    # trigger's own clause first
    own = [p for p in after + before[::-1] if verb is not None and getattr(clause_verb(p.root), "i", None) == verb.i]
    if direct and direct[0] not in local:
        return direct[:1]   # "the gas attack in Syria": the country the trigger itself names
    chosen = direct[0] if direct else own[0] if own else after[0] if after else (before[-1] if before else local[0])
    # "in Jayrud near Damascus", "in Tall Tawil in Hasakeh province": a place that only
    # situates the one before it is not where the incident was
    while chosen._.place_level in ("near_place", "admin2", "admin1"):
        idx = local.index(chosen)
        prev_place = local[idx - 1] if idx > 0 else None
        if prev_place is None or prev_place._.place_level not in ("place",) or chosen.start - prev_place.end > 6:
            break
        gap = trig.doc[prev_place.end:chosen.start]
        if not all(t.lower_ in words("situating_words") or t.is_punct for t in gap):
            break
        chosen = prev_place
    group = [chosen]
    idx = local.index(chosen)
    for nxt in local[idx + 1:]:
        gap = trig.doc[group[-1].end:nxt.start]
        if all(t.lower_ in (",", "and", "or", "the", "town", "city", "of", "towns", "cities", "provinces", "province") for t in gap):
            group.append(nxt)
        else:
            break
    return group


def clause_of(sent: Span, triggers: list[Span]) -> Span:
    """The part of a sentence between semicolons that holds the given triggers: a headline
    'Air strikes kill seven in X; rebel shells hit Y' tells two incidents."""
    doc = sent.doc
    inside = [t for t in triggers if sent.start <= t.start < sent.end]
    if not inside:
        return sent
    first, last = min(t.start for t in inside), max(t.end for t in inside)
    start = max([i + 1 for i in range(sent.start, first) if doc[i].text == ";"], default=sent.start)
    end = min([i for i in range(last, sent.end) if doc[i].text == ";"], default=sent.end)
    return doc[start:end]


def _names_the_place(a: Span, place_starts: set[int], triggers: list[Span]) -> bool:
    """A party whose name is also a place's (Syria, Moscow, Washington), used as the place:
    after a preposition of place or a direction ("in Syria", "talks with Russia", "northern
    Syria"), as the dateline, as a noun's modifier ("a Syria market", not "Syria troops" or
    "Russia strikes"), or before the place it situates ("Syria's Idlib")."""
    doc = a.doc
    prev = doc[a.start - 1].lower_ if a.start > 0 else ""
    if prev in words("place_not_party_before") or prev in words("admin1_before"):
        return True
    if doc._.dateline is not None and a.start == doc._.dateline.start:
        return True
    after = a.end + 1 if a.end < len(doc) and doc[a.end].lower_ in ("'s", "’s") else a.end
    if after in place_starts:
        return True
    head = a.root.head
    return a.root.dep_ == "compound" and head.i >= a.end and head.tag_.startswith("NN") \
        and head.lower_ not in ATTACK_MEANS and head.lower_ not in words("generic_actor_words") \
        and not any(t.start <= head.i < t.end for t in triggers) \
        and not any(s.start <= head.i < s.end for s in doc.spans.get("actors", []))


def _described_by(name: Token) -> Token:
    """The noun a name stands beside as its description ('the separatist group ETA', 'a Basque
    group, ETA'): the description's place in the sentence is the name's. The name itself
    otherwise."""
    described = words("armed_party_nouns") | words("collective_nouns")
    noun = name
    while noun.dep_ in ("appos", "compound") and noun.head.i < noun.i and noun.head.tag_.startswith("NN") \
            and noun.head.lower_ in described:
        noun = noun.head
    doc = name.doc
    left = name.left_edge.i
    if noun is name and left >= 2 and doc[left - 1].text == "," and doc[left - 2].lower_ in described:
        noun = doc[left - 2]   # the parser may hang "…, ETA" elsewhere: the comma tells the apposition
    return noun


def scored_actor_roles(sent: Span, actors: list[Span]) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(score, position, actor) of the attackers and of the targets of one sentence: how
    strongly the words around each actor give it that role."""
    doc = sent.doc
    scored_att: list[tuple[int, int, str]] = []
    scored_tgt: list[tuple[int, int, str]] = []
    triggers = [t for t in doc.spans.get("triggers", []) if sent.start <= t.start < sent.end]
    first_trigger = triggers[0].start if triggers else None
    ordered = sorted(actors, key=lambda x: x.start)
    place_starts = {p.start for p in doc.spans.get("places", [])}
    if doc._.dateline is not None:
        place_starts.add(doc._.dateline.start)
    # "ISIL terrorists", "Daesh militants": the generic noun is the group named before it
    # (not "Syria rebels", "Kurdish rebels": a country's or a people's rebels are not the state's)
    generic = {b.start: a for a, b in zip(ordered, ordered[1:])   # ("Boko Haram (JAS) militants": past the bracket)
               if (b.start == a.end or (b.start == a.end + 1 and doc[a.end].text == ")"))
               and b.text.lower() in words("generic_actor_words")
               and not ((doc[a.start].ent_type_ in ("GPE", "NORP") and actor_kind(a.id_)[0] not in words("militant_actor_kinds"))
                        or a.text.lower() in ADJECTIVAL)}
    followed = {a.start: b for b_start, a in generic.items() for b in ordered if b.start == b_start}
    for a in ordered:
        if not (sent.start <= a.start < sent.end) or a.start in generic:
            continue
        name = a._.actor
        if a.start in followed:
            a = doc[a.start:followed[a.start].end]
        nxt = doc[a.end].lower_ if a.end < len(doc) else ""
        nxt2 = doc[a.end + 1].lower_ if a.end + 1 < len(doc) else ""
        prev = doc[a.start - 1].lower_ if a.start > 0 else ""
        prev2 = doc[a.start - 2].lower_ if a.start > 1 else ""
        text_low = a.text.lower()
        if nxt in words("coordinators") and a.end + 2 < len(doc) and doc[a.end + 2].lower_ in ATTACK_MEANS:
            nxt = doc[a.end + 2].lower_   # "government and Russian warplanes"
        if text_low in ADJECTIVAL and nxt not in ATTACK_MEANS and not any(t.start == a.end for t in triggers):
            continue   # "Syrian activists", "Russian leaders": not a party acting here
        if a.start in place_starts and a.label_ not in NAMED_LABELS and _names_the_place(a, place_starts, triggers):
            continue   # "in Syria", "to Moscow", "a Syria market", "northern Syria", "Syria's Idlib"
        att = tgt = 0
        if a.label_ == NAMED_PERSON:
            att += 3   # named as who did it ("the attacker, identified as X")
        elif a.label_ == NAMED_GROUP:
            att += 1   # in a perpetrator's place ("X militants", "X claimed …", scored below too)
        head = a.root
        noun = head   # "IS" of "IS fighters", "Islamic State (West Africa) fighters"
        while noun.dep_ in ("compound", "amod", "nmod") and noun.head.i > noun.i:
            noun = noun.head
        parts = words("collective_nouns") | words("group_part_nouns")
        collective = noun.dep_ == "pobj" and noun.head.lower_ in words("partitive_words") and noun.head.head.lower_ in parts
        if collective:
            head = noun.head.head   # "a group of gunmen attacked", "killing dozens of militants": the group's role is theirs
        elif noun.dep_ == "poss" and noun.head.lower_ in parts:
            head = noun.head   # "Al-Qaeda's wing in North Africa claimed responsibility"
        means_after = nxt in ATTACK_MEANS and not (nxt in words("force_member_nouns") and prev in TARGET_BEFORE)
        if means_after or any(w in text_low for w in ("jets", "warplanes", "army", "forces", "artillery", "air force", "military", "troops", "helicopters", "aircraft", "planes", "gunships")):
            att += 2
        if head.dep_ == "nsubj" and (head.head.lower_ in CLAIM_WORDS or (
                head.head.lower_ in words("responsibility_verbs")
                and any(c.dep_ == "dobj" and c.lower_ in words("responsibility_nouns") for c in head.head.children))):
            att += 3   # "Islamic State claimed the attack", "the brigades took responsibility"
        behind = noun if noun.dep_ == "nsubj" else head
        if behind.dep_ == "nsubj" and (behind.head.lower_ in PERPETRATOR or any(
                c.lower_ in PERPETRATOR for c in behind.head.subtree if c.i > behind.head.i and c.i - behind.head.i <= 4)):
            att += 3   # "FNI are likely to be behind the attack", "the group was responsible for it"
        elif behind.dep_ == "nsubjpass" and behind.head.lower_ in words("suspicion_verbs"):
            att += 3   # "Boko Haram (JAS) was suspected", "the Taliban are suspected of the bombing"
        agent_preps = words("agent_preps")
        by = doc[a.start - 1] if prev in agent_preps else doc[a.start - 2] if prev in words("articles") and prev2 in agent_preps else None
        named_for = _described_by(head)   # "by the separatist group ETA", "blamed on a Basque group, ETA"
        if by is None and named_for.dep_ == "pobj" and named_for.head.lower_ in agent_preps:
            by = named_for.head   # "by the separatist group ETA": the name is what 'by' governs
        if by is None and noun.dep_ == "pobj" and noun.head.dep_ == "agent":
            by = noun.head   # "was shot and killed by a Cleveland police officer": the actor names the agent's noun
        stopped = words("attacker_nouns") | words("attacker_plurals")
        if (by is not None and any(c.dep_ == "nsubjpass" and c.lower_ in stopped for c in by.head.head.children)) or (
                noun.dep_ == "nsubj" and any(c.dep_ == "dobj" and c.lower_ in stopped for c in noun.head.children)):
            continue   # "the assailants were shot dead by police", "security forces killed four attackers": who stopped it
        if by is not None and by.head.lower_ in words("held_by_words"):
            tgt += 3   # "a town controlled by a rebel alliance", "held by IS": who holds the place struck
        elif by is not None and by.head.lower_ in words("not_a_casualty_words"):
            pass   # "arrested by Thames Valley Police", "rescued by the army": not who attacked
        elif by is not None or f"{prev2} {prev}" in phrases("loyalty_phrases") or nxt2 in words("backing_words") \
                or (nxt[:1] == "-" and nxt[1:] in words("backing_words")):
            att += 2   # "strikes by the Saudi-led coalition", "forces loyal to", "Iran-backed"
        # "Al-Shabaab militants attacked": the militants act for the group; "Syria rebels kill 7":
        # the rebels are an actor of their own, not Syria's
        own_noun = noun.i < a.end or not any(o.start <= noun.i < o.end for o in ordered if o.start != a.start)
        subject = noun if noun.dep_ in ("nsubj", "agent") and own_noun and noun.lower_ not in words("armed_post_nouns") else head
        acts_as_subject = subject.dep_ in ("nsubj", "agent") and (
            subject.head.lower_ in ATTACK_VERBS or any(_verb_of_trigger(subject.head, t) for t in triggers))
        verb = subject.head
        if subject.dep_ == "nsubj" and any(c.dep_ == "prep" and c.lower_ in words("under_attack_preps") for c in verb.children):
            tgt += 3   # "African Union peacekeepers come under attack", "the convoy came under fire"
        elif acts_as_subject and sent.start == 0 \
                and not any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ in TARGET_BEFORE)
                            for v in (verb, *(c for c in verb.children if c.dep_ == "conj")) for c in v.children) \
                and (verb.lower_ in words("harm_verbs") or verb.lower_ in words("killed_words_after")):
            tgt += 3   # a headline drops "was": "British soldier shot and killed in southern Afghanistan"
        elif acts_as_subject:
            att += 2
        phrase = head   # "Syrian opposition figure George Sabra said": the actor names who speaks
        while phrase.dep_ in ("compound", "poss", "amod", "appos", "nmod") and phrase.head is not phrase and phrase.head.tag_.startswith("NN"):
            phrase = phrase.head
        if phrase.head.lower_ in words("say_verbs") and phrase.head.lower_ not in CLAIM_WORDS and phrase.dep_ == "nsubj":
            verb = phrase.head
            own = [t for t in sent if t.i != verb.i and (t.lower_ in words("own_side_words") or (
                t.lower_ in words("group_nouns") and t.i + 1 < sent.end and doc[t.i + 1].lower_ in ("'s", "’s", "members", "fighters")))]
            if any(t.head.lower_ in ATTACK_MEANS for t in own):
                att += 2
            elif own and any(t.start > verb.i for t in triggers):
                pass   # "the Nusra feed said one of the group's members blew himself up": maybe its own attack
            else:
                continue   # "opposition groups say", "Britain accused …": who speaks of the attack
        elif head.head.lower_ in ("claimed",) and head.dep_ == "nsubj":
            att -= 1
        elif (phrase.dep_ == "pobj" and phrase.head.head.lower_ in words("according_words")) or (
                phrase.dep_ in ("dobj", "dative") and phrase.head.lower_ in words("telling_verbs")):
            continue   # "according to Chicago police, the victim was shot", "a witness told police": who speaks or hears
        blamed = words("attribution_verbs")
        if (prev in words("blame_preps") and blames_on(doc[a.start - 1])) or (
                prev2 in words("blame_preps") and prev in words("articles") and blames_on(doc[a.start - 2])) or (
                noun.dep_ == "dobj" and noun.head.lower_ in blamed) or (
                named_for.dep_ == "pobj" and named_for.head.lower_ in words("blame_preps") and blames_on(named_for.head)):
            att += 4   # "blamed the attack on ETA", "attributed the bombing to the LTTE", "accused the Taliban"
        elif prev in words("partitive_words") and prev2 in words("armed_post_nouns"):
            tgt += 4   # "… a convoy of Canadian troops", "the positions of the army": whose post was hit
        elif head.dep_ == "pobj" and head.head.lower_ in words("pair_preps") and _is_trigger_root(head.head.head, triggers) \
                and any(c.dep_ == "conj" for c in head.children):
            att += 3   # "clashes between FARDC and ADF": the side named first
        elif head.dep_ == "conj" and head.head.dep_ == "pobj" and head.head.head.lower_ in words("pair_preps") \
                and _is_trigger_root(head.head.head.head, triggers):
            tgt += 3   # … and the other side
        elif (prev in TARGET_BEFORE and not collective) or prev2 in words("target_two_before"):
            tgt += 3
        counted = doc[a.start - 1] if a.start > 0 else None
        acts = head.dep_ == "nsubj" and head.head.lower_ in ATTACK_VERBS and any(c.dep_ == "dobj" for c in head.head.children)
        if counted is not None and (counted.like_num or counted.lower_ in words("counting_words")) and not acts:
            tgt += 3   # "23 terrorists killed", "100 ISIL fighters": the dead are not who attacked
            # ("three gunmen attacked a checkpoint": counted, but the subject of what they did)
        victims = noun if noun is not head and noun.lower_ in victim_words() else head   # "a police sergeant was killed"
        if victims.dep_ == "nsubjpass" and (victims.head.lower_ in words("killed_words_after") or victims.head.lower_ in ATTACK_VERBS):
            tgt += 2
        if ((nxt in TARGET_AFTER or nxt in words("armed_post_nouns")) and not (acts_as_subject and noun.dep_ == "nsubj" and noun.i >= a.end)) \
                or (nxt in ("'s", "’s") and nxt2 in TARGET_AFTER | {"de"}) or text_low.endswith(("-held", "held")):
            tgt += 3   # "strikes on IS positions", "ISIL militants were killed"; not "IS militants attacked a base"
        if victims.dep_ == "dobj" and victims.head.lower_ in ATTACK_VERBS and victims.head.i < victims.i:
            tgt += 3   # "gunmen attacked the Thai army", "… attacked police officers": what was attacked, armed or not
        elif head.dep_ in ("dobj", "pobj") and (head.head.lower_ in ATTACK_VERBS or head.head.lower_ in words("target_preps")):
            tgt += 1
        # nothing but the order of words: before the trigger the attacker, after it the target
        # — unless the actor only describes another noun ("a police building", "a police officer")
        describes = head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i >= a.end \
            and head.head.lower_ in words("described_nouns")
        if _owns_what_was_hit(a, triggers) and not tells_other_incidents(sent):
            att, tgt = 0, tgt + 3   # "stormed the U.S. embassy", "a bomb outside the HQ of Ferrovial"
        after_the_fact = noun.dep_ == "nsubj" and noun.head.lower_ in words("after_the_fact_verbs")
        if att == 0 and tgt == 0 and first_trigger is not None and not describes and not after_the_fact:
            # ("Police on Monday charged a man in Saturday's shooting": who charged did not shoot)
            if a.end <= first_trigger:
                att = 1
            else:
                tgt = 1
        if att > tgt:
            scored_att.append((att, a.start, name))
        elif tgt > att:
            scored_tgt.append((tgt, a.start, name))
    return scored_att, scored_tgt


def _verb_of_trigger(verb: Token, trig: Span) -> bool:
    """Whether a trigger is this verb, or what it goes on to do ("looted and burned houses,
    killing 24": the subject of 'looted' killed)."""
    tok = trig.root
    while tok.i != verb.i and tok.dep_ in ("conj", "advcl", "xcomp") and tok.head.i != tok.i:
        tok = tok.head
    return tok.i == verb.i


def _is_trigger_root(tok: Token, triggers: list[Span]) -> bool:
    """Whether a token is the head word of one of the sentence's triggers, or the verb of one
    ("fighting broke out between …")."""
    return any(t.root.i == tok.i or (t.root.dep_ == "nsubj" and t.root.head.i == tok.i) for t in triggers)


def _owns_what_was_hit(actor: Span, triggers: list[Span]) -> bool:
    """The actor names whose facility the attack hit: it modifies or owns a facility noun
    ('the U.S. embassy', "the African Union's base", 'the headquarters of Ferrovial') that
    is the object of an attack verb or trigger, or follows one after 'on', 'outside' …"""
    facilities = words("facility_nouns")
    noun = actor.root
    while noun.dep_ in ("compound", "amod", "poss", "nmod") and noun.head.i > noun.i and noun.head.lower_ not in facilities:
        noun = noun.head
    if noun.dep_ in ("compound", "amod", "poss", "nmod") and noun.head.lower_ in facilities:
        facility = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in words("partitive_words") and noun.head.head.lower_ in facilities:
        facility = noun.head.head
    else:
        return False
    hits = {t.root.i for t in triggers} | {t.i for t in actor.doc[facility.sent.start:facility.sent.end] if t.lower_ in ATTACK_VERBS}
    verb = facility.head
    if facility.dep_ in ("dobj", "nsubjpass") and verb.i in hits:
        return True
    if any(c.dep_ == "acl" and c.i in hits for c in facility.children) or (
            facility.dep_ == "nsubj" and verb.i in hits and facility.sent.start == 0
            and not any(c.dep_ == "dobj" for c in verb.children)):
        return True   # a headline without its 'was': "Police station attacked"
    return facility.dep_ == "pobj" and verb.lower_ in words("struck_at_preps") and verb.head.i in hits


def assemble_events(doc: Doc) -> list[Event]:
    priority = event_priority()
    background = background_sentences(doc)
    triggers = _live_triggers(doc, background)
    # where the incident happened: places named as such, not the place of who speaks or acts
    # ("Denver police") or where the victims came from, which locate it only as a last resort
    every_place = [p for p in doc.spans.get("places", []) if not _speaks(p)]
    places = [p for p in every_place if p._.place_role == "place"]
    actors = list(doc.spans.get("actors", []))

    # One candidate per (sentence, place group): the highest-priority trigger that is not
    # merely support names its type.
    candidates: list[list] = []   # [sentence start, type, places, triggers, weak]
    by_key: dict[tuple[int, tuple], int] = {}

    def strength(trig: Span) -> tuple[int, int]:
        return (0 if is_support(trig) or _names_an_earlier_one(trig) else 1, priority.get(trig.label_, 0))

    for trig in triggers:
        group = _places_for(trig, places)
        key = (sentence_of(trig).start, tuple((p.start for p in group)))
        weak = is_support(trig) or trig.label_ == "attack"
        if key in by_key:
            c = candidates[by_key[key]]
            if strength(trig) > max(strength(t) for t in c[3]):
                c[1] = trig.label_
            c[3].append(trig)
            c[4] = c[4] and weak
            continue
        by_key[key] = len(candidates)
        candidates.append([sentence_of(trig).start, trig.label_, group, [trig], weak])

    sent_of = {s.start: s for s in sentences(doc)}
    # the headline and the lead (the first two sentences with a trigger, a dateline's repeat
    # of the headline counting with the headline) tell the primary incident
    told = sorted({c[0] for c in candidates})
    headline_text = re.sub(r"\W+", " ", next(iter(sent_of.values())).text).strip().lower()
    repeats = {s for s in told[1:] if headline_text and headline_text in re.sub(r"\W+", " ", sent_of[s].text).lower()}
    told = [s for s in told if s not in repeats]
    # a sentence that names incidents only in passing ("a hospital after the gas attack") is no lead
    in_passing = {id(c) for c in candidates if all(_names_an_earlier_one(t) for t in c[3])}
    leads = {c[0] for c in candidates if id(c) not in in_passing}
    told = told[:1] + [s for s in told[1:] if s in leads]
    opening = set(told[:2]) | repeats

    events: list[Event] = []
    last: Event | None = None
    for candidate in candidates:
        sent_start, etype, group, trigs, weak = candidate
        passing = id(candidate) in in_passing
        # an incident named in passing continues only an incident told of its own kind, and
        # gives no other its kind or its place
        pool = [e for e in events if not e.weak_type and compatible_types(e.event_type, etype)] if passing else events
        # "IS claimed the attack on Tuesday": the day of the claim, not of the attack told before
        day = None if all(_claimed(t) for t in trigs) else _candidate_day(doc, trigs, sent_of[sent_start])
        specific = [p for p in group if p._.place_level != "country"]
        targets_for = [[p] for p in specific] or [group]
        for place_list in targets_for:
            place = place_list[0] if place_list else None
            chosen = _incident_for(doc, pool, last if last in pool else None, place, etype, weak, day, sent_start,
                                   set() if passing else opening)
            if chosen is None:
                chosen = Event(index=len(events), event_type=etype, weak_type=weak)
                events.append(chosen)
            elif (chosen.weak_type and not weak) or (chosen.event_type == "attack" and etype != "attack" and not weak):
                chosen.event_type, chosen.weak_type = etype, False
            elif not weak and event_kind_of().get(etype) == chosen.event_type:
                chosen.event_type = etype   # "a blast on a bus" … "a suicide bomber blew himself up"
            elif not weak and sent_start in opening and min(chosen.sentences) in opening \
                    and priority.get(etype, 0) > priority.get(chosen.event_type, 0):
                chosen.event_type = etype   # "rebels kill 7 in Aleppo assault" / "died in rebel shelling"
            if sent_start not in chosen.sentences:
                chosen.sentences.append(sent_start)
            chosen.places.extend(p for p in place_list if p is not None)
            chosen.triggers.extend(trigs)
            if day is not None and chosen.day is None:
                chosen.day = day
            last = chosen
    if not events:
        return []

    # Primary: the headline's incident, else the first one told.
    first_sent = next(iter(sent_of))
    headline = [e for e in events if first_sent in e.sentences]
    primary = headline[0] if headline else events[0]
    if headline and _tells_a_trend(sent_of[first_sent], triggers):
        # "Regime intensifies attacks on Damascus": no incident in the headline; the first
        # concrete one (a town and a day) told after it is primary
        concrete = sorted((e for e in events if e.day is not None and e.place is not None and e.place._.place_level == "place"),
                          key=lambda e: min(e.sentences))
        primary = concrete[0] if concrete else primary
    primary.is_primary = True
    if primary.event_type == "armed_clash" and any(_told_of_a_crowd(sent_of[s]) for s in sorted(opening)[:3]):
        # "One killed in clashes in Tallinn" … "rioters fought police": the headline's clashes
        # are the lead's riot (CODEBOOK: other)
        primary.event_type = "other"
    lead = [s for s in list(sent_of.values())[1:5] if s.start not in background]
    _attach_actor_sentences(doc, events, actors, background, {sentence_of(t).start for t in triggers})
    for e in events:
        # who did it: the actor the words most clearly make the attacker in any of its
        # sentences ("Maoist rebels attacked …" over the headline's "Police post attacked"),
        # the earlier sentence on a tie
        scored_att: list[tuple[int, int, str]] = []
        other_means = _other_kinds_means(e.event_type)
        for s in e.sentences + e.actor_sentences:
            att, tgt = scored_actor_roles(clause_of(sent_of[s], e.triggers), actors)
            if other_means:   # "Israel responds to Hamas rockets with air strike": Hamas fired the rockets, not the strike
                att = [x for x in att if not any(a.start == x[1] and a.end < len(doc) and doc[a.end].lower_ in other_means
                                                 for a in actors)]
            e.named_targets |= {n for score, _, n in tgt if score >= 2}
            e.blamed |= {n for score, _, n in att if score >= CLAIMED_SCORE}
            scored_att.extend(att)
            first = max(att, key=lambda x: x[0])[2] if att else None
            e.targets.extend(n for _, _, n in sorted(tgt, key=lambda x: (-x[0], x[1])) if n not in e.targets and n != first)
        # who is named as the one who did it outranks who is merely placed before the verb
        # ("Police shoot man dead after knife attack" … "the attacker, identified as X")
        named = {a._.actor for a in actors if a.label_ == NAMED_PERSON}
        # a claim of responsibility or a blame (5 and more) outranks a subject of a verb of violence
        # (not in a riot: "officials blamed the Dalai Lama for the unrest" names no rioter)
        claimed = CLAIMED_SCORE if e.event_type != "other" else 99
        for _, _, name in sorted(scored_att, key=lambda x: (-(3 if x[0] >= claimed else min(x[0], 2)), x[2] not in named, x[1])):
            if name not in e.attackers:
                e.attackers.append(name)
        if e.event_type == "other":
            _crowd_first(e, actors, set(sent_of) - background if e.is_primary else set(), sent_of)
        e.evidence = sent_of[e.sentences[0]].text.strip()
        e.event_date, e.date_precision = _event_date(doc, e, sent_of, lead if e.is_primary else None)
        _strike_counts(doc, e, sent_of)

    for e in events:
        if e.event_type == "attack" and _armed_on_armed(e):
            e.event_type = "armed_clash"   # an ambush on a convoy, a raid on a post: both sides armed
        if not e.is_primary and (e.place is None or e.place._.place_level == "country"):
            _place_from_context(doc, e, places)

    home = doc._.country
    about_home = any(p._.place.country_code == home for p in places)
    outside = primary.place is not None and primary.place._.place.country_code != home and about_home
    if primary.place is None or primary.place._.place_level == "country" or outside:
        _place_from_lead(doc, primary, places, background, home_only=outside)
    dateline = doc._.dateline   # "KABUL (AP) — A suicide bomber ... in the west of the capital"
    if dateline is not None and (primary.place is None or primary.place._.place_level == "country"):
        country = primary.place._.place.country_code if primary.place is not None else home
        if dateline._.place.country_code == country:
            primary.places.append(dateline)
    lead_place = _lead_place(doc, primary, events, places, background)
    if lead_place is not None:
        primary.places.insert(0, lead_place)
    if primary.place is not None and primary.place._.place_level in ("admin1", "admin2"):
        # "protesters clash with police in Tibet" … "in Lhasa, the capital": the lead's town in
        # that division locates the headline's incident
        division = primary.place._.place
        others = {s for e in events if e is not primary for s in e.sentences}
        lead_sents = [s for s in sentences(doc) if s.start not in background][:4]
        lead_sents = [s for s in lead_sents if s.start not in others and not _tells_another(doc, s.start)]
        towns = [p for p in places if p._.place_level in ("place", "near_place") and p._.place.country_code == division.country_code
                 and p._.place.admin1 == division.admin1 and any(s.start <= p.start < s.end for s in lead_sents)]
        if towns:
            primary.places.append(towns[0])
    if primary.place is None or primary.place._.place_level == "country":
        # "Denver police said a man was shot …": the place of who speaks is the only one named
        _place_from_lead(doc, primary, [p for p in every_place if p._.place_role != "place"], background)
    for e in events:   # the codebook: an article's events lie in the country it reports from
        if e.place is None and doc._.country is not None:
            named_home = next((p for p in places if p._.place.kind == "country" and p._.place.country_code == doc._.country), None)
            if named_home is not None:
                e.places.append(named_home)
    return events


def _lead_place(doc: Doc, primary: Event, events: list[Event], places: list[Span], background: set[int]) -> Span | None:
    """The lead's own town for a headline incident placed only by a later sentence: "rockets
    were fired at the farms of Netiv Ha'asara" (the lead) over "… avenges the killing of a
    leader in Nablus" (told after it). None when the incident's place is already the lead's."""
    lead = [s for s in sentences(doc) if s.start not in background][:4]
    others = {s for e in events if e is not primary for s in e.sentences}
    lead = [s for s in lead if s.start not in others and not _tells_another(doc, s.start)]
    current = primary.place
    if current is None or not lead or any(s.start <= current.start < s.end for s in lead):
        return None
    towns = [p for p in places if p._.place_level in ("place", "near_place") and p._.place.country_code == doc._.country
             and any(s.start <= p.start < s.end for s in lead)]
    return towns[0] if towns and current._.place_level in ("place", "near_place", "admin2", "admin1") else None


def _is_coarse(place: Span) -> bool:
    """A place that locates an incident only roughly: a governorate, 'near X', or the city
    that shares its governorate's name (the headline's 'Aleppo' of the lead's 'Sheikh Maqsoud')."""
    return place._.place_level in ("admin1", "admin2", "near_place") or place._.place.source == GOVERNORATES


def _incident_for(doc: Doc, events: list[Event], last: Event | None, place: Span | None, etype: str, weak: bool,
                  day: dt.date | None, sent_start: int, opening: set[int]) -> Event | None:
    """The incident told so far that a trigger (its type, place and day) continues, or None
    for a new one. An incident is one place, one day and one kind of attack: another town
    of the same governorate, or another day, is another incident; a trigger without a place
    continues the latest incident of its kind; the headline and the lead tell one incident
    whatever words they use for it."""
    def fits(e: Event) -> bool:
        same_kind = e.weak_type or weak or compatible_types(e.event_type, etype) or \
            (sent_start in opening and min(e.sentences) in opening)
        return same_kind and (day is None or e.day is None or e.day == day)

    if _tells_another(doc, sent_start) and not (place is None or place._.place_level == "country"):
        # "In a separate attack near Damboa …", "Separately, …": not the incident told before
        named = [e for e in events if place._.place.name in {p._.place.name for p in e.places} and fits(e)]
        return max(named, key=lambda e: max(e.sentences)) if named else None
    if sent_start in opening:
        admin1 = place._.place.admin1 if place is not None and place._.place_level != "country" else None
        told = [e for e in events if min(e.sentences) in opening and fits(e) and (admin1 is None or e.admin1 in (None, admin1))]
        if told:
            return told[0]
    if place is None or place._.place_level == "country":
        pool = [e for e in events if fits(e)]
        if pool:
            return max(pool, key=lambda e: max(e.sentences))
        if last is not None and (place is None or last.place is None) and (day is None or last.day in (None, day)):
            return last
        return None
    admin1 = place._.place.admin1
    same_admin1 = [e for e in events if e.admin1 is not None and e.admin1 == admin1 and fits(e)]
    if _is_coarse(place):
        # "in Aleppo province", "near Damascus": the latest incident of that governorate
        if same_admin1:
            return max(same_admin1, key=lambda e: max(e.sentences))
    else:
        key = place._.place.name
        named = [e for e in same_admin1 if any(p._.place.name == key for p in e.places)]
        if named:
            return max(named, key=lambda e: max(e.sentences))
        # an incident placed so far only roughly, in this governorate, recently: this place refines it
        # ("near Damascus" … "the town of Douma": near a place may be across its governorate's line)
        rough = [e for e in events if all(_is_coarse(p) or p._.place_level == "country" for p in e.places)
                 and (e.admin1 == admin1 or any(p._.place_level == "near_place" and km_apart(p._.place, place._.place) <= NEAR_KM
                                                for p in e.places))
                 and fits(e)
                 and (_sentences_between(doc, max(e.sentences), sent_start) <= 3 or min(e.sentences) in opening)]
        if rough:
            return rough[0]
    # an incident told so far without a place (a headline's "in Syria") is the one this place belongs to
    return next((e for e in events if (e.place is None or e.place._.place_level == "country") and fits(e)
                 and _sentences_between(doc, max(e.sentences), sent_start) <= 3), None)


def _tells_another(doc: Doc, sent_start: int) -> bool:
    """A sentence that says it tells another incident: 'separately', 'a separate attack',
    'elsewhere'."""
    return _NEW_INCIDENT.search(sentence_of(doc[sent_start]).text) is not None


# the words of new_incident_words as one pattern over a sentence's text (a Token per word is slow)
_NEW_INCIDENT = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words("new_incident_words")))) + r")\b", re.IGNORECASE)


def _candidate_day(doc: Doc, triggers: list[Span], sent: Span) -> dt.date | None:
    """The day a sentence's own time words give the incident its triggers tell, if any."""
    # a named day only: "overnight" and "today" are dated by the night a later sentence names
    found = [c for c in _dated(doc, triggers, [sent]) if c[5] == "day" and c[2] <= 0]
    return min(found)[4] if found else None


def _other_kinds_means(event_type: str) -> frozenset[str]:
    """Means that name the attacker of another kind of event than this one: ground fire for
    an air strike, aircraft for a shelling."""
    if event_type == "air_strike":
        return words("ground_fire_nouns")
    if event_type == "shelling":
        return words("aircraft_nouns")
    return frozenset()


def _crowd_first(e: Event, actors: list[Span], article: set[int], sent_of: dict[int, Span]) -> None:
    """A riot is the crowd's doing (CODEBOOK: other): the protesters, rioters or mob its
    sentences (for the article's own incident, any of its current sentences) name carry it out;
    the police or troops they fought are the other side, whatever the order of the words. Not
    when a sentence makes the crowd the target ("troops fired on protesters", "police opened
    fire on stone-throwing youths"): a crackdown is the force's doing."""
    crowds = crowd_actors()
    told = set(e.sentences) | set(e.actor_sentences) | article
    named = [a._.actor for a in actors if a._.actor in crowds and sentence_of(a).start in told]
    if not named or any(n in e.named_targets for n in named):
        return
    for start in sorted(told):
        _, tgt = scored_actor_roles(sent_of[start], actors)
        if any(score >= 2 and n in crowds for score, _, n in tgt):
            return
    crowd = min(named, key=lambda n: (n not in e.attackers, e.attackers.index(n) if n in e.attackers else 0))
    others = [a for a in e.attackers if a != crowd and a not in crowds and a not in e.blamed]   # not whom officials blame
    e.attackers[:] = [crowd] + [a for a in e.attackers if a != crowd and a in crowds]
    e.targets[:] = others + [t for t in e.targets if t not in others and t != crowd]


def _tells_a_trend(headline: Span, triggers: list[Span]) -> bool:
    """A headline about a trend ("X intensify attacks on Y", "strikes continue on Z"): each of
    its triggers is governed by a word of a trend and none names a figure."""
    own = [t for t in triggers if headline.start <= t.start < headline.end]
    trend = words("trend_words")
    if not own or any(t.like_num for t in headline):
        return False
    return all(t.root.head.lower_ in trend or any(c.lower_ in trend for c in t.root.children) or t.label_ == "attack"
               for t in own) and any(t.lower_ in trend for t in headline)


def _sentences_between(doc: Doc, a: int, b: int) -> int:
    """How many sentence starts lie between token a's sentence and token b's."""
    lo, hi = min(a, b), max(a, b)
    return sum(1 for s in sentences(doc) if lo < s.start <= hi)


def _place_from_lead(doc: Doc, primary: Event, places: list[Span], background: set[int], n_sentences: int = 4,
                     home_only: bool = False) -> None:
    """A headline incident 'in Syria' happened where the lead says: the first specific place
    named in the first sentences (places of the article's country first) locates it."""
    sents = [s for s in sentences(doc) if s.start not in background]
    lead = sents[:n_sentences]
    spans = [p for p in places if p._.place_level != "country" and any(s.start <= p.start < s.end for s in lead)]
    if not spans:   # no place in the lead: the first one anywhere in the report
        spans = [p for p in places if p._.place_level != "country" and any(s.start <= p.start < s.end for s in sents)]
    if not spans:
        return
    # a place of the incident's own country ("shot dead in Myanmar … the Tokyo-based agency"),
    # else of the countries the article is about
    countries = {p._.place.country_code for p in primary.places} or set(doc._.countries)
    if countries:
        spans = [p for p in spans if p._.place.country_code in countries]
    # "a bus en route from Haifa", "on its way to X": where someone came from or went, last
    spans = sorted(spans, key=lambda p: p.start > 0 and doc[p.start - 1].lower_ in words("route_preps"))
    home = [p for p in spans if p._.place.country_code == doc._.country]
    if home_only and not home:
        return
    if spans:
        primary.places.append((home or spans)[0])


def _place_from_context(doc: Doc, e: Event, places: list[Span]) -> None:
    """An incident told without a place happened where the text last was: the last specific
    place named up to the end of its first sentence."""
    end = sentence_of(doc[min(e.sentences)]).end
    before = [p for p in places if p.start < end and p._.place_level != "country"]
    # where the article is about ("... told reporters in Geneva. 'Yesterday's attack ...'")
    home = [p for p in before if p._.place.country_code == doc._.country] if doc._.country else before
    if home:
        e.places.append(home[-1])


def _event_date(doc: Doc, e: Event, sent_of: dict, lead: list[Span] | None = None) -> tuple[dt.date | None, str]:
    """The day the incident happened (CODEBOOK, Date): the time words of its own sentences,
    a named day ("on Tuesday", "late Monday", "on August 21", "yesterday") before a vague one
    ("overnight", "today": the publication day unless a night is named), nearest its
    trigger. Not a dateline's date, not the day something was said ("a monitor said on
    Tuesday"), not a future day. With none in its sentences, the primary incident takes the
    lead's named day; else the date is unknown — the publication date is never a guess."""
    candidates = _dated(doc, e.triggers, [sent_of[s] for s in e.sentences])
    if not candidates and lead:
        candidates = _dated(doc, e.triggers, lead)
    if not candidates:
        return None, "unknown"
    best = min(candidates)
    night = [c for c in candidates if c[-1] == NIGHT]
    named_day = [c for c in candidates if c[2] <= 0 and c[5] == "day" and c[1] <= best[1] + 1]   # (the next sentence at most)
    if best[-1] == VAGUE_DAY and (night or named_day):
        # "overnight" dated by the night the text names ("late on Monday"), or by the day it
        # names ("overnight shooting" … "early Sunday")
        best = min(night or named_day)
    return best[4], best[5]


def _dated(doc: Doc, triggers: list[Span], sents: list[Span]) -> list[tuple]:
    anchor = doc._.published_date
    out = []
    all_times = list(doc.spans.get("times", []))   # a SpanGroup makes its Spans anew at each walk
    trigger_starts = [t.start for t in triggers]
    for order, sent in enumerate(sents):
        near = [min([t for t in trigger_starts if sent.start <= t < sent.end], default=sent.start)]
        label = label_before(sent)   # "11/20/2009: | Gunmen attacked …"
        first = label.start if label is not None else sent.start
        times = [span for span in all_times if first <= span.start < sent.end]
        # the dateline ("AFP Friday 24 Oct 2014 …", "Tuesday 26 April 2016 21:41 …"): the
        # publication date near the start of the line, and the weekday written with it - not a
        # date the sentence says is the incident's ("On 27 April 2020, …", "04/27/2020: …")
        dateline_end = max((span.end_char for span in times if span._.time.is_date
                            and resolve(span._.time, anchor)[0] == anchor and span.start_char - sent.start_char < 60
                            and not _states_the_day(doc, span)),
                           default=-1)
        for span in times:
            expr = span._.time
            when, precision = resolve(expr, anchor)
            if when is None or expr.reported or span.end_char <= dateline_end or _a_later_day(span):
                continue
            if anchor and ((anchor - when).days > BACKGROUND_DAYS and precision == "day" and not retrospective(doc)
                           or when > anchor + dt.timedelta(days=1)):
                continue   # an earlier incident's day, or a future one (talks "due on January 23")
            rank = 0 if precision == "day" else 3
            if expr.vague:
                rank = 1
            elif expr.is_date and when == anchor and not _states_the_day(doc, span):
                rank = 2   # the publication date written out: a caption's or page's date more often than the incident's
            possessive = span.text.lower().endswith(("'s", "’s", "days")) and expr.is_weekday
            if not expr.vague and any(
                    0 <= t.start - span.end <= (4 if possessive else 1) and t.root.tag_.startswith("NN")
                   and not any(x.is_punct for x in doc[span.end:t.start]) for t in triggers):
                rank = -1   # "Wednesday's attack", "Tuesday's bombing", "Wednesdays mysterious pre-dawn gas attack"
            nxt = doc[span.end].lower_ if span.end < len(doc) else ""
            before = {t.lower_ for t in doc[max(sent.start, span.start - 2):span.start]}
            named_night = expr.is_weekday and (expr.late or before & words("late_words") or nxt in words("night_words"))
            tag = NIGHT if named_night else VAGUE_DAY if expr.vague else ""
            out.append((rank >= 2, order, rank, min(abs(span.start - p) for p in near), when, precision, tag))
    return out


def _a_later_day(span: Span) -> bool:
    """Whether a time tells the day of what came after the violence (CODEBOOK, Date): an arrest,
    a charge, an identification ("was arrested Tuesday", "police on Wednesday identified"), a
    funeral ("services were held Monday") — not the day of the incident."""
    tok = span.root
    while tok.dep_ in ("pobj", "prep", "npadvmod", "compound", "nummod", "appos") and tok.head.i != tok.i \
            and not tok.tag_.startswith("VB"):
        tok = tok.head
    if not tok.tag_.startswith("VB"):
        return False
    lo, hi = sorted((tok.i, span.start))
    if any(lo < t.start < hi for t in span.doc.spans.get("triggers", [])):
        return False   # "arrested Tuesday in connection with a shooting last Friday": the nearer incident's day
    return tok.lower_ in words("later_day_verbs") or any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in words("aftermath_nouns") for c in tok.children)


def _states_the_day(doc: Doc, span: Span) -> bool:
    """Whether a date is written as the day something happened: "On 27 April 2020, gunmen …"
    (a coder's note), "04/27/2020: Assailants …" (a database summary) — the event's date even
    when it is the publication date (CODEBOOK, Date)."""
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return prev in words("day_preps") or nxt == ":"


def _strike_counts(doc: Doc, e: Event, sent_of: dict) -> None:
    """Numbers of strikes/sorties and of aircraft stated in the event's sentences (their
    figures: Doc._.figures, which sitrep_claims assigns)."""
    figures = doc._.figures or {}
    for s in e.sentences:
        sent = sent_of[s]
        for fig in figures.get((sent.start, sent.end), ()):
            nouns = [t.lower_ for t in doc[fig.end:min(sent.end, fig.end + 4)]]
            if any(n in words("strike_count_nouns") for n in nouns) and e.n_strikes is None:
                e.n_strikes = fig.quantity.low
            elif any(n in words("aircraft_nouns") for n in nouns) and e.n_aircraft is None:   # the lexicon's, not a subset
                e.n_aircraft = fig.quantity.low


BLAME = words("blame_words")
CLAIMED_SCORE = 5   # scored_actor_roles: who claimed the attack or was blamed for it
PERPETRATOR = words("perpetrator_words")


def _attach_actor_sentences(doc: Doc, events: list[Event], actors: list[Span], background: set[int],
                            trigger_sentences: set[int]) -> None:
    """A sentence without a trigger that names the means of an attack ("government
    aircraft", "Russian jets"), blames someone, or names who did it ("the attacker, identified
    as …": sitrep_named_actors) tells who did the incident before it."""
    ordered = sorted(events, key=lambda e: min(e.sentences))
    aircraft = words("aircraft_nouns")
    # "IS was blamed for previous bombings": who did other incidents
    elsewhere = {sentence_of(t).start for t in doc.spans.get("triggers", []) if _other_incidents(t)}
    for sent in sentences(doc):
        if sent.start in elsewhere or ((sent.start in trigger_sentences or sent.start in background)
                                       and not _claims_the_incident(doc, sent)):
            continue   # (a claim for "the attack" tells who did the incident before it, whatever else it tells)
        before = [e for e in ordered if min(e.sentences) < sent.start]
        if not before:
            continue
        told = {t.lower_ for t in sent}
        names_means = any(sent.start <= a.start < sent.end and (
            (a.end < len(doc) and doc[a.end].lower_ in ATTACK_MEANS
             and not _joined(doc[a.end]))
            or (a.label_ == NAMED_FORCE and doc[a.end - 1].lower_ in aircraft))   # "Belgian F-16 jets in the area"
            for a in actors)
        named = any(a.label_ in NAMED_LABELS and sent.start <= a.start < sent.end for a in actors)
        suspected = any(sent.start <= a.start < sent.end and a.root.dep_ == "nsubjpass"
                        and a.root.head.lower_ in words("suspicion_verbs") for a in actors)   # "Boko Haram was suspected."
        if names_means or named or suspected or told & BLAME or (
                told & PERPETRATOR and any(sent.start <= a.start < sent.end for a in actors)):
            last = max(before, key=lambda e: max(s for s in e.sentences if s < sent.start))
            last.actor_sentences.append(sent.start)


def _joined(noun: Token) -> bool:
    """'had joined the police force', 'served in the army': a career, not the means of an attack."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    return noun.dep_ in ("dobj", "pobj") and verb.lower_ in words("membership_verbs")


def _claims_the_incident(doc: Doc, sent: Span) -> bool:
    """"Responsibility for the attacks was claimed by X, renamed in January 2007": a claim for
    the incident told ('the attacks', a back reference), though a date of something else puts
    the sentence among the background ones."""
    return any(sent.start <= t.start < sent.end and _claimed(t) and not _other_incidents(t)
               and any(c.dep_ == "det" and c.lower_ in words("back_reference_determiners") for c in t.root.children)
               for t in doc.spans.get("triggers", []))


def confidence(geo_precision: str, date_precision: str, has_actor: bool, attributed_claims: int) -> float:
    """How sure sitrep is of an event row, 0–1, from what the text pinned down: a named
    place (0.3; near a place 0.25; a governorate 0.15), a day (0.2; a week 0.1; a month
    0.05), who did it (0.15), a figure someone is named for (0.15), on a base of 0.2."""
    score = 0.2
    score += {"place": 0.3, "near_place": 0.25, "admin1": 0.15, "country": 0.05}.get(geo_precision, 0.0)
    score += {"day": 0.2, "week": 0.1, "month": 0.05, "year": 0.02}.get(date_precision, 0.0)
    score += 0.15 if has_actor else 0.0
    score += 0.15 if attributed_claims else 0.0
    return round(min(score, 1.0), 2)
