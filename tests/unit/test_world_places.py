"""Places, actors and event kinds beyond Syria: sentences written for these tests, varying
wording, order, spelling and datelines (none is taken from a corpus)."""
import time

import pytest

from sitrep.common.gazetteer import load_gazetteer
from sitrep.tasks.extract.rows import sub_event_type


def primary(doc):
    return next(e for e in doc._.events if e.is_primary)


def where(doc):
    p = primary(doc).place
    return (p._.place.admin1, p._.place.country_code) if p is not None else None


@pytest.mark.parametrize("text,admin1,cc", [
    ("Strike kills 12\n\nAn air strike on a market in Yemen's Saada province killed 12 people on Monday.", "Saada", "YE"),
    ("Blast in Borno\n\nMAIDUGURI, Nigeria - A bomb went off at a mosque in Konduga on Friday, killing five people.", "Borno", "NG"),
    ("Missile hits Kharkov\n\nA Russian missile hit a school in Kharkov overnight, killing two, Ukrainian officials said.", "Kharkiv Oblast", "UA"),
    ("Shelling in the east\n\nUkrainian officials said Russian shelling of Kostiantynivka in Donetsk region killed three civilians.", "Donetsk Oblast", "UA"),
    ("Gunman kills four\n\nNASHVILLE, Tenn. (AP) - A gunman opened fire at a bar on Saturday, killing four people, police said.", "Tennessee", "US"),
    ("Shooting in Texas\n\nA man opened fire in Paris, Texas, on Sunday, killing two people.", "Texas", "US"),
    ("Car bomb in Somalia\n\nA car bomb exploded near a checkpoint in Mogadishu on Tuesday, killing at least seven people, police said.", "Banaadir", "SO"),
    ("RSF attack\n\nThe Rapid Support Forces shelled El Fasher in Sudan's North Darfur state on Friday, killing nine civilians.", "North Darfur", "SD"),
    ("Clashes near Tripoli\n\nFighting between rival militias in the Libyan capital Tripoli killed 13 people on Monday, Libya's health ministry said.", "Tripoli", "LY"),
    ("Strike in north Lebanon\n\nAn Israeli drone struck a car near Tripoli in northern Lebanon on Thursday, killing two Hamas members, Lebanese security sources said.", "North Lebanon", "LB"),
    ("Attack in Mali\n\nBAMAKO (Reuters) - Jihadists killed 20 soldiers in an attack on a base near Tessit, in Mali's Gao region, on Sunday.", "Gao", "ML"),
    # a division's name a larger town of the article's country shares ("Beni": Bolivia's department,
    # Congo's city) is that town where the article names the country, even inside an actor's name
    ("Attack near Beni\n\nOn 3 May 2021, the armed forces of the Democratic Republic of Congo attacked a village near Beni, "
     "killing five civilians.", "North Kivu", "CD"),
    ("ADF raid\n\nADF rebels killed 12 civilians in a raid on Beni in the Democratic Republic of Congo on Monday.", "North Kivu", "CD"),
    # the attacker's nationality ("Israeli air strike", "the Israeli military") tells who, not where
    ("Israeli strike on Gaza kills 22\n\nGAZA (Reuters) - An Israeli air strike hit a school in Gaza City on Saturday, "
     "killing 22 people. The Israeli military said it targeted a Hamas command centre. Earlier, rockets fired from Gaza "
     "wounded two people in the southern Israeli city of Ashkelon, Israel's ambulance service said.", "Gaza Strip", "PS"),
])
def test_places_resolve_in_the_articles_country(analyse, text, admin1, cc):
    assert where(analyse(text, "2023-06-05")) == (admin1, cc)


def test_where_rockets_were_fired_from_is_not_where_they_struck(analyse):
    doc = analyse("Rockets hit Ashkelon\n\nRockets fired from Gaza wounded two people in the Israeli city of Ashkelon "
                  "on Saturday, medics said.", "2023-06-05")
    assert {p.text for p in primary(doc).places} == {"Ashkelon"}


