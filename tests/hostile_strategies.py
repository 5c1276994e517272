"""Hypothesis strategies for hostile input: any bytes, any file name, any JSON shape, and
real article text damaged in the ways files are (wrong encodings, stray bytes)."""
from __future__ import annotations

import json
import os

from hypothesis import strategies as st

ARTICLE = ("Jets strike Saraqib market\n\nWarplanes struck a market in the town of Saraqib in Idlib province on "
           "Thursday, killing at least 12 civilians, the Syrian Observatory for Human Rights said.\n")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "body", "title", "date", "source", "author", "articles", "x"]) | st.text(max_size=8),
        children, max_size=4),
    max_leaves=12)
ARTICLES = st.sampled_from([ARTICLE, ARTICLE.replace("12", "twelve"), "Strikes\n\n" + "word " * 50])
contents = st.one_of(
    st.binary(max_size=600),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.tuples(ARTICLES, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1"]))
      .map(lambda t: t[0].encode(t[1], "replace")),
    st.tuples(ARTICLES, st.binary(max_size=20), st.integers(0, 200))
      .map(lambda t: t[0].encode()[:t[2]] + t[1] + t[0].encode()[t[2]:]),
    json_values.map(lambda v: json.dumps({"text": ARTICLE, "date": v}).encode()),
)
names = st.one_of(
    st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=30),
    st.binary(min_size=1, max_size=12).map(lambda b: os.fsdecode(b.replace(b"/", b"_").replace(b"\x00", b"_"))),
).filter(lambda n: n not in (".", "..", "good") and len(os.fsencode(n)) < 200)
folders = st.lists(st.tuples(names, st.sampled_from([".txt", ".html", ".json", ".jsonl"]), contents),
                   min_size=1, max_size=6, unique_by=lambda t: (t[0] + t[1]).lower())
