"""Dates as reports print them, and event dates resolved against the publication date.

Two jobs, both pure: `find_dates` finds explicit calendar dates in any of the forms real
pages use ("Published: Friday | August 12, 2016", "Jan 18,2017", "Jul 012016",
"08.04.2017", "Sun 05 Jul 2015", "4 October 2016"); `find_time_expressions` finds what a
sentence says about *when* ("on Thursday", "late Monday", "yesterday", "overnight",
"earlier this week", "last month", "on August 11", "in November") and `resolve` turns one
into a date and a precision given the publication date. Without an anchor it says
nothing: a weekday with no publication date resolves to (None, "unknown").
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"

# Explicit calendar dates, day precision. Order matters: the first pattern that matches a
# stretch of text wins there.
# A year may run straight into the next word on scraped pages ("18.10.2014Get short URL").
_EXPLICIT = [
    re.compile(rf"\b{_MON}\.?\s*{_DAY}(?:st|nd|rd|th)?\s*,?\s*{_YEAR}(?!\d)", re.I),       # Aug 12, 2016 / Jul 012016
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\.?,?\s+{_YEAR}(?!\d)", re.I),  # 12 August 2016
    re.compile(rf"\b{_YEAR}-(?P<monn>[01]\d)-{_DAY}\b"),                                  # 2016-08-12
    re.compile(rf"\b{_DAY}[./-](?P<monn>[01]?\d)[./-]{_YEAR}(?!\d)"),                     # 08.04.2017, 12/08/2016, 22-04-2016
    re.compile(rf"\b(?P<monn>[01]?\d)/{_DAY}/{_YEAR}(?!\d)"),                             # 01/13/2022 (month first, US)
]
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
_MONTH_YEAR = re.compile(rf"\b{_MON}\.?,?\s+{_YEAR}\b", re.I)
_MONTH_DAY = [
    re.compile(rf"\b{_MON}\.?\s+{_DAY}(?:st|nd|rd|th)?\b(?!\s*,?\s*(?:19|20)\d\d)", re.I),
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b(?!\.?,?\s*(?:19|20)\d\d)", re.I),
]
_WEEKDAY_EXPR = re.compile(
    r"\b(?:(?P<lead>on|late|early|last|next|this|since|from|until)\s+)?"
    r"(?P<wd>[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)(?:'s|’s|s)?\b"
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    date: dt.date
    precision: str  # day | month
    # "02/03/2022" read month first (February 3) where day first (2 March) is the date above:
    # both numbers could be a month, and a US-style source writes the month first
    other: dt.date | None = None


def _mk(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every explicit calendar date (day precision) in text, in order of appearance."""
    if not _ANY_YEAR.search(text):   # each form has a year: most lines are done here
        return []
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for rx in _EXPLICIT:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groupdict()
            month = MONTHS.get((g.get("mon") or "").lower()[:3] if g.get("mon") else "", None)
            if month is None and g.get("monn"):
                month = int(g["monn"])
            if g.get("mon") and month is None:
                month = MONTHS.get(g["mon"].lower())
            d = _mk(int(g["year"]), month or 0, int(g["day"]))
            if d is None:
                continue
            # only slashes are written month first (US); dots and dashes are day first
            other = (_mk(int(g["year"]), int(g["day"]), month)
                     if g.get("monn") and "/" in m.group() and int(g["day"]) != month else None)
            found.append(FoundDate(m.start(), m.end(), d, "day", other))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def parse_date(text: str) -> dt.date | None:
    """The first explicit date in text, or a date from an ISO/metadata string; None for a
    year no report is dated (outside 1900–2099, the years the date patterns read: a
    `9999-12-31` placeholder would overflow every date sum made from it)."""
    if not text:
        return None
    s = str(text).strip()
    m = re.match(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})", s)
    if m:
        return _plausible(_mk(int(m[1]), int(m[2]), int(m[3])))
    found = find_dates(s)
    if found:
        return _plausible(found[0].date)
    try:  # metadata strings in formats the patterns above do not cover
        import dateparser

        parsed = dateparser.parse(s, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    except Exception:  # dateparser raises on odd input; an unparseable date is simply absent
        return None
    return _plausible(parsed.date()) if parsed else None


def _plausible(date: dt.date | None) -> dt.date | None:
    if date is None or not 1900 <= date.year <= 2099:
        return None
    return date


# ---- relative expressions -------------------------------------------------------------

@dataclass(frozen=True)
class TimeExpression:
    """What the text says about when, before resolution."""

    start: int
    end: int
    kind: str          # weekday | yesterday | last_night | today | overnight | this_week | last_week | this_month | last_month | month_day | month | year | date | month_year | days_ago | day_of_month
    value: object = None   # weekday number, (month, day), month, year, or a date
    reported: bool = False  # attached to a say-verb: "said on Saturday" is when it was said

    @property
    def vague(self) -> bool:
        """'today', 'overnight': a day the publication date stands for, unless a night is named."""
        return self.kind in ("today", "overnight")

    @property
    def is_weekday(self) -> bool:
        return self.kind == "weekday"

    @property
    def is_date(self) -> bool:
        """A date written out ('27 April 2020', '04/27/2020')."""
        return self.kind == "date"

    @property
    def late(self) -> bool:
        """'late Monday': a weekday told with 'late'."""
        return self.kind == "weekday" and isinstance(self.value, tuple) and self.value[1] == "late"


_RELATIVE = [
    (re.compile(r"\b(?:the day before yesterday)\b", re.I), "day_before_yesterday"),
    (re.compile(r"\byesterday\b", re.I), "yesterday"),
    (re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I), "today"),
    (re.compile(r"\blast night\b", re.I), "last_night"),   # the evening before the report's day
    (re.compile(r"\bovernight\b", re.I), "overnight"),
    (re.compile(r"\b(?:earlier this week|this week|in recent days|over the past (?:few|several) days|in the past (?:few|several) days)\b", re.I), "this_week"),
    (re.compile(r"\blast week\b", re.I), "last_week"),
    (re.compile(r"\b(?:earlier|late|later) this month\b", re.I), "this_month"),   # not last month
    (re.compile(r"\blast month\b", re.I), "last_month"),
    (re.compile(r"\blast year\b", re.I), "last_year"),
]
_AGO_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
# "two days ago", "3 days ago", "a week ago"
_AGO = re.compile(r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+ago\b", re.I)
# "on the 13th": a day of the publication's month
_ORDINAL_DAY = re.compile(r"\bon\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+of\b)", re.I)
_YEAR_ONLY = re.compile(r"\b(?:in|since|during|of|from|until|by)\s+(?:early\s+|late\s+|mid-?)?(?P<year>(?:19|20)\d{2})\b", re.I)
# a year naming an event: "the 2003 Istanbul Bombings", "a 2013 attack", "the 2011 uprising" (a
# name, or a noun in the singular: "the 2000 soldiers" is a count)
_YEAR_OF_AN_EVENT = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?P<year>(?:19|20)\d{2})\s+(?!(?:people|men|women|children|police|personnel|staff)\b)(?=[A-Z]|[a-z]+\b(?<!s\b))")
_MONTH_ONLY = re.compile(rf"\b(?:in|since|during|early|late|mid-?|last)\s+{_MON}\b", re.I)
# attached to a say-verb: "said on Saturday", "told AFP on Monday", "said in a statement on Friday"
_REPORTED = re.compile(r"\b(?:said|says|say|reported|reports|announced|added|claimed|stated|confirmed|cited|warned|warns|"
                       r"told(?:\s+(?:the\s+)?[\w-]+){1,2}|according\s+to(?:\s+(?:the\s+)?[\w-]+){1,4})"
                       r"\s+(?:in\s+a\s+statement\s+)?(?:on\s+|late\s+|early\s+|late\s+on\s+)?$", re.I)


