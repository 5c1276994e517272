"""A full disk is exit 4 however it shows (issue 32, item 4): the system's ENOSPC, or DuckDB's
IOException with the system's words; a copy cut short leaves no partial database behind."""
from __future__ import annotations

import errno
import shutil

import duckdb
import pytest

from sitrep.cli import expected_failure
from sitrep.warehouse import Warehouse


@pytest.mark.parametrize("exc", [
    OSError(errno.ENOSPC, "No space left on device"),
    duckdb.IOException('IO Error: Could not write file "/w/.sitrep.duckdb.next-1": No space left on device'),
])
def test_a_full_disk_is_exit_4_with_one_line(exc):
    code, message = expected_failure(exc)
    assert code == 4 and "the disk is full" in message and "\n" not in message


def test_another_duckdb_io_error_is_no_full_disk():
    assert expected_failure(duckdb.IOException("IO Error: Cannot open file: permission denied")) is None


def test_a_copy_cut_short_leaves_no_partial_database(tmp_path, monkeypatch):
    store = Warehouse(str(tmp_path))
    with store.transaction() as tx:   # a warehouse to copy from
        tx.count("articles")

    def fill_the_disk(src, dst, *a, **k):
        with open(dst, "wb") as fh:
            fh.write(b"half a database")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", fill_the_disk)
    with pytest.raises(OSError):
        with store.transaction():
            pass
    assert not list(tmp_path.glob(".sitrep.duckdb.next*"))
    assert (tmp_path / "sitrep.duckdb").exists()


def _v1_warehouse(path):
    from tests.unit.test_migrations import make_v1

    make_v1(path)


def test_migrate_on_a_full_disk_is_exit_4_and_leaves_the_warehouse_as_it_was(tmp_path, monkeypatch, capsys):
    """issue 32 item 4: `sitrep migrate` printed DuckDB's traceback and exited 1."""
    from sitrep.cli import main
    from sitrep.warehouse.migrations import schema_version

    _v1_warehouse(tmp_path)
    before = (tmp_path / "sitrep.duckdb").read_bytes()

    def fill_the_disk(src, dst, *a, **k):
        with open(dst, "wb") as fh:
            fh.write(b"half a database")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", fill_the_disk)
    assert main(["migrate", "--warehouse", str(tmp_path)]) == 4
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "sitrep.duckdb").read_bytes() == before and not list(tmp_path.glob(".sitrep.duckdb.next*"))
    con = duckdb.connect(str(tmp_path / "sitrep.duckdb"), read_only=True)
    assert schema_version(con) == 1
    con.close()


def test_repair_on_a_full_disk_is_exit_4_not_a_parquet_copy_to_blame(tmp_path, monkeypatch, capsys):
    """`sitrep repair` said the Parquet copy could not be read when the disk was full."""
    import sitrep.warehouse.store as store_module
    from sitrep.cli import main

    from tests.unit.test_load import runs_row

    store = Warehouse(str(tmp_path))
    with store.transaction() as tx:
        tx.append("runs", runs_row("r1"))
    (tmp_path / "parquet" / "articles").mkdir(exist_ok=True)
    (tmp_path / "parquet" / "articles" / "a.parquet").write_bytes(b"never read: the disk fills first")
    (tmp_path / "sitrep.duckdb").write_bytes(b"not a database any more")

    def full(*a, **k):
        raise duckdb.IOException('IO Error: Could not write file "x.duckdb.next-1": No space left on device')

    monkeypatch.setattr(store_module, "migrate", full)
    assert main(["repair", "--warehouse", str(tmp_path)]) == 4
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Parquet" not in err and not list(tmp_path.glob(".sitrep.duckdb.next*"))
