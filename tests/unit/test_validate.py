import pandas as pd

from sitrep.schemas import TABLES
from sitrep.tasks.validate import validate_frames


def article(aid="a" * 64):
    return {"article_id": aid, "source_uri": "x/1.txt", "title": "T", "outlet": None, "published_date": None,
            "byline": None, "dateline": None, "date_source": "none", "format": "txt", "encoding": "utf-8",
            "n_chars": 10, "text": "some text", "extractor_version": "v", "run_id": "r"}


def event(eid, aid="a" * 64, primary=True, etype="air_strike", admin1="Raqqa"):
    return {"event_id": eid, "article_id": aid, "is_primary": primary, "event_type": etype, "event_date": None,
            "date_precision": "unknown", "actor1": None, "actor2": None, "location_name": None, "admin1": admin1,
            "country_code": "SY", "latitude": 35.9, "longitude": 39.0, "geo_precision": "place", "location_text": None,
            "evidence": "e", "sentence_index": 0, "n_strikes": None, "n_aircraft": None, "n_claims": 0, "n_sources": 0,
            "killed_low": None, "killed_best": None, "killed_high": None, "injured_low": None, "injured_best": None,
            "injured_high": None, "confidence": 0.5}


def claim(cid, eid, low=5, outcome="killed"):
    return {"claim_id": cid, "article_id": "a" * 64, "event_id": eid, "outcome": outcome, "count_low": low,
            "count_high": low, "qualifier": "exact", "victim_group": "people", "claimed_by": None, "cited_by": None, "source_type": "unknown", "claimed_by_text": None,
            "is_subtotal": False, "adds_to_previous": False, "evidence": "e", "sentence_index": 0, "start_char": 0, "end_char": 1}


def test_bad_rows_are_set_aside_with_the_failed_check_and_the_rest_loads():
    frames = {
        "articles": pd.DataFrame([article()]),
        "events": pd.DataFrame([event("e1"), event("e2", primary=False, etype="bombing")]),
        "casualty_claims": pd.DataFrame([claim("c1", "e1"), claim("c2", "e2"), claim("c3", "e1", low=-4), claim("c4", "e1", outcome="hurt")]),
    }
    v = validate_frames(frames)
    assert list(v.frames["events"]["event_id"]) == ["e1"]
    assert list(v.frames["casualty_claims"]["claim_id"]) == ["c1"]
    reasons = {r["record_id"]: r["reason"] for r in v.rejected}
    assert "event_type" in reasons["e2"] and "isin" in reasons["e2"]
    assert "count_low" in reasons["c3"]
    assert "outcome" in reasons["c4"]
    assert "no events row 'e2'" in reasons["c2"]


def test_an_article_without_exactly_one_primary_fails():
    frames = {"articles": pd.DataFrame([article()]),
              "events": pd.DataFrame([event("e1"), event("e2")])}
    v = validate_frames(frames)
    assert v.frames["events"].empty
    assert all("one primary" in r["reason"] or "one_primary" in r["reason"] for r in v.rejected)


def test_children_of_a_failed_article_follow_it():
    bad = article()
    bad["format"] = "pdf"
    v = validate_frames({"articles": pd.DataFrame([bad]), "events": pd.DataFrame([event("e1")])})
    assert v.failed_articles and v.frames["articles"].empty and v.frames["events"].empty


def test_article_sources_may_point_at_articles_already_in_the_warehouse():
    src = pd.DataFrame([{"article_id": "z" * 64, "source_uri": "dup.txt", "run_id": "r"}])
    v = validate_frames({"articles": pd.DataFrame([article()]), "article_sources": src}, existing={"articles": {"z" * 64}})
    assert len(v.frames["article_sources"]) == 1


def test_every_contract_column_is_in_the_models():
    contract = {
        "articles": ["article_id", "source_uri", "title", "outlet", "published_date"],
        "article_sources": ["article_id", "source_uri"],
        "events": ["event_id", "article_id", "is_primary", "event_type", "event_date", "date_precision", "actor1", "actor2",
                   "location_name", "admin1", "country_code", "latitude", "longitude", "geo_precision"],
        "casualty_claims": ["claim_id", "article_id", "event_id", "outcome", "count_low", "count_high", "qualifier",
                            "victim_group", "claimed_by", "evidence", "start_char", "end_char"],
        "runs": ["run_id", "started_at", "finished_at", "inputs_seen", "articles_loaded", "articles_unchanged",
                 "articles_duplicate", "inputs_quarantined"],
        "quarantine": ["run_id", "source_uri", "stage", "reason"],
    }
    for table, cols in contract.items():
        assert set(cols) <= set(TABLES[table].to_schema().columns), table
