"""ACLED and UCDP GED exports (issue 17, item 1): one row per incident in their columns and
value conventions, precision by their codebooks, and types pandas and DuckDB read back."""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from sitrep.warehouse.ddl import all_ddl

from sitrep.export import export_frame, write_export
from sitrep.export.acled import COLUMNS as ACLED_COLUMNS
from sitrep.export.acled import inter as acled_inter
from sitrep.export.acled import time_precision as acled_time_precision
from sitrep.export.common import notes
from sitrep.export.ucdp import COLUMNS as UCDP_COLUMNS
from sitrep.export.ucdp import date_prec as ucdp_date_prec
from sitrep.export.ucdp import type_of_violence

D = dt.date


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    """Three incidents: a day-precise strike on a town in Syria reported by two outlets; a
    shelling in Ukraine known only to its oblast over three days; an undated clash in Yemen
    known only to the country."""
    d = tmp_path_factory.mktemp("wh")
    con = duckdb.connect(str(d / "sitrep.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt.replace(" NOT NULL", ""))
    con.execute("""INSERT INTO incidents (incident_id, event_type, date_start, date_end, location_name, admin1, latitude,
                   longitude, actor1, actor2, n_articles, n_outlets, first_reported, killed_low, killed_best, killed_high) VALUES
        ('inc-00000000000a', 'air_strike', DATE '2016-08-14', DATE '2016-08-14', 'Saraqib', 'Idlib', 35.86, 36.8,
         'Syrian government', NULL, 2, 2, DATE '2016-08-14', 12, 15, 20),
        ('inc-00000000000b', 'shelling', DATE '2022-07-19', DATE '2022-07-21', NULL, 'Donetsk Oblast', 48.0, 37.8,
         'Russia', 'Ukraine', 1, 1, DATE '2022-07-22', NULL, NULL, NULL),
        ('inc-00000000000c', 'armed_clash', NULL, NULL, NULL, NULL, NULL, NULL,
         'Houthis', 'Yemeni government', 1, 1, DATE '2018-08-09', 7, 7, 7)""")
    con.execute("""INSERT INTO incident_events (incident_id, event_id, article_id) VALUES
        ('inc-00000000000a', 'e1', 'a1'), ('inc-00000000000a', 'e2', 'a2'),
        ('inc-00000000000b', 'e3', 'a3'), ('inc-00000000000c', 'e4', 'a4')""")
    con.execute("""INSERT INTO events (event_id, article_id, country_code, geo_precision, date_precision, sub_event_type) VALUES
        ('e1', 'a1', 'SY', 'place', 'day', 'Air/drone strike'), ('e2', 'a2', 'SY', 'near_place', 'day', 'Air/drone strike'),
        ('e3', 'a3', 'UA', 'admin1', 'day', 'Shelling/artillery/missile attack'),
        ('e4', 'a4', 'YE', 'country', 'unknown', 'Armed clash')""")
    con.execute("""INSERT INTO articles (article_id, source_uri, outlet, title, published_date) VALUES
        ('a1', '/src/a1.txt', 'AFP', 'Jets strike Saraqib', DATE '2016-08-14'),
        ('a2', '/src/a2.txt', 'Reuters', 'Raid on Idlib town', DATE '2016-08-15'),
        ('a3', '/src/a3.txt', 'Kyiv Independent', 'Shelling in Donetsk', DATE '2022-07-22'),
        ('a4', '/src/a4.txt', NULL, 'Clashes in Yemen', DATE '2018-08-09')""")
    con.execute("""INSERT INTO casualty_claims (claim_id, article_id, event_id, outcome, count_low, count_high, qualifier,
                   victim_group, claimed_by, is_subtotal) VALUES
        ('c1', 'a1', 'e1', 'killed', 12, NULL, 'at_least', 'civilians', 'Syrian Observatory for Human Rights', FALSE),
        ('c2', 'a2', 'e2', 'killed', 15, 15, 'exact', 'civilians', 'civil defence', FALSE),
        ('c3', 'a2', 'e2', 'killed', 4, 4, 'exact', 'children', 'civil defence', TRUE),
        ('c4', 'a4', 'e4', 'killed', 7, 7, 'exact', 'militants', NULL, FALSE)""")
    con.close()
    return d


def test_acled_rows_follow_acleds_conventions(wh):
    frame = export_frame(wh, "acled")
    assert list(frame.columns) == list(ACLED_COLUMNS) and len(frame) == 3
    f = frame.set_index("sitrep_incident_id")
    syria, ukraine, yemen = f.loc["inc-00000000000a"], f.loc["inc-00000000000b"], f.loc["inc-00000000000c"]
    assert syria["event_id_cnty"].startswith("SYR") and syria["iso"] == 760 and syria["country"] == "Syria"
    assert syria["event_date"] == D(2016, 8, 14) and syria["year"] == 2016 and syria["time_precision"] == 1
    assert (syria["event_type"], syria["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    # actors named as ACLED names them (export_actor_names.csv)
    assert syria["actor1"] == "Military Forces of Syria (2000-)"
    assert syria["actor2"] == "Civilians (Syria)" and (syria["inter1"], syria["inter2"], syria["interaction"]) == (1, 7, 17)
    assert (ukraine["actor1"], ukraine["actor2"]) == ("Military Forces of Russia (2000-)", "Military Forces of Ukraine")
    assert syria["geo_precision"] == 1 and syria["latitude"] == 35.86
    assert syria["fatalities"] == 12                       # the conservative figure, not the best (15)
    assert syria["source"] == "AFP; Reuters"
    assert "On 14 August 2016, air strike by Syrian government in Saraqib, Idlib, Syria." in syria["notes"]
    assert "at least 12 civilians killed" in syria["notes"] and "4 children" not in syria["notes"]   # no subtotal
    # Russian forces in Ukraine are external forces there (8); a span of three days is precision 2
    assert (ukraine["inter1"], ukraine["inter2"], ukraine["interaction"]) == (8, 1, 18)
    assert ukraine["time_precision"] == 2 and ukraine["geo_precision"] == 3
    assert pd.isna(ukraine["latitude"]) and ukraine["location"] == "Donetsk Oblast"   # an oblast is no point
    assert ukraine["fatalities"] == 0
    # an undated incident takes its first report's date, at the loosest precision
    assert yemen["event_date"] == D(2018, 8, 9) and yemen["time_precision"] == 3 and yemen["location"] == "Yemen"


def test_ucdp_rows_follow_ucdp_geds_conventions(wh):
    frame = export_frame(wh, "ucdp")
    assert list(frame.columns) == list(UCDP_COLUMNS)
    f = frame.set_index("sitrep_incident_id")
    syria = f.loc["inc-00000000000a"]
    assert (syria["best"], syria["low"], syria["high"]) == (15, 12, 20)
    # sides as UCDP names them; one-sided violence is against "Civilians"
    assert syria["type_of_violence"] == 3 and (syria["side_a"], syria["side_b"]) == ("Government of Syria", "Civilians")
    assert syria["where_prec"] == 1 and syria["date_prec"] == 1 and syria["number_of_sources"] == 2
    assert "AFP" in syria["source_article"] and "Raid on Idlib town" in syria["source_article"]
    assert syria["country_iso3"] == "SYR" and syria["adm_1"] == "Idlib"
    # no valid GED row without a death toll (Donetsk) or a date (Yemen): left out and counted
    assert set(f.index) == {"inc-00000000000a"}
    assert frame.attrs["left_out"] == {"no death toll": 1, "no date": 1}


def test_every_ucdp_row_is_a_valid_ged_row(wh, tmp_path):
    """Read back as an analyst would: every required column filled, codes in GED's ranges."""
    out = tmp_path / "ged.csv"
    write_export(export_frame(wh, "ucdp"), out)
    back = pd.read_csv(out)
    required = ["id", "year", "type_of_violence", "side_a", "side_b", "where_prec", "country", "date_prec",
                "date_start", "date_end", "best", "low", "high", "latitude", "longitude"]
    assert not back[required].isna().any().any()
    assert back["type_of_violence"].isin([1, 2, 3]).all() and back["where_prec"].between(1, 7).all()
    assert back["date_prec"].between(1, 5).all() and (back["low"] <= back["best"]).all() and (back["best"] <= back["high"]).all()
    assert (pd.to_datetime(back["date_start"]) <= pd.to_datetime(back["date_end"])).all()


def test_every_acled_row_names_its_actors_in_acleds_style(wh):
    frame = export_frame(wh, "acled")
    for actor in frame["actor1"].dropna().tolist() + frame["actor2"].dropna().tolist():
        assert actor[:1].isupper(), actor   # "Civilians (Syria)", "Military Forces of …", never "civilians"
    assert not frame["actor1"].isin(["Syrian government", "Russia", "civilians"]).any()


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_pandas_and_duckdb_read_the_exports_back_with_the_right_types(wh, tmp_path, fmt, suffix):
    out = tmp_path / f"{fmt}.{suffix}"
    write_export(export_frame(wh, fmt), out)
    date_cols = ["event_date"] if fmt == "acled" else ["date_start", "date_end"]
    int_cols = (["year", "time_precision", "inter1", "iso", "geo_precision", "fatalities"] if fmt == "acled"
                else ["id", "year", "where_prec", "date_prec", "best", "low", "high", "number_of_sources"])
    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{out}'").fetchall()}
    assert all(types[c] == "DATE" for c in date_cols), types
    assert all(types[c] in ("BIGINT", "INTEGER") for c in int_cols), types
    assert types["latitude"] == "DOUBLE"
    if suffix == "csv":
        back = pd.read_csv(out, dtype_backend="numpy_nullable", parse_dates=date_cols)
    else:
        back = pd.read_parquet(out)
    assert len(back) == (3 if fmt == "acled" else 1)
    assert all(pd.api.types.is_integer_dtype(back[c]) for c in int_cols), back.dtypes
    assert all(pd.api.types.is_datetime64_any_dtype(back[c]) or isinstance(back[c].dropna().iloc[0], dt.date)
               for c in date_cols)


@pytest.mark.parametrize("actor,country,code", [
    ("Syrian government", "SY", 1), ("Russia", "SY", 8), ("Russia", "RU", 1), ("US-led coalition", "IQ", 8),
    ("Islamic State", "IQ", 2), ("Wagner Group", "ML", 3), ("gunmen", "US", 3), ("someone new", "SY", None), (None, "SY", None),
])
def test_acled_actor_codes(actor, country, code):
    assert acled_inter(actor, country) == code


@pytest.mark.parametrize("a,b,civilians,kind", [
    ("Syrian government", "Syrian opposition", False, 1), ("Islamic State", "Kurdish forces", False, 2),
    ("Islamic State", None, True, 3), ("Russia", "civilians", False, 3), (None, "Houthis", True, None),
    ("Saudi-led coalition", "Houthis", False, 1), ("Islamic State", None, False, None),
])
def test_ucdp_type_of_violence(a, b, civilians, kind):
    assert type_of_violence(a, b, civilians) == kind


@pytest.mark.parametrize("rank,start,end,acled,ucdp", [
    (1, D(2016, 1, 1), D(2016, 1, 1), 1, 1), (1, D(2016, 1, 1), D(2016, 1, 4), 2, 2),
    (2, D(2016, 1, 1), D(2016, 1, 1), 2, 3), (3, D(2016, 1, 1), D(2016, 1, 20), 3, 4),
    (1, D(2016, 1, 1), D(2016, 3, 1), 3, 5), (5, None, None, 3, 5),
])
def test_date_precision_codes(rank, start, end, acled, ucdp):
    assert acled_time_precision(rank, start, end) == acled and ucdp_date_prec(rank, start, end) == ucdp


def test_notes_give_each_sources_figure_once_and_read_as_a_sentence():
    incident = {"event_type": "suicide_bombing", "actor1": None, "date_start": D(2023, 1, 30)}
    claims = [
        {"outcome": "killed", "count_low": 101, "count_high": None, "qualifier": "more_than", "victim_group": "people",
         "claimed_by": "police", "outlet": "AP"},
        {"outcome": "killed", "count_low": 92, "count_high": 92, "qualifier": "exact", "victim_group": "people",
         "claimed_by": "police", "outlet": "AP"},
        {"outcome": "injured", "count_low": 150, "count_high": 150, "qualifier": "exact", "victim_group": "people",
         "claimed_by": "hospital", "outlet": None},
    ]
    text = notes(incident, claims, "Peshawar, Khyber Pakhtunkhwa, Pakistan")
    assert text == ("On 30 January 2023, suicide bombing in Peshawar, Khyber Pakhtunkhwa, Pakistan. "
                    "Reported: police: more than 100 people killed; hospital: 150 people injured.")


def test_the_command_writes_csv_to_stdout_or_a_file_and_refuses_other_suffixes(wh, tmp_path, capsys):
    from sitrep.cli import main

    assert main(["export", "--format", "acled", "--warehouse", str(wh)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year,time_precision,") and len(lines) == 4
    assert main(["export", "--format", "ucdp", "--warehouse", str(wh), "--out", str(tmp_path / "ged.parquet")]) == 0
    err = capsys.readouterr().err
    assert "wrote 1 incident in UCDP columns" in err
    assert "2 incidents left out of the UCDP export (no death toll 1, no date 1)" in err
    assert len(pd.read_parquet(tmp_path / "ged.parquet")) == 1
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "acled", "--warehouse", str(wh), "--out", str(tmp_path / "x.xlsx")])
    assert exc.value.code == 2 and "name a .csv or .parquet file" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def two_incidents(path, country: str, *incidents) -> None:
    """A warehouse of two incidents (id, event_type, actor1, actor2, killed), one report each,
    on 1 and 2 March 2021, placed only by their country."""
    con = duckdb.connect(str(path / "sitrep.duckdb"))
    for stmt in all_ddl():
        con.execute(stmt.replace(" NOT NULL", ""))
    for n, (incident_id, event_type, actor1, actor2, killed) in enumerate(incidents, 1):
        day = dt.date(2021, 3, n)
        con.execute("INSERT INTO incidents (incident_id, event_type, date_start, date_end, actor1, actor2, n_articles, "
                    "n_outlets, killed_low, killed_best, killed_high) VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?)",
                    [incident_id, event_type, day, day, actor1, actor2, killed, killed, killed])
        con.execute("INSERT INTO incident_events (incident_id, event_id, article_id) VALUES (?, ?, ?)",
                    [incident_id, f"e{n}", f"a{n}"])
        con.execute("INSERT INTO events (event_id, article_id, country_code, geo_precision, date_precision) "
                    "VALUES (?, ?, ?, 'country', 'day')", [f"e{n}", f"a{n}", country])
        con.execute("INSERT INTO articles (article_id, source_uri, published_date) VALUES (?, ?, ?)",
                    [f"a{n}", f"/src/a{n}.txt", day])
    con.close()


def test_acled_names_attackers_nobody_identified_as_acled_does(tmp_path):
    """The warehouse keeps unidentified attackers NULL (issue 30); ACLED's export calls them
    'Unidentified Armed Group (Country)' — not for a riot, whose actor is a crowd."""
    two_incidents(tmp_path, "NG", ("inc-00000000000e", "attack", None, None, None), ("inc-00000000000f", "other", None, None, None))
    f = export_frame(tmp_path, "acled").set_index("sitrep_incident_id")
    assert f.loc["inc-00000000000e", "actor1"] == "Unidentified Armed Group (Nigeria)"
    assert pd.isna(f.loc["inc-00000000000f", "actor1"])


@pytest.mark.parametrize("precision,start,end,opening", [
    ("day", D(2016, 8, 14), D(2016, 8, 14), "On 14 August 2016, "),
    ("month", D(2016, 8, 1), D(2016, 8, 31), "In August 2016, "),
    ("year", D(2016, 1, 1), D(2016, 12, 31), "In 2016, "),     # never "On 1 January 2016"
    ("unknown", None, None, "Air strike "),
])
def test_notes_state_the_date_as_precisely_as_it_is_known(precision, start, end, opening):
    incident = {"event_type": "air_strike", "actor1": None, "date_start": start, "date_end": end, "date_precision": precision}
    assert notes(incident, [], "Idlib, Syria").startswith(opening)


@pytest.mark.parametrize("actor,fmt,country,want", [
    ("militants", "acled", "SO", "Unidentified Armed Group (Somalia)"),
    ("gunmen", "acled", "MX", "Unidentified Armed Group (Mexico)"),
    ("insurgents", "ucdp", "IQ", None),           # no side GED would name: the row is left out
    ("security forces", "acled", "NG", "Military Forces of Nigeria"),
    ("security forces", "ucdp", "NG", "Government of Nigeria"),
    ("Taliban", "ucdp", "AF", "Taleban"),
])
def test_a_generic_word_for_an_actor_is_named_in_the_datasets_convention(actor, fmt, country, want):
    """The world dev export had 'militants' (12), 'rebels' (7), 'insurgents' (6) and
    'security forces' as ACLED actor names: not ACLED's style."""
    from sitrep.export.common import export_actor

    assert export_actor(actor, fmt, country) == want


def test_ucdp_leaves_out_an_incident_whose_attacker_is_unidentified(tmp_path):
    two_incidents(tmp_path, "SO", ("inc-0000000000a1", "attack", "militants", "civilians", 4),
                  ("inc-0000000000a2", "attack", "al-Shabaab", "civilians", 5))
    f = export_frame(tmp_path, "ucdp")
    assert f["side_a"].tolist() == ["Al-Shabaab"]


def test_a_format_is_one_module_the_registry_finds(wh, tmp_path, monkeypatch):
    """issue 33: adding an export format is adding one module (NAME, COLUMNS, row) to
    sitrep/export; the command line's choices and export_frame find it."""
    import sys

    import sitrep.export as export

    (tmp_path / "demo.py").write_text('NAME = "demo"\nCOLUMNS = {"id": "string", "where": "string"}\n'
                                      'def row(incident):\n'
                                      '    return {"id": incident.fields["incident_id"], "where": incident.where}\n')
    monkeypatch.setattr(export, "__path__", [*export.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "sitrep.export.demo", raising=False)
    assert export.format_names() == ["acled", "demo", "ucdp"]
    frame = export_frame(wh, "demo")
    assert list(frame.columns) == ["id", "where"] and len(frame) == 3 and "Saraqib, Idlib, Syria" in set(frame["where"])
    with pytest.raises(ValueError, match="unknown export format"):
        export.format_module("nope")


def test_an_actor_no_mapping_names_is_written_as_the_datasets_write_a_name():
    from sitrep.export.common import export_actor

    assert export_actor("peacekeepers", "acled", "ML") == "Peacekeepers"
    assert export_actor("al-Qaeda", "ucdp", "IQ") == "al-Qaida"   # the mapping's spelling, kept
