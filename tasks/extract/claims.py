"""Casualty figures in a sentence: the number, its qualifier, the outcome, the victims, and
whether it is a part of another figure. Attribution is tasks/extract/attribution.py's.

A number is a claim only when a casualty word binds it (lexicon roles in parentheses):
- a passive or adjectival outcome after its noun phrase: "24 civilians were killed", "86
  dead", "two children among the dead" (killed_words_after, injured_words_after);
- an active verb before it, past a qualifier: "killed at least 20 civilians", "injuring
  dozens", "claiming the lives of three" (killed_verbs_before, injured_verbs_before);
- a toll: "the death toll rose to 86", "the number of dead reached 40" (toll_nouns, toll_verbs);
- the figure it qualifies: "including nine children", "30 of them children", "among them a
  child and two women" (subtotal_before, subtotal_phrases) — a part, never added to its
  total — and "along with six others" (addition_phrases), "17 rebels and 11 soldiers were
  killed" (coordination).
Not claims: numbers of strikes, jets, shells, buildings or fighters taking part (the noun
after the number is in not_victim_nouns), ages, distances, years, percentages; people
displaced, arrested, evacuated or besieged (not_a_casualty_words); war-wide totals and
campaign tallies (war_wide_patterns, campaign_patterns, or a figure of war_wide_floor or
more); an unnumbered list ("a man and his wife").
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from sitrep.common.actors import actor_kind
from sitrep.common.dates import find_dates
from sitrep.tasks.extract import pos as _pos  # noqa: F401  (registers Token._.cpos)
from sitrep.tasks.extract.doc_cache import (doc_text, entities, entity_at, lowers_and_numbers, sentence_of, sentences, text_of,
                                            tokens_in_spans)
from sitrep.tasks.extract.lexicon import actor_sides, outcome_words, pattern, phrases, value, victim_words, words
from sitrep.tasks.extract.span_keys import ACTORS
from sitrep.tasks.extract.numbers import SCALES, TENS, UNITS, VAGUE, Quantity, parse_digits, parse_words, qualify, vague
from sitrep.tasks.extract.attribution import UNATTRIBUTED, Source, SourceContext, frame_for, is_generic_source, sentence_frames

CLAUSE_BREAKS = words("clause_breaks")
SINGULAR_VICTIMS = words("singular_victims")


@dataclass
class Figure:
    """A number expression in a sentence, before it is known to be a casualty claim."""
    start: int           # token index in doc
    end: int
    quantity: Quantity
    singular: bool = False   # 'a child', 'one soldier': a victim counted by the article's word
    named: bool = False      # 'George Hawi was assassinated', 'shot him dead': a victim named, not counted


@dataclass
class Claim:
    start: int           # token span of the figure
    end: int
    outcome: str
    quantity: Quantity
    victim_group: str
    sentence_start: int  # token index of the sentence start
    subtotal: bool = False   # part of another figure ("including nine children", "30 of them children")
    adds: bool = False       # a further part of the figure before it ("along with six others", "and 16 others",
                             # "seven policemen were also killed"): added to it in the incident's total
    source: Source = field(default=UNATTRIBUTED)
    age: str | None = None   # one victim's age as written ("a 28-year-old man"): two ages, two people

    @property
    def claimed_by(self) -> str | None:
        return self.source.claimed_by


def _is_number_word(tok: Token) -> bool:
    return _number_word(tok.lower_)


@lru_cache(maxsize=1 << 14)
def _number_word(low: str) -> bool:
    parts = [p for p in low.split("-") if p]
    return bool(parts) and all(p in UNITS or p in TENS or p in SCALES for p in parts)


# what a figure can start with besides a number: "a dozen", "a child", "one soldier"
_FIGURE_OPENERS = words("figure_openers") | words("pair_words")


def _is_number(tok: Token) -> bool:
    return (tok.like_num or _is_number_word(tok)) and not _is_age(tok)


def _is_age(tok: Token) -> bool:
    """'12' in 'a 12-year-old girl', '30' and '45' in 'aged 30 and 45': an age, which the
    scans for a figure's words pass over."""
    doc = tok.doc
    if tok.i + 4 < len(doc) and doc[tok.i + 2].lower_ in words("age_nouns") and doc[tok.i + 3].text == "-" \
            and doc[tok.i + 4].lower_ in words("age_adjectives"):
        return True
    k = tok.i - 1
    while k >= 0 and tok.i - k <= 6 and (doc[k].like_num or doc[k].lower_ in ("and", "or", ",", "to", "between")):
        k -= 1
    return k >= 0 and doc[k].lower_ in words("age_words_before")


# A sentence without a digit, a number or quantity word, or a singular victim holds no figure:
# most sentences of a report are skipped by one regex search instead of a walk over tokens.
class _WordTest:
    """Whether a text holds one of the words, as the regex \\b(?:w1|w2|…)\\b in any case
    would say, but fast: a word of word characters only is in the text when one of the
    text's runs of word characters equals it (what \\b on both sides means), a set lookup per
    run; only words with other characters ('co-worker') are searched for. Python's regex
    tries a long alternation word by word at every position of every sentence."""

    _RUNS = re.compile(r"\w+")
    _DIGIT = re.compile(r"\d")

    def __init__(self, vocabulary, digits: bool = False):
        words_ = {w.lower() for w in vocabulary}
        self.plain = frozenset(w for w in words_ if re.fullmatch(r"\w+", w))
        other = sorted(words_ - self.plain, key=len, reverse=True)
        self.other = re.compile(r"\b(?:" + "|".join(map(re.escape, other)) + r")\b", re.I) if other else None
        self.digits = digits

    def search(self, text: str) -> bool:
        if self.digits and self._DIGIT.search(text):
            return True
        if not self.plain.isdisjoint(self._RUNS.findall(text.lower())):
            return True
        return self.other is not None and self.other.search(text) is not None


# what a sentence must hold to count anyone: a digit, a number word, a vague quantity, a victim noun
_MAY_HOLD_FIGURE = _WordTest({*UNITS, *TENS, *SCALES, *VAGUE, *SINGULAR_VICTIMS, *words("pair_words"), *words("dozen_words"),
                              *words("indefinite_articles"), *words("another_words")}, digits=True)
# "the pilot was killed", "rebels executed its commander": one victim the article names by a
# definite noun phrase, counted only when the parse binds the noun to the outcome
_DEFINITE_OPENERS = words("definite_victim_openers")
# a sentence that names a victim by name or pronoun has no number: its outcome word lets it in
_MAY_NAME_A_VICTIM = _WordTest(words("killed_words_after") | words("injured_words_after") | words("killed_verbs_before")
                               | words("injured_verbs_before") | words("harm_verbs"))
_NAMES_A_VICTIM = _WordTest(SINGULAR_VICTIMS)


def find_figures(sent: Span) -> tuple[Figure, ...]:
    """Number expressions: digits, number words, vague quantities, 'a dozen', ranges, and
    singular victims ('a child', 'one soldier'). Found once per sentence (claims and the
    strike counts both ask)."""
    found = sent.doc._.figures   # (a declared Doc extension: the events' counts read it)
    if found is None:
        found = sent.doc._.figures = {}
    key = (sent.start, sent.end)
    if key not in found:
        found[key] = tuple(_find_figures(sent))
    return found[key]


