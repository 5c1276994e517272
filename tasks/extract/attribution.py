"""Who said it, relayed by whom, of what kind: the attribution of casualty figures, read
from the parse rather than from word distance.

A sentence holds attribution frames:
- a say-verb ("said", "told", "reported", "announced" … lexicon role say_verbs) and its
  speaker: the verb's subject ("the Observatory said"), else the words beside it
  ("…, said the Observatory", "… a monitoring group said" in text without commas);
- "according to X";
- a quote verb: "SANA quoted a police source", "…, quoting the governor", "X was quoted by
  Y": the quoted one speaks, the one quoting relays;
- a relay in the frame's own words: "told AFP", "in a statement to SANA";
- a headline that ends with its source ("Coalition raids kill 21 in Syria: monitor").

A figure takes the frame whose verb governs it (the figure lies in that verb's clause), else
the nearest frame of its sentence. Anaphoric speakers ("it said", "the group said", "the
monitor added") take the source last named before them in the article.

A source is kept as the article names it, without its article ("a source at Aleppo Police
Command" → "source at Aleppo Police Command"); a well-known one takes its canonical name
(sources.csv: "Observatory head Rami Abdel Rahman" → "Syrian Observatory for Human
Rights"). Its type (monitor, state_media, government …) comes from the lexicon's
source_types cues, tried in order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from sitrep.tasks.extract.doc_cache import lowers_and_numbers
from sitrep.tasks.extract.lexicon import actor_names, phrases, source_aliases, source_type_cues, value, victim_words, words
from sitrep.tasks.extract.numbers import VAGUE

PRONOUN = "<pronoun>"
PERSONAL_PRONOUNS = words("personal_pronouns")
TIME_WORDS = words("time_words")
GENERIC_MONITORS = words("generic_monitors")
SOHR = "Syrian Observatory for Human Rights"
MAX_SPEAKER_TOKENS = 16
# speakers a headline may end with once its colon or dash is gone ("… in Syria Monitor")
HEADLINE_SOURCES = words("headline_sources")


@dataclass(frozen=True)
class Source:
    """Who a figure is attributed to: as named, who relayed it, and the kind of source."""
    claimed_by: str | None
    cited_by: str | None
    source_type: str
    text: str | None   # the article's own words for the source

    @property
    def attributed(self) -> bool:
        return self.claimed_by is not None


UNATTRIBUTED = Source(None, None, "unknown", None)


@dataclass
class Frame:
    """One attribution in a sentence: where it is, what it governs, who speaks, who relays."""
    anchor: int                  # token index of the verb (or 'according')
    scope: frozenset[int]        # token indices of the clause it governs
    speaker: str                 # the speaker's words, or PRONOUN
    relay: str | None = None
    governs_all: bool = False    # 'according to X' heading a clause
    quoted: bool = False         # 'X citing Y', 'Y quoted by X': Y speaks, X relays
    role: str | None = None      # what the speaker is, in an apposition ('X, a spokesman for the military')


# ---- names -----------------------------------------------------------------------------

_DETERMINER = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|that|these|those|some|several|other|unconfirmed)\s+", re.I)
_LEADING_TIME = re.compile(r"^(?:(?:on|late|early|last|this|and|but|meanwhile|also)\s+)*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
                           r"today|yesterday|overnight|tonight|earlier|later)\b\s*", re.I)
_TRAILING = re.compile(r"\s+(?:on|late|early|earlier|later|last|this|that|who|which|as|told|said|says|when|after|"
                       r"while|and|but|or|in a statement|in (?:a|his|her|its|their) \w+)\b.*$", re.I)
GENERIC_SOURCES = words("generic_sources")


_ONE_NAME = re.compile(r"\b(at|of|in|from|for|with) the ", re.I)
_GROUP_SUFFIX = re.compile(r" (?:[a-z]+ )?group$")


def _without_group_word(t: str) -> str:
    """'Islamic State (IS) militant group', 'Islamic State group' -> the armed group's own name
    (an actor's name, or one ending in its acronym), not 'the monitoring group'."""
    m = _GROUP_SUFFIX.search(t)
    if m is None:
        return t
    rest = t[:m.start()]
    return rest if rest.endswith(")") or rest.lower() in actor_names() else t


@lru_cache(maxsize=4096)
def _state_of_capital(name: str) -> str:
    """'Washington said', 'Moscow claimed': a capital speaking is its state, named as the
    country ('United States'), as the actors name it."""
    if " " in name or not (name[:1].isupper() and name[1:].islower()) or any(rx.search(name) for rx, _ in source_aliases()):
        return name   # one capitalised word, not an agency's acronym ("SANA" is no "Sanaa")
    from sitrep.common.gazetteer import load_gazetteer   # built once; the geoparser has loaded it

    gaz = load_gazetteer()
    cc = gaz.capital_of(name)
    country = gaz.country(cc) if cc else None
    return country.name if country is not None else name


@lru_cache(maxsize=4096)   # asked for every source a figure names; the answer is the gazetteer's
def _is_a_state(name: str) -> bool:
    """Whether a source is a country's name ('the United States said'): its government."""
    if not name[:1].isupper() or len(name.split()) > 4:
        return False
    from sitrep.common.gazetteer import load_gazetteer

    return any(p.kind == "country" and p.name.lower() == name.lower() for p in load_gazetteer().lookup(name))


def _rank_free(t: str) -> str:
    """A person's name without the rank or title before it ('Gen. Igor Konashenkov',
    'Maj. Gen. Igor Konashenkov' -> 'Igor Konashenkov'): one speaker, one name
    (`speaker_ranks`). A title alone is kept ('the general')."""
    ranks = words("speaker_ranks")
    parts = t.split()
    k = 0
    while k < len(parts) - 1 and parts[k].lower().rstrip(".") in ranks:
        k += 1
    rest = parts[k:]
    if k and rest and all(w[:1].isupper() for w in rest) and len(rest) <= 4:
        return " ".join(rest)
    return t


def canonical_source(text: str, country: str | None = None) -> str | None:
    """The name a source phrase stands for: a well-known source's canonical name (of the
    article's country), PRONOUN for an anaphor, None for what is not a source (a figure,
    the victims), else the words themselves without a leading article."""
    t = re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’-–—()").replace("’", "'").replace("‘", "'")
    t = _LEADING_TIME.sub("", t).strip()
    t = re.sub(r"^(?:at|in|from|of|by|to|on|for|with)\s+", "", t, flags=re.I)
    t = re.sub(r"\s*\(\s*", " (", re.sub(r"\s*\)", ")", t)).strip()
    if t.count("(") > t.count(")"):
        t += ")"
    t = _ONE_NAME.sub(r"\1 ", t)   # "a source at the Aleppo Police Command": one speaker, one name
    t = _rank_free(t)
    t = _without_group_word(t)   # "Islamic State (IS) militant group" and "… group": one name
    low = t.lower()
    if not t or re.search(r"\d", t) or (re.match(r"^(?:at least|more than|about|some|around|nearly|up to|dozens|scores|hundreds)\b", low)
                                        and not re.match(r"^some (?:\w+ )?(?:reports|media|sources|officials|witnesses|residents)\b", low)):
        return None   # a figure ("some 20 people"), not "some reports", "some media agencies"
    for rx, name in source_aliases(country):
        if rx.search(t):
            return name
    if low in words("pronoun_sources") or low in PERSONAL_PRONOUNS:
        return PRONOUN
    said = low.split()
    if len(said) == 2 and said[0] in words("say_noun_determiners") and said[1] in words("say_nouns"):
        return PRONOUN   # "the claim said", "its statement said": the source named before
    if low in words("not_sources"):
        return None
    tokens = low.split()
    if tokens and tokens[-1] in words("not_speakers"):
        return None   # "the airstrikes on Raqqa", "the attack": what happened, not who said so
    if tokens and (victim_words().get(tokens[-1]) in ("civilians", "children", "women", "people")
                   and tokens[-1] not in words("speaker_titles") and tokens[-1] not in words("speaking_victim_nouns")):
        return None   # "three civilians", "the victims": who died, not who said so
    t = _DETERMINER.sub("", t)
    t = _TRAILING.sub("", t) if len(t.split()) > 2 else t
    if t.lower() in GENERIC_SOURCES:
        t = t.lower()   # "Activists said …" at the start of a sentence
    return _named_body(t) or None


_BODY = re.compile(r"^(\w+) (at|in|from|of) ([A-Z][\w-]*(?: [a-z][\w-]*){1,3})$")


def _named_body(t: str) -> str:
    """'source at Aleppo police command' is the 'source at Aleppo Police Command' another
    article writes: the body an anonymous speaker speaks for, named by a place and lower-case
    words only, takes the capitals of a name (one speaker, one name across the warehouse)."""
    m = _BODY.match(t)
    if not m or m.group(1).lower() not in words("anonymous_speaker_nouns"):
        return t
    return f"{m.group(1)} {m.group(2)} " + " ".join(w[:1].upper() + w[1:] for w in m.group(3).split())


def is_generic_source(name: str | None) -> bool:
    """A source that names nobody in particular ('rescuers', 'medical sources in Douma'), as
    kept by canonical_source: lower case, or one of the generic words."""
    return bool(name) and (name.lower() in GENERIC_SOURCES or name[:1].islower())


def source_type(name: str | None) -> str:
    if not name:
        return "unknown"
    low = f" {name.lower().replace('’', chr(39))} "
    for kind, cue in _source_type_patterns():
        if cue.search(low):
            return kind
    return "local" if name[:1].isupper() else "unknown"


@lru_cache(maxsize=1)
def _source_type_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """One compiled pattern per source type, its cues as whole words, in the order tried."""
    return tuple((kind, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c.strip()) for c in cues) + r")(?![\w-])"))
                 for kind, cues in source_type_cues())


