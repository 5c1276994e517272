"""Hostile inputs (issue 18, items 2, 3 and 7): each is set aside with a reason a person can
act on, and never stops the files beside it from loading. The attack is the input."""
from __future__ import annotations

import os

import pytest

from sitrep.tasks.ingest.article import Article, Rejected, read_input
from sitrep.tasks.ingest.discover import discover

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
    ("truncated-utf16.txt", GOOD.encode("utf-16")[:-1], "cannot parse"),
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