def test_a_dateline_is_the_last_resort_for_an_incident_in_its_country(analyse):
    doc = analyse("Suicide bomber kills 19\n\nKABUL (AP) - A suicide bomber struck a learning centre in the west of "
                  "the Afghan capital on Friday, killing 19 people, police said.", "2022-09-30")
    assert where(doc) == ("Kabul", "AF")
    # a Beirut dateline on a Syrian story is where it was filed, not where it happened
    doc = analyse("Air strikes kill 20\n\nBEIRUT (Reuters) - Air strikes killed 20 people in Syria on Monday, a monitor said.", "2017-03-07")
    assert where(doc) is None or where(doc)[1] == "SY"


def test_an_organisation_named_after_a_place_is_not_the_incidents_place(analyse):
    doc = analyse("Strike kills 13\n\nAn Israeli strike on a house in Rafah killed 13 people overnight, the Gaza health "
                  "ministry said.", "2024-03-27")
    assert primary(doc).place._.place.admin1 == "Gaza Strip"
    assert "Hamas" not in {s.text for s in analyse("Hamas said it fired rockets at Israel on Monday.").spans["places"]}


def test_acronyms_and_outlets_are_not_towns(analyse):
    doc = analyse("Shelling in Aleppo\n\nRebel shelling of Aleppo killed four people, SANA said. - Daily Sabah")
    assert {s._.place.country_code for s in doc.spans["places"]} == {"SY"}


def test_second_incident_of_a_report_keeps_its_own_place_and_figures(analyse):
    doc = analyse("Missile hits Kharkiv\n\nA Russian missile struck an apartment block in Kharkiv on Wednesday, killing "
                  "four people.\n\nIn the Donetsk region, Russian shelling of Kostiantynivka on Tuesday killed three civilians.",
                  "2022-07-21")
    events = doc._.events
    assert len(events) == 2
    assert {(e.admin1, str(e.event_date)) for e in events} == {("Kharkiv Oblast", "2022-07-20"), ("Donetsk Oblast", "2022-07-19")}


@pytest.mark.parametrize("text,actor", [
    ("Coalition strike kills 10\n\nA Saudi-led coalition air strike killed 10 people in Yemen's Hodeidah on Monday.", "Saudi-led coalition"),
    ("Coalition strike kills 10\n\nA coalition air strike killed 10 people in Hodeidah, Yemen, on Monday.", "Saudi-led coalition"),
    ("Coalition strike kills 10\n\nA coalition air strike killed 10 people in Raqqa, Syria, on Monday.", "US-led coalition"),
    ("RSF shelling\n\nThe paramilitary RSF shelled Omdurman on Tuesday, killing five civilians.", "Rapid Support Forces"),
    # "terrorists" is a government's word for whoever it fights: in Syria (state media) the
    # armed opposition, in the Sahel the jihadists; elsewhere it names no one
    ("Shelling\n\nTerrorists fired shells on residential neighbourhoods of Aleppo on Monday, killing three civilians, SANA said.",
     "Syrian opposition"),
    ("Ambush\n\nArmed terrorist groups ambushed an army convoy near Djibo in northern Burkina Faso on Sunday, killing 15 soldiers.",
     "jihadists"),
    ("Attack\n\nA group of terrorists attacked a checkpoint near Menaka, Mali, on Friday, killing four soldiers.", "jihadists"),
])
def test_actors_follow_the_theatre(analyse, text, actor):
    assert primary(analyse(text, "2023-06-06")).attackers[:1] == [actor]


@pytest.mark.parametrize("text", [
    "Camp attack\n\nTerrorists stormed an army camp in Uri in Indian Kashmir on Sunday, killing 17 soldiers, the army said.",
    "Market bombing\n\nA terrorist detonated a bomb at a market in Peshawar, Pakistan, on Friday, killing nine people.",
    "Shooting\n\nPolice said terrorists opened fire on worshippers at a church in Kaduna, Nigeria, killing five people.",
])
def test_terrorists_name_no_syrian_actor_elsewhere(analyse, text):
    event = primary(analyse(text, "2023-06-06"))
    assert "Syrian opposition" not in event.attackers + event.targets


