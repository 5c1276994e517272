"""The pieces that keep a long run fast and bounded: the Parquet spool, the chunk size and the
phrase form of trigger patterns. (The on-demand part of speech is checked against the model
as shipped in tests/integration/test_model.py.)"""
import datetime as dt

import pandas as pd
import pyarrow.parquet as pq

from sitrep.tasks.extract.pipeline import _phrases
from sitrep.tasks.run.spool import arrow_schema, spooled_tables, write_chunk


def test_spooled_parts_keep_the_model_types_even_for_an_all_null_column(tmp_path):
    events = pd.DataFrame([{c: None for c in arrow_schema("events").names}])
    events = events.assign(event_id="a-e000", article_id="a", is_primary=True, event_type="shelling",
                           event_date=dt.date(2017, 4, 4), date_precision="day", geo_precision="unknown",
                           evidence="x", n_claims=0, n_sources=0)
    write_chunk(tmp_path, 3, {"events": events, "mentions": pd.DataFrame()})
    assert spooled_tables(tmp_path) == {"events": [str(tmp_path / "events" / "part-000003.parquet")]}   # empty frames write nothing
    schema = pq.read_schema(tmp_path / "events" / "part-000003.parquet")
    assert str(schema.field("actor1").type) == "string" and str(schema.field("killed_best").type) == "int64"
    assert str(schema.field("event_date").type) == "date32[day]"


def test_chunk_size_grows_with_the_corpus_within_bounds():
    from sitrep.flows.extract import chunk_size_for

    assert chunk_size_for(23, 2) == 32 and chunk_size_for(1000, 2) == 125 and chunk_size_for(100_000, 2) == 256


def test_word_patterns_expand_to_phrases_and_others_stay_with_the_matcher():
    assert _phrases([{"LOWER": "barrel"}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": ["bomb", "bombs"]}}]) == [
        ["barrel", "-", "bomb"], ["barrel", "-", "bombs"], ["barrel", "bomb"], ["barrel", "bombs"]]
    assert _phrases([{"LOWER": "kill", "TAG": "VBD"}]) is None
    assert _phrases([{"LOWER": "surface"}, {"ORTH": "-", "OP": "*"}]) is None


def test_the_ddl_and_the_spool_store_every_column_as_the_same_kind():
    from sitrep.schemas import TABLES
    from sitrep.warehouse.ddl import columns

    duck_of_arrow = {"string": "VARCHAR", "date32[day]": "DATE", "timestamp[us]": "TIMESTAMP",
                     "bool": "BOOLEAN", "int64": "INTEGER", "double": "DOUBLE"}
    for table, model in TABLES.items():
        arrow = {f.name: str(f.type) for f in arrow_schema(table)}
        for name, duck, _, _ in columns(model):
            assert duck_of_arrow[arrow[name]] == duck, (table, name)
    assert {n: d for n, d, _, _ in columns(TABLES["events"])}["event_date"] == "DATE"


def test_the_last_chunks_are_smaller_so_the_workers_finish_together(monkeypatch):
    import sitrep.flows.extract as extract

    class Planner:   # every file read is one article to extract
        def __init__(self):
            self.waiting = []

        def unread(self, files):
            return files

        def add_read(self, articles):
            self.waiting += articles

        def take(self, size, partial=False):
            out = []
            while len(self.waiting) >= size or (partial and self.waiting):
                out.append(self.waiting[:size])
                del self.waiting[:size]
            return out

    monkeypatch.setattr(extract, "read_inputs", lambda files: list(files))
    sizes = [len(c) for c in extract.planned_chunks(list(range(810)), Planner(), 100, 50)]
    assert sizes == [100] * 8 + [10]   # the last read (800-810) is all tail
    sizes = [len(c) for c in extract.planned_chunks(list(range(800)), Planner(), 100, 50)]
    assert sizes == [100] * 6 + [50] * 4 and sum(sizes) == 800
    assert [len(c) for c in extract.planned_chunks(list(range(800)), Planner(), 100)] == [100] * 8
