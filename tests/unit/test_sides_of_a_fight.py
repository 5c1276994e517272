"""Who fought whom, and whose dead add up: the two sides named by 'between', a group's home
country as evidence of where, a count of a named group's members, the wounds of one victim.
Sentences of our own, each rule in several wordings."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture()
def primary(analyse):
    from sitrep.tasks.extract.rows import doc_rows
    from sitrep.tasks.inputs.article import Article, article_id_of

    def run(text: str, published: str = "2023-01-01") -> dict:
        doc = analyse(text, published)
        art = Article(article_id_of(text), "x.txt", "txt", None, None, None, None, dt.date.fromisoformat(published),
                      "lead", "utf-8", text)
        [row] = [e for e in doc_rows(art, doc)["events"] if e["is_primary"]]
        return row

    return run


@pytest.mark.parametrize("text,actor1,actor2", [
    ("On 13 March 2020, clashes between FARDC and ADF near Beni left 7 soldiers and 16 rebels dead.",
     "Congolese military", "Allied Democratic Forces (ADF)"),
    ("Clashes between the FARDC and the ADF near Beni left 23 dead on Monday.",
     "Congolese military", "Allied Democratic Forces (ADF)"),
    ("Fighting between Taliban fighters and Afghan forces in Kunduz killed 12 on Monday.", "Taliban", "Afghan government"),
])
def test_the_side_named_first_after_between_is_actor1(primary, text, actor1, actor2):
    row = primary(text)
    assert (row["actor1"], row["actor2"]) == (actor1, actor2)


@pytest.mark.parametrize("text", [
    "On 13 March 2020, clashes between FARDC and ADF near Beni left 23 dead.",
    "ADF rebels attacked Beni on Monday, killing 12 civilians.",
    "Rebels attacked Beni on Monday.",
    "Congolese army soldiers clashed with rebels near Beni on Monday, killing 7.",
])
def test_a_group_that_fights_in_one_country_points_to_it(primary, text):
    # Beni is a department of Bolivia and a city of Congo: the group, the army or the larger
    # town tell which
    assert primary(text)["country_code"] == "CD"


@pytest.mark.parametrize("text,actor1", [
    ("On 25 April 2022, RSF fighters looted and burned houses in El Geneina, killing at least 24 civilians.",
     "Rapid Support Forces"),
    ("Al-Shabaab militants stormed and torched a police post in Mandera on Monday, killing 4 officers.", "al-Shabaab"),
])
def test_the_subject_of_what_led_to_the_killing_did_it(primary, text, actor1):
    assert primary(text)["actor1"] == actor1


@pytest.mark.parametrize("text,location,actor1", [
    ("An Atlanta police officer shot and wounded a suspect who pointed a gun at officers Monday afternoon.",
     "Atlanta", "police"),
    ("An Oakland woman was killed Sunday in a hit-and-run shooting.", "Oakland", None),
])
def test_a_sentences_opening_an_is_english_not_a_names_article(primary, text, location, actor1):
    row = primary(text)
    assert (row["location_name"], row["actor1"]) == (location, actor1)


@pytest.mark.parametrize("text,killed", [
    ("On 7 August 2018, Taliban fighters overran a checkpoint in Ghazni province, killing 14 policemen; "
     "9 Taliban were killed in the clash.", 23),
    ("Clashes in Saada killed 12 soldiers and 30 militants on Monday.", 42),
    ("Troops killed 5 Houthis in Saada on Monday; two soldiers were also killed.", 7),
    # one side's figure and its part are no two sides
    ("Fighting in Saada killed 20 soldiers, including 9 officers, on Monday.", 20),
])
def test_the_dead_of_both_sides_add_up(primary, text, killed):
    assert primary(text)["killed_best"] == killed


@pytest.mark.parametrize("text,group", [
    ("Troops killed 5 Houthis in Saada on Monday.", "militants"),
    ("Nine Taliban were killed in the clash in Ghazni.", "militants"),
    # the government's allies are soldiers (CODEBOOK: government and allied forces)
    ("Four Hizballah members killed fighting in Syria", "soldiers"),
])
def test_a_count_of_a_named_group_is_its_fighters(analyse, text, group):
    doc = analyse(text, "2023-01-01")
    assert [s._.claim.victim_group for s in doc.spans["claims"]] == [group]


@pytest.mark.parametrize("text,killed", [
    ("Police are investigating after a woman was found dead with multiple stab wounds inside an apartment "
     "in Baltimore on Tuesday.", 1),
    ("Two men were found dead with stab wounds in a house in Toledo on Monday, police said.", 2),
    ("A teenager died of a bullet wound to the chest after a fight in Newark on Friday night.", 1),
])
def test_a_victims_wounds_tell_an_attack_and_are_no_round_up(primary, text, killed):
    row = primary(text)
    assert (row["event_type"], row["killed_best"]) == ("attack", killed)


def outcomes(doc):
    return sorted((s._.claim.outcome, s._.claim.quantity.low) for s in doc.spans["claims"] if not s._.claim.subtotal)


@pytest.mark.parametrize("text,want", [
    # "one of them" is one person with its own outcome; the group it is taken from was not harmed
    ("Three men got into a fight and one of them was stabbed to death.", [("killed", 1)]),
    ("Two men argued, and one of them was shot dead.", [("killed", 1)]),
    ("Five people were arrested and one of them was later shot.", [("injured", 1)]),
    # unless the group was: N shot, one of them fatally (CODEBOOK)
    ("Two people were shot, one of them fatally.", [("injured", 1), ("killed", 1)]),
    ("Three people were shot and one of them died.", [("injured", 2), ("killed", 1)]),
])
def test_one_of_them_is_one_person(analyse, text, want):
    assert outcomes(analyse(text, "2023-01-01")) == want


@pytest.mark.parametrize("text,want", [
    ("A 12-year-old boy was hit by a stray bullet while sleeping in his bedroom on Wednesday night.", [("injured", 1)]),
    ("A woman was struck by gunfire outside her home on Monday.", [("injured", 1)]),
    ("A car was hit by a truck on Monday.", []),
    # the pronoun of a victim just counted is that victim again
    ("A girl was killed when she was hit by a stray bullet.", [("killed", 1)]),
    ("A man was shot and he later died.", [("killed", 1)]),
    # not when another person stands between them ("he" is the attacker)
    ("Sixteen were wounded, one seriously, when a Palestinian rammed a bus before he was shot dead by police.",
     [("injured", 16), ("killed", 1)]),
])
def test_struck_by_fire_and_the_victim_told_again(analyse, text, want):
    assert outcomes(analyse(text, "2023-01-01")) == want


@pytest.mark.parametrize("text,etype", [
    ("04/02/2015: Al-Shabaab gunmen stormed Garissa University College in Garissa city, Kenya. At least 148 people "
     "were killed.", "attack"),
    ("Militants stormed a shopping mall in Nairobi on Saturday, killing 67.", "attack"),
    ("Gunmen stormed a police station in Kano on Monday.", "armed_clash"),
    ("Gunmen attacked a military vehicle near Kidal on Monday, killing two soldiers.", "armed_clash"),
    ("11/23/2009: Assailants ambushed a convoy of vehicles in Ampatuan, Maguindanao province, Philippines. At least 57 "
     "people, including 32 journalists, were killed.", "attack"),
    ("Militants ambushed a convoy of troops near Mandera on Monday.", "armed_clash"),
])
def test_who_was_attacked_armed_or_not(primary, text, etype):
    assert primary(text)["event_type"] == etype


@pytest.mark.parametrize("text,actor1", [
    ("On 10 November 2018, suspected AQAP militants assassinated a security officer in Aden city.",
     "al-Qaeda in the Arabian Peninsula"),
    ("On 21 March 2021, Boko Haram (JAS) militants abducted 7 passengers near Damboa.", "Boko Haram"),
    ("On 2 May 2020, Islamic State (West Africa) fighters attacked a military base in Monguno.", "ISWAP"),
])
def test_a_group_named_before_its_fighters_is_the_attacker(primary, text, actor1):
    assert primary(text)["actor1"] == actor1


@pytest.mark.parametrize("text,day", [
    # the day of an arrest, a charge, an identification or a funeral is not the incident's (CODEBOOK, Date)
    ("A man was arrested Tuesday in connection with a fatal shooting last Friday in Akron that left a teenager dead.",
     "2023-10-06"),
    ("Police on Wednesday identified the woman killed in a weekend stabbing in Tacoma as Maria Lopez, 41.", None),
    ("Funeral services were held Monday for the two teens shot dead at a party in Fresno on Saturday.", "2023-10-07"),
    ("A 15-year-old was charged Thursday with murder in the shooting death of a classmate outside a school in Omaha "
     "on Oct. 3.", "2023-10-03"),
    # police respond and find on the day
    ("Police responded Sunday to reports of shots fired in Tampa and found a man shot in the leg.", "2023-10-08"),
])
def test_the_day_of_what_came_after_is_not_the_incidents(primary, text, day):
    row = primary(text, "2023-10-12")
    assert (row["event_date"].isoformat() if row["event_date"] else None) == day


@pytest.mark.parametrize("text,killed,injured", [
    ("Police on Wednesday identified the woman killed in a weekend stabbing in Tacoma as Maria Lopez, 41.", 1, None),
    ("A 15-year-old was charged Thursday with murder in the shooting death of a classmate outside a school in Omaha "
     "on Oct. 3.", 1, None),
    ("Two men were shot in Flint on Friday. Both died at the hospital.", 2, None),
    ("Three people were shot in Flint on Friday. Two of them died.", 2, 1),
    ("A man shot two women in a Mesa home on Monday. Both women died.", 2, None),
])
def test_single_and_paired_victims_are_counted(primary, text, killed, injured):
    row = primary(text, "2023-10-12")
    assert (row["killed_best"], row["injured_best"]) == (killed, injured)


def test_both_of_a_coordination_counts_nobody(analyse):
    doc = analyse("It is accused of indiscriminately killing both civilians and insurgents.", "2023-10-12")
    assert list(doc.spans["claims"]) == []


@pytest.mark.parametrize("text,etype,killed", [
    ("12/19/2016: An assailant drove a truck into a Christmas market in Berlin, Germany. Twelve people were killed "
     "and 56 were injured.", "attack", 12),
    ("A van ploughed into pedestrians on a busy street in Toronto on Monday, killing 10.", "attack", 10),
    # force against a crowd is told with the crowd (other), with its toll
    ("On 5 March 2021, police used tear gas and rubber bullets to disperse protesters in Dakar, injuring 12.", "other", None),
])
def test_a_vehicle_driven_into_people_and_force_against_a_crowd(primary, text, etype, killed):
    row = primary(text, "2023-06-30")
    assert (row["event_type"], row["killed_best"]) == (etype, killed)


@pytest.mark.parametrize("text,country,location", [
    ("On 17 July 2021, a rocket fired from Gaza landed in an open area near Sderot. No injuries were reported.",
     "IL", "Sderot"),
    ("Rockets fired from Lebanon hit the town of Kiryat Shmona on Monday, wounding two.", "IL", "Kiryat Shmona"),
])
def test_where_fire_came_from_is_not_where_it_fell(primary, text, country, location):
    row = primary(text, "2023-06-30")
    assert (row["country_code"], row["location_name"]) == (country, location)


@pytest.mark.parametrize("text,want", [
    ("Twenty-one people were killed, in addition to the five attackers.", [("killed", 21, "people"), ("killed", 5, "militants")]),
    ("An IED exploded near a CRPF vehicle, injuring 2 jawans.", [("injured", 2, "soldiers")]),
    ("Bandits killed 12 villagers; 4 bandits were also killed.", [("killed", 12, "civilians"), ("killed", 4, "militants")]),
])
def test_attackers_counted_in_addition_and_the_groups_of_other_theatres(analyse, text, want):
    doc = analyse(text, "2023-06-30")
    assert [(s._.claim.outcome, s._.claim.quantity.low, s._.claim.victim_group) for s in doc.spans["claims"]] == want


@pytest.mark.parametrize("text,actor1,killed", [
    # the attackers' own dead add to the toll (CODEBOOK), and who killed them did not make the attack
    ("06/03/2017: Three assailants drove a van into pedestrians on London Bridge, London, United Kingdom. Eight "
     "people were killed and 48 were injured. All three assailants were shot dead by police.", None, 11),
    ("Gunmen attacked a hotel in Mogadishu on Friday, killing 12 people. Security forces killed four attackers.", None, 16),
    ("Al-Shabaab gunmen attacked a hotel in Mogadishu on Friday, killing 12 people. Security forces killed four "
     "attackers.", "al-Shabaab", 16),
])
def test_who_stopped_the_attack_did_not_make_it(primary, text, actor1, killed):
    row = primary(text, "2023-06-30")
    assert (row["actor1"], row["killed_best"]) == (actor1, killed)
