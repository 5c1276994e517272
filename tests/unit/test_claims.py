"""Casualty claims: each rule family with sentences that vary wording, word order, number
format and attribution, and with numbers that must not become claims."""
import pytest


def claims_of(doc):
    return [(s._.claim.outcome, s._.claim.quantity.low, s._.claim.quantity.qualifier, s._.claim.victim_group, s._.claim.claimed_by)
            for s in doc.spans["claims"]]


@pytest.mark.parametrize("text,want", [
    ("Headline\n\nAir strikes on Raqqa killed at least 20 civilians, activists said.",
     [("killed", 20, "at_least", "civilians", "activists")]),
    ("Headline\n\nAt least 20 civilians were killed in air strikes on Raqqa, according to activists.",
     [("killed", 20, "at_least", "civilians", "activists")]),
    ("Headline\n\nThe Syrian Observatory for Human Rights said 24 civilians were killed, along with six others.",
     [("killed", 24, "exact", "civilians", "Syrian Observatory for Human Rights"), ("killed", 6, "exact", "people", "Syrian Observatory for Human Rights")]),
    ("Headline\n\nThe raids killed more than 120 people and injured dozens of others, state media reported.",
     [("killed", 121, "more_than", "people", "state media"), ("injured", 12, "vague", "people", "state media")]),
    ("Headline\n\nNine soldiers died and 30 were wounded in the ambush, a military source said.",
     [("killed", 9, "exact", "soldiers", "officials"), ("injured", 30, "exact", "people", "officials")]),
    ("Headline\n\nThe death toll from the bombing has risen to 86, a monitor said.",
     [("killed", 86, "exact", "people", "a monitoring group")]),
    ("Headline\n\nA child was killed when a shell hit the school, rescuers said.",
     [("killed", 1, "exact", "children", "White Helmets")]),
    ("Headline\n\nScores of people were killed in the attack, residents said.",
     [("killed", 20, "vague", "people", "residents")]),
    ("Headline\n\nSeventeen rebels and 11 soldiers were killed in clashes on Friday, the Observatory said.",
     [("killed", 17, "exact", "militants", "Syrian Observatory for Human Rights"), ("killed", 11, "exact", "soldiers", "Syrian Observatory for Human Rights")]),
    ("Headline\n\nAt least 72 people including nine children were killed in the attack, the Observatory said.",
     [("killed", 72, "at_least", "people", "Syrian Observatory for Human Rights"), ("killed", 9, "exact", "children", "Syrian Observatory for Human Rights")]),
    ("Headline\n\nISIL's media arm claimed the raids had killed at least 30 people.",
     [("killed", 30, "at_least", "people", "Islamic State media")]),
    ("Headline\n\nThe blast left 14 people dead and 40 wounded, the Observatory said.",
     [("killed", 14, "exact", "people", "Syrian Observatory for Human Rights"), ("injured", 40, "exact", "people", "Syrian Observatory for Human Rights")]),
    ("8 persons killed 58 others injured in rocket attacks on Aleppo city\n\nBody.",
     [("killed", 8, "exact", "people", None), ("injured", 58, "exact", "people", None)]),
    ("Islamists Launch Rocket Attack on Damascus At Least 3 Killed 30 Wounded\n\nBody.",
     [("killed", 3, "at_least", "people", None), ("injured", 30, "exact", "people", None)]),
    ("Headline\n\nOne Syrian civilian was killed on Monday and at least 17 others were injured in several attacks across the country.",
     [("killed", 1, "exact", "civilians", None), ("injured", 17, "at_least", "people", None)]),
    ("Headline\n\nFighting has also killed 30 regime and allied fighters as well as 50 Syrian rebels according to the Observatory.",
     [("killed", 30, "exact", "soldiers", "Syrian Observatory for Human Rights"), ("killed", 50, "exact", "militants", "Syrian Observatory for Human Rights")]),
    ("Headline\n\nMortar shells fired at the Sheraton Hotel killed a civilian and injured 14 others, SANA reported.",
     [("injured", 14, "exact", "people", "state media"), ("killed", 1, "exact", "civilians", "state media")]),
    ("Headline\n\nThe shells hit the neighbourhoods claiming the lives of 8 persons and injuring more than 58 others.",
     [("killed", 8, "exact", "people", None), ("injured", 59, "more_than", "people", None)]),
])
def test_claims_in_varied_wording(analyse, text, want):
    assert claims_of(analyse(text, "2016-08-12")) == want


