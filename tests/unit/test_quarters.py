"""A neighbourhood is coded as its town (CODEBOOK, Place anywhere): the city named before the
quarter or in its sentence, not a namesake town of the quarter's name elsewhere."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,location", [
    ("Police in Louisville say a man was killed in a shooting in the Russell neighborhood Sunday morning.", "Louisville"),
    ("A man was killed in a shooting in the Englewood neighborhood on Chicago's South Side on Sunday.", "Chicago"),
    ("Gunmen in Karachi killed a shopkeeper in the Lyari neighbourhood on Monday.", "Karachi"),
])
def test_a_neighbourhood_is_its_city(analyse, text, location):
    doc = analyse(text, "2023-06-30")
    [primary] = [e for e in doc._.events if e.is_primary]
    assert primary.place._.place_name == location


def test_a_district_is_no_neighbourhood_of_the_largest_city(analyse):
    doc = analyse("Blasts in Assam\n\nPolice in Guwahati said militants attacked a tea garden in Dibrugarh district "
                  "on Monday, killing two.", "2023-06-30")
    [dibrugarh] = [p for p in doc.spans["places"] if p.text == "Dibrugarh"]
    assert dibrugarh._.place_name == "Dibrugarh"
