import datetime as dt

import pytest

from sitrep.common.dates import find_dates, find_time_expressions, parse_date, resolve

D = dt.date


@pytest.mark.parametrize("text,want", [
    ("Published: Friday | August 12, 2016 | 12:00 AM", D(2016, 8, 12)),
    ("By Reuters - Jan 18,2017 - Last updated at Jan 18,2017", D(2017, 1, 18)),
    ("Last updated at Jul 012016", D(2016, 7, 1)),
    ("08.04.2017 (updated 09.04.2017)", D(2017, 4, 8)),
    ("Sun 05 Jul 2015", D(2015, 7, 5)),
    ("Date of publication 4 October 2016", D(2016, 10, 4)),
    ("AFP Friday 24 Oct 2014", D(2014, 10, 24)),
    ("2018-04-09T06:30:00Z", D(2018, 4, 9)),
    ("Posted: 09/06/2018", D(2018, 6, 9)),
    ("on the 3rd of March, 2016", D(2016, 3, 3)),
])
def test_publication_date_forms(text, want):
    assert parse_date(text) == want


def test_impossible_dates_are_not_dates():
    assert find_dates("February 30, 2016 and 45.13.2017") == []


FRIDAY = D(2016, 8, 12)


@pytest.mark.parametrize("text,want,precision", [
    ("air strikes on Raqqa on Thursday killed", D(2016, 8, 11), "day"),
    ("shelling late Monday", D(2016, 8, 8), "day"),
    ("an attack on Friday", D(2016, 8, 12), "day"),
    ("clashes yesterday", D(2016, 8, 11), "day"),
    ("overnight air raids", D(2016, 8, 12), "day"),
    ("a bomb exploded last night", D(2016, 8, 11), "day"),     # the evening before the report
    ("Last night, gunmen opened fire", D(2016, 8, 11), "day"),
    ("earlier this week", D(2016, 8, 12), "week"),
    ("last month", D(2016, 7, 1), "month"),
    ("earlier this month", D(2016, 8, 1), "month"),   # this month, not last
    ("on August 9", D(2016, 8, 9), "day"),
    ("in November", D(2015, 11, 1), "month"),
    ("in 2014", D(2014, 1, 1), "year"),
    ("Tuesdays strike", D(2016, 8, 9), "day"),
    ("killed two days ago", D(2016, 8, 10), "day"),
    ("a raid 3 days ago", D(2016, 8, 9), "day"),
    ("an attack a week ago", D(2016, 8, 5), "week"),
    ("shelled on the 10th", D(2016, 8, 10), "day"),
    ("shelled on the 28th", D(2016, 7, 28), "day"),   # still to come this month: last month's
])
def test_relative_expressions_resolve_against_publication(text, want, precision):
    exprs = find_time_expressions(text)
    assert exprs, text
    assert resolve(exprs[0], FRIDAY) == (want, precision)


def test_weekday_without_anchor_is_unknown_not_invented():
    expr = find_time_expressions("warplanes struck on Thursday")[0]
    assert resolve(expr, None) == (None, "unknown")


def test_said_on_marks_a_reporting_date():
    exprs = find_time_expressions("the Observatory said on Saturday that 12 died")
    assert exprs[0].reported


@pytest.mark.parametrize("text,anchor,want", [
    ("01/13/2022", D(2022, 1, 20), D(2022, 1, 13)),     # only month first is a date
    ("13/01/2022", D(2022, 1, 20), D(2022, 1, 13)),     # only day first is a date
    ("02/03/2022", D(2022, 2, 5), D(2022, 2, 3)),       # 2 March is still to come: February 3
    ("02/03/2022", D(2022, 3, 5), D(2022, 3, 2)),       # both past: the later, nearer the report
    ("02.03.2022", D(2022, 2, 5), D(2022, 3, 2)),       # dots are day first only
    ("03/10/2016", D(2021, 1, 25), D(2016, 3, 10)),     # long before the report: the US way, month first
    ("03/10/2016", None, D(2016, 3, 10)),
])
def test_numeric_dates_read_either_way_pick_the_one_the_report_allows(text, anchor, want):
    exprs = find_time_expressions(text)
    assert len(exprs) == 1
    assert resolve(exprs[0], anchor) == (want, "day")


def test_modal_may_is_not_a_month():
    assert find_time_expressions("the toll may rise in the coming days") == []


@pytest.mark.parametrize("text,year", [
    ("the worst attack since the 2003 Istanbul Bombings, in which 57 died", 2003),
    ("a 2013 attack that killed 1,400", 2013),
    ("The 2011 uprising began in Deraa", 2011),
    ("the 2000 soldiers were killed", None),   # counts, not years
    ("gunmen killed the 2000 people", None),
    ("the 1500 militants surrendered", None),
])
def test_a_year_naming_an_event_is_a_time(text, year):
    years = [t.value for t in find_time_expressions(text) if t.kind == "year"]
    assert years == ([year] if year else [])