def _find_figures(sent: Span) -> list[Figure]:
    text = text_of(sent)
    may_count, may_name = _MAY_HOLD_FIGURE.search(text), _MAY_NAME_A_VICTIM.search(text)
    if not (may_count or may_name):
        return []
    doc = sent.doc
    figures: list[Figure] = _named_victims(sent, text) if may_name else []
    if not may_count:
        return figures
    named_at = {f.start for f in figures}
    definite = _DEFINITE_OPENERS if _NAMES_A_VICTIM.search(text) else frozenset()   # "the pilot": only near such a noun
    in_dates = {t.i for d in find_dates(text) for t in doc.char_span(sent.start_char + d.start, sent.start_char + d.end,
                                                                     alignment_mode="expand") or ()}
    lowers, numeric = lowers_and_numbers(doc)
    i = sent.start
    while i < sent.end:
        low = lowers[i]
        if not (numeric[i] or low in _FIGURE_OPENERS or low in VAGUE or _number_word(low) or low in definite) \
                or i in named_at:
            i += 1   # most words: no branch below can take them
            continue
        tok = doc[i]
        if i in in_dates:   # "15-02-2016", "Aug 1, 2013": a date, not a count
            i += 1
            continue
        if _in_date_or_measure(doc, tok) and low not in VAGUE and low not in words("indefinite_counts"):
            i += 1
            continue
        value_ = None
        end = i + 1
        if tok.like_num and parse_digits(tok.text) is not None:
            value_ = parse_digits(tok.text)
            if end < sent.end and doc[end].lower_ in SCALES:
                value_ = value_ * SCALES[doc[end].lower_]
                end += 1
            if isinstance(value_, float):
                value_ = int(value_) if value_.is_integer() else None
        elif _is_number_word(tok) and low not in SCALES:
            words_ = [tok.text]
            while end < sent.end and (_is_number_word(doc[end]) or (doc[end].text in ("-", "and") and end + 1 < sent.end
                                                                    and _is_number_word(doc[end + 1]))):
                words_.append(doc[end].text)
                end += 1
            value_ = parse_words(words_)
            if low in words("one_words") and i > sent.start and doc[i - 1].lower_ in words("negating_determiners"):
                i = end   # "no one was hurt": no figure (nobody_hurt says 0)
                continue
            if low in words("one_words") and end < sent.end and doc[end].lower_ in words("partitive_words"):
                if _one_of_a_group(doc[end]) is not None:   # "one of the president's guards was killed"
                    figures.append(Figure(i, end, Quantity(1, 1, "exact"), singular=True))
                elif end + 1 < sent.end and doc[end + 1].tag_ == "PRP" and victim_outcome(tok) is not None:
                    figures.append(Figure(i, end, Quantity(1, 1, "exact"), singular=True))   # "one of them was stabbed"
                elif end + 2 < sent.end and doc[end + 1].lower_ in words("part_of_a_figure_nouns") \
                        and doc[end + 2].lower_ in words("death_marks"):
                    figures.append(Figure(i, end, Quantity(1, 1, "exact")))   # "three people were shot, one of them fatally"
                i = end   # "one of those killed": a victim of a figure already stated
                continue
        elif low in words("dozen_openers") and i + 1 < sent.end and doc[i + 1].lower_ in words("dozen_words"):
            half = i > sent.start and doc[i - 1].lower_ in words("half_words")   # "half a dozen"
            n = 6 if half else 12
            q = qualify(doc[max(sent.start, i - 4 - half):i - half].text, n)   # "at least a dozen", "more than a dozen"
            figures.append(Figure(i - half, i + 2, q if q.qualifier != "exact" else Quantity(n, None, "vague")))
            i += 2
            continue
        elif low in words("dozen_words") and (i == sent.start or doc[i - 1].lower_ not in words("dozen_openers")):
            value_ = 12
        elif low in words("pair_words") and tok.dep_ != "preconj" and not any(c.dep_ == "conj" for c in tok.head.children) \
                and (victim_outcome(tok) or (
                i + 1 < sent.end and doc[i + 1].lower_ in victim_words() and victim_outcome(doc[i + 1]))):
            figures.append(Figure(i, i + 1, Quantity(2, 2, "exact")))   # "both women died", "both were killed"
            i += 1
            continue
        elif low in words("another_words"):
            elided = tok.head.i == i + 1 and tok.head.lower_ in words("injured_words_after") | words("killed_words_after")
            if victim_outcome(tok) or elided or (_singular_victim_at(doc, i + 1, sent) and tok.dep_ == "det"
                                                 and victim_outcome(tok.head)):
                # "another soldier died", "wounding another", "one is dead and another injured"
                figures.append(Figure(i, i + 1, Quantity(1, 1, "exact"), singular=True))
            i += 1
            continue
        elif low in words("indefinite_articles") and _singular_victim_at(doc, i + 1, sent):
            figures.append(Figure(i, i + 1, Quantity(1, 1, "exact"), singular=True))
            i += 1
            continue
        elif low in definite:
            # "the pilot was killed", "the man was shot and died": the parse binds the noun to an outcome
            if _singular_victim_at(doc, i + 1, sent) and victim_outcome(doc[i].head) is not None:
                figures.append(Figure(i, i + 1, Quantity(1, 1, "exact"), singular=True))
            i += 1
            continue
        else:
            q = vague(low)
            after_outcome = i > sent.start and doc[i - 1].lower_ in words("killed_verbs_before") | words("injured_verbs_before")
            if q is not None and (after_outcome or (i + 1 < sent.end and doc[i + 1].lower_ in words("vague_figure_next"))):
                figures.append(Figure(i, end, q))
                i = end
                continue
        if value_ is None or value_ < 0:
            i += 1
            continue
        if end < sent.end and doc[end].lower_ in words("dozen_words") and isinstance(value_, int):
            figures.append(Figure(i, end + 1, Quantity(value_ * 12, None, "vague")))   # "two dozen people"
            i = end + 1
            continue
        # ranges: "between 10 and 15", "10 to 15", "10-15", "five or (possibly) six"
        if end + 2 < sent.end and doc[end].lower_ in words("disjunctions"):
            k = end + 2 if doc[end + 1].lower_ in words("hedge_adverbs") else end + 1
            k_end = k + 1
            if _is_number_word(doc[k]):
                while k_end < sent.end and _is_number_word(doc[k_end]):
                    k_end += 1
                high = parse_words([t.text for t in doc[k:k_end]])
            else:
                high = parse_digits(doc[k].text) if doc[k].like_num else None
            if isinstance(high, int) and high > value_:
                figures.append(Figure(i, k_end, Quantity(int(value_), high, "range")))
                i = k_end
                continue
        if end + 1 < sent.end and doc[end].lower_ in ("to", "-", "–", "and") and doc[end + 1].like_num:
            high = parse_digits(doc[end + 1].text)
            if isinstance(high, int) and high > value_ and (doc[end].lower_ not in words("coordinators") or (i > sent.start and doc[i - 1].lower_ in words("range_openers"))):
                figures.append(Figure(i, end + 2, Quantity(int(value_), high, "range")))
                i = end + 2
                continue
        prefix = doc[max(sent.start, i - 4):i].text
        figures.append(Figure(i, end, qualify(prefix, int(value_)), singular=(value_ == 1 and low in ("one",))))
        i = end
    return sorted(figures, key=lambda f: f.start)


_VICTIM_PRONOUN = re.compile(r"\b(?:" + "|".join(sorted(words("victim_pronouns"))) + r")\b", re.I)


def _named_victims(sent: Span, text: str) -> list[Figure]:
    """One victim each: a person's name or a pronoun the parse binds to an outcome ('George
    Hawi was assassinated', 'Politkovskaya was found shot dead', 'the officers shot him dead',
    'he died'). Not a name that only describes a noun ('a politician, George Hawi,'), whose
    noun is the figure."""
    doc = sent.doc
    candidates = [(ent.root, (ent.start, ent.end)) for ent in entities(doc)
                  if ent.label_ == "PERSON" and sent.start <= ent.start < sent.end]
    candidates += _unlabelled_names(sent, {c[0].i for c in candidates})
    if _VICTIM_PRONOUN.search(text):   # most sentences have none: no walk over their tokens
        pronouns = words("victim_pronouns")
        # (a sentence's first "He" after "Elm St." the tagger may read as a name)
        candidates += [(t, (t.i, t.i + 1)) for t in sent if t.lower_ in pronouns and (t.tag_ == "PRP" or (
            t.i == sent.start and t.tag_ == "NNP"))]
    # a name the geoparser or the actor list reads as a place or a party is no victim ("the
    # group Raqqa is being slaughtered silently said …")
    taken = tokens_in_spans(doc, "places") | tokens_in_spans(doc, "actors")
    out = []
    for tok, span in sorted(candidates, key=lambda c: c[1]):
        if tok.i in taken:
            continue
        before = doc[span[0] - 1] if span[0] > sent.start else None
        if before is not None and (before.like_num or before.lower_ in _FIGURE_OPENERS or before.lower_ in words("figure_noun_determiners")):
            continue   # "one Briton", "a Briton": counted by its determiner
        if _named_outcome(tok) is not None:
            out.append(Figure(span[0], span[1], Quantity(1, 1, "exact"), singular=True, named=True))
    return out


def _named_outcome(tok: Token) -> str | None:
    """A named victim's outcome; a name joined to one before it shares it ("John Doe, 23, and
    Mark Roe, 30, were killed": each name a victim, CODEBOOK)."""
    first = tok
    while _listed_after(first):
        first = first.head
    if first is tok or first.ent_type_ != "PERSON":
        return victim_outcome(tok)
    return victim_outcome(tok) or victim_outcome(first)


def _listed_after(name: Token) -> bool:
    """A name that follows another in a list ("X and Y", "X, Y and Z" — which the parse may
    read as an apposition of two names)."""
    head = name.head
    return head is not name and head.i < name.i and (
        name.dep_ == "conj" or (name.dep_ == "appos" and name.ent_type_ == "PERSON" and head.ent_type_ == "PERSON"))


def _unlabelled_names(sent: Span, known: set[int]) -> list[tuple[Token, tuple[int, int]]]:
    """Names of two or more capitalised proper nouns the model left without an entity ('Jane
    Roe was shot and killed'): the subject or object of a verb, its compounds before it."""
    out = []
    for t in sent:
        if t.tag_ != "NNP" or t.ent_type_ not in ("", "PERSON") or t.i in known \
                or t.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        start = t.i
        while start - 1 >= sent.start and sent.doc[start - 1].tag_ == "NNP" and sent.doc[start - 1].dep_ == "compound" \
                and sent.doc[start - 1].head.i == t.i and sent.doc[start - 1].ent_type_ in ("", "PERSON"):
            start -= 1
        if start < t.i and all(x.text[:1].isupper() and x.is_alpha for x in sent.doc[start:t.i + 1]):
            out.append((t, (start, t.i + 1)))
    return out