OBJECT_DEPS = frozenset({"dobj", "obj"})   # the direct object's label (spaCy's English; Universal Dependencies)

def is_relay_outlet(text: str) -> bool:
    low = _DETERMINER.sub("", text.lower().strip())
    return low in words("relay_outlets") or any(low.startswith(o + " ") for o in words("relay_outlet_prefixes"))


# ---- frames ----------------------------------------------------------------------------

def _phrase(doc, left: int, right: int) -> str:
    """Words left..right, cut at a relative clause or a verb, at most MAX_SPEAKER_TOKENS."""
    out = []
    for t in doc[left:right + 1]:
        if t.lower_ in words("speaker_phrase_enders") and out:
            break
        if (t.like_num or t.lower_ in words("figure_words_after_a_speaker")) and out:
            break   # "according to Hezbollah more than 30 militants were killed": the figure is not the speaker
        if t.tag_ in ("VBD", "VBZ", "VBP") and out and t.dep_ not in ("amod", "compound"):
            break
        if t.is_punct and t.text not in ("-", "'", "’", "'s", "&", ".", "(", ")") and out:
            break
        out.append(t)
        if len(out) >= MAX_SPEAKER_TOKENS:
            break
    text = " ".join(t.text for t in out).replace(" - ", "-").replace(" 's", "'s").replace(" ’s", "’s")
    return re.sub(r"\b([A-Z][a-z]{0,4}) \.(?= |$)", r"\1.", text)   # "Lt . Col . Rumi" -> "Lt. Col. Rumi"


