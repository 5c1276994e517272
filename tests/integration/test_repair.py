"""Issue 32.6: a warehouse's two copies — the DuckDB file and the Parquet tables — each
rebuilt from the other by `sitrep repair`; a damaged DuckDB file stops a run with one line
that says so (exit 6), not a retried traceback."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from sitrep.common.settings import sample_corpus

pytestmark = pytest.mark.integration
SITREP = str(Path(sys.executable).with_name("sitrep"))


def sitrep(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([SITREP, *args], capture_output=True, text=True, timeout=300, env=dict(os.environ))


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "events", "casualty_claims", "mentions", "incidents", "runs")}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Path, Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("repair")
    src = root / "src"
    src.mkdir()
    for p in sorted(sample_corpus().glob("*.txt"))[:4]:
        shutil.copy2(p, src / p.name)
    wh = root / "wh"
    run = sitrep("run", "--source", str(src), "--warehouse", str(wh))
    assert run.returncode == 0, run.stderr
    with duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True) as con:
        before = counts(con)
    return src, wh, before


def parquet_counts(wh: Path) -> dict[str, int]:
    con = duckdb.connect()
    return {t: con.execute(f"SELECT count(*) FROM read_parquet('{wh}/parquet/{t}/**/*.parquet', hive_partitioning = true)")
            .fetchone()[0] for t in ("articles", "events", "casualty_claims", "mentions", "incidents", "runs")}


def truncated_copy(original: Path, tmp_path: Path) -> Path:
    """A copy of the loaded warehouse whose DuckDB file lost all but its first block."""
    wh = tmp_path / "wh"
    shutil.copytree(original, wh)
    with open(wh / "sitrep.duckdb", "r+b") as fh:
        fh.truncate(4096)
    return wh


def test_a_damaged_duckdb_file_is_one_line_and_is_rebuilt_from_parquet(loaded, tmp_path):
    src, original, before = loaded
    wh = truncated_copy(original, tmp_path)
    run = sitrep("run", "--source", str(src), "--warehouse", str(wh), "--full-refresh")
    assert run.returncode == 6, run.stderr
    assert run.stderr.strip().splitlines() == [run.stderr.strip()] and "sitrep repair --warehouse" in run.stderr
    assert "Traceback" not in run.stderr
    fixed = sitrep("repair", "--warehouse", str(wh))
    assert fixed.returncode == 0 and fixed.stdout.startswith(f"rebuilt {wh / 'sitrep.duckdb'} from its Parquet copy"), fixed
    with duckdb.connect(str(wh / "sitrep.duckdb"), read_only=True) as con:
        assert counts(con) == before
    again = sitrep("run", "--source", str(src), "--warehouse", str(wh), "--full-refresh")
    assert again.returncode == 0, again.stderr
    assert sitrep("repair", "--warehouse", str(wh)).stdout.endswith("nothing to repair\n")


def test_damaged_parquet_tables_are_rewritten_from_duckdb(loaded, tmp_path):
    _, original, before = loaded
    wh = tmp_path / "wh"
    shutil.copytree(original, wh)
    for f in (wh / "parquet" / "events").rglob("*.parquet"):
        f.write_bytes(b"not parquet")
    shutil.rmtree(next(p for p in (wh / "parquet" / "mentions").iterdir() if p.is_dir()))
    fixed = sitrep("repair", "--warehouse", str(wh))
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith("rewrote the Parquet copy of events, mentions from"), fixed.stdout
    assert parquet_counts(wh) == before


def test_with_both_copies_damaged_repair_says_so(loaded, tmp_path):
    _, original, _ = loaded
    wh = truncated_copy(original, tmp_path)
    shutil.rmtree(wh / "parquet" / "articles")
    fixed = sitrep("repair", "--warehouse", str(wh))
    assert fixed.returncode == 1 and fixed.stderr.startswith("sitrep: error: the database") and "nothing to rebuild from" in fixed.stderr
    assert "Traceback" not in fixed.stderr


def test_garbled_blocks_a_count_does_not_read_are_found_and_rebuilt(loaded, tmp_path):
    """A count reads only row counts: the check reads every row, so bytes garbled in the
    middle of the file are damage repair sees."""
    _, original, before = loaded
    wh = tmp_path / "wh"
    shutil.copytree(original, wh)
    db = wh / "sitrep.duckdb"
    size = db.stat().st_size
    with open(db, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(bytes(range(256)) * 400)
    fixed = sitrep("repair", "--warehouse", str(wh))
    assert fixed.returncode == 0 and fixed.stdout.startswith(f"rebuilt {db} from its Parquet copy"), fixed
    with duckdb.connect(str(db), read_only=True) as con:
        assert counts(con) == before


def test_a_parquet_file_garbled_behind_a_whole_footer_is_rewritten(loaded, tmp_path):
    """issue 32 item 6: pages garbled in place (same size, same time) passed the footer check:
    repair said 'both whole'. Repair reads every page of the Parquet copy."""
    import os

    _, original, before = loaded
    wh = tmp_path / "wh"
    shutil.copytree(original, wh)
    target = max((wh / "parquet" / "mentions").rglob("*.parquet"), key=lambda f: f.stat().st_size)
    st = target.stat()
    data = bytearray(target.read_bytes())
    for i in range(8, len(data) // 2):   # the column pages, not the footer at the end
        data[i] ^= 0x5A
    target.write_bytes(bytes(data))
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    fixed = sitrep("repair", "--warehouse", str(wh))
    assert fixed.returncode == 0 and fixed.stdout.startswith("rewrote the Parquet copy of mentions from"), fixed
    assert parquet_counts(wh) == before