# Every pattern above needs a digit, a month name at a word start, a weekday or one of the
# relative words: a sentence with none of them is skipped after one search.
_MAY_HOLD_TIME = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|day|tonight|night|week|month|year|"
                            r"morning|afternoon|evening", re.I)


def find_time_expressions(text: str) -> list[TimeExpression]:
    """Time expressions in one sentence, explicit dates included, in order of appearance."""
    if not _MAY_HOLD_TIME.search(text):
        return []
    out: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, value: object) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        before = text[max(0, start - 40):start]
        reported = bool(_REPORTED.search(before))
        out.append(TimeExpression(start, end, kind, value, reported))
        taken.append((start, end))

    for f in find_dates(text):
        add(f.start, f.end, "date", f.date if f.other is None else (f.date, f.other))
    for m in _MONTH_YEAR.finditer(text):
        add(m.start(), m.end(), "month_year", (int(m["year"]), MONTHS[m["mon"].lower()[:3]]))
    for rx in _MONTH_DAY:
        for m in rx.finditer(text):
            if m["mon"].lower() == "may" and not m["mon"].startswith("M"):
                continue  # the modal verb
            if 1 <= int(m["day"]) <= 31:
                add(m.start(), m.end(), "month_day", (MONTHS[m["mon"].lower()[:3]], int(m["day"])))
    for rx in (_YEAR_ONLY, _YEAR_OF_AN_EVENT):
        for m in rx.finditer(text):
            add(m.start("year"), m.end("year"), "year", int(m["year"]))
    for m in _MONTH_ONLY.finditer(text):
        if m["mon"].lower() == "may" and not m["mon"].startswith("M"):
            continue
        add(m.start(), m.end(), "month", MONTHS[m["mon"].lower()[:3]])
    for m in _WEEKDAY_EXPR.finditer(text):
        add(m.start(), m.end(), "weekday", (WEEKDAYS[m["wd"].lower()], (m["lead"] or "").lower()))
    for rx, kind in _RELATIVE:
        for m in rx.finditer(text):
            add(m.start(), m.end(), kind, None)
    for m in _AGO.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else _AGO_NUMBERS[m["n"].lower()]
        add(m.start(), m.end(), "days_ago", n * (7 if m["unit"].lower().startswith("week") else 1))
    for m in _ORDINAL_DAY.finditer(text):
        if 1 <= int(m["day"]) <= 31:
            add(m.start(), m.end(), "day_of_month", int(m["day"]))
    return sorted(out, key=lambda t: t.start)


