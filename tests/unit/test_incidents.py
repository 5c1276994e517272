import datetime as dt

import pandas as pd

from sitrep.tasks.incidents import build_incidents, near_duplicates

TEXT_A = "A suspected chemical attack on the rebel-held town of Douma killed at least 42 people on Saturday, rescuers said, and dozens were wounded in the basements."
TEXT_B = "Rescuers said a chemical attack on Douma killed 42 people on Saturday; the Observatory said 21 died of suffocation."


# each town at its own point (incidents compare points as well as names: "Kiev" and "Kyiv")
POINTS = {"Douma": (33.57, 36.40), "Harasta": (33.56, 36.36), "Saraqib": (35.86, 36.80), "Zamalka": (33.52, 36.36),
          "Jobar": (33.53, 36.33), "Kafr Batna": (33.51, 36.38), "Arbin": (33.54, 36.37)}


def ev(eid, aid, date="2018-04-07", etype="chemical_attack", place="Douma", admin1="Rif Dimashq", precision="place", actor1=None):
    lat, lon = POINTS.get(place, (33.57 + len(place) / 100, 36.40))
    return {"event_id": eid, "article_id": aid, "is_primary": True, "event_type": etype,
            "event_date": dt.date.fromisoformat(date) if date else None, "date_precision": "day", "actor1": actor1,
            "actor2": None, "location_name": place, "admin1": admin1, "country_code": "SY", "latitude": lat,
            "longitude": lon, "geo_precision": precision}


def cl(aid, eid, low, by, outcome="killed", sub=False):
    return {"article_id": aid, "event_id": eid, "outcome": outcome, "count_low": low, "count_high": low,
            "claimed_by": by, "is_subtotal": sub}


def arts(*rows):
    return pd.DataFrame([{"article_id": a, "outlet": o, "published_date": dt.date(2018, 4, 9), "text": t} for a, o, t in rows])


def test_two_outlets_one_incident_with_both_figures():
    events = pd.DataFrame([ev("a-e0", "a"), ev("b-e0", "b", date="2018-04-08", precision="admin1", place="Rif Dimashq")])
    claims = pd.DataFrame([cl("a", "a-e0", 42, "White Helmets"), cl("b", "b-e0", 42, "White Helmets"),
                           cl("b", "b-e0", 21, "Syrian Observatory for Human Rights")])
    out = build_incidents(events, claims, arts(("a", "Gulf Courier", TEXT_A), ("b", "Levant Wire", TEXT_B)))
    [inc] = out["incidents"].to_dict("records")
    assert (inc["n_articles"], inc["n_outlets"], inc["location_name"]) == (2, 2, "Douma")
    assert (inc["killed_low"], inc["killed_best"], inc["killed_high"]) == (21, 21, 42)
    assert sorted(out["incident_events"]["link_reason"]) == ["chemical_attack in Rif Dimashq, a day apart as a-e0", "first report"]


def test_different_places_days_types_or_attackers_stay_apart():
    events = pd.DataFrame([
        ev("a-e0", "a"), ev("b-e0", "b", place="Harasta"), ev("c-e0", "c", date="2018-04-12"),
        ev("d-e0", "d", etype="ground_offensive"), ev("e-e0", "e", admin1="Idlib", place="Saraqib"),
        ev("f-e0", "f", actor1="Russia"), ev("g-e0", "g", actor1="Turkey"),
    ])
    texts = [(a, f"Outlet {a}", f"story {a} " * 20) for a in "abcdefg"]
    out = build_incidents(events, pd.DataFrame(columns=["article_id", "event_id", "outcome", "count_low", "count_high", "claimed_by", "is_subtotal"]), arts(*texts))
    inc_of = dict(zip(out["incident_events"]["event_id"], out["incident_events"]["incident_id"]))
    # a (no attacker) joins f (Russia); g (Turkey) would contradict f, so it stays apart
    assert inc_of["a-e0"] == inc_of["f-e0"] and inc_of["g-e0"] != inc_of["f-e0"]
    assert len(set(inc_of.values())) == 6


