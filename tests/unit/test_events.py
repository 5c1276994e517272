import datetime as dt

import pytest


def events_of(doc):
    return [(e.event_type, e.admin1, e.event_date, e.attackers[:1], e.targets[:1], e.is_primary) for e in doc._.events]


@pytest.mark.parametrize("sentence,etype", [
    ("Russian warplanes bombed Idlib on Monday.", "air_strike"),
    ("Air raids hit Idlib on Monday.", "air_strike"),
    ("Government artillery shelled Idlib on Monday.", "shelling"),
    ("Helicopters dropped barrel bombs on Idlib on Monday.", "air_strike"),
    ("A barrel-bomb attack hit Idlib on Monday.", "air_strike"),
    ("A car bomber killed six people in Idlib on Monday.", "suicide_bombing"),
    ("The bomber detonated his vest in Idlib on Monday.", "suicide_bombing"),
    ("Long-range bombers struck Idlib on Monday.", "air_strike"),
    ("A car bomb exploded in Idlib on Monday.", "explosion"),
    ("A suicide bomber blew himself up in Idlib on Monday.", "suicide_bombing"),
    ("A chlorine attack hit Idlib on Monday.", "chemical_attack"),
    ("Rebels clashed with troops in Idlib on Monday.", "armed_clash"),
    ("The army launched an offensive on Idlib on Monday.", "ground_offensive"),
    ("Gunmen attacked a checkpoint in Idlib on Monday.", "attack"),
])
def test_event_types_from_triggers(analyse, sentence, etype):
    doc = analyse("Report\n\n" + sentence, "2017-05-16")
    [e] = doc._.events
    assert (e.event_type, e.admin1, e.event_date) == (etype, "Idlib", dt.date(2017, 5, 15))


@pytest.mark.parametrize("sentence,actor1,actor2", [
    ("Russian jets struck Islamic State positions in Raqqa on Thursday.", "Russia", "Islamic State"),
    ("Syrian army warplanes bombed ISIL-held Raqqa on Thursday.", "Syrian government", "Islamic State"),
    ("The US-led coalition carried out air strikes against IS in Raqqa on Thursday.", "US-led coalition", "Islamic State"),
    ("Turkish artillery shelled YPG positions near Azaz on Thursday.", "Turkey", "Kurdish forces"),
    ("Forces loyal to President Assad launched an offensive on rebels in Hama on Thursday.", "Syrian government", "Syrian opposition"),
    ("Strikes on Daesh targets in Raqqa were carried out by Russian jets on Thursday.", "Russia", "Islamic State"),
])
def test_actors_from_sentence_structure(analyse, sentence, actor1, actor2):
    doc = analyse("Report\n\n" + sentence, "2016-08-12")
    e = doc._.events[0]
    assert (e.attackers[:1], e.targets[:1]) == ([actor1], [actor2])


def test_sentences_about_one_incident_make_one_event_and_other_places_others(analyse):
    doc = analyse(
        "Strikes on IS-held city kill at least 20\n\n"
        "Activists said air strikes on Raqqa on Thursday killed at least 20 civilians. "
        "Both groups said the strikes were launched by Russian jets. "
        "Meanwhile residents of Aleppo reported a chlorine gas attack.", "2016-08-12")
    assert events_of(doc) == [
        ("air_strike", "Raqqa", dt.date(2016, 8, 11), ["Russia"], ["Islamic State"], True),
        ("chemical_attack", "Aleppo", None, [], [], False),
    ]


def test_listed_places_each_get_an_event(analyse):
    doc = analyse("Report\n\nThe statement condemned Russian Air Force attacks around Hama, Homs and Idlib.", "2015-10-02")
    assert [e.admin1 for e in doc._.events] == ["Hama", "Homs", "Idlib"]


def test_background_history_is_not_a_current_event(analyse):
    doc = analyse("Report\n\nIn November, Turkish jets downed a Russian warplane on the border. "
                  "Since the war began in 2011, barrel bombs have hit Aleppo.", "2016-08-12")
    assert doc._.events == []


def test_no_anchor_means_no_date(analyse):
    doc = analyse("Report\n\nWarplanes struck Raqqa on Thursday.", None)
    assert (doc._.events[0].event_date, doc._.events[0].date_precision) == (None, "unknown")


