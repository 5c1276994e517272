"""Title, outlet, byline, dateline and publication date from the top of an article.

Pages put a lot above the prose: the date the page was saved ("Fri | Jul 20, 2018"),
section names, the headline twice, a byline with the date ("By Reuters - Jan 18,2017 -
Last updated at Jan 18,2017"), a "Published:" line. Rules, in order:

- A line that is only a date and stands *above* the headline is the page's date, not the
  article's: it is dropped and never used as the publication date.
- A line with a publication cue (Published, Date of publication, Posted, Updated, a
  byline "By X - date") gives the publication date.
- Otherwise a date-only line just below the headline, or a date that opens the first
  paragraph ("16 July 2015 At least …", "AFP Friday 24 Oct 2014 …"), is the dateline date.
- Metadata from HTML or JSON (hints) wins over all of these.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from sitrep.common import data
from sitrep.common.dates import find_dates, parse_date

_PUB_CUE = re.compile(
    r"^(?:published|date of publication|publication date|posted|first published|updated|last updated|"
    r"date|dated|released|issued)\b|^by\s+.+?\s[-–—|]\s|\blast updated\b|\(updated\b|\bupdated\s*:",
    re.I,
)
# "By Reuters - Jan 18,2017", "by Asharq Al-Awsat English": a hyphen inside a name is not a separator
_BYLINE = re.compile(r"^by\s+(?P<who>(?:[^|\-–—,]|(?<=\w)-(?=\w))+?)\s*(?:(?:\s[-–—]|[|,–—]).*)?$", re.I)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{2,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z. ]{2,30}))?\s*"
    r"(?:\((?P<agency>[A-Za-z .'-]{2,40})\))?\s*[—–-]{1,2}\s+"
)
_AGENCY_LEAD = re.compile(r"^\((?P<agency>[A-Za-z .'-]{2,40})\)\s*[—–-]{1,2}\s+")
_WEEKDAY_WORDS = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b", re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|[+-]\d{2}:?\d{2}))?\b", re.I)


SECTION_NAMES = {"region", "world", "middle east", "news", "politics", "international", "arab world", "syria",
                 "opinion", "features", "latest", "mena", "home", "breaking news", "world news"}


@dataclass
class Metadata:
    title: str = ""
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published_date: dt.date | None = None
    date_source: str = "none"   # hint | cue_line | date_line | lead | none
    page_date: dt.date | None = None
    body: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def outlet_aliases() -> dict[str, str]:
    return {r["alias"].lower(): r["outlet"] for r in data.rows("outlets.csv")}


_CREDIT_TAIL = re.compile(
    r"\s+(?:staff|correspondents?|reporters?|desk|newsroom|news desk|english|online|with agencies|and agencies|"
    r"agencies|news agency|english bulletin|bulletin)$"
)


def canonical_outlet(name: str | None) -> str | None:
    """The outlet a credit names ("Ahram Online", "Asharq Al-Awsat English", "TRT World and
    Agencies", "the Jordan Times"), or None when it names none we know."""
    if not name:
        return None
    key = re.sub(r"\s+", " ", name).strip(" .,-–—|()").lower()
    key = re.sub(r"^(?:the|by|source:?)\s+", "", key)
    aliases = outlet_aliases()
    # the name as written first ("Ahram Online"), then without a credit's tail ("… English")
    while key:
        for candidate in (key, "the " + key):
            if candidate in aliases:
                return aliases[candidate]
        shorter = _CREDIT_TAIL.sub("", key)
        if shorter == key:
            return None
        key = shorter
    return None


@lru_cache(maxsize=1)
def _outlet_names() -> re.Pattern:
    """Any known outlet name as written, longest first; acronyms ("AP", "AFP") in capitals only."""
    names = sorted({r["alias"] for r in data.rows("outlets.csv")}, key=len, reverse=True)
    return re.compile(r"\b(?P<outlet>" + "|".join(re.escape(n) for n in names) + r")\b")


def _credit_with_date(text: str) -> tuple[str, dt.date] | None:
    """An agency credit fused into the lead, followed by a weekday and date:
    '… Monitor AFP Thursday 24 Apr 2014 An air strike …', '… Reuters Monday 21 Apr 2014 …'."""
    for m in _outlet_names().finditer(text[:700]):
        rest = text[m.end():m.end() + 60]
        w = re.match(r"\s+(?:UPDATED\s+)?(?:" + _WEEKDAY_WORDS.pattern + r")\s*,?\s+", rest, re.I)
        if not w:
            continue
        found = find_dates(rest[w.end() - 1:])
        if found and found[0].start <= 2:
            return outlet_aliases()[m["outlet"].lower()], found[0].date
    return None


def _credit_in_text(lines: list[str]) -> str | None:
    """An outlet credited in a caption or credit line: '(TRT World and Agencies)',
    'Source TRTWorld and agencies', 'Aleppo SANA-Terrorists fired …', 'Regional NNA - Twin …'."""
    head = " ".join(lines[:2])[:1200]
    for m in re.finditer(r"\((?P<who>[A-Z][\w .'&-]{1,50})\)", head):
        if canonical_outlet(m["who"]):
            return canonical_outlet(m["who"])
    if lines:
        lead = _leading_date(lines[0])
        m = re.match(r"^(?:[A-Z][\w'-]+\s+){0,3}?(?P<who>[A-Z]{2,6})\s*[-–—]", lines[0][lead[1]:].lstrip() if lead else lines[0])
        if m and canonical_outlet(m["who"]):
            return canonical_outlet(m["who"])
    for line in lines[-3:]:
        m = re.search(r"(?:^|\.\s+)(?:source|sources|credit)\s*:?\s+(?P<who>[A-Z][\w .'&-]{1,50}?)\s*\.?$", line, re.I)
        if m and canonical_outlet(m["who"]):
            return canonical_outlet(m["who"])
    return None


def _date_only(line: str) -> dt.date | None:
    """The date if the line is nothing but a date (with weekday, time, separators)."""
    found = find_dates(line)
    if not found:
        return None
    rest = line[: found[0].start] + " " + line[found[0].end:]
    rest = _WEEKDAY_WORDS.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = re.sub(r"[\W_]+", " ", rest).strip()
    return found[0].date if len(rest.split()) <= 1 else None


def _leading_date(line: str) -> tuple[dt.date, int] | None:
    """A date that opens a paragraph, perhaps after an agency name and weekday:
    '16 July 2015 At least …', 'Wed 05 Apr 2017 Syria …', 'AFP Friday 24 Oct 2014 …'."""
    found = find_dates(line[:60])
    if not found:
        return None
    f = found[0]
    before = line[: f.start]
    words = re.sub(r"[\W_]+", " ", _WEEKDAY_WORDS.sub(" ", before)).split()
    # "16 July 2015 …", "AFP Friday 24 Oct 2014 …", "REUTERS Rodi Said Middle East 1730 28.04.2017 …":
    # only capitalized words (agency, byline, section) or numbers before the date
    if len(words) > 8 or any(w[0].islower() for w in words):
        return None
    return f.date, f.end


def extract_metadata(lines: list[str], hints: dict | None = None) -> Metadata:
    hints = hints or {}
    lines = list(lines)
    meta = Metadata()
    hint_title = (hints.get("title") or "").strip()
    title_idx = None
    consumed: set[int] = set()

    # The headline: the hint, or the first line that is not a date, cue or byline.
    for i, line in enumerate(lines[:12]):
        if _date_only(line) or _PUB_CUE.search(line) or _BYLINE.match(line):
            continue
        if hint_title and re.sub(r"\W+", "", line.lower()) != re.sub(r"\W+", "", hint_title.lower()):
            break
        title_idx = i
        break
    if hint_title:
        meta.title = hint_title
        if title_idx is not None and re.sub(r"\W+", "", lines[title_idx].lower()) == re.sub(r"\W+", "", hint_title.lower()):
            consumed.add(title_idx)
        else:
            title_idx = -1
    elif title_idx is not None:
        meta.title = lines[title_idx]
        consumed.add(title_idx)
    else:
        title_idx = -1

    # Dates, cue lines and bylines in the head of the page.
    cue_date = date_line = None
    for i, line in enumerate(lines[:15]):
        if i in consumed:
            continue
        only = None if _PUB_CUE.search(line) else _date_only(line)
        if only is not None:
            consumed.add(i)
            if title_idx >= 0 and i < title_idx:
                meta.page_date = meta.page_date or only
            elif date_line is None:
                date_line = only
            continue
        if i <= max(title_idx, 0) + 4 and _PUB_CUE.search(line) and find_dates(line):
            first = find_dates(line)[0]
            cue_date = cue_date or first.date
            if len(line.split()) <= 16:
                consumed.add(i)
                m = _BYLINE.match(line)
                if m:
                    meta.byline = meta.byline or m["who"].strip()
            else:
                # "Date of publication 4 April 2017 At least 72 people …": the cue opens the
                # first paragraph; keep the paragraph, lose the cue. "Posted on April 4 2017
                # by Asharq Al-Awsat English 58 Killed …": a byline fused into it names the outlet.
                after = line[first.end:]
                by = re.match(r"\s*by\s+", after)
                credited = _outlet_names().match(after[by.end():]) if by else None
                if credited:
                    meta.outlet = meta.outlet or outlet_aliases()[credited["outlet"].lower()]
                lines[i] = after.lstrip(" :-–—|") if first.start < 40 else line
            continue
        if i <= max(title_idx, 0) + 3 and canonical_outlet(line) and not meta.outlet:
            consumed.add(i)   # a line that is only the outlet's name ("Levant Wire")
            meta.outlet = canonical_outlet(line)
            continue
        m = _BYLINE.match(line)
        if m and i <= max(title_idx, 0) + 4 and len(line.split()) <= 12:
            consumed.add(i)
            meta.byline = meta.byline or m["who"].strip()

    # "Headline | Jordan Times", "Headline - Al Arabiya", "Headline - Region - World": the
    # site's name and section are not the headline's
    while True:
        m = re.match(r"^(?P<head>.{12,})\s+[|–—-]\s+(?P<site>[^|–—]{2,40}?)$", meta.title or "")
        prefix = re.match(r"^(?P<site>[^|–—]{2,40}?)\s+[|–—-]\s+(?P<head>.{12,})$", meta.title or "")
        if prefix and canonical_outlet(prefix["site"]) and not (m and canonical_outlet(m["site"])):
            meta.title = prefix["head"].strip()
            meta.outlet = meta.outlet or canonical_outlet(prefix["site"])
        elif m and canonical_outlet(m["site"]):
            meta.title = m["head"].strip()
            meta.outlet = meta.outlet or canonical_outlet(m["site"])
        elif m and m["site"].strip().lower() in SECTION_NAMES:
            meta.title = m["head"].strip()
        else:
            break
    body = [ln for i, ln in enumerate(lines) if i not in consumed]
    # A body that opens by repeating the headline (common in scraped text) loses the repeat.
    if body and meta.title:
        t = meta.title.strip()
        if body[0].startswith(t) and len(body[0]) > len(t):
            body[0] = body[0][len(t):].lstrip(" .:-–—")
        elif body[0] == t:
            body = body[1:]

    lead_date = None
    if body:
        found = _leading_date(body[0])
        if found:
            lead_date = found[0]
        m = _DATELINE.match(body[0]) or _AGENCY_LEAD.match(body[0])
        if m:
            gd = m.groupdict()
            if gd.get("place"):
                place = gd["place"].strip()
                if canonical_outlet(place) is None and len(place.split()) <= 4:
                    meta.dateline = place.title() if place.isupper() else place
            if gd.get("agency"):
                meta.outlet = meta.outlet or canonical_outlet(gd["agency"])

    credit = _credit_with_date(body[0]) if body else None
    if credit and lead_date is None:
        lead_date = credit[1]

    hint_date = parse_date(hints["date"]) if hints.get("date") else None
    for source, value in (("hint", hint_date), ("cue_line", cue_date), ("date_line", date_line), ("lead", lead_date)):
        if value is not None:
            meta.published_date, meta.date_source = value, source
            break

    hint_outlet = str(hints.get("outlet") or "").strip() or None
    meta.outlet = (
        canonical_outlet(hint_outlet) or hint_outlet
        or canonical_outlet(meta.byline) or meta.outlet or _outlet_in_lead(body, meta.title)
        or (credit[0] if credit else None) or _credit_in_text(body)
    )
    if hints.get("byline") and not meta.byline:
        meta.byline = str(hints["byline"]).strip() or None
    meta.body = body
    return meta


def _outlet_in_lead(body: list[str], title: str = "") -> str | None:
    """'AFP Friday 24 Oct 2014 …', 'Sunday 14 Aug 2016 <headline again> AP Syria's …', or a
    closing '– With reporting by Al Jazeera'."""
    if body:
        m = re.match(r"^([A-Z][A-Za-z.\- ]{1,30}?)\s+(?i:" + _WEEKDAY_WORDS.pattern + r")", body[0])
        if m and canonical_outlet(m.group(1)):
            return canonical_outlet(m.group(1))
        lead = _leading_date(body[0])
        rest = body[0][lead[1]:].lstrip() if lead else ""
        if title and rest.startswith(title.strip()):
            m = _outlet_names().match(rest[len(title.strip()):].lstrip())
            if m:
                return outlet_aliases()[m["outlet"].lower()]
    for line in body[-3:]:
        m = re.search(r"(?:additional )?reporting by\s+(?:the\s+)?([A-Z][\w .'-]{1,40}?)\s*\.?$", line)
        if m and canonical_outlet(m.group(1)):
            return canonical_outlet(m.group(1))
    return None