def date_bounds(when: dt.date | None, precision: str, latest: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The span a resolved date stands for (UCDP's date_start/date_end): the day itself, the
    week up to it, its month or its year, ending no later than `latest` (the publication
    date: nothing reported happened after it); (None, None) when unknown."""
    if when is None or precision not in ("day", "week", "month", "year"):
        return None, None
    if precision == "day":
        return when, when
    if precision == "week":
        start, end = when - dt.timedelta(days=6), when
    elif precision == "month":
        start, end = _month_start(when), _month_start(when.replace(day=28) + dt.timedelta(days=4)) - dt.timedelta(days=1)
    else:
        start, end = dt.date(when.year, 1, 1), dt.date(when.year, 12, 31)
    if latest is not None and start <= latest < end:
        end = latest
    return start, end


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def resolve(expr: TimeExpression, anchor: dt.date | None) -> tuple[dt.date | None, str]:
    """A time expression as (date, precision) against the publication date `anchor`.

    Weekday words name the most recent such day on or before the anchor ("on Thursday" in
    a Friday paper is the day before; "on Friday" is the same day), or the one after for
    "next". Month names without a year take the anchor's year unless that puts them after
    the anchor, then the year before. Month precision dates the first of the month, year
    precision the first of January.
    """
    kind, value = expr.kind, expr.value
    if kind == "date" and isinstance(value, tuple):   # "02/03/2022": the reading on or before the anchor, the latest
        day_first, month_first = value
        if anchor is None or max(value) < anchor - dt.timedelta(days=31):
            # no report's day to be near (a database's summary of an old incident, "03/10/2016:
            # …"): slashes are the US way, month first
            return month_first, "day"
        fits = [d for d in value if d <= anchor + dt.timedelta(days=1)]
        return (max(fits) if fits else day_first), "day"
    if kind == "date":
        return value, "day"
    if kind == "month_year":
        y, m = value
        return dt.date(y, m, 1), "month"
    if kind == "year":
        return dt.date(value, 1, 1), "year"
    if anchor is None:
        return None, "unknown"
    if kind == "weekday":
        wd, lead = value
        if lead == "next":
            delta = (wd - anchor.weekday()) % 7 or 7
            return anchor + dt.timedelta(days=delta), "day"
        back = (anchor.weekday() - wd) % 7
        if lead == "last" and back == 0:
            back = 7
        return anchor - dt.timedelta(days=back), "day"
    if kind in ("yesterday", "last_night"):
        return anchor - dt.timedelta(days=1), "day"
    if kind == "day_before_yesterday":
        return anchor - dt.timedelta(days=2), "day"
    if kind in ("today", "overnight"):
        return anchor, "day"
    if kind == "this_week":
        return anchor, "week"
    if kind == "last_week":
        return anchor - dt.timedelta(days=7), "week"
    if kind == "this_month":
        return _month_start(anchor), "month"
    if kind == "last_month":
        prev = _month_start(anchor) - dt.timedelta(days=1)
        return _month_start(prev), "month"
    if kind == "last_year":
        return dt.date(anchor.year - 1, 1, 1), "year"
    if kind == "month_day":
        m, d = value
        cand = _mk(anchor.year, m, d)
        if cand is None:
            return None, "unknown"
        if cand > anchor + dt.timedelta(days=7):
            cand = _mk(anchor.year - 1, m, d) or cand
        return cand, "day"
    if kind == "days_ago":   # "two days ago"; "a week ago" is a week
        return anchor - dt.timedelta(days=value), ("week" if value >= 7 else "day")
    if kind == "day_of_month":   # "on the 13th": this month's, or last month's when that is still to come
        cand = _mk(anchor.year, anchor.month, value)
        if cand is None or cand > anchor:
            prev = _month_start(anchor) - dt.timedelta(days=1)
            cand = _mk(prev.year, prev.month, value)
        return (cand, "day") if cand is not None else (None, "unknown")
    if kind == "month":
        cand = dt.date(anchor.year, value, 1)
        if cand > anchor:
            cand = dt.date(anchor.year - 1, value, 1)
        return cand, "month"
    return None, "unknown"
