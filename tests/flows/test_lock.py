"""The warehouse lock: one writer, a bounded wait, a clear message, released on exit."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from flows.lock import WarehouseBusy, WarehouseLock, lock_path_for, probe


def test_second_lock_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    warehouse = tmp_path / "ogi.duckdb"
    with WarehouseLock(warehouse):
        with pytest.raises(WarehouseBusy) as busy:
            WarehouseLock(warehouse, wait=0).acquire()
        assert "another `ogi run`" in str(busy.value)
        assert "--lock-wait" in str(busy.value)
        assert busy.value.holder.startswith("pid ")
        assert probe(warehouse) is not None
    assert probe(warehouse) is None
    assert lock_path_for(warehouse) == tmp_path / "ogi.duckdb.lock"


def test_waiting_lock_gets_it_when_released(tmp_path: Path) -> None:
    warehouse = tmp_path / "ogi.duckdb"
    first = WarehouseLock(warehouse).acquire()
    threading.Timer(0.5, first.release).start()
    started = time.monotonic()
    with WarehouseLock(warehouse, wait=10, poll=0.05) as second:
        assert second.held
    assert 0.3 < time.monotonic() - started < 5


def test_bounded_wait_gives_up(tmp_path: Path) -> None:
    warehouse = tmp_path / "ogi.duckdb"
    with WarehouseLock(warehouse):
        started = time.monotonic()
        with pytest.raises(WarehouseBusy, match="after waiting"):
            WarehouseLock(warehouse, wait=0.3, poll=0.05).acquire()
        assert time.monotonic() - started >= 0.3


def test_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    warehouse = tmp_path / "ogi.duckdb"
    code = (
        "import sys, time; from pathlib import Path; from flows.lock import WarehouseLock;"
        f"WarehouseLock(Path({str(warehouse)!r})).acquire(); print('locked', flush=True);"
        "time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert f"pid {holder.pid}" in (probe(warehouse) or "")
        holder.kill()
        holder.wait(timeout=10)
        assert probe(warehouse) is None
    finally:
        holder.kill()
