"""Actors that no list names: a group or a person the words put in the attacker's place.

The actor files name the groups analysts know; reports name many more ("the Ahwazi
Revolutionary Martyrs Brigades claimed responsibility", "police blamed the attack on the
ULFA", "a gunman identified as Jane Roe"). A named entity the parse puts in a perpetrator's
place is kept as an actor, its id the name as written (the article's own words, "the" and a
possessive dropped); which role it plays in an incident is then scored like any other actor's
(events.scored_actor_roles). Only strong places count — who claimed, who was blamed, whose
members acted, who did the attack — so that an outlet, a hospital or a speaker is never one.

Words come from lexicon roles: claim_responsibility_verbs, responsibility_verbs, claimed_objects, attribution_verbs,
perpetrator_words, member_nouns, attacker_nouns, arrest_verbs, attack_verbs, force_titles,
name_lead_words, name_inner_words, not_actor_org_heads, state_force_nouns, aircraft_nouns.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.attrs import TAG
from spacy.tokens import Doc, Span, Token

from sitrep.common.gazetteer import load_gazetteer
from sitrep.tasks.extract.doc_cache import entities, lowers_and_numbers
from sitrep.tasks.extract.lexicon import outlet_names, source_aliases, victim_words, words
from sitrep.tasks.extract.span_keys import FURNITURE, TIMES, TRIGGERS

# the small model tags unknown groups either way (not NORP: "Chechen militants" are a people's
# fighters, whom the theatre's generic words name; not GPE: "militants from the North Caucasus")
GROUP_LABELS = ("ORG", "PERSON")
# labels of the spans found here (the actor files' are ACTOR): a group or a person in a
# perpetrator's place, and a state's forces named by their demonym (in no particular role)
NAMED_GROUP, NAMED_PERSON, NAMED_FORCE = "NAMED_GROUP", "NAMED_PERSON", "NAMED_FORCE"
NAMED_LABELS = (NAMED_GROUP, NAMED_PERSON, NAMED_FORCE)
PERSON_LABELS = ("PERSON",)
MODEL_TAGS = ("NNP", "NN", "CD", "HYPH", "JJ")   # what may stand between a demonym and its armed noun ("F-16 fighter")


def named_actor_spans(doc: Doc, known: list[Span]) -> list[Span]:
    """Spans (label NAMED_GROUP or NAMED_PERSON, id = the name as written) for names in a
    perpetrator's place that no known actor, trigger or time covers (nor a place, unless a
    person's name holds it); then a state's forces named by their demonym (NAMED_FORCE)."""
    taken = {i for s in known for i in range(s.start, s.end)}
    for key in (TRIGGERS, TIMES, FURNITURE):
        taken.update(i for s in doc.spans.get(key, []) for i in range(s.start, s.end))
    places = [(p.start, p.end) for p in doc.spans.get("places", [])]
    trigger_roots = {t.root.i for t in doc.spans.get("triggers", [])}
    out = []
    for ent in _candidates(doc):
        if any(i in taken for i in range(ent.start, ent.end)) or any(
                a < ent.end and ent.start < b and not (ent.label_ == "PERSON" and b - a < len(ent)) for a, b in places):
            continue   # a place is no actor; a person's name holding a place name is ("Sudesh Amman")
        is_person = ent.label_ in PERSON_LABELS or _read_as_a_person(ent)
        label = NAMED_PERSON if is_person and _attacker_place(ent, trigger_roots) else \
            NAMED_GROUP if _group_place(ent, trigger_roots, acting=not is_person, known=known) else None
        if label is None:
            continue   # the place is asked first: it rules out nearly every name, cheaply
        name = _name(ent)
        if name is None or (ent.label_ == "PROPN" and len(name) == 1 and not name[0].is_upper):
            continue   # one capitalised word no model calls a name ("Base attacked"); acronyms count
        out.append(Span(doc, name.start, name.end, label=label,
                        span_id=_full_name(name) if label == NAMED_PERSON else name.text))
    # (a trigger may be the armed noun: "fighter jets" of "Belgian F-16 fighter jets")
    out.extend(_state_forces(doc, {i for s in known + out for i in range(s.start, s.end)}))
    return out


def _state_forces(doc: Doc, taken: set[int]) -> list[Span]:
    """'British soldiers', 'Canadian troops', 'Thai army': a demonym no actor file lists before
    a noun of a state's armed people names that state's forces (id as written; the exports
    know them as the state's by the demonym)."""
    forces = words("state_force_nouns") | words("aircraft_nouns")
    lowers = lowers_and_numbers(doc)[0]
    out = []
    gazetteer = load_gazetteer()
    for end in (j for j, low in enumerate(lowers) if low in forces):   # the armed nouns are few: start from them
        # the demonym right before, or before a model's name ("Belgian F-16 fighter jets")
        # (walked back over the model's words only: a comma, "and", "the", "of" end the walk)
        for i in range(end - 1, max(-1, end - 5), -1):
            if i in taken:
                break
            if doc[i].text[:1].isupper() and doc[i].ent_type_ in ("NORP", "GPE", "") and gazetteer.demonym(doc[i].text):
                if not any(k in taken for k in range(i, end + 1)) and not (out and out[-1].end > i):
                    out.append(Span(doc, i, end + 1, label=NAMED_FORCE, span_id=_as_a_force(doc[i:end + 1].text)))
                break
            if not (doc[i].tag_ in MODEL_TAGS or lowers[i] in forces):
                break
    out.extend(_forces_of_a_country(doc, taken | {i for s in out for i in range(s.start, s.end)}, forces, lowers))
    return out


def _forces_of_a_country(doc: Doc, taken: set[int], forces: frozenset[str], lowers: list[str]) -> list[Span]:
    """'Military Forces of Myanmar (2021-)', 'security forces of Mali', 'the police of Nigeria':
    a state's forces named after them, as conflict coders write them (id 'Military Forces of Myanmar')."""
    gazetteer = load_gazetteer()
    modifiers = words("force_modifiers")
    out = []
    for j, low in enumerate(lowers):
        if low not in words("partitive_words") or j == 0 or lowers[j - 1] not in forces or (j - 1) in taken:
            continue
        start = j - 1
        while start - 1 >= 0 and (lowers[start - 1] in forces or lowers[start - 1] in modifiers) and (start - 1) not in taken:
            start -= 1
        if start > 0 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_sent_start:
            continue   # "the New Forces of the Ivory Coast": a group's own name, not the state's forces
        k = j + 1 + (j + 1 < len(doc) and lowers[j + 1] in words("articles"))
        joiners = words("partitive_words") | words("articles")   # "the Democratic Republic of the Congo"
        country = next((n for n in (6, 5, 4, 3, 2, 1) if k + n <= len(doc) and doc[k].text[:1].isupper()
                        and doc[k + n - 1].text[:1].isupper()
                        and all(t.text[:1].isupper() or t.lower_ in joiners for t in doc[k:k + n])
                        and gazetteer.country_of(doc[k:k + n].text)), None)
        if country is None or any(i in taken for i in range(start, k + country)):
            continue
        name = f"{' '.join(t.text.capitalize() for t in doc[start:j])} of {doc[k:k + country].text}"   # ACLED's way
        out.append(Span(doc, start, k + country, label=NAMED_FORCE, span_id=name))
    return out


def _as_a_force(name: str) -> str:
    """An actor is a party, not one of its members: 'British soldier' names the 'British
    soldiers', 'Thai policeman' the 'Thai policemen'."""
    head, _, last = name.rpartition(" ")
    plural = last[:-3] + "men" if last.lower().endswith("man") else last + "s"
    if plural.lower() in words("state_force_nouns") and last.lower() in words("state_force_nouns"):
        last = plural   # (only where the plural is a force noun too: not 'armys')
    return f"{head} {last}" if head else last


def _full_name(span: Span) -> str:
    """One person, one name: a surname alone ('Crusius') is the full name the text gives
    elsewhere ('Patrick Crusius')."""
    if len(span) == 1:
        for ent in entities(span.doc):
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == span.text:
                full = _name(ent)
                return full.text if full is not None else ent.text
    return span.text


def _candidates(doc: Doc) -> list[Span]:
    """Named entities of the kinds an unknown group gets tagged as, and the runs of proper nouns
    the small model leaves untagged ("the Ogaden National Liberation Front")."""
    ents = [e for e in entities(doc) if e.label_ in GROUP_LABELS or _read_as_a_person(e)]
    in_ent = {i for e in entities(doc) for i in range(e.start, e.end)}
    inner = words("name_inner_words")
    lowers, _ = lowers_and_numbers(doc)
    proper_tags = {doc.vocab.strings["NNP"], doc.vocab.strings["NNPS"]}
    proper = [v in proper_tags and i not in in_ent for i, v in enumerate(doc.to_array([TAG]).tolist())] if len(doc) else []
    runs, start = [], None
    for i, is_proper in enumerate(proper):
        if is_proper and start is None:
            start = i
        elif not is_proper and start is not None and not (lowers[i] in inner and i not in in_ent):
            end = i
            while end > start and lowers[end - 1] in inner:
                end -= 1
            runs.append(Span(doc, start, end, label="PROPN"))
            start = None
    if start is not None:
        runs.append(Span(doc, start, len(doc), label="PROPN"))
    return ents + runs


def _name(ent: Span) -> Span | None:
    """The entity without a leading article or a trailing possessive; None for one that is no
    armed group's name (an outlet, a hospital, a ministry) or too short to be one."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in words("name_lead_words"):
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    if end <= start or doc[end - 1].lower_ in words("not_actor_org_heads") or len(doc[start:end].text) < 3:
        return None
    text = doc[start:end].text
    if text.lower() in outlet_names() or any(p.fullmatch(text) for p, _ in source_aliases()):
        return None   # "AFP", "the White Helmets": who reports, not who fights
    if end < len(doc) and doc[end].lower_ in words("armed_party_nouns") and ent.label_ == "PERSON":
        return None   # "Bashar al-Assads forces": a leader's forces, which the lists name
    if not any(t.is_upper or t.is_title for t in doc[start:end]):
        return None
    common = _common_nouns()
    if all(t.lower_ in common or t.lower_ in victim_words() for t in doc[start:end]):
        return None   # "Fighters of …", "Civilians" at a sentence's start: common nouns, capitalised
    if end - start > 1 and _country_word(doc[start].text):
        return None   # "Russias Aerospace Forces", "Turkish Land Forces": a state's forces, which the lists name
    return doc[start:end]


def blames_on(prep: Token) -> bool:
    """'on'/'to' of a blame: 'blamed on X', 'attributed to X', and 'blamed the attack on X'
    where the parse hangs 'on' from the attack."""
    blames = words("attribution_verbs")
    if prep.head.dep_ in ("dobj", "nsubjpass") and prep.head.head.lower_ in blames:
        return _violence_blamed(prep.head)
    if prep.head.lower_ not in blames:
        return False
    blamed = [c for c in prep.head.children if c.dep_ in ("dobj", "nsubjpass")]
    return not blamed or _violence_blamed(blamed[0])


def _violence_blamed(noun: Token) -> bool:
    """What a blame is for is violence ('the attack', 'the unrest', 'it'), not 'a manifesto'
    attributed to its author."""
    return not noun.tag_.startswith("NN") or noun.lower_ in words("claimed_objects") or noun.lower_ in words("blamed_objects")


@lru_cache(maxsize=1)
def _common_nouns() -> frozenset[str]:
    """Nouns that, capitalised, are no name ("Fighters", "Civilians", "Officer")."""
    return (words("member_nouns") | words("generic_actor_words") | words("attacker_nouns") | words("armed_party_nouns")
            | words("force_titles") | words("speaker_ranks") | words("name_inner_words"))


def _country_word(word: str) -> bool:
    """A country's name or demonym, possessive or misspelt as one ('Russias')."""
    gazetteer = load_gazetteer()
    for w in {word, word.removesuffix("s"), word.removesuffix("'s"), word.removesuffix("’s")}:
        if gazetteer.country_of(w):
            return True
    return False


def _noun(tok: Token) -> Token:
    """The noun a name stands for in the parse: 'Jamaat' of 'Jamaat ul-Ahrar militants' is a
    compound of 'militants', which is what the sentence says acted."""
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _claims_an_attack(verb: Token, trigger_roots: set[int]) -> bool:
    """'claimed responsibility', 'claimed the bombing', 'the attack was claimed by': what is
    claimed is the violence, not a victory or a seat."""
    claimed = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(c.i in trigger_roots or c.lower_ in words("claimed_objects") for c in claimed)


def _acts(verb: Token, trigger_roots: set[int]) -> bool:
    return verb.lower_ in words("attack_verbs") or verb.i in trigger_roots


def _group_place(ent: Span, trigger_roots: set[int], acting: bool, known: list[Span]) -> bool:
    """Who claimed ('X claimed responsibility', 'was claimed by X'), who was blamed ('blamed
    on X', 'attributed to X'), who was behind it ('X was behind'), whose members acted ('X
    militants', 'members of X'), and when `acting`, who did it ('X attacked', 'attacked by X'):
    a person who did it is named otherwise (_attacker_place)."""
    root = ent.root
    noun = _noun(root)
    head = noun.head
    claims, blames = words("claim_responsibility_verbs"), words("attribution_verbs")
    if noun is not root and noun.lower_ in words("member_nouns") and noun.i == ent.end:
        # "Jamaat ul-Ahrar militants", "suspected ULFA rebels" — unless the theatre names whose
        # fighters they are ("Takfiri terrorists" in Syria: the opposition)
        return not any(k.start <= noun.i < k.end and k.id_ != k.text.lower() for k in known)
    if noun.dep_ == "nsubj":
        if head.lower_ in claims and _claims_an_attack(head, trigger_roots):
            return True   # "X claimed responsibility", not "X claiming victory"
        if head.lower_ in words("responsibility_verbs") and any(
                c.dep_ == "dobj" and c.lower_ in words("responsibility_nouns") for c in head.children):
            return True   # "X took responsibility", "X accepted credit"
        if head.lower_ in words("perpetrator_words") or any(
                c.lower_ in words("perpetrator_words") for c in head.children if c.i > head.i):
            return True   # "X was behind the attack", "X is responsible"
        if acting and _acts(head, trigger_roots) and not any(c.dep_ == "auxpass" for c in head.children):
            return True   # "the Ogaden National Liberation Front attacked an oil field"
    if noun.dep_ == "pobj":
        prep = head
        if prep.lower_ in words("agent_preps") and ((prep.head.lower_ in claims and _claims_an_attack(prep.head, trigger_roots))
                                    or (acting and _acts(prep.head, trigger_roots))):
            return True   # "claimed by the Abdullah Azzam Brigades", "attacked by X"
        if prep.lower_ in words("blame_preps") and blames_on(prep):
            return True   # "blamed the attack on X", "attributed to X"
        if prep.lower_ in words("member_preps") and prep.head.lower_ in words("member_nouns"):
            return True   # "members of the FNI", "fighters from X"
    if noun.dep_ == "dobj" and head.lower_ in blames and ent.label_ != "PERSON":
        return True   # "accused the ONLF of the attack"
    return False


def _read_as_a_person(ent: Span) -> bool:
    """A name the model tags otherwise that the words make a person's: 'the attacker, Eden
    Natan-Zada, 19,' (an attacker noun's apposition, or an age after it)."""
    doc, root = ent.doc, ent.root
    if root.dep_ == "appos" and root.head.lower_ in words("attacker_nouns"):
        return True
    after = doc[ent.end:ent.end + 3]
    return len(after) == 3 and after[0].text == "," and after[1].like_num and len(after[1].text) <= 2 \
        and after[1].text.isdigit() and after[2].text in (",", ")")


def _attacker_place(ent: Span, trigger_roots: set[int]) -> bool:
    """A person named as the one who did it: 'a gunman identified as X', 'the suspect, X',
    'shooter X', 'X, 21, opened fire'."""
    root = ent.root
    attackers = words("attacker_nouns")
    titled = words("force_titles") | words("speaker_ranks")
    if any(t.lower_ in titled for t in ent.doc[max(ent.start - 2, 0):ent.start + 1]):
        return False   # "Officer Mark Jones shot the suspect": the police did, not a named attacker
    if any(t.lower_ in attackers for t in ent.doc[max(ent.start - 2, 0):ent.start]):
        return True   # "gunman Patrick Crusius", "the suspected shooter, John Doe"
    if root.dep_ == "appos" and root.head.lower_ in attackers:
        return True   # "the attacker, Khairi Saadallah,"
    if root.dep_ == "pobj" and root.head.lower_ in words("naming_preps") and root.head.head.lower_ in words("naming_verbs"):
        verb = root.head.head   # "a gunman identified as X", "identified the suspect as X"
        named = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ == "acl":
            named.append(verb.head)
        elif verb.head.lower_ in words("arrest_verbs"):   # "detained the man, later identified as X"
            named.extend(c for c in verb.head.children if c.dep_ == "dobj")
        if any(n.lower_ in attackers or (n.dep_ == "dobj" and n.head.lower_ in words("arrest_verbs")) for n in named):
            return True   # "police detained the man, later identified as X"
    verb = root.head
    if root.dep_ == "nsubj" and _acts(verb, trigger_roots) and not any(c.dep_ == "auxpass" for c in verb.children) \
            and (verb.lower_ in words("attack_verbs") or any(c.dep_ in ("dobj", "prep") for c in verb.children)):
        return True   # "Patrick Crusius opened fire at a Walmart"
    return False
