from tasks.ingest.article import Article, Rejected
from tasks.plan import plan_articles


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