def test_a_linked_group_is_not_the_actor(analyse):
    doc = analyse("Bombing\n\nThe al-Qaeda-linked al-Shabaab group claimed a bombing in Mogadishu that killed six people.")
    assert [s.id_ for s in doc.spans["actors"]] == ["al-Shabaab"]


@pytest.mark.parametrize("event_type,words,want", [
    ("air_strike", ["drone strike"], "Air/drone strike"),
    ("air_strike", ["missile strike"], "Shelling/artillery/missile attack"),
    ("shelling", ["shelled"], "Shelling/artillery/missile attack"),
    ("explosion", ["roadside bomb"], "Remote explosive/landmine/IED"),
    ("explosion", ["grenade attack"], "Grenade"),
    ("attack", ["opened fire"], "Attack"),
    ("attack", ["kidnapped"], "Abduction/forced disappearance"),
    ("suicide_bombing", ["suicide bomber"], "Suicide bomb"),
    ("armed_clash", ["clashes"], "Armed clash"),
    ("other", [], "Violent demonstration"),
    ("other", ["riots"], "Mob violence"),
])
def test_sub_event_types_in_acleds_vocabulary(event_type, words, want):
    assert sub_event_type(event_type, words) == want


@pytest.mark.parametrize("text,event_type", [
    ("Shooting\n\nA gunman opened fire at a shopping centre on Saturday, killing three people.", "attack"),
    ("Shooting\n\nThree people were shot dead outside a nightclub early on Sunday, police said.", "attack"),
    ("Stabbing\n\nA man stabbed four people at a bus station on Friday, killing one.", "attack"),
    ("Grenade\n\nA hand grenade thrown into a bar killed two people on Friday.", "explosion"),
    ("School shooting\n\nA shooter armed with an assault rifle killed six people at a school on Monday.", "attack"),
])
def test_shootings_stabbings_and_grenades_are_incidents(analyse, text, event_type):
    assert primary(analyse(text, "2023-06-05")).event_type == event_type


def test_the_world_index_is_read_once_built_not_rebuilt():
    """Loading the built index is a read (about 0.3 s), not a rebuild (a minute): the bound is
    far from both, so a busy machine does not fail it (speed itself is `make bench`'s)."""
    load_gazetteer.cache_clear()
    start = time.perf_counter()
    gaz = load_gazetteer()
    hits = gaz.lookup("Kharkiv") + gaz.lookup("Maiduguri") + gaz.lookup("Culiacan")
    assert time.perf_counter() - start < 15.0
    assert {p.country_code for p in hits} >= {"UA", "NG", "MX"}


@pytest.mark.parametrize("text", [
    "The president asked lawmakers to back strikes over what Washington says was a gas attack that killed 1,400 on August 21.",
    "The attack that killed more than 1400 people on August 21 was carried out by government forces, officials said.",
    "Twelve civilians died in the raid of March 3, the monitor said.",
])
def test_a_month_name_is_a_date_not_a_town(analyse, text):
    doc = analyse("Gas attack toll\n\n" + text, "2013-09-01")
    assert not {"August", "March"} & {p.text for e in doc._.events for p in e.places}


@pytest.mark.parametrize("text", [
    "Man killed in drive-by shooting\n\nA 23-year-old man was killed Monday in a drive-by shooting on the city's East Side, "
    "Detroit police said.",
    "Teen shot on West Side\n\nDETROIT (AP) — A 16-year-old boy was shot Sunday on the West Side, police said.",
])
def test_a_side_of_the_city_is_the_reports_city_never_a_namesake(analyse, text):
    """'the city's East Side' was East Side, Michigan (a namesake's point); 'the West Side' of
    a Detroit report was a West Side in Pennsylvania."""
    p = primary(analyse(text, "2021-06-14")).place._.place
    assert (p.name, p.admin1) == ("Detroit", "Michigan")
