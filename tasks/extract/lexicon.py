"""The vocabularies the rules read, loaded once from sitrep/data (through the one loader,
sitrep.common.data): `lexicon.json`, one file of word lists keyed by the role a word plays
(killed_words_after, say_verbs, victims, source_types …), and the alias tables (sources,
event type priorities, source credibility, actor sides). Rules read these; nothing here is
tuned in code."""
from __future__ import annotations

import re
from functools import lru_cache

from sitrep.common import data
from sitrep.common.actors import actor_kind


LEXICON = "lexicon.json"
GEO_LEXICON = "geo/lexicon.json"   # the geoparser's own vocabulary (sitrep.tasks.extract.geo)


@lru_cache(maxsize=None)
def lexicon(name: str = LEXICON) -> dict:
    import json

    return json.loads(data.text(name))


@lru_cache(maxsize=None)
def words(role: str, name: str = LEXICON) -> frozenset[str]:
    """A role's words (lower case), for membership tests on token.lower_."""
    return frozenset(lexicon(name)[role])


@lru_cache(maxsize=1)
def outcome_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words of killing, words of wounding), before or after a figure."""
    return (words("killed_words_after") | words("killed_verbs_before"),
            words("injured_words_after") | words("injured_verbs_before"))


@lru_cache(maxsize=None)
def phrases(role: str) -> tuple[str, ...]:
    """A role's multi-word phrases, longest first."""
    return tuple(sorted(lexicon()[role], key=len, reverse=True))


@lru_cache(maxsize=None)
def pattern(role: str) -> re.Pattern:
    """A role's regular expressions (a list, or one string) as one case-insensitive pattern."""
    value = lexicon()[role]
    return re.compile(value if isinstance(value, str) else "|".join(f"(?:{p})" for p in value), re.I)


def value(role: str):
    return lexicon()[role]


@lru_cache(maxsize=1)
def victim_words() -> dict[str, str]:
    """noun -> victim group (civilians, children, women, militants, soldiers, people)."""
    return {w: group for group, nouns in lexicon()["victims"].items() for w in nouns}


@lru_cache(maxsize=1)
def source_type_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(source_type, cue words and phrases longest first), in the order they are tried."""
    return tuple((kind, tuple(sorted(cues, key=len, reverse=True))) for kind, cues in lexicon()["source_types"])


@lru_cache(maxsize=64)
def source_aliases(country: str | None = None) -> list[tuple[re.Pattern, str]]:
    """(pattern, canonical name) for well-known sources (the Observatory → 'Syrian Observatory
    for Human Rights', Syria Civil Defence → 'White Helmets', Syrian Arab News Agency →
    'SANA'), longest alias first. With the article's country, only the aliases that hold
    there: 'civil defence' is the White Helmets in Syria, not in Algeria."""
    rows = sorted(data.rows("sources.csv"), key=lambda r: -len(r["alias"]))
    out = []
    for r in rows:
        if country and r.get("country") and r["country"] != country:
            continue
        alias = r["alias"]
        flags = 0 if (alias.isupper() and len(alias) <= 5) else re.I
        out.append((re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", flags), r["source"]))
    return out


@lru_cache(maxsize=1)
def event_priority() -> dict[str, int]:
    return {r["event_type"]: int(r["priority"]) for r in data.rows("event_types.csv")}


@lru_cache(maxsize=1)
def join_days() -> dict[str, int]:
    """How many days apart two reports of a type may date one incident (event_types.csv)."""
    return {r["event_type"]: int(r.get("join_days") or 1) for r in data.rows("event_types.csv")}


@lru_cache(maxsize=1)
def event_kind_of() -> dict[str, str]:
    """event type -> the type it is a more specific kind of (suicide_bombing -> explosion)."""
    return {r["event_type"]: r["kind_of"] for r in data.rows("event_types.csv") if r.get("kind_of")}


@lru_cache(maxsize=1)
def told_with() -> frozenset[frozenset[str]]:
    """Pairs of event types one incident is often told with."""
    return frozenset(frozenset((r["event_type"], r["told_with"])) for r in data.rows("event_types.csv") if r.get("told_with"))


@lru_cache(maxsize=1)
def one_sided_types() -> frozenset[str]:
    """Event types whose dead, counted only as "people", are coded as civilians."""
    return frozenset(r["event_type"] for r in data.rows("event_types.csv") if r.get("one_sided") == "1")


@lru_cache(maxsize=1)
def source_rank() -> dict[str, int]:
    """source name or source_type -> credibility rank (lower wins)."""
    return {r["source"]: int(r["rank"]) for r in data.rows("source_credibility.csv")}


@lru_cache(maxsize=1)
def actor_sides() -> dict[str, str]:
    return {r["actor"]: r["side"] for r in data.rows("actor_sides.csv")}


@lru_cache(maxsize=None)
def _patterns(where: str) -> list[dict]:
    """span_ruler patterns from a JSONL file under sitrep/data, or from every JSONL file of
    a folder there; keys other than label, pattern and id are notes, not patterns."""
    names = [n for n in data.names() if n == where or n.startswith(where.rstrip("/") + "/")]
    out = []
    for name in names:
        if not name.endswith(".jsonl"):
            continue
        for p in data.jsonl(name):
            if "pattern" not in p:
                continue
            kept = {k: v for k, v in p.items() if k in ("label", "pattern", "id")}
            spelled = _spellings_of(kept["pattern"]) if isinstance(kept["pattern"], str) else [kept["pattern"]]
            out.extend({**kept, "pattern": s} for s in spelled)
    return out


def _spellings_of(phrase: str) -> list[str]:
    """A name and its other transliterations (lexicon name_spellings: 'al-Qaeda' is also
    'al-Qaida'), so an actor file lists each name once."""
    out = [phrase]
    articles = "|".join(sorted(words("name_articles", GEO_LEXICON)))
    unhyphened = re.sub(rf"\b({articles})-(?=\w)", r"\1 ", phrase, flags=re.I)   # 'al-Qaeda' is also 'al Qaeda'
    if unhyphened != phrase:
        out.append(unhyphened)
    for word, others in lexicon()["name_spellings"].items():
        rx = re.compile(rf"\b{re.escape(word)}\b", re.I)
        if rx.search(phrase):
            out += [rx.sub(other, p) for p in list(out) for other in others]
    return out


def load_patterns(where: str) -> list[dict]:
    return [dict(p) for p in _patterns(where)]


@lru_cache(maxsize=1)
def outlet_names() -> frozenset[str]:
    """Every outlet's names in outlets.csv, lower case (Reuters, AFP, the Associated Press …)."""
    return frozenset(r["alias"].lower() for r in data.rows("outlets.csv")) | frozenset(
        r["outlet"].lower() for r in data.rows("outlets.csv"))


