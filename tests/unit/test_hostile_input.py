"""Hostile inputs (issue 18, items 2, 3 and 7): each is set aside with a reason a person can
act on, and never stops the files beside it from loading. The attack is the input."""
from __future__ import annotations

import os

import pytest

from sitrep.tasks.inputs.article import Article, Rejected, read_input
from sitrep.tasks.inputs.discover import InputFile, discover

GOOD = "Air strikes kill five in Idlib\n\nWarplanes struck the town of Saraqib in Idlib on Monday, killing five people, activists said.\n"


def read_all(folder):
    files, problems = discover(folder)
    out = {os.path.basename(p.uri): p.reason for p in problems}
    for f in files:
        for r in read_input(f):
            out[os.path.basename(f.uri)] = r.reason if isinstance(r, Rejected) else "loaded"
    return out


@pytest.mark.parametrize("name,content,reason", [
    ("big.json", '{"text": "Strikes hit Idlib", "n": ' + "9" * 5000 + "}", "cannot parse"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("surrogate.json", '{"text": "Jets struck Saraqib in Idlib on Monday, killing \\ud800 four people there."}', "cannot parse"),
    ("truncated-utf16.txt", GOOD.encode("utf-16")[:-1], "damaged UTF-16"),
    ("surrogate-utf16.txt", b"\xff\xfe" + GOOD.encode("utf-16-le")[:40] + b"\x00\xdc" + GOOD.encode("utf-16-le")[40:],
     "damaged UTF-16"),
])
def test_a_hostile_file_is_quarantined_and_its_neighbour_loads(tmp_path, name, content, reason):
    (tmp_path / "good.txt").write_text(GOOD)
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    found = read_all(tmp_path)
    assert found["good.txt"] == "loaded"
    assert reason in found[name], found


def test_a_pipe_a_bad_name_and_links_out_of_the_source_are_set_aside(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text(GOOD)
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    os.mkfifo(src / "pipe.txt")                          # would block open() for ever
    (src / "link.txt").symlink_to(outside / "secret.txt")
    (src / "linked-folder").symlink_to(outside)
    with open(os.path.join(os.fsencode(src), b"bad\xff.txt"), "w") as fh:
        fh.write(GOOD)
    found = read_all(src)
    assert found["good.txt"] == "loaded"
    assert "regular file" in found["pipe.txt"]
    assert "outside the source" in found["link.txt"] and "outside the source" in found["linked-folder"]
    assert "not valid UTF-8" in found["bad\ufffd.txt"]
    assert "secret.txt" not in found


def test_a_link_inside_the_source_is_followed(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert read_all(tmp_path) == {"a.txt": "loaded", "b.txt": "loaded"}


def read_one(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    (only,) = read_input(InputFile(str(path), name.rsplit(".", 1)[1], len(data)))
    return only


@pytest.mark.parametrize("name,data", [
    ("placeholder.json", ('{"text": "%s", "date": "9999-12-31"}' % GOOD.replace("\n", " ")).encode()),
    ("year-one.json", ('{"text": "%s", "published": "0001-01-01T00:00:00Z"}' % GOOD.replace("\n", " ")).encode()),
    ("far-future.json", ('{"text": "%s", "date": "2999-12-31T00:00:00"}' % GOOD.replace("\n", " ")).encode()),
])
def test_an_impossible_publication_date_is_no_date_and_the_article_loads(tmp_path, name, data):
    article = read_one(tmp_path, name, data)
    assert isinstance(article, Article), article
    assert article.published_date is None and "Saraqib" in article.text


@pytest.mark.parametrize("depth,tag", [(20_000, "div"), (3_000, "span"), (600, "section")])
def test_a_paragraph_under_thousands_of_nested_tags_is_kept(tmp_path, depth, tag):
    para = "<p>Warplanes struck the town of Saraqib in Idlib on Monday, killing five people, activists said.</p>"
    html = f"<html><body>{f'<{tag}>' * depth}{para}{f'</{tag}>' * depth}</body></html>"
    article = read_one(tmp_path, "deep.html", html.encode())
    assert isinstance(article, Article), article
    assert "killing five people" in article.text


def test_run_on_text_is_cut_into_sentences_the_rules_can_afford():
    """400,000 characters without a full stop were one sentence that every rule scanned
    whole (minutes, for one file); no sentence now runs past MAX_SENTENCE_TOKENS, and text
    with punctuation keeps the parser's own sentences."""
    from sitrep.tasks.extract.pipeline import MAX_SENTENCE_TOKENS, load_nlp

    nlp = load_nlp()
    words = "the army shelled a village near the town where fighters and civilians were killed".split()
    run_on = "Strikes hit Idlib\n\n" + " ".join(words[i % len(words)] for i in range(6_000))
    doc = nlp(run_on)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    assert len(list(doc.sents)) >= 6_000 // MAX_SENTENCE_TOKENS
    normal = "Strikes hit Idlib\n\nJets struck Saraqib on Monday, killing five people. Rescuers said the toll could rise."
    assert [s.text for s in nlp(normal).sents] == ["Strikes hit Idlib\n\n", "Jets struck Saraqib on Monday, killing five people.",
                                                   "Rescuers said the toll could rise."]


# ---- fuzz: whatever the bytes, reading gives articles or reasons, never an exception -----

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.hostile_strategies import contents  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(data=contents, fmt=st.sampled_from(["txt", "html", "json", "jsonl"]))
def test_fuzz_reading_any_bytes_gives_articles_or_reasons(tmp_path_factory, data, fmt):
    path = tmp_path_factory.mktemp("fuzz") / f"input.{fmt}"
    path.write_bytes(data)
    results = read_input(InputFile(str(path), fmt, len(data)))
    assert results and all(isinstance(r, (Article, Rejected)) for r in results)
    for r in results:
        if isinstance(r, Rejected):
            assert r.reason and "\n" not in r.reason
        else:
            assert r.text.strip() and not any(c < " " and c != "\n" for c in r.text)   # control characters cleaned


def test_a_feeds_title_is_cleaned_like_the_text(tmp_path):
    """Found by the fuzz test: a JSON title (a list with nulls, a control character) went into
    the article's text as it was."""
    path = tmp_path / "input.json"
    path.write_bytes(b'{"text": "Jets struck Saraqib on Monday, killing five people, rescuers said.", '
                     b'"title": [null, "Strikes hit\\b", null, "Idlib\\u0007"]}')
    (article,) = read_input(InputFile(str(path), "json", path.stat().st_size))
    assert article.title == "Strikes hit, Idlib"
    assert not any(c < " " and c != "\n" for c in article.text) and "None" not in article.text