def _subject(verb: Token) -> tuple[Token | None, Token]:
    """(subject, the verb it is the subject of): the verb's own, or that of a verb it is
    joined to ("The Observatory had no comment but said …") when no figure stands between
    them (text without commas joins "… killed five people … SANA reported" too)."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    v = verb
    while not subj and v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
        v = v.head
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and (verb.i - subj[0].i > 15 or any(t.like_num for t in verb.doc[subj[0].i:verb.i])):
            return None, verb
    before = [c for c in subj if c.i < verb.i]   # "Dozens dead in …, rescuers say": the nearest
    # "Dozens dead in …, rescuers say": a figure parsed as a second subject is not who speaks
    speaking = [c for c in subj if not (c.like_num or c.lower_ in VAGUE)]
    return ((speaking or subj)[0] if subj else None), v


def _speaker_like(subj: Token, verb: Token) -> bool:
    """A subject that can be who speaks: not a number, a clause or a far-off phrase (text
    without commas makes the parser take a whole clause for the subject: "A suicide bomb
    attack killed one person … on Thursday state television reported")."""
    if subj.like_num or subj.lower_ in ("there",):
        return False
    words_ = _phrase(subj.doc, subj.left_edge.i, subj.right_edge.i).split()
    if not words_ or any(re.fullmatch(r"[\d.,]*\d[\d.,]*", w) for w in words_):   # a figure; not "Lt . Col ."
        return False
    if subj.i > verb.i:   # "… said Mounzer Khalil head of Idlib's health authority adding that …"
        return subj.left_edge.i - verb.i <= 3
    inside = {x.i for x in subj.subtree}   # listed once, not once per ancestor of every word
    own = [t for t in subj.subtree if not any(a.dep_ in ("relcl", "acl") and a.i != subj.i for a in t.ancestors
                                              if a.i in inside)]
    if any(c.dep_ == "acl" and any(x.like_num for x in c.subtree) for c in subj.children):
        return False   # "A suicide bomb attack killed at least one person … state television said"
    if any(t.like_num for t in own) or any(t.tag_ in ("VBD", "VBZ", "VBP") and t.dep_ not in ("amod", "compound", "relcl", "acl")
                                           for t in own):
        return False
    gap = verb.i - subj.right_edge.i if subj.i < verb.i else subj.left_edge.i - verb.i
    return gap <= 4


CLAUSE_WORDS = words("clause_words")


def _after_speaker(sent: Span, verb: Token) -> str | None:
    """The speaker after an inverted say-verb: '…, said the Observatory', '… said Mounzer
    Khalil head of Idlib's health authority adding that …'."""
    doc = sent.doc
    end = verb.i + 1
    while end < sent.end and end - verb.i <= MAX_SPEAKER_TOKENS:
        t = doc[end]
        if (t.is_punct and t.text not in ("-", "'", "’", "(", ")")) or t.like_num or t.lower_ in CLAUSE_WORDS \
                or (t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ not in ("amod", "compound")):
            break
        end += 1
    after = doc[verb.i + 1:end]
    while len(after) and (after[0].lower_ in TIME_WORDS or after[0].lower_ in words("say_fillers")):
        after = after[1:]   # "said on Tuesday the Observatory", "said in a statement the ministry"
    if len(after) and after.text.lower() in GENERIC_SOURCES:
        return after.text   # "…, reported officials, with 25 others injured"
    if not len(after) or not (after[0].lower_ in words("articles") or after[0].text[:1].isupper()):
        return None
    told = {i for t in doc.spans.get("triggers", []) for i in range(t.start, t.end)}
    if any(t.i in told for t in after):
        return None   # "… had also reported the deadly attacks giving a toll of 31": what was told, not who
    return after.text if any(t.text[:1].isupper() or t.tag_.startswith("NN") for t in after) else None


def _adjacent_speaker(sent: Span, verb: Token) -> str | None:
    """The speaker of a say-verb the parser gave no subject. After the verb when what was
    said comes first ('… were killed, said the Observatory'), else before it ('… northern
    Syria a monitoring group said'), else whichever there is."""
    inverted = any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children) \
        or (verb.i > sent.start and sent.doc[verb.i - 1].text in ('"', "”", "'", ","))
    after, before = _after_speaker(sent, verb), _before_speaker(sent, verb)
    return (after or before) if inverted else (before or after)


