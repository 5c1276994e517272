"""Settings are checked before any work, each with one line naming the variable (issue 32, item 7)."""
from __future__ import annotations

import pytest

from sitrep.common.settings import SettingError, duckdb_memory, duckdb_threads


@pytest.mark.parametrize("raw,want", [("", "512MB"), ("2GB", "2GB"), ("768 MiB", "768MiB"), ("1.5GB", "1.5GB")])
def test_duckdb_memory_takes_a_size(monkeypatch, raw, want):
    monkeypatch.setenv("SITREP_DUCKDB_MEMORY", raw)
    assert duckdb_memory() == want


@pytest.mark.parametrize("raw,message", [("abc", "a size such as 512MB"), ("1KB", "at least 64MB"), ("12", "a size such as")])
def test_duckdb_memory_refuses_what_duckdb_cannot_use(monkeypatch, raw, message):
    monkeypatch.setenv("SITREP_DUCKDB_MEMORY", raw)
    with pytest.raises(SettingError, match=message):
        duckdb_memory()


@pytest.mark.parametrize("raw", ["0", "-1", "two"])
def test_duckdb_threads_is_a_positive_whole_number(monkeypatch, raw):
    monkeypatch.setenv("SITREP_DUCKDB_THREADS", raw)
    with pytest.raises(SettingError, match="SITREP_DUCKDB_THREADS"):
        duckdb_threads()


def test_a_bad_setting_stops_a_run_before_anything_is_made(monkeypatch, tmp_path, capsys):
    from sitrep.cli import main

    monkeypatch.setenv("SITREP_DUCKDB_MEMORY", "abc")
    with pytest.raises(SystemExit) as exc:
        main(["run", "--source", str(tmp_path), "--warehouse", str(tmp_path / "wh")])
    assert exc.value.code == 2 and "SITREP_DUCKDB_MEMORY" in capsys.readouterr().err
    assert not (tmp_path / "wh").exists()


def test_elapsed_is_the_commands_own_time_from_the_process_start():
    """issue 32, item 7: the summary said 4 s for a 12 s command (the flow's time only)."""
    import time

    from sitrep.cli import STARTED, command_seconds

    assert command_seconds() >= time.perf_counter() - STARTED
    with open("/proc/self/stat") as fh:   # this test process started before the test session's imports
        assert fh.read()
    assert command_seconds() > 0.5   # pytest's start-up, which a stopwatch counts, is in it
