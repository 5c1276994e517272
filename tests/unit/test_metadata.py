import datetime as dt

from sitrep.tasks.inputs.clean import clean_lines
from sitrep.tasks.inputs.metadata import extract_metadata


def meta_of(text, hints=None):
    return extract_metadata(clean_lines(text), hints)


def test_page_date_above_the_headline_is_not_the_publication_date():
    m = meta_of("Mon | Nov 4, 2019\n\nWarplanes hit market\n\nPublished: Tuesday | May 16, 2017\n\nWarplanes struck a market on Monday.")
    assert m.title == "Warplanes hit market"
    assert m.published_date == dt.date(2017, 5, 16)
    assert m.page_date == dt.date(2019, 11, 4)
    assert m.body == ["Warplanes struck a market on Monday."]


def test_page_date_alone_gives_no_publication_date():
    m = meta_of("Fri | Jul 20, 2018\n\nStrikes hit town\n\nActivists said strikes hit the town on Thursday.")
    assert m.published_date is None


def test_byline_with_agency_and_date():
    m = meta_of("Russia and Turkey strike together\n\nBy Reuters - Jan 18,2017 - Last updated at Jan 18,2017\n\nMOSCOW — Russia said its jets struck targets.")
    assert m.outlet == "Reuters"
    assert m.published_date == dt.date(2017, 1, 18)
    assert m.dateline == "Moscow"


def test_dateline_date_opening_the_body():
    m = meta_of("Barrel bombs kill 11\n\n16 July 2015 At least 11 civilians were killed on Thursday.")
    assert m.published_date == dt.date(2015, 7, 16)
    assert m.date_source == "lead"


def test_agency_and_weekday_before_the_date():
    m = meta_of("Car bomb in Daraa\n\nAFP Friday 24 Oct 2014 A car bomb exploded in Daraa.")
    assert m.published_date == dt.date(2014, 10, 24)
    assert m.outlet == "AFP"


def test_publication_cue_opening_a_long_paragraph_keeps_the_paragraph():
    m = meta_of("Scores killed\n\nDate of publication 4 April 2017 At least 72 people were killed in an airstrike on Tuesday a monitor said in a statement to reporters.")
    assert m.published_date == dt.date(2017, 4, 4)
    assert m.body[0].startswith("At least 72 people")


def test_metadata_hints_win_and_site_suffix_leaves_the_title():
    m = meta_of("Russian strike kills 38 | Jordan Times\n\nBody text of the report goes here.", {"date": "2017-10-04"})
    assert m.title == "Russian strike kills 38"
    assert m.outlet == "Jordan Times"
    assert m.published_date == dt.date(2017, 10, 4)
    assert m.date_source == "hint"


def test_outlet_name_line_under_the_headline():
    m = meta_of("Strikes kill seven\n\nLevant Wire\nPosted: Monday | June 10, 2019\n\nAir strikes killed seven.")
    assert m.outlet == "Levant Wire"
    assert m.published_date == dt.date(2019, 6, 10)


def test_duplicate_headline_opening_the_body_is_removed():
    m = meta_of("86 dead in gas attack\n\n86 dead in gas attack The death toll rose to 86.")
    assert m.body == ["The death toll rose to 86."]


def test_site_name_as_written_and_with_sections_leaves_the_title():
    m = meta_of("Shelling kills nine in Deraa - Region - World - Ahram Online\n\nShelling killed nine people on Monday.")
    assert m.title == "Shelling kills nine in Deraa"
    assert m.outlet == "Ahram Online"


def test_site_name_before_the_headline():
    m = meta_of("National News Agency - Car bomb kills five in Tripoli\n\nA car bomb killed five people.")
    assert m.title == "Car bomb kills five in Tripoli"
    assert m.outlet == "National News Agency"


def test_hyphenated_outlet_in_a_byline_fused_into_the_first_paragraph():
    m = meta_of("Strikes kill 12\n\nPosted on March 3 2018 by Asharq Al-Awsat English Strikes kill 12 Twelve people were killed on Saturday in raids on a town near the capital.")
    assert m.outlet == "Asharq Al-Awsat"
    assert m.published_date == dt.date(2018, 3, 3)
    assert m.body[0].startswith("by Asharq") or m.body[0].startswith("Strikes kill 12")


def test_agency_credit_and_date_fused_after_the_repeated_headline():
    m = meta_of("Bomb kills 7 in market: police\n\nBomb kills 7 in market police Reuters Wednesday 12 Mar 2019 A bomb exploded in a crowded market.")
    assert m.outlet == "Reuters"
    assert m.published_date == dt.date(2019, 3, 12)


def test_agency_after_a_dated_repeat_of_the_headline():
    m = meta_of("Jets pound Idlib\n\nTuesday 3 Sep 2019 Jets pound Idlib AP Warplanes struck towns across the province.")
    assert m.published_date == dt.date(2019, 9, 3)
    assert m.outlet == "Associated Press"


def test_caption_and_closing_credits():
    caption = meta_of("Raids hit Raqqa\n\n4 Jun 2017 Smoke rises over the city. (TRT World and Agencies) Raids hit the city.")
    closing = meta_of("Raids hit Raqqa\n\nRaids hit the city on Monday.\n\nSource: Xinhua")
    assert caption.outlet == "TRT World"
    assert closing.outlet == "Xinhua"


def test_agency_slug_opening_the_lead():
    m = meta_of("Rockets hit Aleppo\n\n6 May 2016 Aleppo SANA-Terrorists fired rockets at a district, killing two.")
    assert m.outlet == "SANA"


def test_photo_credit_and_a_source_quoted_in_the_text_are_not_the_outlet():
    m = meta_of("Strike hits village\n\nA destroyed house. (Reuters Photo) Residents said four people were killed, a source told AFP.")
    assert m.outlet is None