def _before_speaker(sent: Span, verb: Token) -> str | None:
    doc = sent.doc
    end = verb.i
    while end - 1 >= sent.start and doc[end - 1].lower_ in words("discourse_adverbs"):
        end -= 1   # "… Raqqa is Being Slaughtered Silently meanwhile said"
    window = doc[max(sent.start, end - MAX_SPEAKER_TOKENS):end].text
    for rx, _ in source_aliases():   # a well-known name, even one the parse cannot hold together
        m = None
        for m in rx.finditer(window):
            pass
        if m is not None and not window[m.end():].strip():
            return m.group(0)
    # before: the noun phrase that ends at the verb, read back over names and their links
    # ("head of the Syrian Observatory for Human Rights Rami Abdel Rahman said", "a source at
    # the Police Command said") but not past a place or a time ("… in northern Syria a
    # monitoring group said", "… on Thursday state television reported"); from its last
    # determiner that does not follow a preposition
    k = verb.i - 1
    while k >= sent.start and verb.i - k <= MAX_SPEAKER_TOKENS:
        t = doc[k]
        if (t.is_punct and t.text not in ("-", "'", "’", "(", ")")) or t.like_num or t.lower_ in TIME_WORDS \
                or (t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.dep_ not in ("amod", "compound")) \
                or t.lower_ in words("speaker_clause_breaks"):
            break
        if t.tag_ == "IN" or t.lower_ in words("speaker_link_prepositions"):
            before = doc[k - 1] if k - 1 >= sent.start else None
            if before is None or not (before.text[:1].isupper() or before.lower_ in words("speaker_titles")):
                break
        k -= 1
    span = doc[k + 1:verb.i]
    while len(span) and (span[0].lower_ in words("speaker_link_prepositions") or span[0].text == "-"):
        span = span[1:]
    if not len(span):
        return None
    dets = [t.i for t in span if t.lower_ in words("articles") and not (
        t.i > span.start and doc[t.i - 1].lower_ in words("speaker_link_prepositions"))]
    if dets:
        span = doc[dets[-1]:span.end]
    span = _source_tail(span)
    return span.text if any(t.text[:1].isupper() or t.tag_.startswith("NN") for t in span) else None