def test_no_time_words_leave_the_date_unknown(analyse):
    """CODEBOOK: the publication date is never copied in as a guess."""
    doc = analyse("Report\n\nWarplanes struck Raqqa, killing five.", "2016-08-12")
    assert (doc._.events[0].event_date, doc._.events[0].date_precision) == (None, "unknown")


@pytest.mark.parametrize("lead,published,want", [
    ("Warplanes struck Raqqa on Thursday, killing five.", "2016-08-12", dt.date(2016, 8, 11)),   # a Friday paper
    ("Warplanes struck Raqqa on Friday, killing five.", "2016-08-12", dt.date(2016, 8, 12)),     # same weekday: that day
    ("Warplanes struck Raqqa overnight, killing five.", "2016-08-12", dt.date(2016, 8, 12)),
    ("Warplanes struck Raqqa late on Wednesday and into Thursday, killing five.", "2016-08-12", dt.date(2016, 8, 10)),
    ("The overnight raid on Raqqa began late on Monday, killing five.", "2016-08-12", dt.date(2016, 8, 8)),
    ("Warplanes struck Raqqa yesterday, killing five.", "2016-08-12", dt.date(2016, 8, 11)),
    ("AFP Friday 12 Aug 2016 Warplanes struck Raqqa on Wednesday, killing five.", "2016-08-12", dt.date(2016, 8, 10)),
    ("Warplanes struck Raqqa, killing five, a monitor said on Thursday.", "2016-08-12", None),
    ("Warplanes struck Raqqa on August 9, killing five.", "2016-08-12", dt.date(2016, 8, 9)),
    ("Wednesday's air strikes on Raqqa killed five, activists said on Friday.", "2016-08-12", dt.date(2016, 8, 10)),
])
def test_the_day_an_incident_happened(analyse, lead, published, want):
    primary = next(e for e in analyse(f"Raqqa raid\n\n{lead}", published)._.events if e.is_primary)
    assert primary.event_date == want


def test_headline_in_syria_takes_the_lead_place(analyse):
    doc = analyse("Air strikes kill 18 in northwestern Syria\n\nA hospital in Khan Shaykhun was hit on Saturday.", "2017-04-09")
    primary = next(e for e in doc._.events if e.is_primary)
    assert primary.admin1 == "Idlib"


def test_support_words_do_not_type_the_incident(analyse):
    doc = analyse("Iraqi forces push into western Mosul under coalition air cover\n\n"
                  "Iraqi forces backed by coalition air strikes launched an offensive on Sunday.", "2017-02-20")
    primary = next(e for e in doc._.events if e.is_primary)
    assert (primary.event_type, primary.event_date) == ("ground_offensive", dt.date(2017, 2, 19))


def test_strike_and_aircraft_counts_go_on_the_event(analyse):
    doc = analyse("Report\n\nNine Russian jets carried out 11 air strikes on Raqqa on Thursday.", "2016-08-12")
    e = doc._.events[0]
    assert (e.n_aircraft, e.n_strikes) == (9, 11)


# ---- one incident is one place, one day and one kind of attack ------------------------------

def _by_admin1(doc):
    return sorted((e.admin1, e.event_date, e.event_type) for e in doc._.events)


@pytest.mark.parametrize("text", [
    "Strikes kill 12 in Idlib\n\nAir strikes killed 12 people in Saraqeb on Tuesday. "
    "On Sunday, air strikes on Ariha killed four.",
    "Raids kill 12 in Idlib province\n\nWarplanes struck Saraqeb on Tuesday, killing 12. "
    "Separately, raids hit the town of Ariha on Sunday and killed 4 people.",
])
def test_other_towns_and_days_of_one_governorate_are_other_incidents(analyse, text):
    doc = analyse(text, "2017-05-16")
    assert len([e for e in doc._.events if e.admin1 == "Idlib"]) == 2
    days = {e.event_date for e in doc._.events}
    assert {dt.date(2017, 5, 16), dt.date(2017, 5, 14)} <= days


