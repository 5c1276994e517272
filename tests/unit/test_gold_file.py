"""`sitrep eval --gold` checks its gold file before reading it (issue 32, item 7): /dev/zero
grew to 12 GB, a FIFO hung, a non-JSON file printed a traceback, and the sample's gold scored
any warehouse."""
from __future__ import annotations

import json
import os

import pytest

from sitrep.evaluation import GoldError, read_gold


def test_a_device_or_a_fifo_is_no_gold_file(tmp_path):
    with pytest.raises(GoldError, match="not a regular file"):
        read_gold("/dev/zero")
    fifo = tmp_path / "gold.fifo"
    os.mkfifo(fifo)
    with pytest.raises(GoldError, match="not a regular file"):
        read_gold(fifo)


@pytest.mark.parametrize("text,message", [
    ("not json", "not a JSON gold file"), ('{"articles": [{"nofile": 1}]}', "not a gold file"), ("[1, 2]", "not a gold file"),
])
def test_a_file_that_is_no_gold_says_so(tmp_path, text, message):
    path = tmp_path / "gold.json"
    path.write_text(text)
    with pytest.raises(GoldError, match=message):
        read_gold(path)


def test_a_missing_gold_file_says_so(tmp_path):
    with pytest.raises(GoldError, match="no such file"):
        read_gold(tmp_path / "nope.json")


def test_a_gold_file_is_read(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"articles": [{"file": "a.txt"}]}))
    assert read_gold(path)["articles"] == [{"file": "a.txt"}]


def test_a_gold_none_of_whose_articles_is_in_the_warehouse_scores_nothing(tmp_path):
    """`sitrep eval` without --gold scored the sample's gold against any warehouse (all zeros)."""
    from sitrep.evaluation import evaluate
    from sitrep.warehouse import Warehouse

    with Warehouse(tmp_path / "wh").transaction() as tx:   # an empty warehouse: none of the gold's articles
        tx.count("articles")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles": [{"file": "a.txt"}, {"file": "b.txt"}]}))
    with pytest.raises(GoldError, match="none of the 2 articles"):
        evaluate(gold, tmp_path / "wh")