_LOCATIVE = words("locative_prepositions")


def _victims_before(doc, k: int) -> bool:
    """Whether token k - 1 counts victims ('… killed three civilians activists said') rather
    than being part of a name ('Aleppo Police Command')."""
    t = doc[k - 1]
    return t.lower_ in victim_words() and not (t.text[:1].isupper() and doc[k].text[:1].isupper()
                                               and doc[k].lower_ not in victim_words())


def _place_of_the_sentence(doc, k: int, start: int, places: dict[int, Span]) -> bool:
    """Whether the words just before token k are the place the sentence ends on, not part of
    the speaker's name: '… in Northern Homs FNA reports', '… in Aleppo local sources said'
    (a place after a preposition of place, before an outlet or before lower-case words),
    not 'a source at Aleppo Police Command' or 'the Homs Governor'. `places`: the doc's
    place spans by their end."""
    place = places.get(k)
    if place is not None:
        first = place.start
    elif doc[k - 1].text[:1].isupper() and not doc[start].text[:1].isupper():
        first = k - 1   # a capitalised run the gazetteer does not know ("near Kabul provincial police")
        while first - 1 >= 0 and doc[first - 1].text[:1].isupper():
            if first in places:
                return False   # "… in northern Syria Al Mayadeen TV channel": the name after a place
            first -= 1
    else:
        return False
    while first - 1 >= 0 and (doc[first - 1].lower_ in words("admin1_before") or doc[first - 1].lower_ in words("definite_articles")):
        first -= 1
    return first - 1 >= 0 and doc[first - 1].lower_ in _LOCATIVE


def _source_tail(span: Span) -> Span:
    """In text without commas the words before a say-verb run on from the sentence into
    the speaker ('… in Aleppo neighborhood Syrian State TV announced'): the speaker is the
    shortest end of the run that names a kind of source, widened over its own name (the
    capitalised or compound words before it, and a determiner)."""
    doc = span.doc
    places = {p.end: p for p in doc.spans.get("places", [])}
    for start in range(span.end - 1, span.start - 1, -1):
        tail = doc[start:span.end]
        if source_type(tail.text) == "unknown" and not any(rx.search(tail.text) for rx, _ in source_aliases()):
            continue
        if getattr(places.get(span.end), "start", None) == start or doc[start].tag_ == "IN":
            continue   # "medical sources in Douma said": a place alone, or its preposition, names no one
        k = start
        while k > span.start and not _victims_before(doc, k) and not _place_of_the_sentence(doc, k, start, places) \
                and doc[k - 1].lower_ not in words("not_speakers") and (
                doc[k - 1].text[:1].isupper() or doc[k - 1].dep_ in ("compound", "amod")
                                  or doc[k - 1].lower_ in words("name_joiners")) \
                and not (doc[k - 1].lower_ in words("title_preps") and not doc[k - 2].text[:1].isupper()
                         and doc[k - 2].lower_ not in words("speaker_titles")):
            k -= 1
        if k > span.start and doc[k - 1].lower_ in words("articles"):
            k -= 1
        return doc[k:span.end]
    return span


def _relay_in(verb: Token, sent: Span) -> str | None:
    """An outlet the speaker told or gave a statement to: 'told AFP', 'in a statement to SANA',
    'told SANA reporter'."""
    doc = sent.doc
    stop = min(sent.end, verb.i + 9)
    i = verb.i + 1
    while i < stop:
        t = doc[i]
        to = t.lower_ in words("recipient_preps")
        if to or (i == verb.i + 1 and verb.lower_ in words("relay_verbs")):
            j = i + 1 if to else i
            k = j
            while k < stop and (doc[k].text[:1].isupper() or doc[k].lower_ in words("outlet_name_words")):
                k += 1
            if k > j and is_relay_outlet(doc[j:k].text):
                return _DETERMINER.sub("", doc[j:k].text)
        if t.lower_ in ("that",) or t.dep_ == "ccomp":
            break
        i += 1
    return None


