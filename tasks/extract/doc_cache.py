"""The Doc's sentences and entities, listed once per Doc: spaCy builds `doc.sents` and
`doc.ents` afresh at every access (a walk over every token), and the rules ask for them
hundreds of times per article. Kept in `doc.user_data`, which leaves with the Doc; read only
after the parser and NER, which are the last to change them."""
from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import LIKE_NUM, LOWER, ORTH, SENT_START, SPACY
from spacy.tokens import Doc, Span, Token

_SENTS = "sitrep.sents"
_ENTS = "sitrep.ents"
_ENT_AT = "sitrep.ent_at"
_STARTS = "sitrep.sent_starts"
_LOWERS = "sitrep.lowers"
_TEXT = "sitrep.text"


def sentences(doc: Doc) -> list[Span]:
    found = doc.user_data.get(_SENTS)
    if found is None:
        found = doc.user_data[_SENTS] = _sentences(doc)
    return found


def _sentences(doc: Doc) -> list[Span]:
    """doc.sents, from the sentence starts read as one array: iterating doc.sents makes a Token
    object per token, the slowest part of listing them."""
    if not len(doc):
        return []
    starts = [i for i, v in enumerate(doc.to_array([SENT_START]).tolist()) if v == 1 or i == 0]
    return [doc[a:b] for a, b in zip(starts, starts[1:] + [len(doc)])]


def entities(doc: Doc) -> tuple[Span, ...]:
    found = doc.user_data.get(_ENTS)
    if found is None:
        found = doc.user_data[_ENTS] = tuple(doc.ents)
    return found


def entity_at(doc: Doc, i: int) -> Span | None:
    """The entity that token i is part of, if any."""
    index = doc.user_data.get(_ENT_AT)
    if index is None:
        index = doc.user_data[_ENT_AT] = {j: ent for ent in entities(doc) for j in range(ent.start, ent.end)}
    return index.get(i)


def sentence_of(item: Span | Token) -> Span:
    """The sentence a span or token is in — `item.sent`, looked up in the Doc's sentence list
    instead of walked to token by token. A span across a sentence break keeps spaCy's answer."""
    doc = item.doc
    start = item.i if isinstance(item, Token) else item.start
    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = doc.user_data[_STARTS] = [s.start for s in sentences(doc)]
    k = bisect_right(starts, start) - 1
    sent = sentences(doc)[k] if k >= 0 else None
    end = start + 1 if isinstance(item, Token) else max(item.end, start + 1)
    if sent is None or end > sent.end:
        return item.sent
    return sent


def lowers_and_numbers(doc: Doc) -> tuple[list[str], list[bool]]:
    """Every token's lower-case form and like_num flag, read as one array: a rule that scans
    each sentence for a few words would otherwise make a Token object per token."""
    found = doc.user_data.get(_LOWERS)
    if found is None:
        arr = doc.to_array([LOWER, LIKE_NUM]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        found = doc.user_data[_LOWERS] = ([strings[row[0]] for row in arr], [bool(row[1]) for row in arr])
    return found


def doc_text(doc: Doc) -> str:
    """doc.text, built once and from one array: Doc.text joins its tokens' texts, a Token
    object each, at every access."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, SPACY]).tolist() if len(doc) else []
        text = doc.user_data[_TEXT] = "".join(strings[o] + " " if sp else strings[o] for o, sp in rows)
    return text


def text_of(span: Span) -> str:
    """span.text, cut from the Doc's text (read once)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def label_before(sent: Span) -> Span | None:
    """The sentence before `sent` when it is only a label of it — a few words ending in a colon
    at a line's start ("11/20/2009:", "BAGHDAD:"), which the parser cuts off as a sentence of
    its own though it belongs to what follows."""
    doc = sent.doc
    sents = sentences(doc)
    k = bisect_right(doc.user_data.get(_STARTS) or [s.start for s in sents], sent.start) - 1
    if k <= 0 or sents[k].start != sent.start:
        return None
    prev = sents[k - 1]
    if len(prev) <= 6 and prev[-1].text == ":" and (prev.start == 0 or "\n" in doc[prev.start - 1].text_with_ws):
        return prev
    return None


def tokens_in_spans(doc: Doc, key: str) -> frozenset[int]:
    """The indexes of the tokens that doc.spans[key] covers, listed once per Doc (iterating a
    SpanGroup makes a Span object per span). Kept with the group's length, so a group that
    has changed since is listed again."""
    group = doc.spans.get(key)
    size = len(group) if group is not None else 0
    cached = doc.user_data.get(f"sitrep.in_spans.{key}")
    if cached is None or cached[0] != size:
        covered = frozenset(i for s in (group or ()) for i in range(s.start, s.end))
        cached = doc.user_data[f"sitrep.in_spans.{key}"] = (size, covered)
    return cached[1]