def victim_outcome(noun: Token) -> str | None:
    """killed / injured for one victim the parse binds to an outcome: subject of a passive
    ('was killed', 'was assassinated', 'was found shot dead', 'was shot' — wounded), of 'died',
    object of a verb that kills or wounds ('killing him', 'shot him dead'). A harm verb kills
    with a death mark beside it ('shot dead', 'stabbed to death', 'fatally shot', 'shot and
    killed'), else wounds."""
    dep, verb = noun.dep_, noun.head
    told = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    if told is not None and noun.tag_.startswith("NN"):   # "the woman killed in a weekend stabbing"
        dep, verb = "nsubjpass", told
    elif dep == "pobj" and verb.lower_ in words("partitive_words") and verb.head.lower_ in words("death_of_nouns") \
            and any(c.dep_ in ("amod", "compound") and c.lower_ in words("harm_verbs") | words("harm_nouns")
                    for c in verb.head.children):
        return "killed"   # "the shooting death of a classmate" (not "the death of the journalist", told again)
    if dep == "conj" and noun.lower_ in words("reflexive_victims"):
        # "killed two people and then himself": what was done to the first, to him too
        if verb.dep_ == "dobj":
            verb = verb.head
        if verb.tag_.startswith("VB"):
            dep = "dobj"
    low = verb.lower_
    if dep == "nsubj" and low in words("dying_verbs"):
        return "killed"
    if dep in ("nsubj", "nsubjpass") and any(c.dep_ == "conj" and c.lower_ in words("dying_verbs")
                                             and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                                             for c in verb.children):
        return "killed"   # "a man was found with gunshot wounds and died at a hospital"
    if dep == "nsubj" and low in words("suffering_verbs"):
        harm = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in words("wound_nouns")]
        if harm:   # "a woman suffered a graze wound", "he sustained fatal injuries"
            return "killed" if any(c.lower_ in words("death_marks") | words("fatal_words") for h in harm for c in h.children) \
                else "injured"
    if dep == "pobj" and noun.lower_ in words("reflexive_victims") and verb.head.lower_ in words("turn_verbs") \
            and any(c.dep_ == "dobj" and c.lower_ in words("weapon_nouns") for c in verb.head.children):
        return "killed"   # "… before turning the gun on himself"
    if dep == "nsubj" and verb.tag_ == "VBN" and verb.dep_ == "conj":
        pass   # "one was killed and another wounded": the passive's auxiliary left out
    elif dep not in ("nsubjpass", "dobj"):
        return None
    marks = words("death_marks")
    if low in words("found_state_verbs"):   # "was found (shot) dead", "was left dead", "was pronounced dead"
        comp = next((c for c in verb.children if c.dep_ in ("xcomp", "oprd", "acomp", "ccomp", "advcl")), None)
        if comp is None:
            if noun.lower_ in words("body_nouns"):
                return "killed"   # "a body was found in the river"
            wounded = any(c.dep_ == "prep" and c.lower_ in words("bearing_preps")
                          and any(g.dep_ == "pobj" and g.lower_ in words("wound_nouns") for g in c.children)
                          for c in list(verb.children) + list(noun.children))
            return "injured" if wounded else None   # "officers found a man with a gunshot wound"
        if comp.lower_ in marks:
            return "killed"
        verb, low = comp, comp.lower_
    if low in words("killed_words_after") or low in words("killed_verbs_before"):
        return "killed"
    hit_by_fire = dep == "nsubjpass" and low in words("impact_verbs") and any(
        c.dep_ == "agent" and any(g.lower_ in words("projectile_nouns") for g in c.children) for c in verb.children)
    if hit_by_fire or low in words("harm_verbs") or low in words("injured_words_after") or low in words("injured_verbs_before"):
        near = [c for c in verb.subtree if 0 < c.i - verb.i <= 4] + [c for c in verb.children if c.i < verb.i]
        if any(c.lower_ in marks for c in near) or any(   # "shot and killed", not "shot, and two died"
                c.dep_ == "conj" and c.lower_ in words("killed_words_after")
                and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in verb.children):
            return "killed"
        return "injured"
    return None