def sentence_frames(sent: Span) -> list[Frame]:
    """The attribution frames of a sentence (see the module's docstring)."""
    doc = sent.doc
    frames: dict[int, Frame] = {}
    says, quotes = words("say_verbs"), words("quote_verbs")
    lowers = lowers_and_numbers(doc)[0]   # a Token object only for the words that may frame
    impersonal = words("impersonal_report_words")
    verbs = []
    for i in range(sent.start, sent.end):
        low = lowers[i]
        if low not in says:
            continue
        t = doc[i]
        if low in words("according_words"):
            if i + 1 < sent.end and lowers[i + 1] in words("recipient_preps"):
                frames[i] = _according_to(sent, t)
            continue
        sentence_final = t.i + 1 >= sent.end or (doc[t.i + 1].is_punct and t.i + 2 >= sent.end)
        reports_that = t.tag_.startswith("NN") and low in words("report_nouns") and any(
            c.dep_ == "ccomp" and any(g.dep_ == "mark" for g in c.children) for c in t.children)
        if not (t.tag_.startswith("VB") or reports_that or (sentence_final and low in words("final_say_words"))):
            continue   # 'reports' ending '… SANA news agency reports', 'Tel Aviv police report that …' may be tagged a noun
        if low in words("claim_forms") and any(
                c.lower_ in words("claimed_objects_of_a_claim") for c in t.subtree if t.i < c.i <= t.i + 4):
            continue   # 'claimed the lives of 20', 'claimed responsibility': not an attribution
        verbs.append(t)
    for t in verbs:   # say-verbs first: a quote verb's relay may be one's speaker
        if t.lower_ not in quotes:
            speaker = _speaker_of(sent, t)
            if speaker and speaker.lower() in words("not_sources") and t.lower_ in GENERIC_SOURCES:
                speaker = f"{speaker} {t.text}"   # "Some reports state that …" parsed with 'reports' for a verb
            if speaker:
                frames[t.i] = Frame(t.i, frozenset(x.i for x in t.subtree), speaker, _relay_in(t, sent),
                                    role=_role_of(sent, t))
    for t in verbs:   # 'SANA quoted a police source', '… reported citing a source', 'X was quoted by Y'
        if t.lower_ in quotes:
            frame = _quote_frame(sent, t, frames)
            if frame is not None:
                frames.pop(t.head.i if t.lower_ in words("quoting_words") else -1, None)
                frames[t.i] = frame
    for i in range(sent.start, sent.end):
        if i in frames or lowers[i] not in impersonal:
            continue
        t = doc[i]
        if _impersonal(t):
            clause = t.head if t.tag_ == "RB" else t
            frames[t.i] = Frame(t.i, frozenset(x.i for x in clause.subtree), value("impersonal_report_source"))
    out = sorted(frames.values(), key=lambda f: f.anchor)
    if not out and sent.start == 0:
        out.extend(_headline_frame(sent))
    return out


def _role_of(sent: Span, verb: Token) -> str | None:
    """The apposition that says what a named speaker is: 'Lt. Col. X, a spokeswoman for the
    U.S. military, said', '"…," said Brigadier X, a spokesman for the country's military'."""
    doc = sent.doc
    for c in verb.children:
        if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod") or (c.dep_ == "nsubj" and c.i > verb.i):
            for a in c.children:
                if a.dep_ == "appos" and a.lower_ in words("speaker_titles"):
                    return doc[a.left_edge.i:a.right_edge.i + 1].text
    # '"…," said X, a spokesman for …': an apposition the parse hangs elsewhere
    k = verb.i + 1
    while k < sent.end and k - verb.i <= MAX_SPEAKER_TOKENS and doc[k].text != ",":
        k += 1
    if k + 2 < sent.end and doc[k + 1].lower_ in words("articles") and doc[k + 2].lower_ in words("speaker_titles"):
        end = k + 2
        while end < sent.end and not (doc[end].is_punct and doc[end].text not in ("'s", "’s", "-", ".")):
            end += 1
        return doc[k + 1:end].text
    return None


