"""The whole flow on a dozen files: first run, unchanged rerun, removed, changed and bad files.

The tests run in order on one corpus and one warehouse (each starts from the state the
previous one left), in this process, against one temporary Prefect server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from tests.flows.conftest import file_sha256, query, table_checksums

pytestmark = pytest.mark.usefixtures("prefect_api")
FILES = 13
CORE_TABLES = ("raw.reports", "raw.staging_rows", "raw.rejects", "raw.files",
               "quality.identity_checks")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("warehouse") / "ogi.duckdb"


def run(corpus: Path, warehouse: Path, *flags: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", "--input", str(corpus), "--warehouse", str(warehouse), *flags])
    summary_file = warehouse.with_name(warehouse.name + ".last_run.json")
    return code, json.loads(summary_file.read_text(encoding="utf-8"))


def count(warehouse: Path, table: str) -> int:
    return int(query(warehouse, f"select count(*) from {table}")[0][0])


def test_first_run_loads_checks_and_publishes(corpus: Path, warehouse: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, s = run(corpus, warehouse)
    out = capsys.readouterr().out
    assert code == 0, out
    assert s["status"] == "published"
    assert s["files_seen"] == s["files_parsed"] == s["files_new"] == FILES
    assert s["files_unchanged"] == 0
    # every file became a report or a reject, and the tables agree with the summary
    assert s["reports_loaded"] + s["rejected"] == FILES
    assert count(warehouse, "raw.files") == FILES
    assert count(warehouse, "raw.reports") == s["reports_total"] == s["reports_loaded"]
    assert count(warehouse, "raw.rejects") == s["rejects_total"] == s["rejected"]
    assert count(warehouse, "raw.staging_rows") >= s["reports_loaded"]
    assert query(warehouse, """select count(*) from raw.staging_rows
                               where report_id not in (select report_id from raw.reports)""") \
        == [(0,)]
    by_format = s["reports_by_format_year"]
    assert {"pre2019", "v2019", "v2021"} <= set(by_format)
    assert sum(sum(years.values()) for years in by_format.values()) == s["reports_total"]
    # the bad files are rejected with a reason, and the summary names them
    rejected = dict(query(warehouse, "select source, reason from raw.rejects"))
    for name in ("bad/empty.txt", "bad/binary.html"):
        assert rejected.get(str(corpus / name)), f"{name} not rejected: {rejected}"
    assert sum(s["reject_reasons"].values()) == s["rejected"]
    assert "empty.txt" in out and "Rejected" in out
    # the identity checks ran; the report built to break applicant_sum is broken
    q = s["quality"]
    assert q["passed"] > 0 and count(warehouse, "quality.identity_checks") > 0
    assert q["broken"] >= 1 and q["reports_broken"] >= 1
    # where things are, and how to read them
    assert Path(s["data_docs"]).is_file()
    assert any(Path(s["parquet_dir"]).rglob("*.parquet"))
    assert f"duckdb:///{warehouse}?access_mode=read_only" in out
    assert "read_only=True" in out and "(READ_ONLY)" in out
    assert not (warehouse.parent / ".ogi.duckdb.work" / "ogi.duckdb").exists()


def test_unchanged_rerun_parses_nothing_and_changes_nothing(corpus: Path,
                                                            warehouse: Path) -> None:
    before, sha, inode = table_checksums(warehouse), file_sha256(warehouse), os.stat(warehouse)
    code, s = run(corpus, warehouse)
    assert code == 0
    assert s["status"] == "unchanged"
    assert (s["files_parsed"], s["files_unchanged"]) == (0, FILES)
    assert table_checksums(warehouse) == before
    assert file_sha256(warehouse) == sha and os.stat(warehouse).st_ino == inode.st_ino


def test_removed_file_keeps_its_report_unless_pruned(corpus: Path, warehouse: Path) -> None:
    gone = corpus / "seeds" / "004_a26e816a49efbc48.txt"
    [(report_id,)] = query(warehouse, "select report_id from raw.files where source = ?",
                           [str(gone)])
    before = table_checksums(warehouse)
    gone.unlink()
    code, s = run(corpus, warehouse)
    assert code == 0 and s["status"] == "unchanged"
    assert s["files_missing"] == 1 and s["files_pruned"] == 0
    assert query(warehouse, "select count(*) from raw.reports where report_id = ?",
                 [report_id]) == [(1,)]
    assert table_checksums(warehouse) == before


def test_changed_new_bad_and_pruned_files(corpus: Path, warehouse: Path) -> None:
    changed = next((corpus / "generated").glob("syn_11_*"))
    [(old_id,)] = query(warehouse, "select report_id from raw.files where source = ?",
                        [str(changed)])
    changed.write_bytes(changed.read_bytes() + "\n本报告如有疑问，请与办公室联系。\n".encode())
    (corpus / "bad" / "notice.txt").write_text("关于召开会议的通知\n请准时参加。\n", "utf-8")
    gone = str(corpus / "seeds" / "004_a26e816a49efbc48.txt")
    [(gone_id,)] = query(warehouse, "select report_id from raw.files where source = ?", [gone])
    reports_before = count(warehouse, "raw.reports")

    code, s = run(corpus, warehouse, "--prune")
    assert code == 0 and s["status"] == "published"
    assert (s["files_changed"], s["files_new"], s["files_pruned"]) == (1, 1, 1)
    assert s["files_parsed"] == 2 and s["files_unchanged"] == FILES - 2
    [(new_id, new_hash, status)] = query(
        warehouse, "select report_id, file_hash, status from raw.files where source = ?",
        [str(changed)])
    assert status == "loaded" and new_hash == file_sha256(changed) and new_id != old_id
    for table in ("raw.reports", "raw.staging_rows", "raw.discrepancies"):
        assert query(warehouse, f"select count(*) from {table} where report_id in (?, ?)",
                     [old_id, gone_id]) == [(0,)], table
    assert count(warehouse, "raw.reports") == reports_before - 1
    assert query(warehouse, "select status from raw.files where source = ?",
                 [str(corpus / "bad" / "notice.txt")]) == [("rejected",)]
    assert query(warehouse, "select count(*) from raw.files where source = ?", [gone]) == [(0,)]
    assert count(warehouse, "raw.files") == FILES
    for table in CORE_TABLES:
        assert count(warehouse, table) >= 0


def test_failed_build_publishes_nothing(corpus: Path, warehouse: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import flows.dbt_build

    def broken_build(*args: object, **kwargs: object) -> None:
        raise flows.dbt_build.DbtBuildError(["build"], ["model.ogi_warehouse.x: boom"])

    monkeypatch.setattr(flows.dbt_build, "dbt_build", broken_build)
    before, sha = table_checksums(warehouse), file_sha256(warehouse)
    changed = next((corpus / "generated").glob("syn_13_*"))
    changed.write_bytes(changed.read_bytes() + b"\n")
    code = main(["run", "--input", str(corpus), "--warehouse", str(warehouse)])
    err = capsys.readouterr().err
    assert code == 1
    assert "boom" in err and "left as it was" in err
    assert file_sha256(warehouse) == sha and table_checksums(warehouse) == before
    assert not (warehouse.parent / ".ogi.duckdb.work" / "ogi.duckdb").exists()