def _one_of_a_group(of: Token) -> str | None:
    """'one of the president's guards', 'one of its soldiers': the group of the noun after
    'of' — not 'one of those killed', 'one of the victims' (a part of a figure stated)."""
    noun = next((c for c in of.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lower_ in words("killed_nouns") or noun.lower_ in words("injured_nouns") \
            or noun.lower_ in words("part_of_a_figure_nouns"):
        return None
    return victim_words().get(noun.lower_)


def _named_root(doc, fig: Figure) -> Token:
    """The token the parse binds: the pronoun, or the root of the name."""
    ent = entity_at(doc, fig.start) if fig.end - fig.start > 1 else None
    return ent.root if ent is not None else doc[fig.end - 1]


_DATE_WORDS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b|"
                         r"\b(?:day|days|week|weeks|month|months|year|years|decade|decades|century|hour|hours|"
                         r"minute|minutes|am|pm|a\.m\.|p\.m\.)\b|\d(?:st|nd|rd|th)\b|:\d\d", re.I)


def _in_date_or_measure(doc, tok: Token) -> bool:
    """A number inside a date, a time, a percentage, money or an ordinal, as the model's
    entities say — unless the entity is only a weekday beside a count ('Wednesday 22 Daesh
    fighters were killed'), which the model often takes for a date."""
    if tok.ent_type_ in ("TIME", "DATE") and _bare_across_a_break(doc, tok):
        return False   # "… and wound 162⏎⏎This morning, …": the model's time reached for the next line's words
    if tok.ent_type_ in ("PERCENT", "MONEY", "ORDINAL", "TIME"):
        return not _is_number_word(tok) or tok.ent_type_ != "TIME"
    if tok.ent_type_ != "DATE" or _is_number_word(tok):
        return False
    ent = entity_at(doc, tok.i)
    return ent is None or bool(_DATE_WORDS.search(ent.text))


def _bare_across_a_break(doc, tok: Token) -> bool:
    """The entity holding the number is that number and the line break after it, nothing else."""
    ent = entity_at(doc, tok.i)
    return ent is not None and ent[-1].is_space and all(t.i == tok.i or t.is_space for t in ent)


def _singular_victim_at(doc, j: int, sent: Span) -> bool:
    """'a [young] child', 'an air force pilot': the article's noun phrase (determiner at
    j - 1) is headed, within four words, by a singular victim noun — not the first half of
    a compound ('a rebel-held town', 'a child's toy') nor 'a man of …'."""
    det = doc[j - 1]
    head = det.head if det.dep_ in ("det", "poss") else None   # "a child", "his 8-year-old son"
    reach = j + 8 if j < sent.end and doc[j].like_num else j + 4   # "a 12-year-old boy", "a 66-year old nun"
    if head is not None and j <= head.i < min(sent.end, reach) and _an_age_as_a_person(head):
        return True   # "a 16-year-old was wounded": the age stands for the person
    if head is None or not (j <= head.i < min(sent.end, reach)) or head.lower_ not in SINGULAR_VICTIMS:
        # the parser may miss the determiner: a victim noun right after it, modifiers between
        k = j
        while k < min(sent.end, j + 3) and doc[k].lower_ not in SINGULAR_VICTIMS and (
                doc[k]._.cpos == "ADJ" or doc[k].tag_ in ("JJ", "VBN") or doc[k].dep_ in ("amod", "compound")):
            k += 1
        if k >= sent.end or doc[k].lower_ not in SINGULAR_VICTIMS:
            return False
        head = doc[k]
    nxt = doc[head.i + 1] if head.i + 1 < sent.end else None
    hyphenated = nxt is not None and nxt.text == "-" and not head.whitespace_   # "a rebel-held town", not "a child - died"
    if head.dep_ in ("compound", "amod") and head.head.i > head.i and head.head.tag_.startswith("NN"):
        return False   # "the local activist group", "a soldier's family": the noun only modifies another
    if head.lower_ in words("parent_nouns") and _children_counted_after(doc, head.i + 1, sent):
        return True   # "a father of three", "a mother-of-two": one parent
    return not (nxt is not None and (nxt.lower_ in ("of", "'s", "’s") or nxt.dep_ == "compound" or hyphenated))


def _an_age_as_a_person(head: Token) -> bool:
    """'a 16-year-old' with no noun after it: the adjective of age is the noun phrase's head."""
    doc = head.doc
    return head.lower_ in words("age_adjectives") and head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.i >= 2 \
        and doc[head.i - 2].lower_ in words("age_units")


def _children_counted_after(doc, j: int, sent: Span) -> bool:
    """'of three', '-of-two' at j: a number of children after a parent noun."""
    k = j
    while k < sent.end and doc[k].is_punct:
        k += 1
    if k >= sent.end or doc[k].lower_ not in words("partitive_words"):
        return False
    k += 1
    while k < sent.end and doc[k].is_punct:
        k += 1
    return k < sent.end and (doc[k].like_num or _is_number_word(doc[k]))


def _excluded_number(doc, fig: Figure, sent: Span) -> bool:
    """Ages, years, distances, percentages, times, ordinals and codes are not counts of people."""
    tok = doc[fig.start]
    nxt = doc[fig.end].lower_ if fig.end < sent.end else ""
    nxt2 = doc[fig.end + 1].lower_ if fig.end + 1 < sent.end else ""
    prev = doc[fig.start - 1].lower_ if fig.start > sent.start else ""
    if prev in words("number_excluded_before") or _is_age(tok):
        return True
    if _family_size(doc, fig, sent):
        return True   # "a father of three was killed", "a mother-of-two": the family, not the victims
    if prev in words("restating_determiners"):
        return True   # "these one hundred deaths": a figure told before (or a war's tally), named again
    if any(t.lower_ in words("age_words") for t in doc[max(sent.start, fig.start - 5):fig.start]) \
            and prev in words("age_range_links"):
        return True   # "between the ages of 14 and 18", "aged from four to 10" (_is_age reads only a number's own run)
    named = fig.start - 2 >= sent.start and (doc[fig.start - 2].ent_type_ == "PERSON" or doc[fig.start - 2].lower_ in victim_words()
                                              or (doc[fig.start - 2].tag_ == "NNP"
                                                  and doc[fig.start - 2].ent_type_ not in ("GPE", "LOC", "FAC", "NORP")))
    counted = _counted_noun(doc, fig)
    if counted.head is not counted and any(c.dep_ == "nsubj" and c.lower_ in words("not_a_casualty_words")
                                           for c in counted.head.children):
        return True   # "arrests in the rioting total nearly 1200": what the number counts is the subject's
    if prev in (",", "(") and nxt in (",", ")", "(", ".", "and", "") and fig.end - fig.start == 1 and named:
        return True   # "Jane Roe, 15, was killed", "Meir Farhan (40)", "a man, 23,", "Hazar Turki, 23 and …": an age
    if nxt in ("-year", "year", "years", "-years") and nxt2 in ("-old", "old"):
        return True
    if nxt.startswith("-year") or nxt in words("age_compounds"):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", tok.text) and fig.end - fig.start == 1:
        return True   # a year
    if nxt in words("number_excluded_after") and not (nxt in ("hours",) and prev in words("killed_verbs_before")):
        return True
    if tok.text.endswith(tuple(words("distance_units"))) and not tok.text.isdigit():
        return True
    return tok.text.isdigit() and _street_address_at(doc, fig.end, sent)


def _family_size(doc, fig: Figure, sent: Span) -> bool:
    """'father of three', 'mother-of-two': a parent's children counted after 'of'."""
    k = fig.start - 1
    while k > sent.start and doc[k].is_punct:   # the hyphens of "mother-of-two"
        k -= 1
    if k <= sent.start or doc[k].lower_ not in words("partitive_words"):
        return False
    k -= 1
    while k > sent.start and doc[k].is_punct:
        k -= 1
    return doc[k].lower_ in words("parent_nouns")


def _street_address_at(doc, j: int, sent: Span) -> bool:
    """A capitalised name from token j ending in a street word: the number before it is a
    house number ('killed at 1200 Oak Street', '4521 Martin Luther King Jr. Boulevard')."""
    suffixes = words("street_suffixes")
    for k in range(j, min(sent.end, j + 6)):
        t = doc[k]
        if t.lower_.rstrip(".") in suffixes and k > j and t.text[:1].isupper():
            return True
        if not (t.text[:1].isupper() or t.text == "."):
            return False
    return False


OTHERS = "<others>"
# the two sides of a fight: one sentence's dead of each side add up ("killing 14 policemen;
# 9 Taliban were killed") — neither restates the other
ARMED_SIDES = {"soldiers", "militants"}


def _victim(doc, fig: Figure, sent: Span) -> tuple[str | None, bool]:
    """(victim_group, excluded): the noun the number counts; OTHERS for 'N others', whose
    group depends on the figure they are set against (see find_claims)."""
    vw = victim_words()
    j = fig.end
    limit = min(sent.end, fig.end + 7)
    modifiers: list[str] = []
    while j < limit:
        t = doc[j]
        low = t.lower_
        others = words("plural_others")
        if low in words("others_words") and (j + 1 >= sent.end or doc[j + 1].lower_ not in vw or low in others):
            if low in words("other_nouns") and (low in others or j + 1 >= sent.end or doc[j + 1].lower_ not in vw):
                return OTHERS, False
            if low in words("more_words") and j + 1 < sent.end and doc[j + 1].lower_ in words("verbs_after_more"):
                return OTHERS, False
            modifiers.append(low)
            j += 1
            continue
        side = _armed_side_at(doc, j) if j == fig.end else None
        if side is not None:
            return side, False   # "9 Taliban were killed", "16 ADF": a named armed group's members
        if low in vw and j + 1 < limit and doc[j + 1].lower_ in vw and doc[j + 1].lower_ not in words("other_nouns"):
            modifiers.append(low)   # "an elderly man", "child soldiers": the last noun is the head
            j += 1
            continue
        if low in vw:
            if low in words("women_nouns") and j + 2 < sent.end and doc[j + 1].lower_ in words("pair_coordinators") \
                    and doc[j + 2].lower_ in words("mixed_with_women"):
                return "civilians", False   # "women and children", "women or children": a mixed group
            return _group_with(vw[low], low, modifiers), False
        if t.dep_ == "compound" and j < t.head.i < limit and (t.head.lower_ in vw or t.head.lower_ in SINGULAR_VICTIMS):
            modifiers.append(low)   # "a village chief", "two school teachers": the person is the head
            j += 1
            continue
        if fig.singular and low in SINGULAR_VICTIMS and t.i == _counted_noun(doc, fig).i:
            return None, False   # "a classmate outside a school": the person counted, whatever follows
        if low in words("not_victim_nouns") or low in words("not_a_casualty_words"):
            return None, True
        if _is_age(t):
            j += 5   # "a 12-year-old boy": an age, not another figure
            continue
        if _is_number(t):
            break   # "86 30 of them children": the next figure's victims, not this one's
        if t.is_punct and low not in ("-",):
            break
        if t.text.isupper() and len(t.text) <= 5 and t.text.isalpha():
            modifiers.append(low)   # IS, ISIS, YPG, SDF: acronyms naming the victims' side
            j += 1
            continue
        participle_modifier = t.tag_ in ("VBN", "VBD", "VBG") and j + 1 < sent.end and doc[j + 1]._.cpos in ("NOUN", "PROPN")
        if (t._.cpos in ("VERB", "AUX") and not participle_modifier) or low in words("victim_phrase_breaks"):
            break
        if low in words("composition_words"):
            break   # "18 people, mostly children": the composition, not the count's victims
        modifiers.append(low)
        j += 1
    # "from the Syrian and allied forces" and similar: look a little further for a group noun
    if fig.end < sent.end and doc[fig.end].lower_ in words("member_preps"):
        for t in doc[fig.end + 1:min(sent.end, fig.end + 9)]:
            if t.lower_ in words("force_nouns_after_a_figure"):
                return "soldiers", False
            if t.is_punct or t._.cpos == "VERB":
                break
    return None, False


def _armed_side_at(doc, i: int) -> str | None:
    """'militants' or 'soldiers' where a named armed group or state force is counted by
    itself ("9 Taliban", "five Houthis", "16 FARDC"), None otherwise."""
    for a in doc.spans.get(ACTORS, ()):
        if a.start == i and a.end < len(doc) and doc[a.end].lower_ not in victim_words() \
                and doc[a.end]._.cpos not in ("NOUN", "PROPN"):   # not "Syria hospital"
            kind = actor_kind(a.id_)[0]
            if actor_sides().get(a.id_) in words("allied_sides"):
                return "soldiers"   # "four Hezbollah members" in Syria: the government's allies (CODEBOOK)
            if kind in words("militant_actor_kinds"):
                return "militants"
            if kind in words("soldier_actor_kinds"):
                return "soldiers"
    return None


def _group_with(group: str, noun: str, modifiers: list[str]) -> str:
    """A group noun read with its modifiers: 'pro-government fighters' are soldiers,
    'rebel soldiers' militants, 'army members' soldiers."""
    strong_soldier = words("soldier_modifiers") - words("soldier_modifiers_weak")
    if group == "militants" and any(m in strong_soldier for m in modifiers):
        return "soldiers"
    if group == "soldiers" and any(m in words("militant_modifiers") for m in modifiers):
        return "militants"
    if group == "people" and noun in words("membership_nouns") and any(m in words("soldier_modifiers") for m in modifiers):
        return "soldiers"
    if group == "people" and noun in words("membership_nouns") and any(m in words("militant_modifiers") for m in modifiers):
        return "militants"
    if group == "civilians" and noun in words("family_nouns"):
        return "civilians"
    return group


def _before_outcome(doc, fig: Figure, sent: Span) -> str | None:
    """An active verb right before the figure, past a qualifier: 'killing at least 30',
    'injuring dozens', 'claiming the lives of three', 'the bodies of two'."""
    k = fig.start - 1
    while k >= sent.start and doc[k].lower_ in words("qualifier_words"):
        if doc[k].lower_ in words("partitive_words") and k - 1 >= sent.start and doc[k - 1].lower_ in words("death_of_nouns"):
            return "killed"   # 'claimed the lives of', 'verified the deaths of five', 'the bodies of two'
        k -= 1
    if k < sent.start:
        return None
    low = doc[k].lower_
    if low in words("killed_verbs_before") and low not in words("claim_verb_forms"):
        return "killed"
    if low in words("injured_verbs_before"):
        return "injured"
    if low in words("dead_words") and k - 1 >= sent.start and doc[k - 1].lower_ in words("harm_participles"):
        return "killed"   # "a sniper shot dead an elderly man"
    return None


def _among_the(doc, fig: Figure, sent: Span) -> str | None:
    """'six women were among the 20 killed', '… among the dead': a part, and its outcome."""
    for k in range(fig.end, min(sent.end - 1, fig.end + 6)):
        # "among the 20 killed", "among those wounded", "among three killed"
        if doc[k].lower_ in words("among_words") and (doc[k + 1].lower_ in words("among_determiners") or _is_number(doc[k + 1])):
            for t in doc[k + 2:min(sent.end, k + 5)]:
                if t.lower_ in words("among_the_dead_nouns"):
                    return "killed"
                if t.lower_ in words("wounded_adjectives"):
                    return "injured"
            return None
        if doc[k].is_punct or doc[k].lower_ in CLAUSE_BREAKS:
            return None
    return None


@lru_cache(maxsize=1)
def _injured_phrases() -> tuple[list[str], ...]:
    return tuple(p.split() for p in phrases("injured_phrases"))


_INJURED_PHRASE_STARTS = frozenset(p.split()[0] for p in phrases("injured_phrases"))


def _after_outcome(doc, fig: Figure, sent: Span) -> str | None:
    """An outcome after the figure's own noun phrase: '8 persons killed 58 others injured'
    (headline style), '24 civilians were killed', '86 dead', '20 women among the dead'."""
    j = fig.end
    while j < min(sent.end, fig.end + 5) and not _is_number(doc[j]):
        low = doc[j].lower_
        if low in words("short_killed_words") | words("short_injured_words"):
            prev = doc[j - 1]
            # a number before "killed" that is its agent, "20 jets killed …", was already
            # excluded by its noun
            if j == fig.end or prev._.cpos in ("NOUN", "PROPN", "AUX", "ADV") or prev.lower_ in words("passive_auxiliaries"):
                return "killed" if low in words("short_killed_words") else "injured"
        if low in ("and", ",", ";", "while", "as", "after", "in", "on", "by", "at"):
            break
        j += 1
    j = fig.end
    counted = doc[fig.end - 1]
    counted = counted.head if counted.dep_ in ("nummod", "quantmod") and counted.head.i >= counted.i else counted
    ages = sum(1 for t in doc[fig.end:min(sent.end, fig.end + 10)] if t.like_num and _is_age(t))
    limit = min(sent.end, fig.end + 10 + 4 * ages)   # "… including a 12-year-old girl were killed"
    killed_after, injured_after = words("killed_words_after"), words("injured_words_after")
    lowers = lowers_and_numbers(doc)[0]
    while j < limit:
        t = doc[j]
        low = t.lower_
        if lowers[j] in _INJURED_PHRASE_STARTS and any(lowers[j:j + len(p)] == p for p in _injured_phrases()):
            return "injured"   # "24 were taken to hospital", "two were treated for injuries"
        if low in words("not_a_casualty_words") and j <= fig.end + 4:
            return None   # "200 people were displaced"
        q = j + 1
        while q < sent.end and doc[q].lower_ in words("qualifier_words") and q - j <= 4:
            q += 1
        own_object = q < sent.end and (_is_number(doc[q]) or _is_number(doc[j + 1]) or doc[j + 1].lower_ in words("another_words") or (
            doc[j + 1].lower_ in words("indefinite_articles") and q == j + 2 and doc[q].lower_ in victim_words()))
        if (low in killed_after or low in injured_after) and own_object and low not in words("death_states"):
            return None   # "20 jets killed 10 people", "… al-Mazzeh 86 … injuring 7 people": that verb has its own figure
        if (low in killed_after or low in injured_after) and doc[j - 1].lower_ in words("negations"):
            return None   # "all four are in stable condition, and no fatalities have emerged"
        if low in killed_after:
            return "killed"
        if low in words("lives_words") and doc[j - 1].lower_ in words("words_before_lives"):
            return "killed"
        if low in injured_after:
            return "injured"
        if _is_number(t) and j > fig.end and doc[j - 1].lower_ in words("part_openers"):
            j += 1
            continue
        if j + 2 < sent.end and f"{low} {doc[j + 1].lower_} {doc[j + 2].lower_}" in phrases("joining_phrases"):
            j += 3   # "a woman and her three children as well as another child were killed"
            continue
        if low in CLAUSE_BREAKS or (_is_number(t) and j > fig.end):
            break
        if low in words("coordinators") and j + 1 < limit and doc[j + 1].lower_ in words("clause_starts"):
            break
        if t.i == counted.head.i and counted.dep_ == "nsubj" and t.tag_ in ("VBD", "VBZ", "VBP") and t._.cpos == "VERB" \
                and not any(c.dep_ in ("dobj", "acomp", "oprd", "xcomp") for c in t.children):
            break   # "three men got into a fight and one of them was stabbed": the men's own verb tells no outcome
            # (but "six people lost their lives", "two sustained injuries": its object does)
        if low in words("coordinators") and j + 1 < limit and (_is_number(doc[j + 1]) or doc[j + 1].lower_ in words("indefinite_articles")):
            if j + 2 < limit and doc[j + 2].lower_ in words("partitive_words"):
                break   # "… and one of them was stabbed": a part of them, with its own outcome
            # "17 rebels and 11 soldiers were killed": one verb for both figures
            j += 2
            limit = min(sent.end, limit + 4)
            continue
        if low in words("coordinators") and j + 1 < limit and doc[j + 1]._.cpos == "VERB":
            break
        j += 1
    return None


def _toll_outcome(doc, fig: Figure, sent: Span) -> str | None:
    """'the death toll rose to 86', 'a toll of 12', 'the number of people killed rose to 40',
    'the killed were 40', and an outcome verb a few words before the figure."""
    k = fig.start - 1
    back = max(sent.start, fig.start - 6)
    barrier = sent.start - 1   # the last clause break before the figure: no outcome reaches across it
    while k >= back:
        low = doc[k].lower_
        if low in CLAUSE_BREAKS or low in words("outcome_barriers"):
            barrier = k
            break   # "injured when a suicide bomber struck 20 …", "to kill them if seven …"
        if k > sent.start and doc[k - 1].lower_ in words("definite_articles") and low in words("outcome_nouns_after_the"):
            k -= 1
            continue   # "wash down the injured as well as two men": a noun, not the figure's verb
        if low in words("killed_verbs_before") and low not in words("claim_verb_forms"):
            return "killed"
        if low in words("injured_verbs_before"):
            return "injured"
        if low in words("toll_nouns"):
            prev = doc[k - 1].lower_ if k > sent.start else ""
            return "injured" if prev in words("injury_words") else "killed"
        if _is_number(doc[k]) or low in VAGUE or low in (".", ";", ":"):
            break
        if low in words("coordinators") and k + 1 < fig.start and doc[k + 1].tag_.startswith("VB"):
            break   # "… killed hundreds and forced thousands to flee": that verb is not this figure's
        if low in ("and", ",", "while", "but") and k - 1 >= sent.start and \
                doc[k - 1].lower_ in words("killed_words_after") | words("injured_words_after") \
                and any(_is_number(t) for t in doc[sent.start:k - 1]):
            break   # "Three were killed and more than twenty others suffered …": that verb was theirs
        k -= 1
    window = doc[max(sent.start, barrier + 1, fig.start - 20):fig.start]
    lows = [t.lower_ for t in window]
    for toll in words("toll_nouns"):
        if toll in lows:
            after = lows[lows.index(toll):]
            if any(w in words("toll_verbs") for w in after) and not any(w in (".", ";") for w in after):
                injured = lows.index(toll) > 0 and lows[lows.index(toll) - 1] in words("injury_toll_modifiers")
                return "injured" if injured else "killed"
    if lows and lows[-1] in words("toll_preps") and not words("number_nouns").isdisjoint(lows):
        if any(w in words("killed_toll_words") for w in lows):
            return "killed"   # "the number of people killed rose to 40"
        if any(w in words("wounded_adjectives") for w in lows):
            return "injured"
    return None


def outcome_of(doc, fig: Figure, sent: Span) -> str | None:
    """killed / injured from the words around the figure, or None."""
    return _after_outcome(doc, fig, sent) or _before_outcome(doc, fig, sent) or _toll_outcome(doc, fig, sent) \
        or _outcome_by_parse(doc, fig, sent)


def _either_outcome(doc, fig: Figure, sent: Span) -> bool:
    """'killing or injuring 20', 'four or more were killed or injured': casualties, neither
    outcome — no claim of either."""
    killed, injured = outcome_words()
    lowers = lowers_and_numbers(doc)[0]
    for k in range(max(sent.start + 1, fig.start - 4), min(sent.end - 1, fig.end + 6)):
        if lowers[k] in words("disjunctions") and ((lowers[k - 1] in killed and lowers[k + 1] in injured)
                                  or (lowers[k - 1] in injured and lowers[k + 1] in killed)):
            return True
    return False


def _outcome_by_parse(doc, fig: Figure, sent: Span) -> str | None:
    """The outcome the figure's noun is the passive subject of, however far the words set it:
    'eight other alleged terrorists, both foreign and of Pakistani descent, were also believed
    to have been killed', 'around twenty more, including colleague X, were injured'. Only a
    passive subject (or the subject of 'died'): the subject of an active 'killed' did the killing."""
    tok = doc[fig.end - 1]
    noun = tok.head if tok.dep_ in ("nummod", "quantmod", "amod") and tok.head.i >= tok.i else tok
    if noun.dep_ not in ("nsubjpass", "nsubj") or not (sent.start <= noun.head.i < sent.end):
        return None
    killed_after, injured_after = words("killed_words_after"), words("injured_words_after")
    verb, seen = noun.head, 0
    while verb is not None and seen < 4:
        low = verb.lower_
        passive = noun.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in verb.children)
        if low in killed_after and (passive or low in words("intransitive_deaths")):
            return "killed"
        if low in injured_after and (passive or low in words("short_injured_words")) and not any(
                c.dep_ == "dobj" for c in verb.children):
            return "injured"
        verb = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acomp", "oprd")), None)
        seen += 1
    return None


