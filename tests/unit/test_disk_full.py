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
