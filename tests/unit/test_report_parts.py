"""The report's pure parts (issue 17, items 2 and 5): boundaries decoded from TopoJSON, points
placed in divisions, a time axis with every month, tables headed by stated figures only."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sitrep.common.figures import stated_figure
from sitrep.report import (
    _size_legend,
    boundaries,
    contains,
    largest_by_stated_figure,
    monthly,
    topo_features,
    topo_outline,
    where,
)

# two unit squares side by side, sharing the arc 1; quantized with scale 1 and delta-encoded
SQUARES = {
    "type": "Topology", "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [[[1, 0], [-1, 0], [0, 1], [1, 0]],     # (11,20)->(10,20)->(10,21)->(11,21)
             [[1, 1], [0, -1]],                        # (11,21)->(11,20): the shared side
             [[1, 1], [1, 0], [0, -1], [-1, 0]]],      # (11,21)->(12,21)->(12,20)->(11,20)
    "objects": {"x": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "id": "W", "properties": {"name": "West"}},
        {"type": "Polygon", "arcs": [[~1, 2]], "id": "E", "properties": {"name": "East"}}]}},
}


def test_topojson_decodes_to_the_polygons_it_encodes():
    west, east = topo_features(SQUARES, "x")
    assert west["geometry"]["coordinates"][0] == [[11, 20], [10, 20], [10, 21], [11, 21], [11, 20]]
    assert contains(west, 10.5, 20.5) and not contains(west, 11.5, 20.5)
    assert east["geometry"]["coordinates"][0] == [[11, 20], [11, 21], [12, 21], [12, 20], [11, 20]]
    assert contains(east, 11.5, 20.5) and not contains(east, 12.5, 20.5)
    outline = topo_outline(SQUARES, "x")["geometry"]["coordinates"]
    assert len(outline) == 2 and [[11, 21], [11, 20]] not in outline   # the shared side is no border


def test_the_packaged_boundaries_hold_the_divisions_of_countries_at_war():
    bundle = boundaries()
    assert "Natural Earth" in bundle["source"]
    for iso3, at_least in (("SYR", 14), ("UKR", 24), ("NGA", 36), ("YEM", 20), ("SDN", 15), ("MMR", 14)):
        topology = bundle["admin1"][iso3]
        assert len(topo_features(topology, next(iter(topology["objects"])))) >= at_least, iso3
    idlib = [f for f in topo_features(bundle["admin1"]["SYR"], "syr") if contains(f, 36.63, 35.93)]
    assert [f["id"] for f in idlib] == ["SY.ID"]     # Idlib city lies in Idlib governorate


def test_every_month_has_its_place():
    incidents = pd.DataFrame({"incident_id": ["a", "b", "c"], "killed_best": [3, None, 7],
                              "date_start": [dt.date(2013, 8, 21), dt.date(2013, 8, 2), dt.date(2014, 1, 5)]})
    months = monthly(incidents)
    assert list(months["month"].dt.strftime("%Y-%m")) == [f"2013-{m:02d}" for m in range(8, 13)] + ["2014-01"]
    assert list(months["incidents"]) == [2, 0, 0, 0, 0, 1] and list(months["killed"]) == [3, 0, 0, 0, 0, 7]


def test_vague_figures_never_head_the_largest_incidents():
    incidents = pd.DataFrame({"incident_id": ["war", "raid", "blast"]})
    claims = pd.DataFrame({"incident_id": ["war", "raid", "blast", "blast"], "outcome": ["killed"] * 4,
                           "qualifier": ["vague", "exact", "at_least", "vague"], "count_low": [1000, 12, 30, 100]})
    assert list(largest_by_stated_figure(incidents, claims)["incident_id"]) == ["blast", "raid"]


@pytest.mark.parametrize("claim,text", [
    ({"count_low": 201, "count_high": None, "qualifier": "more_than"}, "more than 200"),
    ({"count_low": 20, "count_high": None, "qualifier": "at_least"}, "at least 20"),
    ({"count_low": 10, "count_high": 15, "qualifier": "range"}, "10–15"),
    ({"count_low": 7, "count_high": 7, "qualifier": "exact"}, "7"),
])
def test_a_figure_reads_as_its_source_stated_it(claim, text):
    assert stated_figure(claim) == text


@pytest.mark.parametrize("incident,text", [
    ({"geo_rank": 1, "location_name": "Saraqib", "admin1": "Idlib", "country_code": "SY"}, "Saraqib, Idlib"),
    ({"geo_rank": 2, "location_name": "Aleppo", "admin1": "Aleppo", "country_code": "SY"}, "near Aleppo"),
    ({"geo_rank": 3, "location_name": None, "admin1": "Sagaing", "country_code": "MM"}, "Sagaing (division only)"),
    ({"geo_rank": 4, "location_name": None, "admin1": None, "country_code": "SY"}, "Syria (country only)"),
    ({"geo_rank": 5, "location_name": None, "admin1": None, "country_code": None}, "place unknown"),
])
def test_a_place_says_how_precisely_it_is_known(incident, text):
    assert where(incident, {"SY": "Syria", "MM": "Myanmar"}) == text


@pytest.mark.parametrize("top,values", [(10000, [100, 1000, 10000]), (29, [2, 20]), (4, [2]), (1, [1]), (0, [1])])
def test_size_legend_values_are_round(top, values):
    assert _size_legend(top) == values


def test_every_map_shares_one_size_scale():
    """issue 31: 10 killed in Iraq is never drawn as large as 200 in Syria."""
    from sitrep.report import NEAR, country_map, size_top

    incidents = pd.DataFrame([
        {"incident_id": "a", "country_code": "SY", "geo_rank": NEAR, "latitude": 36.2, "longitude": 37.1, "admin1": "Aleppo",
         "killed_best": 200, "event_type": "air_strike"},
        {"incident_id": "b", "country_code": "IQ", "geo_rank": NEAR, "latitude": 36.3, "longitude": 43.1, "admin1": "Nineveh",
         "killed_best": 10, "event_type": "explosion"},
    ])
    assert size_top(incidents) == 200
    spec = country_map("IQ", incidents, top=size_top(incidents)).to_dict()
    domains = [layer["encoding"]["size"]["scale"]["domain"] for layer in spec["layer"] if "size" in layer.get("encoding", {})]
    assert domains == [[0, 200.0]]
