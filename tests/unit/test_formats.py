import json

from sitrep.tasks.inputs.article import Article, Rejected, build_article
from sitrep.tasks.inputs.formats import read_records

HTML = """<html><head><title>Strikes hit Idlib | Gulf Courier</title>
<meta property="og:site_name" content="Gulf Courier"><meta property="article:published_time" content="2018-05-02"></head>
<body><nav>You are here: Home / News</nav><article><h1>Strikes hit Idlib</h1>
<p>Air strikes on the town of Saraqib in Idlib province killed seven civilians on Tuesday, rescue workers said.</p>
<figure><figcaption>Smoke over Saraqib (file photo)</figcaption></figure>
<p>The White Helmets said the raids hit a bakery and a residential street in the town centre.</p></article>
<footer>Newsletter | All rights reserved</footer></body></html>"""


def test_html_gives_text_and_metadata_without_navigation():
    [rec] = read_records(HTML.encode(), "page.html", "html")
    art = build_article(rec)
    assert isinstance(art, Article)
    assert art.title == "Strikes hit Idlib"
    assert art.outlet == "Gulf Courier"
    assert str(art.published_date) == "2018-05-02"
    assert "You are here" not in art.text and "Newsletter" not in art.text and "Smoke over" not in art.text
    assert "killed seven civilians" in art.text


def test_html_without_article_is_rejected_with_reason():
    [rec] = read_records(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "empty.html", "html")
    assert isinstance(build_article(rec), Rejected)


def test_json_without_text_field_is_rejected():
    [rec] = read_records(json.dumps({"title": "x", "date": "2017-01-01"}).encode(), "a.json", "json")
    assert rec.error and "no text field" in rec.error


def test_jsonl_malformed_lines_are_rejected_and_good_lines_kept():
    data = b'{"text": "Air strikes killed five people in Idlib on Monday, rescuers said."}\n{not json\n\n{"body": "Shelling hit Daraa on Friday, killing three people."}\n'
    recs = read_records(data, "feed.jsonl", "jsonl")
    assert [r.source_uri for r in recs] == ["feed.jsonl#L1", "feed.jsonl#L2", "feed.jsonl#L4"]
    assert recs[0].error is None and recs[2].error is None
    assert "invalid JSON" in recs[1].error


def test_json_array_gives_one_record_each():
    data = json.dumps([{"text": "one article about strikes in Idlib"}, {"text": "another about shelling"}]).encode()
    assert [r.source_uri for r in read_records(data, "arr.json", "json")] == ["arr.json#0", "arr.json#1"]


def test_empty_and_whitespace_files():
    assert read_records(b"", "e.txt", "txt")[0].error == "empty file"
    assert read_records(b"  \n\t \n", "w.txt", "txt")[0].error == "file holds only whitespace"


def test_article_id_is_hash_of_normalized_text_so_furniture_does_not_change_it():
    a = build_article(read_records(b"Title line\n\nBody of the article about an air strike in Raqqa.", "a.txt", "txt")[0])
    b = build_article(read_records(b"You are here\n\nTitle line\n\nBody of the article about an air strike in Raqqa.\n\n147 users have voted.", "b.txt", "txt")[0])
    assert a.article_id == b.article_id
    assert len(a.article_id) == 64


def test_an_empty_list_of_articles_is_a_reason_not_nothing():
    """Found by the fuzz test: '{"articles": []}' gave neither an article nor a reason."""
    for data in (b'{"articles":[]}', b'{"items": []}', b"[]"):
        [record] = read_records(data, "e.json", "json")
        assert record.error and "empty" in record.error
