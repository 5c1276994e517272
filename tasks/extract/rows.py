"""Processed Docs to table rows (plain dicts keyed by the warehouse's column names)."""
from __future__ import annotations

from functools import lru_cache

from sitrep.tasks.extract.doc_cache import entities, sentence_of, sentences
from sitrep.tasks.extract.events import clause_verb, confidence, tells_other_incidents
from sitrep.tasks.extract.figures import event_figures
from sitrep.tasks.extract.lexicon import one_sided_types, same_side, theatre_actor, value, words
from sitrep.tasks.extract.span_keys import ACTORS, PLACES, TIMES, TRIGGERS
from sitrep.tasks.inputs.article import Article
from spacy.tokens import Doc

from sitrep.common import data
from sitrep.common.dates import date_bounds

NER_LABELS = {"GPE", "LOC", "FAC", "ORG", "NORP", "PERSON", "DATE", "TIME", "CARDINAL", "QUANTITY", "EVENT"}


def event_id_of(article_id: str, index: int) -> str:
    return f"{article_id[:16]}-e{index:03d}"


def claim_id_of(article_id: str, index: int) -> str:
    return f"{article_id[:16]}-c{index:03d}"


def _event_of_figure(doc: Doc, events: list, figure: int, sent) -> int | None:
    """The incident a figure belongs to among those its sentence tells: the one whose
    trigger or place is in the figure's own clause ('… and in Saraqib seven died'), else whose
    trigger governs it, else whose trigger or place is nearest before it, then after it."""
    told = [e for e in events if sent.start in e.sentences]
    if len(told) <= 1:
        return told[0].index if told else None
    depth = {t.i: n for n, t in enumerate(doc[figure].ancestors)}   # nearest governing word first
    own_verb = clause_verb(doc[figure])

    def distance(e) -> tuple[int, int]:
        triggers = [m for m in e.triggers if sent.start <= m.start < sent.end]
        marks = triggers + [p for p in e.places if sent.start <= p.start < sent.end]
        if own_verb is not None and any(getattr(clause_verb(m.root), "i", None) == own_verb.i for m in marks):
            return (0, 0)
        governing = [depth[m.root.i] for m in triggers if m.root.i in depth]
        if governing:
            return (1, min(governing))
        if not marks:
            return (4, 0)
        return min((2 if m.start < figure else 3, abs(figure - m.start)) for m in marks)
    return min(told, key=lambda e: (distance(e), e.index)).index