def _impersonal(t: Token) -> bool:
    """'reportedly', or 'reported' in the passive with no one it is reported by: 'Eight people
    are reported dead', 'it has been reported that', 'were reported injured'."""
    if t.tag_ == "RB":
        return True
    passive = any(c.dep_ == "auxpass" for c in t.children) or (t.i > 0 and t.doc[t.i - 1].lower_ in words("be_forms"))
    return t.tag_ == "VBN" and passive and not any(c.dep_ == "agent" or c.lower_ in words("agent_preps") for c in t.children)


def _according_to(sent: Span, t: Token) -> Frame:
    doc = sent.doc
    obj = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
    if obj:
        left, right = min(x.i for x in obj[0].subtree), max(x.i for x in obj[0].subtree)
        speaker = _phrase(doc, max(left, t.i + 2), right)
    else:
        speaker = _phrase(doc, t.i + 2, min(sent.end - 1, t.i + 2 + MAX_SPEAKER_TOKENS))
    relay = None
    m = re.search(r"\b(?:quoted|cited) by (?:the )?([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)", doc[t.i:sent.end].text)
    if m and is_relay_outlet(m.group(1)):
        relay = m.group(1)
    return Frame(t.i, frozenset(range(sent.start, sent.end)), speaker, relay, governs_all=True)


def _speaker_of(sent: Span, verb: Token) -> str | None:
    doc = sent.doc
    subj, subj_verb = _subject(verb)
    if subj is not None and subj.lower_ in words("relative_pronouns") and subj_verb.dep_ == "relcl":
        subj = subj_verb.head   # "paramedics who told him that 22 bodies …": the paramedics
        return _phrase(doc, max(subj.left_edge.i, sent.start), subj.i)
    if subj is not None and _speaker_like(subj, subj_verb):
        left = max(subj.left_edge.i, verb.i - MAX_SPEAKER_TOKENS) if subj.i < verb.i else subj.left_edge.i
        while left - 1 >= sent.start and verb.i - left < MAX_SPEAKER_TOKENS and (
                (doc[left - 1].text[:1].isupper() and doc[left].text[:1].isupper())
                or (doc[left - 1].lower_ in words("office_preps") and left - 2 >= sent.start and doc[left - 2].text[:1].isupper())):
            left -= 1   # "… the Syrian Observatory for Human Rights reported" parsed with 'Rights' for subject
        right = subj.right_edge.i
        for c in sorted(subj_verb.children, key=lambda c: c.i):   # "the state news agency SANA said": two subjects side by side
            if c.dep_ == "nsubj" and c.left_edge.i == right + 1 and c.i < verb.i:
                right = c.right_edge.i
        return _phrase(doc, max(left, sent.start), right)
    return _adjacent_speaker(sent, verb)


def _quote_frame(sent: Span, t: Token, frames: dict[int, Frame]) -> Frame | None:
    doc = sent.doc
    obj = [c for c in t.children if c.dep_ in OBJECT_DEPS]
    if obj:   # the quoted one is the object; the one quoting is the subject, or the speaker of the verb it hangs on
        right = max(x.i for x in obj[0].subtree)
        the = words("definite_articles")
        while right + 2 < sent.end and doc[right + 1].lower_ in words("affiliation_preps") and (
                doc[right + 2].text[:1].isupper() or doc[right + 2].lower_ in the):
            right += 2   # "citing a source at the Aleppo Police Command": the source's affiliation
            while right + 1 < sent.end and (doc[right + 1].text[:1].isupper() or doc[right].lower_ in the):
                right += 1
        quoted = _phrase(doc, min(x.i for x in obj[0].subtree), right)
        if t.lower_ in words("quoting_words") and t.head is not t:
            head = frames.get(t.head.i)
            relay = head.speaker if head is not None else _speaker_of(sent, t.head)
            scope = frozenset(x.i for x in t.head.subtree)
        else:
            subj = _subject(t)[0]
            relay = _phrase(doc, subj.left_edge.i, subj.right_edge.i) if subj is not None else None
            scope = frozenset(x.i for x in t.subtree)
        return Frame(t.i, scope, quoted, relay, quoted=True)
    agent = [c for c in t.children if c.dep_ == "agent"]
    subj = _subject(t)[0]
    if agent and subj is not None:   # 'X was quoted by SANA as saying'
        by = [c for c in agent[0].children if c.dep_ == "pobj"]
        relay = _phrase(doc, by[0].left_edge.i, by[0].right_edge.i) if by else None
        scope = frozenset(x.i for x in t.head.subtree) if t.head is not t else frozenset(x.i for x in t.subtree)
        return Frame(t.i, scope, _phrase(doc, subj.left_edge.i, subj.right_edge.i), relay, quoted=True)
    return None


