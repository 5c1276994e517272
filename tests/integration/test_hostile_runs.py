"""Hostile input through whole runs (issue 18, items 5, 8 and 9, and the fuzz test): a kill
between the DuckDB and the Parquet swap is repaired by the next run; an edited file replaces
the article it used to yield; any bytes under any name, any JSON shape, leave a run that
exits 0 with its ledger balanced."""
from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings

from sitrep.common.settings import sample_corpus
from sitrep.schemas import TABLES
from tests.hostile_strategies import folders
from tests.integration.test_reliability import ARTICLE, balanced, sitrep

pytestmark = pytest.mark.integration


def table_counts(wh: Path) -> tuple[dict, dict]:
    """Rows of every table in DuckDB and in its Parquet copy."""
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    duck = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    con.close()
    con = duckdb.connect()
    pq = {t: con.execute(f"select count(*) from read_parquet('{wh}/parquet/{t}/**/*.parquet')").fetchone()[0] for t in TABLES}
    con.close()
    return duck, pq


def test_a_kill_between_the_duckdb_and_the_parquet_swap_is_repaired_by_the_next_run(tmp_path, prefect_server):
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    articles = sorted(sample_corpus().iterdir())
    for f in articles[:8]:
        shutil.copy(f, src)
    sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server)
    for f in articles[8:16]:
        shutil.copy(f, src)
    proc = sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server,
                  env={"SITREP_FAULT": "kill-publish"}, check=False)
    assert proc.returncode == -signal.SIGKILL
    duck, pq = table_counts(wh)
    assert duck["articles"] > pq["articles"]          # the attack: DuckDB new, Parquet stale
    out = sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server)
    duck, pq = table_counts(wh)
    assert duck == pq and duck["articles"] == len({p.read_bytes() for p in src.iterdir()})
    assert not list(wh.glob(".parquet-*")) and not (wh / ".publish-pending.json").exists()
    assert "unchanged" in out.stdout


def figures(wh: Path) -> dict[str, list[int]]:
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    rows = con.execute("select s.source_uri, c.count_low from casualty_claims c join article_sources s using (article_id) "
                       "order by 1, 2").fetchall()
    counts = con.execute("select (select count(*) from articles), (select count(*) from article_sources), "
                         "(select count(*) from incidents)").fetchone()
    con.close()
    out: dict[str, list[int]] = {}
    for uri, n in rows:
        out.setdefault(Path(uri.split("#")[0]).name + ("#" + uri.split("#")[1] if "#" in uri else ""), []).append(n)
    return {"figures": out, "articles": counts[0], "sources": counts[1], "incidents": counts[2]}


def test_an_edited_file_replaces_the_article_it_yielded(tmp_path, prefect_server):
    src, wh = tmp_path / "src", tmp_path / "wh"
    src.mkdir()
    other = ("Shelling kills three in Daraa\n\nGovernment shelling of Daraa al-Balad killed three people on Friday, "
             "activists said.\n")
    (src / "a.txt").write_text(ARTICLE)
    (src / "copy-of-a.txt").write_text(ARTICLE)                   # the same text under a second name
    (src / "b.txt").write_text(other)
    records = [{"text": "Car bomb kills eight in Azaz. A car bomb exploded at a market in Azaz on Sunday, killing eight people, "
                        "the Observatory said.", "date": "2017-03-05"},
               {"text": "Clashes kill 20 near Hama. Clashes near Morek killed 20 fighters on Monday, the Observatory said.",
                "date": "2017-03-06"}]
    (src / "c.json").write_text(json.dumps(records))
    sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server)
    before = figures(wh)
    assert before["figures"]["a.txt"] == [12] and before["figures"]["c.json#1"] == [20]

    (src / "a.txt").write_text(ARTICLE.replace("at least 12", "at least 15"))     # a corrected figure
    (src / "c.json").write_text(json.dumps(records[:1]))                          # a record withdrawn
    sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server)
    after = figures(wh)
    assert after["figures"]["a.txt"] == [15]
    assert after["figures"]["copy-of-a.txt"] == [12]       # the unedited copy still says 12: its article stays
    assert "c.json#1" not in after["figures"] and after["figures"]["c.json#0"] == [8]
    assert after["articles"] == before["articles"]         # a's new version in, c#1 out
    assert after["sources"] == before["sources"] - 1

    (src / "copy-of-a.txt").unlink()
    (src / "a.txt").write_text(ARTICLE.replace("at least 12", "at least 17"))
    sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server, env={"SITREP_KEEP_HISTORY": "1"})
    kept = figures(wh)
    assert kept["figures"]["a.txt"] == [15, 17]            # history kept when asked: both versions
    assert balanced(wh)


# ---- fuzz: any bytes, any name, any JSON shape -----------------------------------------

@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=folders)
def test_fuzz_any_files_give_a_run_that_exits_0_with_the_ledger_balanced(tmp_path_factory, prefect_server, files):
    root = tmp_path_factory.mktemp("fuzz")
    src, wh = root / "src", root / "wh"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE)
    for name, ext, data in files:
        with open(os.path.join(os.fsencode(src), os.fsencode(name + ext)), "wb") as fh:   # names need not be UTF-8
            fh.write(data)
    proc = sitrep(["run", "--source", str(src), "--warehouse", str(wh)], prefect_server, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert balanced(wh)
    con = duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True)
    loaded = {Path(u).name for (u,) in con.execute("select source_uri from article_sources").fetchall()}
    con.close()
    assert "good.txt" in loaded