@lru_cache(maxsize=4096)
def war_wide(text: str) -> bool:
    """A war- or campaign-wide total ("since the war began in 2011", "since the offensive
    began", "in the past two months"), not a figure for the report's incidents. "The
    deadliest attack since the war began" is a comparison, not a total."""
    low = text.lower()
    if not any(cue in low for cue in value("war_wide_cues")):
        return False   # no pattern can match: most sentences end here
    for rx in (pattern("war_wide_patterns"), pattern("campaign_patterns")):
        for m in rx.finditer(text):
            if not pattern("superlative_pattern").search(text[:m.start()]):
                return True
    return False


def continues_tally(sent: Span) -> bool:
    """After a sentence that counts a campaign ("strikes have intensified since July 31"),
    one told in the perfect with no day of its own ("The strikes have killed 122", "Another
    327 have been killed", "The toll includes …") goes on counting it."""
    doc = sent.doc
    if any(sent.start <= t.start < sent.end for t in doc.spans.get("times", [])):
        return False
    perfect = any(t.tag_ == "VBN" and any(a.lower_ in ("has", "have", "'ve") for a in t.children if a.dep_ == "aux")
                  for t in sent)
    return perfect or any(t.lower_ in words("toll_nouns") for t in sent)


def _phrase_before(doc, i: int, sent: Span, candidates: tuple[str, ...]) -> bool:
    """Whether one of the phrases ends just before token i, within the sentence."""
    for n, phrases_ in _by_length(candidates):
        if i - n >= sent.start and doc[i - n:i].text.lower() in phrases_:
            return True
    return False