def doc_rows(article: Article, doc: Doc) -> dict[str, list[dict]]:
    """Rows for events, casualty_claims and mentions of one article."""
    aid = article.article_id
    sent_index = {s.start: i for i, s in enumerate(sentences(doc))}
    token_sent: dict[int, int] = {}
    for i, s in enumerate(sentences(doc)):
        for t in range(s.start, s.end):
            token_sent[t] = i

    events = doc._.events or []
    primary = next((e.index for e in events if e.is_primary), None)

    claims = []
    claims_by_event: dict[int | None, list[dict]] = {}
    for n, span in enumerate(doc.spans.get("claims", [])):
        c = span._.claim
        sent = sentence_of(doc[c.start])
        ev = None if tells_other_incidents(sent) else _event_of_figure(doc, events, c.start, sent)
        if ev is None and events and not tells_other_incidents(sent):
            earlier = [e.index for e in events if min(e.sentences) <= sent.start]
            ev = max(earlier, key=lambda i: max(s for s in events[i].sentences if s <= sent.start)) if earlier else primary
        row = {
            "claim_id": claim_id_of(aid, n),
            "article_id": aid,
            "event_id": event_id_of(aid, ev) if ev is not None else None,
            "outcome": c.outcome,
            "count_low": int(c.quantity.low),
            "count_high": int(c.quantity.high) if c.quantity.high is not None else None,
            "qualifier": c.quantity.qualifier,
            "victim_group": c.victim_group,
            "claimed_by": c.source.claimed_by,
            "cited_by": c.source.cited_by,
            "source_type": c.source.source_type,
            "claimed_by_text": c.source.text,
            "is_subtotal": bool(c.subtotal),
            "adds_to_previous": bool(c.adds),
            "evidence": sent.text.strip(),
            "sentence_index": sent_index.get(sent.start),
            "start_char": span.start_char,
            "end_char": span.end_char,
        }
        claims.append(row)
        claims_by_event.setdefault(ev, []).append(row)

    # "No one was injured or killed": that outcome's figure is 0 (no claim), for the event the
    # sentence belongs to, else the primary event
    nobody: dict[int | None, set[str]] = {}
    for start, outcome in doc._.no_casualties or ():
        owner = next((e.index for e in events if start in e.sentences), primary)
        nobody.setdefault(owner, set()).add(outcome)

    event_rows = []
    for e in events:
        p = e.place
        place = p._.place if p is not None else None
        figures = event_figures(claims_by_event.get(e.index, []))
        for outcome in nobody.get(e.index, ()):
            if figures[f"{outcome}_best"] is None:
                figures[f"{outcome}_low"] = figures[f"{outcome}_best"] = figures[f"{outcome}_high"] = 0
        event_rows.append({
            "event_id": event_id_of(aid, e.index),
            "article_id": aid,
            "is_primary": bool(e.is_primary),
            "event_type": e.event_type,
            "sub_event_type": sub_event_type(e.event_type, [t.text for t in e.triggers]),
            "event_date": e.event_date if e.date_precision == "day" else None,   # never a made-up day
            "date_precision": e.date_precision,
            "date_start": date_bounds(e.event_date, e.date_precision, article.published_date)[0],
            "date_end": date_bounds(e.event_date, e.date_precision, article.published_date)[1],
            "actor1": e.attackers[0] if e.attackers else None,
            "actor2": _target(e, claims_by_event.get(e.index, []), doc, doc._.country),
            "location_name": location_name(p) if p is not None else None,
            "admin1": place.admin1 if place else None,
            "admin2": place.admin2 if place else None,
            "country_code": place.country_code if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "geo_precision": p._.precision if p is not None else "unknown",
            "location_text": p.text if p is not None else None,
            "evidence": e.evidence,
            "sentence_index": sent_index.get(e.sentences[0]),
            "n_strikes": e.n_strikes,
            "n_aircraft": e.n_aircraft,
            **figures,
            "confidence": confidence(p._.precision if p is not None else "unknown", e.date_precision, bool(e.attackers),
                                     sum(1 for c in claims_by_event.get(e.index, []) if c["claimed_by"])),
        })

    mentions = []
    seen = set()
    n = 0
    for ent in entities(doc):
        if ent.label_ not in NER_LABELS:
            continue
        mentions.append(_mention(aid, n, ent.label_, ent, token_sent, "ner", None))
        n += 1
        seen.add((ent.start_char, ent.end_char, ent.label_))
    for key, label in ((PLACES, "PLACE"), (ACTORS, "ACTOR"), (TRIGGERS, "TRIGGER"), (TIMES, "TIME_EXPR")):
        for span in doc.spans.get(key, []):
            if key == PLACES:
                resolved = span._.place.name if span._.place else None
                extra = span._.precision
            elif key == ACTORS:
                resolved, extra = span._.actor, None
            elif key == TRIGGERS:
                resolved, extra = span.label_, None
            else:
                resolved, extra = span._.time.kind, None
            mentions.append(_mention(aid, n, label, span, token_sent, "sitrep", resolved, extra))
            n += 1
    return {"events": event_rows, "casualty_claims": claims, "mentions": mentions}


CIVILIAN_GROUPS = ("civilians", "children", "women")
COMBATANT_GROUPS = ("militants", "soldiers")