def test_a_rare_kind_dated_loosely_and_an_undated_report_join_the_one_incident_they_fit():
    """issue 31: a chemical attack dated two days later at the same place is the same attack
    (join_days); an air strike two days later is another; an undated report joins the one
    incident of its kind and place in the days before it was published, and none when two fit."""
    events = pd.DataFrame([
        ev("a-e0", "a"), ev("b-e0", "b", date="2018-04-09"),                        # chemical: 2 days apart, one
        ev("c-e0", "c", etype="air_strike", place="Saraqib", admin1="Idlib"),
        ev("d-e0", "d", etype="air_strike", place="Saraqib", admin1="Idlib", date="2018-04-09"),   # strikes: two
        ev("e-e0", "e", date=None),                                                   # undated Douma chemical: joins a
        ev("f-e0", "f", date=None, etype="air_strike", place="Saraqib", admin1="Idlib"),   # two strikes fit: alone
        ev("g-e0", "g", date=None, place="Jobar"),                                    # another town: alone
    ])
    texts = [(a, f"Outlet {a}", f"story {a} " * 20) for a in "abcdefg"]
    out = build_incidents(events, pd.DataFrame(columns=["article_id", "event_id", "outcome", "count_low", "count_high",
                                                        "claimed_by", "is_subtotal"]), arts(*texts))
    links = out["incident_events"].set_index("event_id")
    inc_of = links["incident_id"].to_dict()
    assert inc_of["a-e0"] == inc_of["b-e0"] == inc_of["e-e0"]
    assert inc_of["c-e0"] != inc_of["d-e0"] and inc_of["f-e0"] not in (inc_of["c-e0"], inc_of["d-e0"])
    assert inc_of["g-e0"] != inc_of["a-e0"]
    assert "2 days apart" in links.loc["b-e0", "link_reason"] and "undated" in links.loc["e-e0", "link_reason"]
    # an incident nobody dates says so; one with a day says so
    precision = out["incidents"].set_index("incident_id")["date_precision"]
    assert precision[inc_of["a-e0"]] == "day" and precision[inc_of["g-e0"]] == "unknown"


def test_incident_ids_are_stable_across_rebuilds():
    events = pd.DataFrame([ev("a-e0", "a"), ev("b-e0", "b")])
    claims = pd.DataFrame([cl("a", "a-e0", 42, "White Helmets")])
    a = build_incidents(events, claims, arts(("a", "X", TEXT_A), ("b", "Y", TEXT_B)))
    b = build_incidents(events.iloc[::-1], claims, arts(("b", "Y", TEXT_B), ("a", "X", TEXT_A)))
    assert list(a["incidents"]["incident_id"]) == list(b["incidents"]["incident_id"])


LONG = " ".join(f"Paragraph {i}: {TEXT_A} The town has been besieged for {i + 3} years, residents in shelter number {i * 7}." for i in range(6))


def test_a_lightly_edited_copy_is_a_near_duplicate_and_one_outlet():
    copy = LONG.replace("residents in shelter", "residents sheltering", 1) + " (Updated with the Observatory's toll.)"
    texts = {"a": LONG, "b": copy, "c": TEXT_B * 3, "d": copy}
    published = {"a": dt.date(2018, 4, 8), "b": dt.date(2018, 4, 9), "c": dt.date(2018, 4, 9), "d": dt.date(2018, 4, 9)}
    fetched = []

    def text_of(ids):
        fetched.extend(ids)
        return {a: texts[a] for a in ids}

    # compared within an incident only: d, a copy in another incident alone, is not fetched
    dups = near_duplicates([["b", "a", "c"], ["d"]], published, text_of)
    assert dups == {"b": "a"} and sorted(fetched) == ["a", "b", "c"]
    events = pd.DataFrame([ev("a-e0", "a"), ev("b-e0", "b")])
    out = build_incidents(events, pd.DataFrame([cl("a", "a-e0", 42, "White Helmets"), cl("b", "b-e0", 42, "White Helmets")]),
                          arts(("a", "Wire", LONG), ("b", "Other paper", copy)))
    inc = out["incidents"].iloc[0]
    assert (inc["n_articles"], inc["n_outlets"], inc["killed_best"]) == (2, 1, 42)