@lru_cache(maxsize=64)
def _by_length(candidates: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Phrases grouped by their number of words: one slice of the text per length."""
    lengths: dict[int, set[str]] = {}
    for p in candidates:
        lengths.setdefault(len(p.split()), set()).add(p)
    return tuple((n, frozenset(ps)) for n, ps in sorted(lengths.items()))


def _unnumbered_list(doc, fig: Figure, sent: Span) -> bool:
    """'a man and his wife', 'a father, a mother and a son': people listed without a number."""
    if not fig.singular:
        return False
    prev = doc[fig.start - 1].lower_ if fig.start > sent.start else ""
    prev2 = doc[fig.start - 2].lower_ if fig.start - 1 > sent.start else ""
    if prev in ("and", ",") and prev2 in victim_words() and doc[fig.start].lower_ not in words("one_words"):
        return True   # "… and a son"; not "16 rebels and one soldier"
    noun = _counted_noun(doc, fig)
    if doc[fig.start].lower_ not in words("one_words") and any(
            c.dep_ == "conj" and c.tag_ in ("NN", "NNS") and (c.lower_ in victim_words() or c.lower_ in SINGULAR_VICTIMS)
            and not any(g.dep_ == "nummod" for g in c.children) for c in noun.children):
        return True   # "a 21-year-old woman and her mother": the noun joined to another person, unnumbered
    j = fig.end
    while j < sent.end and doc[j].lower_ not in ("and", ",") and j - fig.end < 4:
        if doc[j].tag_.startswith("VB") or doc[j].tag_ == "MD":
            return False   # "a soldier was killed and a civilian wounded": two clauses, two figures
        j += 1
    nxt = doc[j + 1].lower_ if j + 1 < sent.end else ""
    if any(c.dep_ == "appos" and c.left_edge.i == j + 1 for c in noun.children):
        return False   # "the victim, a 32-year-old man, died": the same person told again, no list
    return j < sent.end and doc[j].lower_ in ("and", ",") and (
        nxt in words("listed_person_openers") or nxt in SINGULAR_VICTIMS)   # "the father and brother"


def _of_the_outcome(doc, fig: Figure, sent: Span) -> str | None:
    """'N of the killed', 'one of those wounded', 'two of the victims': a part of a figure
    stated as such, with the outcome its noun names."""
    if not (fig.end + 2 < sent.end and doc[fig.end].lower_ in words("partitive_words") and doc[fig.end + 1].lower_ in words("part_determiners")):
        return None
    noun = doc[fig.end + 2].lower_
    if noun in words("killed_words_after") or noun in words("victim_count_nouns"):
        return "killed"
    if noun in words("injured_words_after"):
        return "injured"
    return None


def _counted_noun(doc, fig: Figure | Claim) -> Token:
    """The noun a figure (or its claim) counts: 'people' of 'three people', the figure's own word otherwise."""
    last = doc[fig.end - 1]
    return last.head if last.dep_ in ("nummod", "det", "quantmod") else last


def _after_violent_verb(doc, fig: Figure, sent: Span) -> bool:
    """The figure, past its qualifiers, follows a verb of violence: 'killed (at least) 8 people'."""
    p = fig.start - 1
    while p > sent.start and doc[p].lower_ in words("qualifier_words"):
        p -= 1
    return p >= sent.start and doc[p].lower_ in _violent_verbs()


def _speaks_of_it(doc, fig: Figure, sent: Span) -> bool:
    """'Three witnesses said the strike killed 12', 'two residents and a hospital official
    told Reuters': the people the figure counts are who says it, the subject of a verb of
    saying (or joined to that subject), not its victims — unless a verb of violence counts
    them ("the strike killed 8 people said the observatory", which parses the same)."""
    if _after_violent_verb(doc, fig, sent):
        return False
    noun = _counted_noun(doc, fig)
    says = words("say_verbs")
    subject = noun
    while subject.dep_ == "conj" and sent.start <= subject.head.i < subject.i:
        subject = subject.head   # "a doctor and two nurses told …"
    if subject.dep_ == "nsubj" and sent.start <= subject.i < sent.end:
        died = words("killed_words_after") | words("injured_words_after")
        if any(t.lower_ in died for t in doc[fig.end:subject.head.i]):
            return False   # "Dozens dead in gas attack on Douma, rescuers say": the headline's subject died
        return subject.head.lower_ in says and subject.head.i > subject.i
    if noun.dep_ != "conj":
        return False
    # the parser lost the subject and joined the speakers to the victims before them: "…
    # wounding 55 others, two residents and a hospital official told Reuters"
    end = max(t.i for t in noun.subtree) + 1
    verb = doc[end] if end < sent.end else None
    return verb is not None and verb.lower_ in says and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _does_the_killing(doc, fig: Figure, sent: Span) -> bool:
    """'A suicide bomber killed 23 worshippers', 'two gunmen shot three policemen': the people
    the figure counts are the subject of an active verb of violence whose object is people
    (counted or named as victims) — they did it, and the sentence does not say they died.
    Headlines without commas ("… kill 10 civilians injure 16", "Six Pilgrims Killed Dozens
    Hurt") parse the same way, so a figure after a verb of violence, or an object followed
    by its own outcome, is not an agent."""
    noun = _counted_noun(doc, fig)
    if noun.dep_ != "nsubj" or not (sent.start <= noun.i < sent.end):
        return False
    verb = noun.head
    if verb.lower_ not in _violent_verbs() or verb.i < noun.i or _after_violent_verb(doc, fig, sent):
        return False
    died = words("killed_words_after") | words("injured_words_after")
    if any(t.lower_ in died for t in doc[noun.i + 1:verb.i]):
        return False   # "two children killed as shells hit the town": the parser's subject of "hit"
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lower_ in words("reflexive_pronouns"):
            continue
        people = obj.lower_ in victim_words() or obj.lower_ in SINGULAR_VICTIMS or obj.like_num \
            or any(ch.like_num or ch.lower_ in words("indefinite_articles") for ch in obj.children)
        own_outcome = any(ch.lower_ in died for ch in obj.children) or (obj.i + 1 < sent.end and doc[obj.i + 1].lower_ in died)
        if people and not own_outcome:
            return True
    return False


@lru_cache(maxsize=1)
def _violent_verbs() -> frozenset[str]:
    return frozenset(words("killed_verbs_before") | words("injured_verbs_before") | words("attack_verbs"))


def _predicate_group(doc, fig: Figure, sent: Span) -> str | None:
    """The group a part is said to be: '… were medical staff', '… was a child'."""
    for k in range(fig.end + 3, min(sent.end, fig.end + 12)):
        if doc[k].lower_ in words("copulas") :
            for t in doc[k + 1:min(sent.end, k + 5)]:
                if t.lower_ in victim_words():
                    return victim_words()[t.lower_]
            return None
    return None


def _outcome_of_part(doc, fig: Figure, sent: Span) -> str | None:
    """The outcome a part names when its whole is in another sentence: 'among the dead'."""
    before = doc[max(sent.start, fig.start - 4):fig.start].text.lower()
    after = doc[fig.end:min(sent.end, fig.end + 4)].text.lower()
    for text in (before, after):
        if re.search(r"\b(?:dead|killed|victims|fatalities|bodies)\b", text):
            return "killed"
        if re.search(r"\b(?:wounded|injured)\b", text):
            return "injured"
    return None


def find_claims(sent: Span) -> list[Claim]:
    """Casualty claims stated in one sentence (their sources are set by the caller)."""
    doc = sent.doc
    if war_wide(text_of(sent)):
        return []
    floor = value("war_wide_floor")
    claims: list[Claim] = []
    figures = find_figures(sent)
    fatal = _shot_then_fatally(doc, figures, sent)
    for fig in figures:
        if id(fig) in fatal:
            claims.extend(fatal[id(fig)])
            continue
        if fatal and any(c.start == fig.start for c in claims):
            continue   # the 'M fatally' of a pair already told
        if fig.named:   # 'journalist Samir Kassir', 'Anna Politkovskaya': one person, of their noun's group
            if not (_does_the_killing(doc, fig, sent) or _speaks_of_it(doc, fig, sent)):
                outcome_ = _named_outcome(_named_root(doc, fig))
                one_before = [c for c in claims if c.quantity.low == c.quantity.high == 1 and c.end <= fig.start]
                if one_before and any(t.tag_.startswith("NN") for t in doc[_counted_noun(doc, one_before[-1]).i + 1:fig.start]):
                    one_before = []   # "one seriously when a Palestinian rammed a bus … before he was shot": he is the Palestinian
                if doc[fig.start].lower_ in words("victim_pronouns") and doc[fig.start].lower_ not in words("reflexive_victims") \
                        and one_before:
                    if outcome_ == "killed" and one_before[-1].outcome == "injured":
                        one_before[-1].outcome = "killed"   # "a man was shot and he later died": one man, dead
                    continue   # "a girl was killed when she was hit by a bullet": the girl again
                himself = doc[fig.start].lower_ in words("reflexive_victims")   # the attacker, dead by his own hand
                subject = next((c for c in doc[fig.start].head.children if c.dep_ == "nsubj"), None) if himself else None
                if subject is not None and any(c.start <= subject.i < c.end or c.start == subject.left_edge.i for c in claims):
                    continue   # "a soldier killed himself": the soldier is counted already
                listed = _listed_after(_named_root(doc, fig))   # "X, 23, and Y, 30, were killed": victims one by one add up
                claims.append(Claim(fig.start, fig.end, outcome_, fig.quantity, _named_group(doc, fig), sent.start,
                                    adds=_says_also(doc, fig, sent) or ((himself or listed) and any(c.outcome == outcome_ for c in claims))))
            continue
        if _excluded_number(doc, fig, sent) or fig.quantity.low >= floor or _unnumbered_list(doc, fig, sent):
            continue
        restated = _counted_noun(doc, fig)
        if fig.singular and doc[fig.start].lower_ in words("articles") and restated.dep_ == "appos" \
                and not any(c.lower_ in words("partitive_words") for c in restated.head.children) \
                and any(c.start < fig.start for c in claims):   # (not "two people, one of them a police officer")
            continue   # "the victim, a 32-year-old man,": the person just counted, told again
        last = claims[-1] if claims else None
        main = next((c for c in reversed(claims) if not c.subtotal), None)   # the figure parts belong to
        group, excluded = _victim(doc, fig, sent)
        if excluded:
            continue
        if fig.singular and fig.end < sent.end and doc[fig.end].lower_ in words("partitive_words"):
            group = _one_of_a_group(doc[fig.end])   # "one of the president's guards"
            if group is None and fig.end + 1 < sent.end and doc[fig.end + 1].tag_ == "PRP" \
                    and victim_outcome(doc[fig.start]) is not None:
                group = "people"   # "… ended with one of them shot dead": one person, whoever they are
        elif fig.singular and group is None:   # "a 66-year old Italian nun": the determiner's noun
            noun = _counted_noun(doc, fig)
            group = victim_words().get(noun.lower_) if noun.i != fig.start else None
            another = doc[fig.start].lower_ in words("another_words") or (fig.start > sent.start and doc[fig.start - 1].lower_ in words("another_words"))
            elided = noun.i == fig.start + 1 and noun.lower_ in words("injured_words_after") | words("killed_words_after")
            if group is None and doc[fig.start].lower_ in words("one_words") | words("another_words") and (victim_outcome(doc[fig.start]) or elided):
                group = OTHERS if another else "people"   # "… and wounded one", "… while another one was injured"
            elif group is None and (noun.lower_ in SINGULAR_VICTIMS or _an_age_as_a_person(noun)) and victim_outcome(noun):
                group = "people"   # "fatally shot a village chief", "a 16-year-old was wounded": a person, of no listed group
        if group is None and fig.singular and fig.start > sent.start and doc[fig.start - 1].lower_ in words("another_words"):
            group = OTHERS   # "17 civilians were injured … while another one was injured"
        if group is None and main is not None and fig.start > sent.start and doc[fig.start - 1].text == "," \
                and fig.end < sent.end and doc[fig.end].lower_ in words("severity_adverbs"):
            group = main.victim_group   # "Sixteen were wounded, one seriously": one of them
        if (fig.singular and group is None) or _does_the_killing(doc, fig, sent) or _speaks_of_it(doc, fig, sent):
            continue
        part_outcome = _of_the_outcome(doc, fig, sent)
        if part_outcome is not None:   # "two of the killed were medical staff", "15 of the wounded"
            claims.append(Claim(fig.start, fig.end, part_outcome, fig.quantity, _predicate_group(doc, fig, sent) or "people",
                                sent.start, subtotal=True))
            continue
        among = _among_the(doc, fig, sent)
        # one victim: the parse tells its outcome best ("a man was shot" wounded, "… shot and killed")
        noun = _counted_noun(doc, fig)
        if _either_outcome(doc, fig, sent):
            continue   # "killing or injuring 20": casualties, neither outcome
        if fig.singular and noun.tag_ == "PRP":
            noun = doc[fig.start]   # "one of them was shot": the parse binds the number, not the pronoun
        outcome = among or (fig.singular and victim_outcome(noun)) or outcome_of(doc, fig, sent) or victim_outcome(noun)
        p = fig.start - 1   # the word before the figure and its qualifier ("and more than 170")
        while p > sent.start and doc[p].lower_ in words("qualifier_words") and doc[p].lower_ not in words("indefinite_articles") | words("partitive_words"):
            p -= 1
        prev_low = doc[p].lower_ if p >= sent.start else ""
        copula = fig.start - 1 if prev_low in words("copulas") else fig.start   # "among the dead were five"
        part_of = prev_low in words("subtotal_before") or _phrase_before(doc, copula, sent, phrases("subtotal_phrases")) \
            or (fig.end + 1 < sent.end and doc[fig.end].lower_ in words("partitive_words")
                and doc[fig.end + 1].lower_ in words("part_pronouns") | words("definite_articles")) \
            or (prev_low == "," and fig.end < sent.end and doc[fig.end].lower_ in words("severity_adverbs"))   # "16 wounded, one seriously"
        article_before = fig.start - 1 if fig.start > sent.start and doc[fig.start - 1].tag_ == "DT" else fig.start
        added_to = prev_low in words("addition_before") or _phrase_before(doc, article_before, sent, phrases("addition_phrases"))
        # ("in addition to the five attackers": past the article)
        # "16 rebels and 11 soldiers", "a child and two women": coordinated with the figure just before
        coordinated = last is not None and prev_low in ("and", ",") and last.end >= p - 4
        contrast = fig.end < sent.end and doc[fig.end].lower_ in words("others_words")   # "… and 16 others injured"
        subtotal = False
        if among is not None:
            subtotal = True   # "six women were among the 20 killed"
        elif main is not None and (part_of or (coordinated and last.subtotal and not contrast
                                                and victim_outcome(noun) in (None, main.outcome))):   # not "… died and nine were injured"
            outcome, subtotal = main.outcome, True
        elif part_of and outcome is None:
            outcome = _outcome_of_part(doc, fig, sent)   # "Among the dead were five children"
            subtotal = outcome is not None
        elif last is not None and (added_to or coordinated) and (outcome is None or last.outcome == outcome):
            outcome = last.outcome
        if outcome is None:
            continue
        if group is None and coordinated and main is not None and not subtotal:
            group = main.victim_group   # "304 militants killed and more than 170 wounded"
        # a further part: joined to a figure of its outcome in this sentence ("17 rebels and 11
        # soldiers were killed"), "N others" opening a sentence, or "also"/"another" near it
        same_before = any(c.outcome == outcome and not c.subtotal for c in claims)
        other_side = main is not None and main.outcome == outcome and {main.victim_group, group} == ARMED_SIDES
        adds = not subtotal and (
            ((coordinated or added_to or contrast or group == OTHERS or other_side) and same_before)
            or (group == OTHERS and not claims) or _says_also(doc, fig, sent))
        if group == OTHERS:
            # "ten civilians were killed and 16 others wounded": more of that group; "24 civilians
            # were killed, along with six others": people the article does not count as civilians;
            # "a teenager died and three others were hurt": others than one child or woman are not
            # children or women ("a civilian … and 14 others", "a soldier … and another": his kind)
            one = main is not None and main.quantity.low == main.quantity.high == 1 and doc[fig.start].lower_ not in words("another_words") \
                and main.victim_group in words("kinds_others_do_not_share")
            group = main.victim_group if main is not None and not added_to and not one else "people"
        if group is None and fig.end + 1 < sent.end and doc[fig.end].lower_ in words("partitive_words") and doc[fig.end + 1].lower_ in words("part_pronouns"):
            nxt = doc[fig.end + 2:min(sent.end, fig.end + 5)]
            group = next((victim_words()[t.lower_] for t in nxt if t.lower_ in victim_words()), None)
        age = next((doc[k].text for k in range(fig.end, min(sent.end, fig.end + 3)) if _is_age(doc[k])), None) \
            if fig.singular else None
        claims.append(Claim(fig.start, fig.end, outcome, fig.quantity, group or "people", sent.start, subtotal, adds, age=age))
    return claims


def nobody_hurt(sent: Span) -> set[str]:
    """The outcomes a sentence says nobody suffered: 'No one was injured or killed' ->
    {injured, killed}; 'there were no casualties' -> both; 'nobody was hurt' -> {injured}."""
    if not _nobody().search(text_of(sent)):
        return set()
    low = {t.lower_ for t in sent}
    out = set()
    if low & (words("killed_words_after") | words("death_count_nouns")):
        out.add("killed")
    if low & (words("injured_words_after") | words("injury_count_nouns")):
        out.add("injured")
    return out


@lru_cache(maxsize=1)
def _nobody() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words("nobody_phrases"), key=len, reverse=True))) + r")\b", re.I)


