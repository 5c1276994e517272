"""The flow, in-process under Prefect's test harness (its engine and a temporary API, spaCy,
DuckDB, Parquet), then the warehouse checked against the contract and the sample gold; reruns
and duplicates. The command line itself has its smoke tests in tests/integration."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from sitrep.schemas import TABLES
from sitrep.evaluation import evaluate
from sitrep.common.settings import sample_corpus, sample_gold, world_gold, world_sample

pytestmark = pytest.mark.integration

CONTRACT = {
    "articles": {"article_id", "source_uri", "title", "outlet", "published_date"},
    "article_sources": {"article_id", "source_uri"},
    "events": {"event_id", "article_id", "is_primary", "event_type", "event_date", "date_precision", "actor1", "actor2",
               "location_name", "admin1", "country_code", "latitude", "longitude", "geo_precision"},
    "casualty_claims": {"claim_id", "article_id", "event_id", "outcome", "count_low", "count_high", "qualifier",
                        "victim_group", "claimed_by", "evidence", "start_char", "end_char"},
    "runs": {"run_id", "started_at", "finished_at", "inputs_seen", "articles_loaded", "articles_unchanged",
             "articles_duplicate", "inputs_quarantined"},
    "quarantine": {"run_id", "source_uri", "stage", "reason"},
}


def counts(summary: dict) -> dict[str, int]:
    return {"inputs seen": summary["inputs_seen"], "loaded": summary["articles_loaded"],
            "unchanged": summary["articles_unchanged"], "duplicate": summary["articles_duplicate"],
            "quarantined": summary["inputs_quarantined"]}


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory, etl):
    wh = tmp_path_factory.mktemp("wh")
    return wh, etl(warehouse=str(wh))


def test_first_run_loads_every_sample_article(sample_warehouse):
    wh, summary = sample_warehouse
    n_inputs = sum(1 for p in sample_corpus().iterdir() if p.suffix != ".jsonl") + 2   # the .jsonl holds two
    assert counts(summary) == {"inputs seen": n_inputs, "loaded": n_inputs, "unchanged": 0, "duplicate": 0, "quarantined": 0}
    assert summary["events"] > 0 and summary["claims"] > 0 and summary["elapsed_s"] > 0
    assert summary["table_rows"]["articles"] == n_inputs


def test_warehouse_follows_the_contract(sample_warehouse):
    wh, _ = sample_warehouse
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    for table, cols in CONTRACT.items():
        have = {r[0] for r in con.execute("select column_name from information_schema.columns where table_name = ?", [table]).fetchall()}
        assert cols <= have, (table, cols - have)
    assert con.execute("select count(*) from events group by article_id having sum(is_primary::int) <> 1").fetchall() == []
    assert con.execute("select count(*) from casualty_claims c left join events e using (event_id) where c.event_id is not null and e.event_id is null").fetchone()[0] == 0
    assert con.execute("select count(*) from events e left join articles a using (article_id) where a.article_id is null").fetchone()[0] == 0
    bad = con.execute("select count(*) from runs where inputs_seen <> articles_loaded + articles_unchanged + articles_duplicate + inputs_quarantined").fetchone()[0]
    assert bad == 0
    # every span points at its figure in the normalized text
    for text, start, end in con.execute("select a.text, c.start_char, c.end_char from casualty_claims c join articles a using (article_id)").fetchall():
        assert re.search(r"\w", text[start:end])
    con.close()


def test_parquet_holds_the_same_tables(sample_warehouse):
    wh, _ = sample_warehouse
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    for table in TABLES:
        files = list((wh / "parquet" / table).glob("**/*.parquet"))
        assert files, table
        rows = sum(pq.read_metadata(f).num_rows for f in files)
        assert rows == con.execute(f"select count(*) from {table}").fetchone()[0], table
    con.close()


def test_sample_meets_the_extraction_targets(sample_warehouse):
    wh, _ = sample_warehouse
    r = evaluate(sample_gold(), wh)
    assert r["articles_missing"] == []
    for key in ("published", "governorate", "date_exact", "event_type"):
        assert r[key] == 1.0, (key, r["misses"])
    assert r["actor1"] >= 0.8 and r["actor2"] >= 0.8, r["misses"]
    assert r["claims_f1"] >= 0.9 and r["attribution"] >= 0.85 and r["victim_group"] >= 0.85, r["misses"]
    assert r["other_events"] >= 0.7, r["misses"]


def test_rerun_is_idempotent_and_reports_unchanged(sample_warehouse, etl):
    wh, summary = sample_warehouse
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    before = {t: sorted(map(str, con.execute(f"select * from {t}").fetchall())) for t in ("articles", "events", "casualty_claims", "mentions", "article_sources")}
    con.close()
    second = etl(warehouse=str(wh))
    n = summary["inputs_seen"]
    assert counts(second) == {"inputs seen": n, "loaded": 0, "unchanged": n, "duplicate": 0, "quarantined": 0}
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    after = {t: sorted(map(str, con.execute(f"select * from {t}").fetchall())) for t in before}
    assert con.execute("select count(*) from runs").fetchone()[0] == 2
    con.close()
    assert after == before


def test_parquet_is_hive_partitioned_by_publication_month(sample_warehouse):
    wh, _ = sample_warehouse
    con = duckdb.connect()
    rows = con.execute(f"select pub_year, pub_month, count(*) from read_parquet('{wh}/parquet/events/**/*.parquet', hive_partitioning = true) group by all").fetchall()
    con.close()
    rows = [(str(y), str(m), n) for y, m, n in rows]   # engines infer ints where every value is a number
    assert ("2018", "4", 3) in rows   # the April 2018 articles: Douma twice (the barrel bomb is the gas attack itself), the offensive on Douma
    assert all(y.isdigit() or y == "unknown" for y, _, _ in rows)
    import pandas as pd

    assert len(pd.read_parquet(wh / "parquet" / "articles")) == 23   # pandas/pyarrow read the same layout


def test_duplicates_are_loaded_once_and_every_input_recorded(tmp_path, etl):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    original = next(p for p in sample_corpus().iterdir() if p.suffix == ".txt")
    shutil.copy(original, src / "a.txt")
    shutil.copy(original, src / "sub" / "copy-of-a.txt")
    (src / "notes.md").write_text("not an article file")
    (src / "empty.txt").write_text("")
    wh = tmp_path / "wh"
    summary = etl(source=str(src), warehouse=str(wh))
    assert counts(summary) == {"inputs seen": 3, "loaded": 1, "unchanged": 0, "duplicate": 1, "quarantined": 1}
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    assert con.execute("select count(*) from articles").fetchone()[0] == 1
    assert sorted(Path(r[0]).name for r in con.execute("select source_uri from article_sources").fetchall()) == ["a.txt", "copy-of-a.txt"]
    assert con.execute("select stage, reason from quarantine").fetchall() == [("read", "empty file")]
    con.close()


def test_the_multi_country_sample_meets_its_targets(etl, tmp_path):
    """Reports from 15 countries in five regions (sitrep/sample_world): divisions, dates and
    figures as for Syria, and a second incident of a report stays its own event."""
    etl(source=str(world_sample()), warehouse=str(tmp_path / "w"))
    r = evaluate(world_gold(), tmp_path / "w")
    assert r["articles_missing"] == []
    assert r["governorate"] >= 0.95, r["misses"]
    assert r["date_exact"] >= 0.9, r["misses"]
    assert r["claims_f1"] >= 0.9, r["misses"]
    assert r["city"] >= 0.9 and r["country"] == 1.0, r["misses"]
    assert r["other_events"] >= 0.9, r["misses"]
    assert r["killed"] >= 0.75, r["misses"]


@pytest.mark.parametrize("full_refresh", [False, True])
def test_a_run_repairs_a_damaged_or_stale_parquet_copy(tmp_path, etl, full_refresh):
    """issue 32, item 6: a damaged Parquet file was never repaired, and a table the migration
    widened kept its old columns in Parquet. A run checks every table's copy (readable, the
    table's columns, its rows) and rewrites what is not sound."""
    src = tmp_path / "src"
    src.mkdir()
    for p in sorted(sample_corpus().iterdir())[:2]:
        shutil.copy(p, src / p.name)
    wh = tmp_path / "wh"
    etl(source=str(src), warehouse=str(wh))
    damaged = sorted((wh / "parquet" / "events").rglob("*.parquet"))[0]
    damaged.write_bytes(b"not parquet")
    for stale in (wh / "parquet" / "incidents").rglob("*.parquet"):   # an older layout: the v9 columns missing
        table = pq.read_table(stale)
        pq.write_table(table.drop(["country_code", "geo_precision", "date_precision"]), stale)
    etl(source=str(src), warehouse=str(wh), full_refresh=full_refresh)
    con = duckdb.connect()
    for name in ("events", "incidents"):
        got = con.execute(f"SELECT count(*) FROM read_parquet('{wh}/parquet/{name}/**/*.parquet', hive_partitioning = true)").fetchone()[0]
        want = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True).execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        assert got == want
    columns = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{wh}/parquet/incidents/**/*.parquet')").fetchall()}
    assert {"country_code", "geo_precision", "date_precision"} <= columns
