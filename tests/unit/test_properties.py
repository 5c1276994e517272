"""Property-based and fuzz tests (hypothesis) for cleaning, numbers, dates and decoding."""
import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.common.dates import find_time_expressions, parse_date, resolve
from sitrep.tasks.extract.numbers import parse_digits, parse_words
from sitrep.tasks.inputs.article import Article, Rejected, build_article
from sitrep.tasks.inputs.clean import clean_lines
from sitrep.tasks.inputs.decode import DecodeError, decode_bytes
from sitrep.tasks.inputs.formats import read_records

ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> list[str]:
    words = []
    if n >= 1000:
        words += in_words(n // 1000) + ["thousand"]
        n %= 1000
    if n >= 100:
        words += [ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(TENS[n // 10] + (("-" + ONES[n % 10]) if n % 10 else ""))
    elif n:
        words.append(ONES[n])
    return words


@given(st.integers(min_value=1, max_value=999_999))
def test_number_words_round_trip(n):
    assert parse_words(in_words(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_digits_with_and_without_separators(n):
    assert parse_digits(str(n)) == n
    assert parse_digits(f"{n:,}") == n


@given(st.text(max_size=400))
def test_clean_lines_never_fails_and_is_idempotent(text):
    once = clean_lines(text)
    assert clean_lines("\n".join(once)) == once
    assert all(line == line.strip() and line for line in once)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
       st.sampled_from(["on", "late", "early", ""]))
def test_weekdays_resolve_to_that_day_within_the_week_before(anchor, weekday, lead):
    expr = find_time_expressions(f"strikes hit the town {lead} {weekday}".replace("  ", " "))[0]
    when, precision = resolve(expr, anchor)
    assert precision == "day"
    assert when.strftime("%A") == weekday
    assert 0 <= (anchor - when).days <= 6


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
       st.sampled_from(["%B %d, %Y", "%d %B %Y", "%b %d,%Y", "%a %d %b %Y", "%d.%m.%Y", "%Y-%m-%d", "%A | %B %d, %Y"]))
def test_explicit_dates_parse_in_every_printed_form(day, fmt):
    assert parse_date("Published: " + day.strftime(fmt)) == day


@given(st.binary(max_size=3000))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_decoder_never_fails_other_than_with_a_reason(data):
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding


@given(st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=500))
def test_utf8_text_decodes_to_itself(text):   # (a NUL byte marks a binary file, by design)
    assert decode_bytes(text.encode("utf-8"))[0] == text.lstrip("\ufeff")


@given(st.binary(max_size=2000), st.sampled_from(["txt", "html", "json", "jsonl"]))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_ingest_fuzz_random_bytes_never_raise(data, fmt):
    for rec in read_records(data, f"fuzz.{fmt}", fmt):
        assert isinstance(build_article(rec), (Article, Rejected))


HTML_TAGS = st.sampled_from(["p", "div", "nav", "article", "footer", "h1", "span", "figure", "figcaption", "script", "table", "li"])


@st.composite
def random_html(draw):
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(HTML_TAGS)
        parts.append(f"<{tag}>{draw(st.text(max_size=80))}</{tag}>" if draw(st.booleans()) else f"<{tag}>")
    return "".join(parts)


@given(random_html())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_ingest_fuzz_random_html_never_raises(html):
    for rec in read_records(html.encode("utf-8"), "fuzz.html", "html"):
        assert isinstance(build_article(rec), (Article, Rejected))


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "date", "body", "x"]), c, max_size=4),
                    max_leaves=12))
@settings(max_examples=80)
def test_ingest_fuzz_random_json_never_raises(obj):
    for rec in read_records(json.dumps(obj).encode(), "fuzz.json", "json"):
        assert isinstance(build_article(rec), (Article, Rejected))
