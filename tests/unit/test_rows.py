"""doc_rows: a processed article to table rows — ids stable and linked, spans pointing at the
figure in the article's text, per-event figures from the event's own claims only."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from sitrep.tasks.extract.rows import doc_rows
from sitrep.tasks.inputs.article import Article, article_id_of

TEXT = ("Air strikes kill 12 in Idlib market\n\nWarplanes struck a crowded market in the town of Saraqib in Idlib "
        "province on Thursday, killing at least 12 civilians, including three children, a monitor said.\n\n"
        "In Aleppo, rebel shelling killed two people on Wednesday, state media reported.")


def rows_of(analyse, text: str = TEXT, published: str = "2017-04-07") -> dict[str, list[dict]]:
    article = Article(article_id_of(text), "x.txt", "txt", text.split("\n")[0], None, None, None,
                      dt.date.fromisoformat(published), "lead", "utf-8", text)
    return doc_rows(article, analyse(text, published))


def test_rows_are_linked_by_stable_ids_and_spans_point_at_the_figures(analyse):
    rows = rows_of(analyse)
    prefix = article_id_of(TEXT)[:16]
    events, claims, mentions = rows["events"], rows["casualty_claims"], rows["mentions"]
    assert [e["event_id"] for e in events] == [f"{prefix}-e{i:03d}" for i in range(len(events))]
    assert [c["claim_id"] for c in claims] == [f"{prefix}-c{i:03d}" for i in range(len(claims))]
    assert {c["event_id"] for c in claims} <= {e["event_id"] for e in events}
    for c in claims:
        figure = TEXT[c["start_char"]:c["end_char"]]
        assert re.fullmatch(r"\d+|[a-z]+", figure), figure
        assert figure in c["evidence"]
    for m in mentions:
        assert TEXT[m["start_char"]:m["end_char"]] == m["text"]
    assert rows_of(analyse) == rows   # the same article yields the same rows


def test_each_event_gets_its_own_figures_and_subtotals_are_not_added(analyse):
    events = rows_of(analyse)["events"]
    assert sum(e["is_primary"] for e in events) == 1
    primary = next(e for e in events if e["is_primary"])
    assert (primary["admin1"], primary["event_type"], primary["event_date"]) == ("Idlib", "air_strike", dt.date(2017, 4, 6))
    assert (primary["killed_low"], primary["killed_best"], primary["killed_high"]) == (12, 12, 12)   # not 12 + 3
    other = next(e for e in events if e["admin1"] == "Aleppo")
    assert other["killed_best"] == 2 and other["event_date"] == dt.date(2017, 4, 5)


def test_an_article_without_an_incident_has_no_event_rows(analyse):
    rows = rows_of(analyse, "Talks resume in Geneva\n\nDiplomats met in Geneva on Monday to discuss a ceasefire.")
    assert rows["events"] == [] and rows["casualty_claims"] == []


def _figures_by_place(rows):
    by_event = {e["event_id"]: e for e in rows["events"]}
    return sorted((by_event[c["event_id"]]["location_name"], c["count_low"]) for c in rows["casualty_claims"])


def test_two_incidents_in_one_sentence_each_get_their_own_figure(analyse):
    for text in ("Strikes on two towns\n\nAir strikes killed seven people in Saraqib on Sunday, while rebel shelling "
                 "killed two in Mhardeh, state media said.",
                 "Strikes on two towns\n\nIn Mhardeh rebel shells killed 2 civilians on Sunday, and in Saraqib "
                 "seven people died when jets bombed a market."):
        rows = rows_of(analyse, text, "2019-06-10")
        assert _figures_by_place(rows) == [("Mhardeh", 2), ("Saraqib", 7)], rows["events"]


@pytest.mark.parametrize("sentence,actor2", [
    # a bombing, a strike, a shelling whose dead are only "people": one-sided, against civilians
    ("A car bomb exploded in a market in Azaz on Monday, killing 14 people.", "civilians"),
    ("Nineteen people died when mortar rounds hit a residential district of Aleppo on Monday.", "civilians"),
    ("Government warplanes bombed a bakery in Douma on Monday, killing 22 people.", "civilians"),
    ("A suicide bomber killed 23 people at a mosque in Kabul on Monday.", "civilians"),
    ("The death toll from Monday's chlorine attack on Saraqib rose to 9, medics said.", "civilians"),
    # an armed party named as the target wins; fighters among the dead, or a battle, are not one-sided
    ("Russian jets struck Islamic State positions in Raqqa on Monday, killing 30 people.", "Islamic State"),
    ("An air strike killed 12 people, among them seven fighters, in Idlib on Monday.", None),
    ("Shelling killed 8 soldiers and 3 people in Deraa on Monday.", None),
])
def test_target_of_one_sided_violence(analyse, sentence, actor2):
    text = "Report\n\n" + sentence
    [primary] = [e for e in rows_of(analyse, text, "2017-04-11")["events"] if e["is_primary"]]
    assert primary["actor2"] == actor2


def test_a_battle_whose_dead_are_people_is_not_against_civilians(analyse):
    text = "Report\n\nClashes between rebels and troops in Hama killed 17 people on Monday."
    [primary] = [e for e in rows_of(analyse, text, "2017-04-11")["events"] if e["is_primary"]]
    assert primary["event_type"] == "armed_clash" and primary["actor2"] != "civilians"


def _primary_figures(analyse, text):
    primary = next(e for e in rows_of(analyse, text)["events"] if e["is_primary"])
    return primary["killed_best"], primary["injured_best"]


@pytest.mark.parametrize("text,killed", [
    # one toll stated twice, in other words: the larger, not the sum
    ("More than 20 killed in Idlib bombing\n\nA car bomb exploded in Idlib on Thursday, killing 22 people.", 22),
    ("Bomb kills 12 in Idlib\n\nA car bomb killed at least 14 people in Idlib on Thursday.", 14),
    # a figure and its further parts: the sum
    ("Clashes in Idlib\n\nClashes in Idlib on Thursday killed 17 rebels and 11 soldiers.", 28),
    ("Bombing in Idlib\n\nA car bomb killed 24 civilians in Idlib on Thursday, along with six others.", 30),
    ("Bombing in Idlib\n\nA car bomb killed 24 civilians in Idlib on Thursday. Seven policemen were also killed.", 31),
    ("Bombing in Idlib\n\nA car bomb killed 24 civilians in Idlib on Thursday. Another three died in hospital.", 27),
])
def test_a_restated_toll_is_one_figure_and_its_parts_add_up(analyse, text, killed):
    assert _primary_figures(analyse, text)[0] == killed


@pytest.mark.parametrize("text,want", [
    ("Car bomb in Madrid\n\nA car bomb exploded in Madrid on Thursday. No one was injured or killed, police said.", (0, 0)),
    ("Car bomb in Madrid\n\nA car bomb exploded in Madrid on Thursday, killing two people. Nobody else was hurt.", (2, 0)),
    ("Car bomb in Madrid\n\nA car bomb exploded in Madrid on Thursday, police said.", (None, None)),
])
def test_nobody_hurt_is_a_figure_of_zero_and_no_claim(analyse, text, want):
    rows = rows_of(analyse, text)
    assert _primary_figures(analyse, text) == want
    assert all(c["count_low"] > 0 for c in rows["casualty_claims"])


@pytest.mark.parametrize("lead,want", [
    ("A car bomb exploded in Idlib on Thursday.", (dt.date(2017, 4, 6), "day", dt.date(2017, 4, 6), dt.date(2017, 4, 6))),
    # the span ends no later than the report's day
    ("A car bomb exploded in Idlib earlier this month.", (None, "month", dt.date(2017, 4, 1), dt.date(2017, 4, 7))),
    ("A car bomb exploded in Idlib earlier this week.", (None, "week", dt.date(2017, 4, 1), dt.date(2017, 4, 7))),
    ("A car bomb exploded in Idlib.", (None, "unknown", None, None)),
])
def test_a_month_or_a_year_is_a_span_never_a_made_up_day(analyse, lead, want):
    """Issue 29: date_precision month or year keeps event_date NULL and gives the span."""
    primary = next(e for e in rows_of(analyse, "Bombing in Idlib\n\n" + lead)["events"] if e["is_primary"])
    assert (primary["event_date"], primary["date_precision"], primary["date_start"], primary["date_end"]) == want


@pytest.mark.parametrize("text, actor2", [
    # dead that are all a state's soldiers or police, and no target named: their force
    ("Guard killed in Spain\n\nA Spanish civil guard was killed on Monday by a car bomb in Navarre, Spain.", "Spanish civil guard"),
    ("Soldiers killed in Thailand\n\nFive soldiers were killed by a roadside bomb in Narathiwat, Thailand on Monday.", "soldiers"),
    ("Bomb in Yala\n\nA police sergeant was killed by a bomb in Yala, Thailand on Monday.", "police"),
    ("Blast in Yala\n\nTwo policemen died when a bomb went off in Yala, Thailand on Monday.", "police"),
    ("Sailors killed\n\nTwo unnamed United States Navy sailors were killed in a bombing in Bahrain on Monday.",
     "United States Navy sailors"),
    # never the attacker's own side: the army's own dead are not its target
    ("FARC second-in-command killed\n\nThe Colombian military killed Raul Reyes, the FARC second-in-command, in a raid "
     "in Ecuador on Saturday. One Colombian soldier was also killed in the raid.", "FARC"),
])
def test_the_target_is_the_force_of_the_dead_never_the_attackers_own_side(analyse, text, actor2):
    primary = next(e for e in rows_of(analyse, text, "2020-05-05")["events"] if e["is_primary"])
    assert primary["actor2"] == actor2
    assert primary["actor1"] != actor2


def test_one_side():
    from sitrep.tasks.extract.lexicon import same_side
    assert same_side("Colombian military", "Colombian soldiers") and same_side("police", "Thai security forces")
    assert same_side("militants", "rebels") and same_side("protesters", "rioters")
    assert not same_side("FARC", "Colombian military") and not same_side("British soldiers", "Taliban")
    assert not same_side("Syrian government", "Turkey") and not same_side("police", "protesters")
    assert not same_side(None, "police") and not same_side("civilians", "civilians")
    assert same_side("police", "Israel") and not same_side("police", "Israel", country="PS")   # a Gaza police officer
    assert same_side("police", "Thai security forces", country="TH")


@pytest.mark.parametrize("text", [
    "Chemical attack in Idlib\n\nBashar Assad launched a chemical attack on Khan Sheikhoun in Idlib, Syria on Tuesday.",
    "Chemical attack in Idlib\n\nPresident Bashar al-Assad carried out a chemical attack on Khan Sheikhoun, Syria on Tuesday.",
])
def test_a_head_of_state_who_attacks_is_his_states_forces(analyse, text):
    """issue 31: 'Bashar Assad' as the attacker kept one report of Khan Sheikhoun apart from the
    incident the others (the 'Syrian government') make."""
    primary = next(e for e in rows_of(analyse, text, "2017-04-05")["events"] if e["is_primary"])
    assert primary["actor1"] == "Syrian government"


@pytest.mark.parametrize("text, actor1, actor2", [
    ("Police station attacked\n\nYouths attacked a police station in Clichy, France on Sunday.", "youths", "police"),
    ("Base attacked in Darfur\n\nRebels attacked an outpost of the African Union in Haskanita, Sudan on Saturday.",
     "rebels", "African Union mission"),
])
def test_whose_facility_was_hit_is_the_target(analyse, text, actor1, actor2):
    primary = next(e for e in rows_of(analyse, text, "2020-05-05")["events"] if e["is_primary"])
    assert (primary["actor1"], primary["actor2"]) == (actor1, actor2)


@pytest.mark.parametrize("text", [
    "Man charged in Saturday shooting\n\nPolice on Monday charged a 22-year-old man in the shooting death of a teenager "
    "on Elm Street Saturday night.",
    "Suspect arrested in fatal stabbing\n\nPolice arrested a suspect Wednesday in the fatal stabbing of a man Monday night.",
    "Victim identified\n\nThe sheriff's office identified the man killed in a shooting Sunday as John Roe, 34.",
])
def test_who_charges_arrests_or_identifies_after_the_fact_is_no_attacker(analyse, text):
    primary = next(e for e in rows_of(analyse, text, "2021-06-09")["events"] if e["is_primary"])
    assert primary["actor1"] is None


def test_police_who_shoot_are_still_the_attacker(analyse):
    text = "Police shot a man\n\nPolice shot and killed a man who opened fire on officers in Dallas on Monday."
    primary = next(e for e in rows_of(analyse, text, "2021-06-09")["events"] if e["is_primary"])
    assert primary["actor1"] == "police"