@lru_cache(maxsize=1)
def crowd_actors() -> frozenset[str]:
    """The canonical crowds of actors/crowds.jsonl (protesters, rioters, mob, youths): who
    carries out a riot, whom a crackdown strikes."""
    return frozenset(p["id"] for p in _patterns("actors/crowds.jsonl"))


@lru_cache(maxsize=1)
def actor_names() -> frozenset[str]:
    """Every way the actor patterns name an actor, lower case ('islamic state', 'is')."""
    names = set()
    for p in _patterns("actors"):
        pat = p["pattern"]
        names.add(pat.lower() if isinstance(pat, str) else " ".join(str(next(iter(t.values()))) for t in pat).lower())
    return frozenset(names)


@lru_cache(maxsize=None)
def _theatres() -> dict[tuple[str, str], str]:
    return {(r["generic"], r["country"]): r["actor"] for r in data.rows("actor_theatres.csv")}


def theatre_actor(generic: str, country: str | None) -> str | None:
    """'@government' in SY -> 'Syrian government'; the '*' row for other countries, whose
    '{demonym}' is the article's country's ('Chadian security forces'), or dropped with the
    word after it when the country is unknown ('security forces')."""
    table = _theatres()
    actor = table.get((generic, country or "")) or table.get((generic, "*"))
    if actor and "{demonym}" in actor:
        demonym = _demonyms().get(country or "")
        actor = actor.replace("{demonym}", demonym) if demonym else actor.replace("{demonym} ", "")
    return actor or None


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """ISO code -> its first demonym in countries.csv ('TD' -> 'Chadian')."""
    out: dict[str, str] = {}
    for r in data.rows("countries.csv"):
        if r["kind"] == "demonym" and not r["alias"].endswith("s"):
            out.setdefault(r["iso"], r["alias"])
    return out


def compatible_types(a: str, b: str) -> bool:
    """Whether two event types can describe one incident (within an article or across them)."""
    return a == b or "attack" in (a, b) or "other" in (a, b) or frozenset({a, b}) in told_with()


@lru_cache(maxsize=1024)
def side_family(actor: str | None) -> tuple[str, str | None] | None:
    """('state', country or None) for a state's forces ('Colombian military', 'police',
    'security forces'), ('crowd', None) for protesters or rioters, ('armed group', None) for
    a generic armed group word ('militants', 'rebels'); None for a party of its own (a named
    group, civilians)."""
    if not actor:
        return None
    low = actor.lower()
    if low in words("generic_armed_group_names"):
        return ("armed group", None)
    if actor in crowd_actors():
        return ("crowd", None)
    kind, home = actor_kind(actor)
    if kind == "state":
        return ("state", home)
    if low in words("state_force_names") or low in words("state_force_nouns"):
        return ("state", None)
    return None


def same_side(a: str | None, b: str | None, country: str | None = None) -> bool:
    """Whether two parties are one side: a state's forces and forces of that state ('Colombian
    military', 'Colombian soldiers'), forces that name no state being the article's country's
    ('police' in a Thai article: 'Thai security forces'; in a Gaza article not Israel's), two
    crowds, two generic armed group words, allies of one side in actor_sides.csv ('Syrian
    government' and 'Hezbollah'). A named group is otherwise its own side."""
    sides = actor_sides()
    if a in sides and sides.get(b) == sides[a]:
        return True
    fa, fb = side_family(a), side_family(b)
    if fa is None or fb is None or fa[0] != fb[0]:
        return False
    if fa[0] != "state":
        return True
    home_a, home_b = fa[1] or country, fb[1] or country
    return home_a is None or home_b is None or home_a == home_b