def _target(e, claims: list[dict], doc: Doc, country: str | None) -> str | None:
    """Who the incident struck: an armed party the words name as the target; else civilians
    when everyone its figures count is a civilian (ACLED's and UCDP's one-sided violence), or,
    for a bombing, a strike or a shelling (one_sided in event_types.csv), when its dead are
    "people" and no figure of it counts a fighter; else the party placed after the trigger."""
    attacker = e.attackers[0] if e.attackers else None
    # never the attacker's own side: 'Colombian soldiers' killed beside the 'Colombian military'
    # that struck the FARC are its own dead, not its target
    targets = [t for t in e.targets if t != attacker and not same_side(t, attacker, country)]
    named = [t for t in targets if t in e.named_targets]
    if named:
        return named[0]
    killed = [c for c in claims if c["outcome"] == "killed" and not c["is_subtotal"]] or \
        [c for c in claims if not c["is_subtotal"]]
    if killed and all(c["victim_group"] in CIVILIAN_GROUPS for c in killed):
        return "civilians"
    if killed and e.event_type in one_sided_types() and all(c["victim_group"] in CIVILIAN_GROUPS + ("people",) for c in killed) \
            and not any(c["victim_group"] in COMBATANT_GROUPS for c in claims):
        return "civilians"
    force = _victims_force(doc, killed, country)
    if force and not same_side(force, attacker, country):
        return force
    return targets[0] if targets else None


def _victims_force(doc: Doc, killed: list[dict], country: str | None) -> str | None:
    """The state force the incident's dead belong to when every one of them is a soldier or
    a police officer and the words name no target: 'police' for 'a police sergeant', the
    victims as written for 'a Spanish civil guard', 'two United States Navy sailors'; plain
    'soldiers' for 'five soldiers'."""
    if not killed or any(c["victim_group"] != "soldiers" for c in killed):
        return None
    span = next((s for s in doc.spans.get("claims", []) if s.start_char == killed[0]["start_char"]), None)
    if span is None:
        return None
    last = doc[span.end - 1]
    noun = last.head if last.dep_ in ("nummod", "det", "quantmod") else last
    if not noun.tag_.startswith("NN"):
        return None
    fillers = words("victim_phrase_fillers")
    left = [t for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree]
    phrase = [t for t in sorted(left, key=lambda t: t.i) if not t.like_num and t.tag_ != "DT" and t.lower_ not in fillers] + [noun]
    if any(t.lower_ in words("police_nouns") for t in phrase):
        return theatre_actor("@police", country)
    if any(t.text[:1].isupper() for t in phrase[:-1]):
        return " ".join(t.text for t in phrase)   # "Spanish civil guard", "United States Navy sailors"
    return value("soldiers_name")


def _mention(aid, n, label, span, token_sent, source, resolved, detail=None) -> dict:
    return {
        "mention_id": f"{aid[:16]}-m{n:04d}",
        "article_id": aid,
        "label": label,
        "text": span.text,
        "start_char": span.start_char,
        "end_char": span.end_char,
        "sentence_index": token_sent.get(span.start),
        "source": source,
        "resolved": resolved,
        "detail": detail,
    }


def article_row(article: Article, extractor_version: str, run_id: str) -> dict:
    return {
        "article_id": article.article_id,
        "source_uri": article.source_uri,
        "title": article.title,
        "outlet": article.outlet,
        "published_date": article.published_date,
        "byline": article.byline,
        "dateline": article.dateline,
        "date_source": article.date_source,
        "format": article.format,
        "encoding": article.encoding,
        "n_chars": len(article.text),
        "text": article.text,
        "extractor_version": extractor_version,
        "run_id": run_id,
    }


def location_name(span) -> str:
    """The place's name as the geoparser gives it (Span._.place_name)."""
    return span._.place_name or span._.place.name


def sub_event_type(event_type: str, trigger_texts: list[str]) -> str | None:
    """ACLED's sub-event type from the event type and the words that told it
    (sub_event_types.csv): 'missile strike' -> Shelling/artillery/missile attack."""
    said = {w for t in trigger_texts for w in t.lower().replace("-", " ").split()}
    for rule_type, needed, sub in _sub_event_rules():
        if rule_type == event_type and (not needed or needed & said):
            return sub
    return None


@lru_cache(maxsize=1)   # parsed once, asked for every event
def _sub_event_rules() -> tuple[tuple[str, frozenset[str], str | None], ...]:
    return tuple((r["event_type"], frozenset(w for w in r["words"].split("|") if w), r["sub_event_type"] or None)
                 for r in data.rows("sub_event_types.csv"))