def _incident_of(events):
    texts = [(a, f"Outlet {a}", f"story {a} " * 20) for a in sorted(set(events["article_id"]))]
    out = build_incidents(events, pd.DataFrame(columns=["article_id", "event_id", "outcome", "count_low", "count_high", "claimed_by", "is_subtotal"]), arts(*texts))
    return dict(zip(out["incident_events"]["event_id"], out["incident_events"]["incident_id"]))


def test_an_area_around_a_town_is_one_incident_across_the_governorate_line():
    events = pd.DataFrame([
        ev("a-e0", "a"),                                                                   # Douma
        {**ev("b-e0", "b", place="Eastern Ghouta"), "latitude": 33.55, "longitude": 36.45},   # the region Douma lies in
        {**ev("c-e0", "c", place="Damascus", admin1="Damascus", precision="near_place"), "latitude": 33.51, "longitude": 36.29},
        {**ev("d-e0", "d", place="Syria", admin1=None, precision="country"), "latitude": 35.0, "longitude": 38.5},
    ])
    assert len(set(_incident_of(events).values())) == 1


def test_an_area_does_not_join_two_towns_and_the_country_joins_only_a_lone_incident():
    events = pd.DataFrame([
        ev("a-e0", "a"), ev("b-e0", "b", place="Harasta"),
        {**ev("c-e0", "c", place="Eastern Ghouta"), "latitude": 33.55, "longitude": 36.45},
        {**ev("d-e0", "d", place="Syria", admin1=None, precision="country"), "latitude": 35.0, "longitude": 38.5},
        {**ev("e-e0", "e", place="Aleppo", admin1="Aleppo", precision="place"), "latitude": 36.2, "longitude": 37.15},
        {**ev("f-e0", "f", place="Aleppo", admin1="Aleppo", precision="near_place"), "latitude": 36.2, "longitude": 37.15},
    ])
    inc = _incident_of(events)
    assert inc["a-e0"] != inc["b-e0"] and inc["c-e0"] in (inc["a-e0"], inc["b-e0"])
    assert inc["e-e0"] == inc["f-e0"] != inc["a-e0"]
    assert inc["d-e0"] not in (inc["a-e0"], inc["b-e0"], inc["e-e0"])   # three incidents that day: the country report joins none


def test_two_spellings_of_one_town_are_one_incident():
    kharkiv = {"admin1": "Kharkiv Oblast", "etype": "shelling", "date": "2022-07-20"}
    events = pd.DataFrame([
        {**ev("a-e0", "a", place="Kharkiv", **kharkiv), "country_code": "UA", "latitude": 49.98, "longitude": 36.25},
        {**ev("b-e0", "b", place="Kharkov", **kharkiv), "country_code": "UA", "latitude": 49.98, "longitude": 36.25},
        {**ev("c-e0", "c", place="Chuhuiv", **kharkiv), "country_code": "UA", "latitude": 49.84, "longitude": 36.69},
    ])
    texts = [(a, f"Outlet {a}", f"story {a} " * 20) for a in "abc"]
    out = build_incidents(events, pd.DataFrame(columns=["article_id", "event_id", "outcome", "count_low", "count_high", "claimed_by", "is_subtotal"]), arts(*texts))
    inc_of = dict(zip(out["incident_events"]["event_id"], out["incident_events"]["incident_id"]))
    assert inc_of["a-e0"] == inc_of["b-e0"] != inc_of["c-e0"]


