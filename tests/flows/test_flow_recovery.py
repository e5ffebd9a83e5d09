"""Fan-out to Dask, a run killed during dbt build, runs that collide on one warehouse.

In order, on one corpus and one warehouse: a first run parses on a local Dask cluster; a
second run (a subprocess) is killed with SIGKILL in the middle of dbt build while two more
runs try to start; a third run completes what the killed one left undone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.lock import EXIT_LOCKED, probe
from tests.flows.conftest import REPO, file_sha256, query, table_checksums

pytestmark = pytest.mark.usefixtures("prefect_api")
FILES = 13


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("warehouse") / "ogi.duckdb"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as local:
        yield local


def summary(warehouse: Path) -> dict[str, Any]:
    path = warehouse.with_name(warehouse.name + ".last_run.json")
    return json.loads(path.read_text(encoding="utf-8"))


def ogi_run(corpus: Path, warehouse: Path, api_url: str, *flags: str) -> subprocess.Popen[str]:
    """`ogi run` in its own process group, reporting to this test's Prefect server."""
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_LOGGING_LEVEL": "INFO"}
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--input", str(corpus),
         "--warehouse", str(warehouse), *flags],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )


def wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 300) -> list[str]:
    """Read the process output until a line contains `needle`; fail if it ends first."""
    assert proc.stdout is not None
    deadline, seen = time.monotonic() + timeout, []
    for line in proc.stdout:
        seen.append(line)
        if needle in line:
            return seen
        assert time.monotonic() < deadline, f"no {needle!r} within {timeout} s:\n{''.join(seen)}"
    raise AssertionError(f"process ended before {needle!r}:\n{''.join(seen)}")


def test_parse_fans_out_to_a_dask_cluster(corpus: Path, warehouse: Path, cluster: Any) -> None:
    code = main(["run", "--input", str(corpus), "--warehouse", str(warehouse),
                 "--dask-address", cluster.scheduler_address])
    assert code == 0
    s = summary(warehouse)
    assert s["status"] == "published" and s["files_parsed"] == FILES
    assert s["reports_loaded"] + s["rejected"] == FILES
    prefixes = set(cluster.scheduler.task_prefixes)
    assert any("parse" in p for p in prefixes), prefixes


def test_killed_run_leaves_the_published_warehouse_as_it_was(
    corpus: Path, warehouse: Path, prefect_api: str
) -> None:
    changed = next((corpus / "generated").glob("syn_12_*"))
    changed.write_bytes(changed.read_bytes().replace(b"</body>", b"<p>(end)</p></body>"))
    before, sha = table_checksums(warehouse), file_sha256(warehouse)
    victim = ogi_run(corpus, warehouse, prefect_api)
    try:
        wait_for_line(victim, "running dbt build")
        # meanwhile: a second run exits at once, a third gives up after its bounded wait
        refused = subprocess.run(
            [sys.executable, "-m", "flows.cli", "run", "--input", str(corpus),
             "--warehouse", str(warehouse)], cwd=REPO, capture_output=True, text=True,
            timeout=120,
        )
        assert refused.returncode == EXIT_LOCKED
        assert "another `ogi run`" in refused.stderr and f"pid {victim.pid}" in refused.stderr
        assert main(["run", "--input", str(corpus), "--warehouse", str(warehouse),
                     "--lock-wait", "1"]) == EXIT_LOCKED
        assert file_sha256(warehouse) == sha
    finally:
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL
    assert probe(warehouse) is None  # the kernel dropped the dead run's lock
    assert file_sha256(warehouse) == sha
    assert table_checksums(warehouse) == before  # opens read-only, every table as it was
    assert query(warehouse, "select file_hash from raw.files where source = ?",
                 [str(changed)]) != [(file_sha256(changed),)]


def test_next_run_completes_the_killed_runs_work(corpus: Path, warehouse: Path) -> None:
    changed = next((corpus / "generated").glob("syn_12_*"))
    assert main(["run", "--input", str(corpus), "--warehouse", str(warehouse),
                 "--lock-wait", "60"]) == 0
    s = summary(warehouse)
    assert s["status"] == "published"
    assert (s["files_changed"], s["files_parsed"]) == (1, 1)
    assert query(warehouse, "select file_hash, status from raw.files where source = ?",
                 [str(changed)]) == [(file_sha256(changed), "loaded")]
    assert not (warehouse.parent / ".ogi.duckdb.work" / "ogi.duckdb").exists()