def _shot_then_fatally(doc, figures: tuple[Figure, ...], sent: Span) -> dict[int, list[Claim]]:
    """'Four people were shot, two fatally', 'ten injuries, four of which resulted in
    fatalities' is (CODEBOOK) M killed and N - M injured: {id(first figure): its two claims}."""
    out: dict[int, list[Claim]] = {}
    marks = words("death_marks")
    for a, b in zip(figures, figures[1:]):
        if not (0 < b.start - a.end <= 12 and b.end < sent.end and b.quantity.low < a.quantity.low):
            continue
        after = doc[b.end:min(sent.end, b.end + 6)]
        fatally = doc[b.end].lower_ in marks or (doc[b.end].lower_ in words("partitive_words") and any(
            t.lower_ in marks or t.lower_ in words("fatality_words") for t in after)) or (
            _counted_noun(doc, a).head.lower_ in words("harm_verbs") and victim_outcome(_counted_noun(doc, a)) == "injured"
            and victim_outcome(_counted_noun(doc, b)) == "killed")   # not "five were wounded and two killed"
        if not fatally:   # "five people were shot and two died"
            continue
        if victim_outcome(_counted_noun(doc, a)) is None and outcome_of(doc, a, sent) is None:
            continue   # "three men got into a fight and one of them was stabbed to death": the men were not shot
        group, excluded = _victim(doc, a, sent)
        if excluded:
            continue
        group = group if group not in (None, OTHERS) else "people"
        m = b.quantity.low
        rest = Quantity(a.quantity.low - m, a.quantity.high - m if a.quantity.high is not None else None, a.quantity.qualifier)
        out[id(a)] = [Claim(a.start, a.end, "injured", rest, group, sent.start),
                      Claim(b.start, b.end, "killed", b.quantity, group, sent.start)]
    return out


def _named_group(doc, fig: Figure) -> str:
    """A named victim's group from the noun that describes them ('journalist Samir Kassir',
    'Kenji Nagai, a Japanese video journalist'), else people."""
    vw = victim_words()
    root = _named_root(doc, fig)
    for c in list(root.children) + ([root.head] if root.dep_ == "appos" else []):
        if c.dep_ in ("compound", "appos", "amod") or c is root.head:
            if c.lower_ in vw:
                return vw[c.lower_]
    before = doc[fig.start - 1] if fig.start > sentence_of(doc[fig.start]).start else None
    if before is not None and before.tag_ in ("NN", "NNS") and before.lower_ in vw:
        return vw[before.lower_]   # "its director Amjad al-Danaf", which the parse splits in two subjects
    return "people"


def _says_also(doc, fig: Figure, sent: Span) -> bool:
    """'Seven policemen were also killed', 'a further three died', 'another two were wounded',
    'reports also state that two Iraqis were killed': the figure adds to one stated before
    (addition_words near it)."""
    also = words("addition_words")
    before = {t.lower_ for t in doc[max(sent.start, fig.start - 2):fig.start]}
    if before & also:
        return True   # "another 12", "a further three", "an additional five"
    if _counted_noun(doc, fig).lower_ in words("attacker_plurals"):
        return True   # "Eight people were killed … All three assailants were shot dead": the attackers' own dead add (CODEBOOK)
    return any(t.lower_ in words("also_words") for t in doc[max(sent.start, fig.start - 6):min(sent.end, fig.end + 4)])


ROUNDUP_SENTENCES = 4   # how far a round-up's source carries to unattributed figures after it


def _opens_a_roundup(sent: Span) -> bool:
    """'A source at Aleppo Police Command told SANA that terrorists fired shells on several
    neighbourhoods': a sentence that tells violence in several places without a figure, whose
    source the figures after it report (roundup_words)."""
    lowers = lowers_and_numbers(sent.doc)[0]
    told = set(lowers[sent.start:sent.end])
    return bool(told & words("roundup_words")) and any(
        sent.start <= t.start < sent.end for t in sent.doc.spans.get("triggers", []))