def test_a_report_with_no_date_at_all_joins_the_one_incident_of_its_kind_at_its_town():
    """issue 31: a report whose article has no publication date either (nothing bounds it in
    time) joins the one incident of its kind at its own town, of any date — never one named
    only by its governorate, and none when two fit."""
    events = pd.DataFrame([
        ev("a-e0", "a", date="2017-04-04", place="Khan Sheikhoun", admin1="Idlib"),
        ev("b-e0", "b", date=None, place="Khan Sheikhoun", admin1="Idlib"),              # joins a
        ev("c-e0", "c", date="2017-06-01", etype="air_strike", place="Saraqib", admin1="Idlib"),
        ev("d-e0", "d", date="2017-07-01", etype="air_strike", place="Saraqib", admin1="Idlib"),
        ev("e-e0", "e", date=None, etype="air_strike", place="Saraqib", admin1="Idlib"),  # two fit: alone
        ev("f-e0", "f", date=None, place="Idlib", admin1="Idlib", precision="admin1"),    # the governorate only: alone
        # a shelling at Jobar some article leads with, and one named only in passing elsewhere:
        # the undated lead report joins the one led with
        ev("g-e0", "g", date="2017-03-01", etype="shelling", place="Jobar", admin1="Damascus"),
        {**ev("h-e1", "h", date="2017-05-20", etype="shelling", place="Jobar", admin1="Damascus"), "is_primary": False},
        ev("i-e0", "i", date=None, etype="shelling", place="Jobar", admin1="Damascus"),
    ])
    articles = pd.DataFrame([{"article_id": a, "outlet": f"Outlet {a}", "published_date": dt.date(2017, 4, 9) if a in "acdgh" else None,
                              "text": f"story {a} " * 20} for a in "abcdefghi"])
    out = build_incidents(events, pd.DataFrame(columns=["article_id", "event_id", "outcome", "count_low", "count_high",
                                                        "claimed_by", "is_subtotal"]), articles)
    links = out["incident_events"].set_index("event_id")
    inc_of = links["incident_id"].to_dict()
    assert inc_of["a-e0"] == inc_of["b-e0"] and "of any date" in links.loc["b-e0", "link_reason"]
    assert inc_of["e-e0"] not in (inc_of["c-e0"], inc_of["d-e0"]) and inc_of["f-e0"] != inc_of["a-e0"]
    assert inc_of["i-e0"] == inc_of["g-e0"] != inc_of["h-e1"]


def test_a_big_citys_report_joins_the_one_incident_inside_it_that_day():
    """issue 31 (US local news: outlets split one shooting by naming the city or the
    neighbourhood): 'Chicago' joins the one 'Englewood' shooting of its day; with two
    shootings inside the city that day it stays apart; a town is no big city."""
    def us(eid, aid, place, lat, lon, date="2019-06-15", admin1="Illinois"):
        return {**ev(eid, aid, date=date, etype="attack", place=place, admin1=admin1), "country_code": "US",
                "latitude": lat, "longitude": lon}

    events = pd.DataFrame([
        us("a-e0", "a", "Chicago", 41.85003, -87.65005), us("b-e0", "b", "Englewood", 41.77976, -87.64588),
        # another day: one shooting in Englewood, one in Austin, and a 'Chicago' report: two fit, none joined
        us("c-e0", "c", "Englewood", 41.77976, -87.64588, date="2019-07-04"),
        us("d-e0", "d", "Austin", 41.89, -87.77, date="2019-07-04"),
        us("e-e0", "e", "Chicago", 41.85003, -87.65005, date="2019-07-04"),
        # Holyoke (40,000 people) is no city its neighbour Springfield lies in
        us("f-e0", "f", "Holyoke", 42.20426, -72.6162, admin1="Massachusetts"),
        us("g-e0", "g", "Springfield", 42.10148, -72.58981, admin1="Massachusetts"),
    ])
    articles = pd.DataFrame([{"article_id": a, "outlet": f"Outlet {a}", "published_date": dt.date(2019, 7, 5),
                              "text": f"story {a} " * 20} for a in "abcdefg"])
    out = build_incidents(events, pd.DataFrame(columns=["article_id", "event_id", "outcome", "count_low", "count_high",
                                                        "claimed_by", "is_subtotal"]), articles)
    links = out["incident_events"].set_index("event_id")
    inc_of = links["incident_id"].to_dict()
    assert inc_of["a-e0"] == inc_of["b-e0"] and "the only one of its kind there" in links.loc["a-e0", "link_reason"] + \
        links.loc["b-e0", "link_reason"]
    assert len({inc_of["c-e0"], inc_of["d-e0"], inc_of["e-e0"]}) == 3
    assert inc_of["f-e0"] != inc_of["g-e0"]
