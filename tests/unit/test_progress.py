"""Progress counts input files done, not submitted: 100 % exactly when the last article of
the last file comes back from extraction."""
from __future__ import annotations

import io

from sitrep.tasks.inputs.article import Article, Rejected
from sitrep.tasks.inputs.discover import InputFile
from sitrep.tasks.plan import Planner
from sitrep.tasks.run.progress import ProgressLines


def article(aid: str, uri: str) -> Article:
    return Article(aid * 8, uri, "txt", "t", None, None, None, None, "none", "utf-8", "text of " + aid)


def test_a_file_is_done_when_all_its_articles_are_back():
    planner = Planner({}, set(), "v1", False, "run")
    planner.add_unreadable([Rejected("bad.txt", "discover", "cannot stat file")])
    files = [InputFile(f"f{i}.jsonl", "jsonl", 10) for i in range(3)]
    planner.add_read([
        (files[0], [article("a1", "f0.jsonl#1"), article("a2", "f0.jsonl#2")]),
        (files[1], [Rejected("f1.jsonl", "read", "empty file")]),
        (files[2], [article("a1", "f2.jsonl#1")]),   # a duplicate of f0's first record: nothing to extract
    ])
    total = 1 + len(files)
    assert planner.inputs_done == 3   # the unreadable one, the empty one, the duplicate-only one
    chunks = planner.take(1, partial=True)
    assert [len(c) for c in chunks] == [1, 1]
    planner.finished([chunks[0][0].article_id])
    assert planner.inputs_done == 3 < total   # f0 still has an article in extraction
    planner.finished([chunks[1][0].article_id])
    assert planner.inputs_done == total


def test_progress_lines_are_timed_and_end_with_the_last_state():
    out = io.StringIO()
    p = ProgressLines(4, every_s=3600, stream=out)
    p.update(1, 10)
    assert out.getvalue() == ""   # nothing before the interval
    p.close()
    assert out.getvalue() == ""   # a short run prints no progress at all
    p = ProgressLines(4, every_s=1e-9, stream=out)
    p.update(2, 20)
    p.update(4, 40)
    p.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("sitrep: progress: 2 of 4 input files done (50%), 20 articles extracted")
    assert "about" in lines[0] and "left" in lines[0]
    assert lines[-1].startswith("sitrep: progress: 4 of 4 input files done (100%), 40 articles extracted")
    assert "left" not in lines[-1]