@pytest.mark.parametrize("text", [
    "Jets pound Khan Sheikhoun\n\nWarplanes struck Khan Sheikhoun on Tuesday. The raids on Khan Sheikhoun destroyed a clinic.",
    "Jets pound Idlib\n\nRussian jets hit Khan Sheikhoun in Idlib province on Tuesday, killing 20. The strikes also destroyed a clinic.",
])
def test_the_same_town_or_a_town_refining_the_headline_is_one_incident(analyse, text):
    doc = analyse(text, "2017-05-16")
    assert len(doc._.events) == 1


@pytest.mark.parametrize("headline,lead,etype", [
    ("Rebels kill 7 in Aleppo assault", "At least seven people died in rebel shelling of Sheikh Maqsoud in Aleppo on Saturday.", "shelling"),
    ("Regime revenge attack kills 43 in Qalamoun", "Regime forces killed at least 43 people in a shelling attack on the town of Jayrud near Damascus on Saturday.", "shelling"),
    ("Motorbike bomber kills 16 in Hasakeh", "A motorcycle bomber killed at least 16 people in a suicide attack in Hasakeh city on Tuesday.", "suicide_bombing"),
])
def test_the_headline_and_the_lead_tell_one_incident_of_the_most_specific_kind(analyse, headline, lead, etype):
    doc = analyse(headline + "\n\n" + lead, "2016-07-02")
    primary = next(e for e in doc._.events if e.is_primary)
    assert primary.event_type == etype
    assert len([e for e in doc._.events if e.admin1 == primary.admin1]) == 1


def test_a_place_that_situates_another_is_not_the_incidents(analyse):
    doc = analyse("Report\n\nShelling hit the town of Jayrud near Damascus on Saturday.", "2016-07-02")
    [e] = doc._.events
    assert e.admin1 == "Rif Dimashq"


@pytest.mark.parametrize("sentence", [
    "Rebels executed a pilot they captured in Jayrud on Friday.",
    "Images of the captured pilot were released in Jayrud on Friday.",
    "Gunmen seized two soldiers in Jayrud on Friday.",
])
def test_taking_people_is_no_ground_offensive(analyse, sentence):
    doc = analyse("Report\n\n" + sentence, "2016-07-02")
    assert "ground_offensive" not in {e.event_type for e in doc._.events}


def test_taking_ground_is(analyse):
    doc = analyse("Report\n\nRebels captured the village of Tall Rifaat on Friday.", "2016-07-02")
    assert [e.event_type for e in doc._.events] == ["ground_offensive"]


def test_an_incident_told_without_a_place_happened_where_the_text_was(analyse):
    doc = analyse("Shelling kills 9 in Aleppo\n\nRebel shells killed nine people in Aleppo's Furqan district on Friday. "
                  "The Observatory said the toll may rise. A government offensive cut the last supply route on Thursday.",
                  "2016-07-09")
    other = [e for e in doc._.events if not e.is_primary]
    assert other and other[0].admin1 == "Aleppo" and other[0].event_date == dt.date(2016, 7, 7)


# ---- page furniture ------------------------------------------------------------------------

@pytest.mark.parametrize("text,prose", [
    ("Strikes hit Raqqa\n\nJets bombed Raqqa on Monday. Tags Syria Aleppo warplanes shelling Homs At least 9 people were killed in Raqqa.",
     "At least 9 people"),
    ("Strikes hit Raqqa\n\nJets bombed Raqqa on Monday. Tags Raqqa airstrikes Hama Russian jets struck Raqqa again on Monday.",
     "Russian jets"),
    ("Strikes hit Raqqa\n\nJets bombed Raqqa on Monday. Tags Syria Homs shelling A suicide bomber struck a market in Raqqa on Monday.",
     "A suicide bomber"),
])
def test_a_keyword_list_fused_into_the_prose_names_no_place_or_event(analyse, text, prose):
    doc = analyse(text, "2017-05-16")
    [tags] = doc.spans["furniture"]
    assert doc[tags.end:].text.startswith(prose)
    assert not any(p.text in ("Homs", "Hama", "Aleppo") for p in doc.spans["places"])
    assert {e.admin1 for e in doc._.events} == {"Raqqa"}
