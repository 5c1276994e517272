import pytest

from sitrep.common.gazetteer import load_gazetteer


@pytest.mark.parametrize("name,place,admin1", [
    ("Raqqa", "Raqqa", "Raqqa"), ("Raqa", "Raqqa", "Raqqa"), ("Rakka", "Raqqa", "Raqqa"), ("Ar Raqqah", "Raqqa", "Raqqa"),
    ("Deir Ezzor", "Deir ez-Zor", "Deir ez-Zor"), ("Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor"),
    ("Deir al-Zour", "Deir ez-Zor", "Deir ez-Zor"), ("Dayr az Zawr", "Deir ez-Zor", "Deir ez-Zor"),
    ("Azaz", "Azaz", "Aleppo"), ("A'zaz", "Azaz", "Aleppo"), ("Palmyra", "Palmyra", "Homs"), ("Tadmur", "Palmyra", "Homs"),
    ("Al Bab", "Al Bab", "Aleppo"), ("al-Bab", "Al Bab", "Aleppo"), ("Manbij", "Manbij", "Aleppo"), ("Douma", "Douma", "Rif Dimashq"),
    ("Eastern Ghouta", "Eastern Ghouta", "Rif Dimashq"), ("Khan Sheikhoun", "Khan Sheikhoun", "Idlib"),
    ("Khan Shaykhun", "Khan Sheikhoun", "Idlib"), ("Maarat al-Numan", "Maarat al-Numan", "Idlib"),
    ("Rural Damascus", "Rif Dimashq", "Rif Dimashq"), ("Sweida", "As-Suwayda", "As-Suwayda"), ("Lattakia", "Latakia", "Latakia"),
    ("Hasakeh", "Hasakah", "Hasakah"), ("Mosul", "Mosul", "Nineveh"), ("Qamishli", "Qamishli", "Hasakah"),
])
def test_transliteration_variants(name, place, admin1):
    hit = load_gazetteer().lookup(name)
    assert hit and hit[0].name == place and hit[0].admin1 == admin1


def test_skeleton_lookup_for_unlisted_spellings():
    g = load_gazetteer()
    assert g.lookup("Deir Ezour") == [] and g.lookup_skeleton("Deir Ezour")[0].admin1 == "Deir ez-Zor"


def test_english_words_are_not_places():
    g = load_gazetteer()
    assert g.lookup("Hit") == [] and g.lookup("Van") == []


def places_of(doc):
    """The places named as where something is (not those of who speaks: "Aleppo Police Command")."""
    return [(s.text, s._.place.admin1, s._.precision) for s in doc.spans["places"] if s._.place_role == "place"]


@pytest.mark.parametrize("text,want", [
    ("X\n\nJets struck al-Bab, which is located around 40km northeast of Aleppo.", [("al-Bab", "Aleppo", "place"), ("Aleppo", "Aleppo", "near_place")]),
    ("X\n\nStrikes hit targets near Raqqa.", [("Raqqa", "Raqqa", "near_place")]),
    ("X\n\nJets bombed the suburbs of Al Bab.", [("Al Bab", "Aleppo", "near_place")]),
    ("X\n\nThe army advanced into Raqqa province.", [("Raqqa", "Raqqa", "admin1")]),
    ("X\n\nFighting raged in northern Aleppo.", [("Aleppo", "Aleppo", "admin1")]),
    ("X\n\nShelling hit the Damascus countryside.", [("Damascus countryside", "Rif Dimashq", "admin1")]),
    ("X\n\nShelling hit rural Damascus.", [("Damascus", "Rif Dimashq", "admin1")]),
    ("X\n\nA source at Aleppo Police Command said shells hit Tartus.", [("Tartus", "Tartus", "place")]),
    ("X\n\nDrones were downed near its base at Tartus.", [("Tartus", "Tartus", "place")]),
    ("X\n\nShells hit at-Tall and as-Safira.", [("at-Tall", "Rif Dimashq", "place"), ("as-Safira", "Aleppo", "place")]),
    ("X\n\nTurkey said the strikes targeted Syria.", [("Turkey", None, "country"), ("Syria", None, "country")]),
])
def test_place_precision(analyse, text, want):
    assert places_of(analyse(text)) == want


def test_dateline_capital_and_metonym_are_not_event_places(analyse):
    doc = analyse("X\n\nBEIRUT Moscow which backs its Damascus ally said jets struck Idlib.")
    assert [s.text for s in doc.spans["places"]] == ["Idlib"]


@pytest.mark.parametrize("text,want", [
    # a nationality's adjective that a region is also called is not that region ...
    ("X\n\nA car bomb exploded near a checkpoint in the Somali capital on Saturday.", []),
    # ... unless a place noun follows
    ("X\n\nTwo soldiers died in an ambush in the Somali region of Ethiopia.", ["Somali", "Ethiopia"]),
])
def test_a_demonym_is_not_a_place(analyse, text, want):
    assert [s.text for s in analyse(text).spans["places"]] == want


@pytest.mark.parametrize("text,want", [
    # the seat of who rules, and a side taken, are who acts — not where it happened
    ("X\n\nThere was no comment from the regime in Damascus on the strikes on Douma.", ["Douma"]),
    ("X\n\nThe government in Kabul says a bomb exploded in a market in Kandahar.", ["Kandahar"]),
    ("X\n\nThe army called the reports anti-Damascus propaganda after shelling in Harasta.", ["Harasta"]),
    ("X\n\nPro-Moscow rebels shelled Donetsk on Monday.", ["Donetsk"]),
    # a town in its own right after "in" stays a place
    ("X\n\nGovernment troops in Aleppo shelled rebel positions.", ["Aleppo"]),
])
def test_a_seat_of_government_or_a_side_is_not_where_it_happened(analyse, text, want):
    assert [t for t, *_ in places_of(analyse(text))] == want


@pytest.mark.parametrize("text,want", [
    # where the wounded were taken is not where they were hurt
    ("X\n\nHolyoke police said two men were shot and were taken to a hospital in Springfield.", []),   # (Holyoke: who speaks)
    ("X\n\nBoth victims were rushed to Baystate Medical Center in Springfield after the shooting in Holyoke.", ["Holyoke"]),
    ("X\n\nThe wounded were flown to a hospital in Nashville after the attack in Waverly.", ["Waverly"]),
    # a town the shooting itself is in stays a place
    ("X\n\nA man was shot in Springfield and taken to a hospital.", ["Springfield"]),
])
def test_the_town_of_a_hospital_the_wounded_were_taken_to_is_not_the_scene(analyse, text, want):
    assert [t for t, *_ in places_of(analyse(text))] == want