def _headline_frame(sent: Span) -> list[Frame]:
    """'… kill 21 civilians in Syria Monitor', '… : activists', '…, says monitor'."""
    tokens = [t for t in sent if not t.is_punct and not t.is_space]
    for n in (1, 2):
        tail = tokens[-n:]
        if len(tokens) > 4 and tail and tail[-1].lower_ in HEADLINE_SOURCES:
            words_ = [t.text for t in tail if t.lower_ not in words("say_forms")]
            if words_:
                return [Frame(tail[0].i, frozenset(range(sent.start, sent.end)), " ".join(words_))]
    return []


def frame_for(frames: list[Frame], figure: int) -> Frame | None:
    """The frame that governs a figure: the innermost verb whose clause holds it, else the
    nearest frame in the sentence."""
    holding = [f for f in frames if figure in f.scope and not f.governs_all]
    if holding:
        return min(holding, key=lambda f: (not f.quoted, len(f.scope)))
    if not frames:
        return None
    return min(frames, key=lambda f: (abs(f.anchor - figure) + (0 if f.anchor > figure else 3)))


# ---- sources across an article ----------------------------------------------------------

class SourceContext:
    """What the article has said about sources so far: the last one named (for anaphors)
    and whether it names the Observatory (for a generic 'monitoring group')."""

    def __init__(self, text: str, country: str | None = None):
        self.country = country   # the article's: which well-known sources its aliases name
        self.names_sohr = bool(re.search(r"Syrian Observatory|\bSOHR\b", text) or (
            country in (None, "SY") and re.search(r"\bObservatory\b", text)))   # 'the Observatory' is SOHR in Syria
        self.last: Source | None = None
        self.people: dict[str, str] = {}   # a person's surname -> the fullest name the article gave

    def resolve(self, frame: Frame | None) -> Source:
        if frame is None:
            return UNATTRIBUTED
        name = canonical_source(frame.speaker, self.country) if frame.speaker != PRONOUN else PRONOUN
        if name == PRONOUN:
            if self.last is not None:
                return self.last
            if frame.speaker.lower() in PERSONAL_PRONOUNS:
                return UNATTRIBUTED
            name = _DETERMINER.sub("", frame.speaker.strip())   # "the monitor" with none named before
        if name is None:
            return UNATTRIBUTED
        if name.lower() in GENERIC_MONITORS and self.names_sohr:
            name = SOHR
        state = _state_of_capital(name)
        capital = state != name or _is_a_state(name)   # "Washington said", "the United States said": the state speaks
        name = self._one_name(state)
        relay = canonical_source(frame.relay, self.country) if frame.relay else None
        if relay in (PRONOUN, name):
            relay = None
        kind = "government" if capital else source_type(name)
        if kind in ("unknown", "local") and frame.role:
            kind = source_type(frame.role) if source_type(frame.role) not in ("unknown", "local") else kind
        if kind == "unknown":
            kind = source_type(relay) if relay else "unknown"
        return Source(name, relay, kind, frame.speaker)

    def _one_name(self, name: str) -> str:
        """'Konashenkov' after 'Igor Konashenkov': the name the article gave in full."""
        parts = name.split()
        if not (1 <= len(parts) <= 3 and all(p[:1].isupper() and p.replace("-", "").replace("'", "").isalpha() for p in parts)):
            return name
        full = self.people.get(parts[-1])
        if full is not None and len(full.split()) > len(parts) and full.endswith(name):
            return full
        if full is None or len(parts) > len(full.split()):
            self.people[parts[-1]] = name
        return name

    def named(self, source: Source) -> None:
        if source.attributed:
            self.last = source


__all__ = ["Frame", "Source", "SourceContext", "UNATTRIBUTED", "canonical_source", "frame_for", "is_generic_source", "phrases",
           "sentence_frames", "source_type"]
