"""Casualty figures in a sentence: the number, its qualifier, the outcome, the victims and
who the sentence attributes it to.

A figure is a claim only when a casualty word binds it: a passive or adjectival outcome
after it ("24 civilians were killed", "86 dead"), an active one before it ("killed at least
20 civilians", "injuring dozens"), a death toll ("the toll rose to 86"), or inheritance
from a figure it qualifies ("including nine children", "along with six others", "30 of
them children"). Numbers of strikes, jets, targets, kilometres or years, ages, and
war-wide totals ("since the war began in 2011") are not claims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.tasks.extract.lexicons import source_aliases, victim_words
from sitrep.tasks.extract import pos as _pos  # noqa: F401  (registers Token._.cpos)
from sitrep.tasks.extract.numbers import SCALES, TENS, UNITS, VAGUE, Quantity, parse_digits, parse_words, qualify, vague

KILLED_AFTER = {"killed", "dead", "died", "die", "dies", "dying", "slain", "perished", "massacred", "executed",
                "drowned", "martyred", "lives", "deaths", "fatalities", "bodies"}
INJURED_AFTER = {"injured", "wounded", "hurt", "injuries", "injuring", "wounding", "maimed"}
KILLED_BEFORE = {"killed", "kill", "kills", "killing", "slaying", "massacring", "executed", "executing", "claimed", "claiming", "left"}
INJURED_BEFORE = {"injured", "injuring", "injure", "injures", "wounded", "wounding", "wound", "wounds"}
TOLL_VERBS = {"rose", "risen", "rises", "rise", "climbed", "climbs", "reached", "reaches", "hit", "stood", "stands",
              "stand", "jumped", "increased", "to", "at", "of", "is", "was", "has"}
QUALIFIER_WORDS = {"at", "least", "more", "than", "over", "about", "around", "nearly", "almost", "some", "up", "to",
                   "approximately", "roughly", "an", "estimated", "as", "many", "no", "fewer", "less", "a", "another",
                   "further", "additional", "least", "of", "the", "between", "only", "just", "exactly", "close"}
NOT_VICTIMS = {
    "strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "sortie", "sorties", "jet", "jets", "plane",
    "planes", "warplane", "warplanes", "aircraft", "helicopter", "helicopters", "bomber", "bombers", "drone", "drones",
    "target", "targets", "building", "buildings", "home", "homes", "house", "houses", "km", "kilometres",
    "kilometers", "kilometre", "kilometer", "mile", "miles", "metres", "meters", "year", "years", "month", "months",
    "day", "days", "hour", "hours", "minute", "minutes", "week", "weeks", "time", "times", "percent", "per", "%",
    "shell", "shells", "rocket", "rockets", "missile", "missiles", "bomb", "bombs", "barrel", "tank", "tanks",
    "vehicle", "vehicles", "village", "villages", "town", "towns", "position", "positions", "attack", "attacks",
    "operation", "operations", "site", "sites", "facility", "facilities", "camp", "camps", "depot", "depots",
    "country", "countries", "nation", "nations", "round", "rounds", "million", "dollars", "tons", "tonnes",
    "hospital", "hospitals", "school", "schools", "point", "points", "mortar", "mortars", "explosion", "explosions",
    "checkpoint", "checkpoints", "area", "areas", "district", "districts", "neighbourhood", "neighbourhoods",
    "neighborhood", "neighborhoods", "base", "bases", "shot", "shots", "wave", "waves", "group", "groups",
    "battalion", "battalions", "brigade", "brigades", "post", "posts", "command", "refugees", "displaced",
}
SOLDIER_MODIFIERS = {"pro-government", "government", "regime", "pro-regime", "army", "loyalist", "syrian", "russian",
                     "turkish", "iraqi", "security", "police", "allied", "hezbollah", "iranian"}
MILITANT_MODIFIERS = {"rebel", "opposition", "is", "isis", "isil", "daesh", "jihadist", "islamist", "nusra",
                      "militant", "islamic", "kurdish", "ypg", "sdf"}
SAY_WORDS = {"said", "say", "says", "saying", "reported", "reports", "report", "claimed", "claims", "claim", "told",
             "tells", "stated", "states", "announced", "announces", "confirmed", "confirms", "added", "adds",
             "cited", "cites", "documented", "documents", "quoted", "estimated", "estimates", "counted", "recorded",
             "according", "put", "puts", "gave", "gives", "published", "released"}
# Subjects that point back to a source named earlier ("it said", "the group said").
PRONOUNS = {"it", "he", "she", "they", "the group", "the ministry", "the agency", "the organisation",
            "the organization", "the source", "the sources", "the official", "this", "we", "i", "the body",
            "the claim", "the statement", "a statement", "the report", "the monitor's head"}
WAR_WIDE = re.compile(
    r"\bsince (?:the )?(?:start|beginning|outbreak|onset) of\b|\bsince (?:early |mid-?|late )?(?:march )?(?:19|20)\d\d\b|"
    r"\bsince (?:the )?(?:war|conflict|uprising|crisis|revolt|revolution|fighting)\b|"
    r"\bsince (?:the |its |their )?[\w-]+(?: [\w-]+){0,3} (?:began|started|erupted|was launched|got under way)\b|"
    r"\b(?:war|conflict|uprising|crisis|revolt)\b[^.]{0,80}\b(?:began|started|erupted|broke out|begun)\b|"
    r"\b(?:the|syria'?s?|syrias|country'?s?|civil|multi-front|six-year|five-year|seven-year|four-year|years-long)\s+"
    r"(?:civil\s+)?(?:war|conflict)\s+(?:has|have|had)\s+(?:so far\s+)?(?:killed|left|claimed)\b|"
    r"\b(?:in|during|throughout) (?:the|syria'?s?|syrias) (?:\w+[- ])?(?:civil )?(?:war|conflict)\b|"
    r"\b(?:war|conflict)\s+(?:which|that)\s+(?:has|have|had)\s+(?:so far\s+)?(?:killed|left|claimed)\b",
    re.I,
)
# No single incident of this war killed this many: a figure this large is a war-wide total.
WAR_WIDE_FLOOR = 20_000


@dataclass
class Figure:
    """A number expression in a sentence, before it is known to be a casualty claim."""

    start: int           # token index in doc
    end: int
    quantity: Quantity


@dataclass
class Claim:
    start: int           # token span of the figure
    end: int
    outcome: str
    quantity: Quantity
    victim_group: str
    claimed_by: str | None
    claimed_by_text: str | None
    sentence_start: int  # token index of the sentence start
    subtotal: bool = False   # part of another figure ("including nine children", "30 of them children")


def _is_number_word(tok: Token) -> bool:
    parts = [p for p in tok.lower_.split("-") if p]
    return bool(parts) and all(p in UNITS or p in TENS or p in SCALES for p in parts)


# A sentence without a digit or any number or quantity word holds no figure: most sentences
# of a report are skipped by one regex search instead of a walk over their tokens.
_MAY_HOLD_FIGURE = re.compile(
    r"\d|\b(?:" + "|".join(sorted(map(re.escape, {*UNITS, *TENS, *SCALES, *VAGUE, "dozen"}), key=len, reverse=True)) + r")\b",
    re.I)


def find_figures(sent: Span) -> list[Figure]:
    """Number expressions: digits, number words, vague quantities, 'a dozen', ranges."""
    if not _MAY_HOLD_FIGURE.search(sent.text):
        return []
    doc = sent.doc
    figures: list[Figure] = []
    i = sent.start
    while i < sent.end:
        tok = doc[i]
        low = tok.lower_
        if tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL") and not _is_number_word(tok) and low not in ("dozens", "scores", "hundreds", "thousands", "tens"):
            i += 1
            continue
        value = None
        end = i + 1
        if tok.like_num and parse_digits(tok.text) is not None:
            value = parse_digits(tok.text)
            if end < sent.end and doc[end].lower_ in ("million", "thousand", "hundred"):
                value = value * SCALES[doc[end].lower_]
                end += 1
            if isinstance(value, float):
                value = int(value) if value.is_integer() else None
        elif _is_number_word(tok) and low not in ("hundred", "thousand", "million"):
            words = [tok.text]
            while end < sent.end and (_is_number_word(doc[end]) or (doc[end].text in ("-", "and") and end + 1 < sent.end and _is_number_word(doc[end + 1]))):
                words.append(doc[end].text)
                end += 1
            value = parse_words(words)
        elif low in ("a", "one") and i + 1 < sent.end and doc[i + 1].lower_ == "dozen":
            value, end = 12, i + 2
            figures.append(Figure(i, end, Quantity(12, 12, "about")))
            i = end
            continue
        elif low == "dozen" and (i == sent.start or doc[i - 1].lower_ not in ("a", "one")):
            value = 12
        else:
            q = vague(low)
            after_outcome = i > sent.start and doc[i - 1].lower_ in KILLED_BEFORE | INJURED_BEFORE
            if q is not None and (after_outcome or (i + 1 < sent.end and doc[i + 1].lower_ in ("of", "more", "others", "were", "killed", "dead", "wounded", "injured", "civilians", "people"))):
                figures.append(Figure(i, end, q))
                i = end
                continue
        if value is None or value < 0:
            i += 1
            continue
        # ranges: "between 10 and 15", "10 to 15", "10-15"
        if end + 1 < sent.end and doc[end].lower_ in ("to", "-", "–", "and") and doc[end + 1].like_num:
            high = parse_digits(doc[end + 1].text)
            if isinstance(high, int) and high > value and (doc[end].lower_ != "and" or (i > sent.start and doc[i - 1].lower_ == "between")):
                figures.append(Figure(i, end + 2, Quantity(int(value), high, "range")))
                i = end + 2
                continue
        prefix = doc[max(sent.start, i - 4):i].text
        figures.append(Figure(i, end, qualify(prefix, int(value))))
        i = end
    return figures


def _excluded_number(doc, fig: Figure, sent: Span) -> bool:
    tok = doc[fig.start]
    nxt = doc[fig.end].lower_ if fig.end < sent.end else ""
    nxt2 = doc[fig.end + 1].lower_ if fig.end + 1 < sent.end else ""
    prev = doc[fig.start - 1].lower_ if fig.start > sent.start else ""
    if prev in ("aged", "age", "ages", "page", "no.", "number", "resolution", "article", "route", "highway", "kilometre", "km"):
        return True
    if nxt in ("-year", "year", "years", "-years") and nxt2 in ("-old", "old"):
        return True
    if nxt.startswith("-year") or nxt in ("year-old", "years-old"):
        return True
    if re.fullmatch(r"(?:19|20)\d\d", tok.text) and fig.end - fig.start == 1:
        return True   # a year
    if nxt in ("%", "percent", "per", "km", "kms", "kilometres", "kilometers", "miles", "metres", "meters", "am", "pm", "a.m.", "p.m.", "gmt"):
        return True
    if tok.text.endswith(("km", "m")) and not tok.text.isdigit():
        return True
    return False


def _victim(doc, fig: Figure, sent: Span) -> tuple[str | None, bool]:
    """(victim_group, excluded): the noun the number counts."""
    words = victim_words()
    j = fig.end
    limit = min(sent.end, fig.end + 7)
    modifiers: list[str] = []
    while j < limit:
        t = doc[j]
        low = t.lower_
        if low in words:
            group = words[low]
            if group == "militants" and any(m in SOLDIER_MODIFIERS and m not in ("syrian", "russian", "turkish", "iraqi") for m in modifiers):
                group = "soldiers"
            if group in ("soldiers",) and any(m in MILITANT_MODIFIERS for m in modifiers):
                group = "militants"
            if group == "people" and low in ("members",) and any(m in SOLDIER_MODIFIERS for m in modifiers):
                group = "soldiers"
            return group, False
        if low in NOT_VICTIMS:
            return None, True
        if t.like_num or _is_number_word(t):
            break   # "86 30 of them children": the next figure's victims, not this one's
        if t.is_punct and low not in ("-",):
            break
        if t.text.isupper() and len(t.text) <= 5 and t.text.isalpha():
            modifiers.append(low)   # IS, ISIS, YPG, SDF: acronyms naming the victims' side
            j += 1
            continue
        participle_modifier = t.tag_ in ("VBN", "VBD", "VBG") and j + 1 < sent.end and doc[j + 1]._.cpos in ("NOUN", "PROPN")
        if (t._.cpos in ("VERB", "AUX") and not participle_modifier) or low in ("were", "was", "have", "has", "had", "are", "is", "in", "on", "at", "by", "after", "when", "as"):
            break
        if low in ("most", "mostly", "mainly", "majority", "largely", "many"):
            break   # "18 people, mostly children": the composition, not the count's victims
        if low in ("of", "the", "from", "more", "other", "others", "among", "them", "whom"):
            if low == "others":
                return "people", False
            modifiers.append(low)
            j += 1
            continue
        modifiers.append(low)
        j += 1
    # "from the Syrian and allied forces" and similar: look a little further for a group noun
    if fig.end < sent.end and doc[fig.end].lower_ in ("from", "of"):
        for t in doc[fig.end + 1:min(sent.end, fig.end + 9)]:
            if t.lower_ in ("forces", "troops", "soldiers", "army"):
                return "soldiers", False
            if t.is_punct or t._.cpos == "VERB":
                break
    return None, False


def _outcome(doc, fig: Figure, sent: Span) -> str | None:
    """killed / injured from the words around the figure, or None."""
    # Right after its own noun phrase: "8 persons killed 58 others injured" (headline style,
    # no commas) gives 8 killed and 58 injured, whatever stands before each number.
    j = fig.end
    while j < min(sent.end, fig.end + 5) and not (doc[j].like_num or _is_number_word(doc[j])):
        low = doc[j].lower_
        if low in ("killed", "dead", "died", "injured", "wounded", "hurt"):
            prev = doc[j - 1]
            # (a number before "killed" that is its agent, "20 jets killed …", was already
            # excluded by its noun)
            if j == fig.end or prev._.cpos in ("NOUN", "PROPN", "AUX", "ADV") or prev.lower_ in ("were", "was", "been", "are"):
                return "killed" if low in ("killed", "dead", "died") else "injured"
        if low in ("and", ",", ";", "while", "as", "after", "in", "on", "by", "at"):
            break
        j += 1
    # Right before, past a qualifier only: "killed at least 30 people and injured dozens"
    k = fig.start - 1
    while k >= sent.start and doc[k].lower_ in QUALIFIER_WORDS:
        k -= 1
    if k >= sent.start:
        low = doc[k].lower_
        if low in KILLED_BEFORE and low not in ("claimed", "claiming", "left"):
            return "killed"
        if low in INJURED_BEFORE:
            return "injured"
    # After: "24 civilians were killed", "86 dead", "20 women among the dead"
    j = fig.end
    limit = min(sent.end, fig.end + 10)
    while j < limit:
        t = doc[j]
        low = t.lower_
        if low in KILLED_AFTER:
            if low == "lives" and doc[j - 1].lower_ not in ("their", "lost"):
                j += 1
                continue
            if low == "killed" and j + 1 < sent.end and doc[j + 1].like_num:
                break   # "20 jets killed 10 people": the number is the agent
            return "killed"
        if low in INJURED_AFTER:
            return "injured"
        if t.like_num and j > fig.end and doc[j - 1].lower_ in ("them", "including", "whom"):
            j += 1
            continue
        if low in (";", ":") or (t.like_num and j > fig.end) or low in ("while", "but", "after", "when", "because", "since"):
            break
        if low == "and" and j + 1 < limit and doc[j + 1].lower_ in ("that", "said", "the"):
            break
        if low == "and" and j + 1 < limit and (doc[j + 1].like_num or _is_number_word(doc[j + 1])):
            # "17 rebels and 11 soldiers were killed": one verb for both figures
            j += 2
            limit = min(sent.end, limit + 4)
            continue
        if low == "and" and j + 1 < limit and doc[j + 1]._.cpos == "VERB":
            break
        j += 1
    # Before: "killed at least 20", "injuring dozens", "the death toll rose to 86"
    k = fig.start - 1
    back = max(sent.start, fig.start - 6)
    while k >= back:
        low = doc[k].lower_
        if k > sent.start and doc[k - 1].lower_ == "the" and low in ("injured", "wounded", "killed", "dead"):
            k -= 1
            continue   # "wash down the injured as well as two men": a noun, not the figure's verb
        if low in KILLED_BEFORE:
            if low in ("claimed", "claiming") and not (fig.start - k <= 4 and "lives" in {t.lower_ for t in doc[k:min(sent.end, fig.end + 3)]}):
                if low in ("claimed", "claiming"):
                    k -= 1
                    continue
            if low == "left":
                k -= 1
                continue
            return "killed"
        if low in INJURED_BEFORE:
            return "injured"
        if low in ("toll", "tolls"):
            prev = doc[k - 1].lower_ if k > sent.start else ""
            return "injured" if prev in ("injury", "casualty") and prev == "injury" else "killed"
        if doc[k].like_num or low in (".", ";", ":"):
            break
        if low in ("and", ",", "while", "but") and k - 1 >= sent.start and doc[k - 1].lower_ in KILLED_AFTER | INJURED_AFTER \
                and any(t.like_num or _is_number_word(t) for t in doc[sent.start:k - 1]):
            break   # "Three were killed and more than twenty others suffered …": that verb was theirs
        k -= 1
    # "the toll ... has risen to 86" with more words between
    window = doc[max(sent.start, fig.start - 20):fig.start]
    lows = [t.lower_ for t in window]
    if "toll" in lows and any(w in TOLL_VERBS for w in lows[lows.index("toll"):]):
        return "killed"
    if "killed" in lows and lows[-1] in ("to", "at") and "number" in lows:
        return "killed"   # "the number of people killed rose to 40"
    return None


def attribution(sent: Span, fig_start: int) -> tuple[str | None, str | None]:
    """(canonical source, the words used) for the say-verb nearest the figure, or
    'according to X'. A pronoun subject comes back as ('<pronoun>', text)."""
    doc = sent.doc
    best: tuple[int, str] | None = None
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to":
            obj = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            text = " ".join(x.text for x in obj[0].subtree) if obj else doc[t.i + 2:min(sent.end, t.i + 10)].text
            dist = abs(t.i - fig_start)
            if best is None or dist < best[0]:
                best = (dist, text)
        elif t.lower_ in SAY_WORDS and t.lower_ != "according" and t._.cpos in ("VERB", "AUX", "NOUN"):
            verb = t
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            while not subj and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
                verb = verb.head   # "The Observatory had no comment … but said …": the shared subject
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                sub = subj[0]
                left = min(x.i for x in sub.subtree)
                right = max(x.i for x in sub.subtree)
                text = doc[left:right + 1].text
            else:
                text = _adjacent_speaker(sent, t)
                if not text:
                    continue
            dist = abs(t.i - fig_start) + (0 if subj else 8)
            if best is None or dist < best[0]:
                best = (dist, text)
    if best is None:
        # Parser-independent fallbacks for texts stripped of punctuation.
        m = re.search(r"\b((?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:monitor|monitoring group|observatory|activists?|sources?|officials?|media|agency|ministry))\s+(?:said|says|reported)\b", sent.text, re.I)
        if m:
            best = (0, m.group(1))
    if best is None:
        return None, None
    return canonical_source(best[1]), best[1]


def _adjacent_speaker(sent: Span, verb: Token) -> str | None:
    """The speaker next to a say-verb the parser gave no subject: '…, the Observatory said.'
    (the words since the last comma) or '…, said the Observatory.' (the words after)."""
    doc = sent.doc
    k = verb.i - 1
    while k >= sent.start and verb.i - k <= 10 and doc[k].text not in (",", "—", "–", ";", '"', "”"):
        k -= 1
    if k >= sent.start and verb.i - k <= 10 and k + 1 < verb.i:
        return doc[k + 1:verb.i].text
    end = verb.i + 1
    while end < sent.end and end - verb.i <= 10 and not doc[end].is_punct:
        end += 1
    after = doc[verb.i + 1:end]
    if len(after) and (end >= sent.end or doc[end].text in (".", ",", ";")) \
            and after[0].lower_ in {"the", "a", "an"} | {t.lower_ for t in after if t._.cpos == "PROPN"} \
            and not any(t.like_num for t in after):
        return after.text   # "…, said the Observatory."
    return None


def canonical_source(text: str) -> str | None:
    t = re.sub(r"\s+", " ", text).strip().replace("’", "'").replace("‘", "'")
    low = t.lower()
    if re.search(r"\d", t) or re.match(r"^(?:at least|more than|about|some|around|nearly|up to)\b", low):
        return None   # a figure, not a speaker
    if low in PRONOUNS:
        return "<pronoun>"
    for rx, canonical in source_aliases():
        if rx.search(t):
            return canonical
    words_low = low.split()
    if words_low and (words_low[0] in UNITS or words_low[0] in TENS
                      or victim_words().get(words_low[-1]) in ("civilians", "children", "women", "people")):
        return None   # "Three civilians", "the victims": who died, not who said so
    words = t.split()
    if 1 <= len(words) <= 8 and any(w[:1].isupper() for w in words if w.lower() not in ("the", "a", "an")):
        return re.sub(r"^(?:the|a|an)\s+", "", t, flags=re.I)
    return None


SUPERLATIVE = re.compile(r"\b(?:deadliest|worst|bloodiest|largest|biggest|heaviest|first|most\s+\w+)\b[^.]{0,60}$", re.I)


CUMULATIVE = re.compile(
    r"\b(?:in|over|during|within) the (?:last|past|previous) (?:\w+ )?(?:days?|weeks?|months?|years?)\b|"
    r"\bon (?:this|that|all|several|various) fronts?\b|\bsince the (?:start|beginning) of (?:the|its|their) (?:operation|offensive|campaign)\b",
    re.I,
)


def war_wide(text: str) -> bool:
    """A war- or campaign-wide total ("since the war began in 2011", "since the offensive
    began"), not a figure for one incident. "The deadliest attack since the war began" is
    a comparison, not a total."""
    for m in WAR_WIDE.finditer(text):
        if not SUPERLATIVE.search(text[:m.start()]):
            return True
    # a running total for a campaign ("2200 militants in the last 10 days", "on this front")
    return bool(CUMULATIVE.search(text))


def find_claims(sent: Span) -> list[Claim]:
    """Casualty claims stated in one sentence (without source carry-over between sentences)."""
    doc = sent.doc
    if war_wide(sent.text):
        return []
    claims: list[Claim] = []
    figures = find_figures(sent)
    for fig in figures:
        if _excluded_number(doc, fig, sent) or fig.quantity.low >= WAR_WIDE_FLOOR:
            continue
        group, excluded = _victim(doc, fig, sent)
        if excluded:
            continue
        if fig.end + 2 < sent.end and doc[fig.end].lower_ == "of" and doc[fig.end + 1].lower_ in ("those", "the") \
                and doc[fig.end + 2].lower_ in KILLED_AFTER | INJURED_AFTER | {"victims", "casualties"}:
            continue   # "one of those killed": a victim of a figure already stated
        outcome = _outcome(doc, fig, sent)
        prev_low = doc[fig.start - 1].lower_ if fig.start > sent.start else ""
        prev2 = doc[max(sent.start, fig.start - 2):fig.start].text.lower()
        prev3 = doc[max(sent.start, fig.start - 3):fig.start].text.lower()
        part_of = prev_low in ("including", "includes", "included", "among") or prev2 in ("among them", "of them", "of whom", "among whom") \
            or (fig.end + 1 < sent.end and doc[fig.end].lower_ == "of" and doc[fig.end + 1].lower_ in ("them", "whom"))
        added_to = prev_low in ("plus", "besides") or prev2 in ("along with", "together with") or prev3 == "as well as"
        # "16 rebels and 11 soldiers": a figure coordinated with the one just before shares its outcome
        coordinated = bool(claims) and prev_low in ("and", ",") and claims[-1].end >= fig.start - 4
        subtotal = False
        if claims and part_of:
            outcome, subtotal = claims[-1].outcome, True
        elif claims and (added_to or coordinated) and (outcome is None or claims[-1].outcome == outcome):
            outcome = claims[-1].outcome
        if outcome is None:
            continue
        if group is None and fig.end + 1 < sent.end and doc[fig.end].lower_ == "of" and doc[fig.end + 1].lower_ in ("them", "whom"):
            nxt = doc[fig.end + 2:min(sent.end, fig.end + 5)]
            group = next((victim_words()[t.lower_] for t in nxt if t.lower_ in victim_words()), None)
        source, said = attribution(sent, fig.start)
        claims.append(Claim(fig.start, fig.end, outcome, fig.quantity, group or "people", source, said, sent.start, subtotal))
    claims.extend(_singular_victims(sent, claims))
    return claims


_SINGULAR = re.compile(r"\b(?:a|an)\s+(?:\w+\s+)?(child|boy|girl|baby|infant|woman|man|civilian|soldier|fighter|militant|person|journalist|doctor|policeman|officer|resident)\s+(?:was|were|has been|had been|is)\s+(?:\w+\s+)?(killed|injured|wounded|shot dead)\b", re.I)
_SINGULAR_OBJECT = re.compile(r"\b(killed|killing|kills|injured|injuring|wounded|wounding)\s+(?:a|an)\s+(?:\w+\s+)?(child|boy|girl|baby|infant|woman|man|civilian|soldier|fighter|militant|person|journalist|doctor|policeman|officer|resident|dustman|worker)\b", re.I)


def _singular_victims(sent: Span, found: list[Claim]) -> list[Claim]:
    """'a child was killed' is one victim."""
    out = []
    words = victim_words()
    found = [(m, m.group(1), m.group(2), m.start()) for m in _SINGULAR.finditer(sent.text)]
    for m in _SINGULAR_OBJECT.finditer(sent.text):
        art = m.start() + len(m.group(1)) + 1
        found.append((m, m.group(2), m.group(1), art))
    for m, noun, verb, at in found:
        span = sent.doc.char_span(sent.start_char + at, sent.start_char + at + 1, alignment_mode="expand")
        if span is None:
            continue
        noun = noun.lower()
        group = words.get(noun, "people")
        if noun in ("journalist", "doctor", "resident", "dustman", "worker"):
            group = "civilians"
        outcome = "killed" if verb.lower() in ("killed", "shot dead", "killing", "kills") else "injured"
        source, said = attribution(sent, span.start)
        out.append(Claim(span.start, span.end, outcome, Quantity(1, 1, "exact"), group, source, said, sent.start))
    return out