@pytest.mark.parametrize("text", [
    "Headline\n\nJets carried out at least 11 air strikes on the city, activists said.",
    "Headline\n\nNine Russian jets and eight Turkish war planes struck targets near al-Bab.",
    "Headline\n\nThe warplanes flew 10 sorties and hit seven targets, the ministry said.",
    "Headline\n\nThe town lies 40 km northeast of Aleppo.",
    "Headline\n\nMore than 230,000 people have been killed since the war began in 2011.",
    "Headline\n\nThe conflict has left more than 320000 people dead according to the Observatory.",
    "Headline\n\nA 12-year-old boy was among those rescued from the rubble.",
    "Headline\n\nIn 2013, a chemical attack near Damascus killed hundreds of people.",
    "Headline\n\nThousands of rebels launched an offensive on Tuesday.",
    "Headline\n\nSince then more than 350,000 people have been killed across the country.",
    "Headline\n\nAleppo was devastated by the five-year civil war which has killed more than 300000 people.",
    "Headline\n\nThe army has repelled seven attacks in the last 10 days, killing over 2200 militants.",
    "Headline\n\nHe claimed that at least 6000 ISIS militants have been killed on this front.",
])
def test_not_claims(analyse, text):
    assert claims_of(analyse(text, "2016-08-12")) == []


def test_headline_restating_the_lead_is_one_claim(analyse):
    doc = analyse("Strikes on IS-held city kill at least 20\n\nActivists said air strikes on Raqqa on Thursday killed at least 20 civilians.", "2016-08-12")
    assert claims_of(doc) == [("killed", 20, "at_least", "civilians", "activists")]


def test_vague_headline_over_a_precise_lead_is_not_a_claim(analyse):
    doc = analyse("Dozens dead in gas attack\n\nAt least 42 people were killed in the attack on Douma, rescuers said.", "2018-04-09")
    assert claims_of(doc) == [("killed", 42, "at_least", "people", "White Helmets")]


def test_pronoun_source_takes_the_last_named_source(analyse):
    doc = analyse("Headline\n\nThe Syrian Observatory for Human Rights reported heavy fighting in the town. It said 15 fighters were killed.", "2016-08-12")
    assert claims_of(doc) == [("killed", 15, "exact", "militants", "Syrian Observatory for Human Rights")]


def test_generic_monitor_is_the_named_one(analyse):
    doc = analyse("Headline\n\nAt least 11 civilians were killed in barrel bomb attacks, a monitoring group said. The Syrian Observatory for Human Rights blamed regime helicopters.", "2015-07-16")
    assert claims_of(doc)[0][4] == "Syrian Observatory for Human Rights"


def test_digits_without_thousands_separator(analyse):
    doc = analyse("Headline\n\nThe Observatory said 1200 people were killed in the siege.", "2016-08-12")
    assert claims_of(doc)[0][1] == 1200


def test_superlative_since_the_war_is_not_a_total(analyse):
    doc = analyse("Headline\n\nThe attacks killed more than 200 people in the deadliest assault on the province since the war began, officials said.", "2018-07-26")
    assert claims_of(doc) == [("killed", 201, "more_than", "people", "officials")]


def test_claim_span_points_into_the_text(analyse):
    doc = analyse("Headline\n\nShelling killed 14 militants, the army said.", "2016-08-12")
    span = doc.spans["claims"][0]
    assert doc.text[span.start_char:span.end_char] == "14"


def test_more_than_restating_a_plain_figure_is_one_claim(analyse):
    doc = analyse("8 persons killed 58 others injured in rocket attacks\n\nThe shells killed 8 persons and injured more than 58 others.", "2016-10-06")
    assert claims_of(doc) == [("killed", 8, "exact", "people", None), ("injured", 59, "more_than", "people", None)]


def test_composition_is_not_the_victim_group(analyse):
    doc = analyse("Blasts kill 18 most children\n\nTwin car bombs killed at least 18 people mostly children, state media said.", "2014-10-01")
    assert claims_of(doc) == [("killed", 18, "at_least", "people", "state media")]