QUOTE_MARKS = re.compile(r'["“”]')
QUOTE_SENTENCES = 3   # how far on a quotation opened in a sentence may close on its speaker


def _speaker_of_open_quote(sents: list[Span], n: int, context: SourceContext) -> Source | None:
    """The speaker of a quotation that sentence n opens (or continues) and a later sentence
    closes on its say-verb: '"Three were killed. The attack targeted the embassy," said Gen. X'.
    None when the quotation closes in sentence n or no say-verb follows its close."""
    if len(QUOTE_MARKS.findall(text_of(sents[n]))) % 2 == 0:
        return None   # no quotation left open here
    for m in range(n + 1, min(n + 1 + QUOTE_SENTENCES, len(sents))):
        later = sents[m]
        marks = list(QUOTE_MARKS.finditer(text_of(later)))
        if not marks:
            continue
        close = later.start_char + marks[0].end()
        frames = [f for f in sentence_frames(later) if later.doc[f.anchor].idx >= close]
        return context.resolve(frames[0]) if frames else None
    return None


def article_claims(doc, background: set[int]) -> list[Claim]:
    """Every claim of an article with its source: each sentence's claims take the frame that
    governs them; anaphoric sources ('it said') the source last named before; a quote closed
    before its speaker ('"Twenty were killed," he said.') the speaker of the short sentence
    after it. Figures of background sentences (earlier times) are not claims; a figure
    restated (headline and lead) is one claim."""
    context = SourceContext(doc_text(doc), doc._.country)
    claims: list[Claim] = []
    sents = sentences(doc)
    tally = False   # the sentence before counted a campaign ("… since July 31")
    roundup: tuple[Source, int] | None = None   # (source, sentences left) of a round-up's opening
    for n, sent in enumerate(sents):
        frames = sentence_frames(sent)
        tally = continues_tally(sent) if tally else war_wide(text_of(sent))
        found = [] if sent.start in background or tally else find_claims(sent)
        for c in found:
            c.source = context.resolve(frame_for(frames, c.start))
        if frames:
            roundup = None   # another source named: the round-up's ends
        elif roundup is not None and roundup[1] > 0:
            for c in found:   # "A source at Aleppo Police Command told SANA that shells hit several
                if not c.source.attributed:   # neighbourhoods. Two people were killed in al-Midan …"
                    c.source = roundup[0]
            roundup = (roundup[0], roundup[1] - 1)
        if frames and not found and _opens_a_roundup(sent):
            said = context.resolve(frames[0])
            roundup = (said, ROUNDUP_SENTENCES) if said.attributed else None
        if any(not c.source.attributed for c in found):
            said = _speaker_of_open_quote(sents, n, context)
            for c in found:   # '"Three were killed and one was wounded. […]," said Gen. X'
                if not c.source.attributed and said is not None:
                    c.source = said
        nxt = sents[n + 1] if n + 1 < len(sents) else None
        if nxt is not None and len(nxt) <= 8 and any(not c.source.attributed for c in found):
            closing = sentence_frames(nxt)
            if closing:
                said = context.resolve(closing[0])
                for c in found:
                    if not c.source.attributed:
                        c.source = said
        for f in frames:   # what this sentence names is what "it said" means next
            context.named(context.resolve(f))
        claims.extend(found)
    _died_of_the_wounded(claims, doc, sents, background)
    return merge_restated(claims, doc)


def _died_of_the_wounded(claims: list[Claim], doc, sents: list[Span], background: set[int]) -> None:
    """'Four people were shot. One of them died at a hospital.' (or 'Two later died'): the dead
    are some of the wounded just counted — M killed and N - M injured (CODEBOOK), as for 'four
    shot, one fatally' within a sentence. Changes `claims` in place."""
    for prev, sent in zip(sents, sents[1:]):
        if sent.start in background:
            continue
        wounded = [c for c in claims if c.sentence_start == prev.start and c.outcome == "injured" and not c.subtotal]
        if not wounded:
            continue
        p = wounded[-1]
        he = next((c for c in claims if c.sentence_start == sent.start), None)
        if he is not None and he.outcome == "killed" and he.end - he.start == 1 and doc[he.start].lower_ in words("victim_pronouns") \
                and p.quantity.low == p.quantity.high == 1:
            claims.remove(p)   # "officers found a man with a gunshot wound. He was pronounced dead": one man, dead
            continue
        dead = _dead_among_them(doc, sent)
        if dead is None:
            continue
        start, end, m = dead
        if not (p.quantity.qualifier == "exact" and m <= p.quantity.low):
            continue
        told = next((c for c in claims if c.start == start), None)
        if told is not None and (told.outcome != "killed" or told.adds):
            continue
        if m == p.quantity.low:   # "Two men were shot. Both died": all of the wounded, dead
            claims.remove(p)
            if told is None:
                claims.append(Claim(start, end, "killed", Quantity(m, m, "exact"), p.victim_group, sent.start))
            else:
                told.victim_group = p.victim_group if told.victim_group == "people" else told.victim_group
            continue
        p.quantity = Quantity(p.quantity.low - m, p.quantity.high - m if p.quantity.high is not None else None, "exact")
        if told is None:
            claims.append(Claim(start, end, "killed", Quantity(m, m, "exact"), p.victim_group, sent.start))
        else:
            told.subtotal, told.victim_group = False, p.victim_group if told.victim_group == "people" else told.victim_group


def _dead_among_them(doc, sent: Span) -> tuple[int, int, int] | None:
    """(start, end, M) of a sentence that opens 'M of them died …', 'M of the victims later
    died', 'M died': the dead among people just counted."""
    i = sent.start
    while i < sent.end and doc[i].tag_ == "CC":   # "But one of them died"
        i += 1
    if i >= sent.end:
        return None
    tok = doc[i]
    m = parse_digits(tok.text) if tok.like_num else None
    if m is None and _is_number_word(tok):
        m = parse_words([tok.text])
    if m is None and tok.lower_ in words("pair_words"):
        m = 2   # "Two men were shot. Both died at the hospital."
    if not isinstance(m, int) or m < 1:
        return None
    j = i + 1
    if j + 1 < sent.end and doc[j].lower_ in words("partitive_words"):   # "of them", "of the victims", "of those"
        k = j + 1 + (doc[j + 1].tag_ == "DT" and doc[j + 1].lower_ not in words("part_of_a_figure_nouns"))
        if k >= sent.end or doc[k].lower_ not in words("part_of_a_figure_nouns") | words("injured_nouns"):
            return None
        j = k + 1
    elif doc[j].tag_.startswith("NN") and tok.lower_ not in words("pair_words"):
        return None   # "Two men died in a separate attack": people of their own, not of them ("both women": of them)
    died = words("killed_words_after")
    return (i, i + 1, m) if any(t.lower_ in died for t in doc[j:min(sent.end, j + 5)]) else None


def merge_restated(claims: list[Claim], doc=None) -> list[Claim]:
    """One claim per figure restated (headline and lead, lead and body): the same outcome,
    number as written and compatible victims ('people' goes with any group), and not two
    different named sources. The specific group, the named source and a qualified quantity
    are kept. 'Nearly 40' after '38', or 'dozens' over '40', are different figures."""
    def stated(c: Claim) -> int:   # the number as written: "more than 58" states 58
        return c.quantity.low - 1 if c.quantity.qualifier == "more_than" else c.quantity.low

    def wording(c: Claim) -> str:   # "40", "at least 40", "around 40" state one figure; "over 40", "up to 40" others
        return "stated" if c.quantity.qualifier in ("exact", "at_least", "about") else c.quantity.qualifier

    def same_source(a: Claim, b: Claim) -> bool:
        # "… reportedly kill 30" names no one: the figure of whoever the article names for it
        return not a.source.attributed or not b.source.attributed or a.claimed_by == b.claimed_by \
            or a.source.source_type == b.source.source_type or value("impersonal_report_source") in (a.claimed_by, b.claimed_by)

    def introduced(c: Claim) -> str | None:   # "a man", "a police sergeant" told outside the headline: a new person
        if doc is None or c.sentence_start == 0 or stated(c) != 1 or doc[c.start].lower_ not in words("indefinite_articles"):
            return None
        return _counted_noun(doc, c).lower_

    out: list[Claim] = []
    person: dict[int, str | None] = {}   # id of a kept claim -> the person it was told of ("a police sergeant")
    for c in claims:
        twin = next((o for o in out if o.outcome == c.outcome and stated(o) == stated(c) and o.subtotal == c.subtotal
                     # "A police sergeant was killed …" then "a man was fatally shot …": two people
                     and not (person[id(o)] and introduced(c) and person[id(o)] != introduced(c))
                     # two single victims of one sentence are two ("a monk … and a journalist was also
                     # killed"); "over 40" is not "at least 40", even after a headline's "40"
                     and (o.sentence_start != c.sentence_start or stated(c) > 1)
                     # "a 28-year-old man was shot …" then "a 19-year-old woman was shot …": two people
                     and not (o.age and c.age and o.age != c.age)
                     and wording(o) == wording(c)
                     and (o.victim_group == c.victim_group or "people" in (o.victim_group, c.victim_group))
                     and same_source(o, c)), None)
        if twin is None:
            out.append(c)
            person[id(c)] = introduced(c)
            continue
        person[id(twin)] = person[id(twin)] or introduced(c)
        if twin.victim_group == "people" and c.victim_group != "people":
            twin.victim_group = c.victim_group
        if (not twin.source.attributed and c.source.attributed) or (
                c.source.attributed and is_generic_source(twin.claimed_by) and not is_generic_source(c.claimed_by)):
            twin.source = c.source   # "Rescuers say 42 killed" … "42, the White Helmets said": the named one
        if twin.quantity.qualifier == "exact" and c.quantity.qualifier != "exact":
            twin.quantity = c.quantity
    return out
