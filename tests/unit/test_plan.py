from sitrep.tasks.inputs.article import Article, Rejected
from sitrep.tasks.plan import plan_articles


def art(aid, uri):
    return Article(aid, uri, "txt", "t", None, None, None, None, "none", "utf-8", "text")


def test_every_input_is_counted_once_and_counts_balance():
    results = [art("a" * 64, "x/1.txt"), art("a" * 64, "x/2.txt"), art("b" * 64, "x/3.txt"),
               Rejected("x/4.txt", "read", "empty file"), art("c" * 64, "x/5.txt")]
    plan = plan_articles(results, known={"b" * 64: "v1", "c" * 64: "v0"}, known_sources=set(),
                         extractor_version="v1", full_refresh=False, run_id="r")
    assert (plan.inputs_seen, plan.loaded, plan.unchanged, plan.duplicate, plan.quarantined) == (5, 2, 1, 1, 1)
    assert plan.balanced()
    assert [a.article_id[0] for a in plan.to_extract] == ["a", "c"]   # c: another extractor version
    assert {(s["article_id"][0], s["source_uri"]) for s in plan.sources} == {("a", "x/1.txt"), ("a", "x/2.txt"), ("b", "x/3.txt"), ("c", "x/5.txt")}


def test_full_refresh_reprocesses_unchanged_articles():
    plan = plan_articles([art("b" * 64, "x/3.txt")], {"b" * 64: "v1"}, set(), "v1", True, "r")
    assert plan.loaded == 1 and plan.unchanged == 0


def test_setting_aside_moves_an_input_to_quarantine_and_keeps_the_balance():
    plan = plan_articles([art("a" * 64, "x/1.txt")], {}, set(), "v1", False, "r")
    plan.set_aside("a" * 64, "extract", "boom", "r")
    assert (plan.loaded, plan.quarantined) == (0, 1) and plan.balanced()
    assert plan.quarantine[0]["reason"] == "boom" and plan.to_extract == [] and plan.sources == []


def test_planner_streams_chunks_and_recognises_duplicates_across_them():
    from sitrep.tasks.plan import Planner

    p = Planner({}, set(), "v1", False, "r")
    p.add([art("a" * 64, "x/1.txt"), art("b" * 64, "x/2.txt"), art("c" * 64, "x/3.txt")])
    assert [[a.article_id[0] for a in c] for c in p.take(2)] == [["a", "b"]]   # only full chunks
    p.add([art("a" * 64, "x/4.txt"), art("d" * 64, "x/5.txt")])                # a: read again, later
    assert [[a.article_id[0] for a in c] for c in p.take(2, partial=True)] == [["c", "d"]]
    assert (p.plan.loaded, p.plan.duplicate) == (4, 1) and p.plan.balanced()


def test_the_input_ledger_skips_only_files_unchanged_and_loaded_under_this_version():
    from sitrep.tasks.inputs.discover import InputFile
    from sitrep.tasks.plan import Planner, ledger_entry, ledger_from_rows

    read_before = [(InputFile("x/1.txt", "txt", 10, stamp="10:5"), [art("a" * 64, "x/1.txt")]),
                   (InputFile("x/2.txt", "txt", 10, stamp="10:5"), [art("b" * 64, "x/2.txt")]),
                   (InputFile("x/3.txt", "txt", 10, stamp="10:5"), [art("c" * 64, "x/3.txt")]),
                   (InputFile("x/4.txt", "txt", 0, stamp="0:5"), [Rejected("x/4.txt", "read", "empty file")])]
    first = Planner({}, set(), "v1", False, "r1")
    first.add_read(read_before)
    ledger = ledger_from_rows(first.ledger_after())
    assert set(ledger) == {"x/1.txt", "x/2.txt", "x/3.txt"}   # a set-aside file is always read again
    assert ledger_entry(InputFile("x/9.txt", "txt", 1, stamp=None), [art("e" * 64, "x/9.txt")]) is None

    known = {"a" * 64: "v1", "b" * 64: "v1", "c" * 64: "v0"}   # c was loaded by another extractor version
    again = [InputFile("x/1.txt", "txt", 10, stamp="10:5"), InputFile("x/2.txt", "txt", 11, stamp="11:7"),
             InputFile("x/3.txt", "txt", 10, stamp="10:5"), InputFile("x/4.txt", "txt", 0, stamp="0:5")]
    second = Planner(known, {("a" * 64, "x/1.txt")}, "v1", False, "r2", ledger=ledger)
    to_read = second.unread(again)
    assert [f.uri for f in to_read] == ["x/2.txt", "x/3.txt", "x/4.txt"]   # changed, old version, never vouched
    assert (second.plan.inputs_seen, second.plan.unchanged) == (1, 1)
