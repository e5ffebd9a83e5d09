"""Manifest planning, loading and publishing without Prefect or the parser."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

import flows.discover
from flows.discover import InputFile, discover, iter_report_paths
from flows.ingest import Loader
from flows.load import batch_tables
from flows.manifest import ManifestRow, plan_run, read_manifest
from flows.parallel import call_warm, make_batches, warm_process
from flows.parse_batch import ParsedBatch, manifest_table
from flows.publish import Workspace, check_work_copy, prepare_work_copy, publish
from loaders.rows import ParseResult, Reject, Report, StagingRow


def _report(source: str, text: str, year: int = 2021) -> ParseResult:
    file_hash = hashlib.sha256(text.encode()).hexdigest()
    rid = hashlib.sha256(text.encode()).hexdigest()[:16]
    rows = [
        StagingRow(rid, source, "某县人民政府", year, "v2021", "requests", "requests.new_received",
                   "total", float(i), "件", None, str(i), i + 1)
        for i in range(3)
    ]
    report = Report(rid, source, "某县人民政府", year, "v2021", file_hash)
    return ParseResult(source=source, file_hash=file_hash, report=report, rows=rows)


def _reject(source: str) -> ParseResult:
    return ParseResult(source=source, file_hash="0" * 64, reject=Reject(source, "empty file", ""))


def _batch(*results: ParseResult) -> ParsedBatch:
    now = datetime.now(UTC)
    statuses = ["loaded" if r.report else "rejected" for r in results]
    return ParsedBatch(
        files=len(results),
        tables=batch_tables(list(results), now),
        manifest=manifest_table([r.source for r in results], list(results), statuses, now),
        seconds=0.0,
        rejects=[(r.source, r.reject.reason) for r in results if r.reject],
    )


def _ids(db: Path, table: str = "raw.reports") -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r for (r,) in con.execute(f"select distinct report_id from {table}").fetchall()}
    finally:
        con.close()


def test_discover_finds_report_files_recursively(tmp_path: Path) -> None:
    for name in ("a.txt", "sub/b.HTML", "sub/deeper/c.htm", "d.pdf", ".hidden/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    names = [p.name for p in iter_report_paths(tmp_path)]
    assert names == ["a.txt", "b.HTML", "c.htm"]
    found = discover(tmp_path)
    assert found[0].file_hash == hashlib.sha256(b"a.txt").hexdigest()


def test_discover_reuses_the_recorded_hash_while_the_stat_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flows.discover, "RACY_NS", 0)
    path = tmp_path / "a.txt"
    path.write_text("v1")
    [first] = discover(tmp_path)
    assert first.signature and first.file_hash == hashlib.sha256(b"v1").hexdigest()
    recorded = {first.source: (first.signature, "recorded-hash")}
    assert discover(tmp_path, recorded)[0].file_hash == "recorded-hash"  # not read again
    path.write_text("version 2")
    assert discover(tmp_path, recorded)[0].file_hash == hashlib.sha256(b"version 2").hexdigest()


def test_discover_leaves_files_the_manifest_lacks_to_the_parser(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("old")
    (tmp_path / "new.txt").write_text("new")
    listed = {str(tmp_path / "old.txt")}
    found = {Path(f.source).name: f for f in discover(tmp_path, {}, listed=listed)}
    assert found["old.txt"].file_hash == hashlib.sha256(b"old").hexdigest()
    assert found["new.txt"].file_hash == "" and found["new.txt"].size == 3


def test_a_file_written_just_now_gets_no_signature(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("fresh")
    [found] = discover(tmp_path)
    assert found.signature == "" and found.file_hash


def test_plan_sorts_files_into_new_changed_retried_unchanged_missing(tmp_path: Path) -> None:
    root = tmp_path / "in"
    files = [InputFile(f"{root}/{n}", 1, h) for n, h in
             (("new.txt", "n"), ("same.txt", "s"), ("changed.txt", "c2"), ("crashed.txt", "e"))]
    manifest = {
        f"{root}/same.txt": ManifestRow("s", "r1", "loaded"),
        f"{root}/changed.txt": ManifestRow("c1", "r2", "loaded"),
        f"{root}/crashed.txt": ManifestRow("e", None, "error"),
        f"{root}/gone.txt": ManifestRow("g", "r3", "loaded"),
        f"{tmp_path}/elsewhere/x.txt": ManifestRow("x", "r4", "loaded"),
    }
    plan = plan_run(files, manifest, root)
    assert (plan.new, plan.changed, plan.retried, plan.unchanged) == (1, 1, 1, 1)
    assert [Path(f.source).name for f in plan.to_parse] == ["new.txt", "changed.txt", "crashed.txt"]
    assert plan.missing == [f"{root}/gone.txt"]  # not the file outside the input folder
    assert plan.has_work
    assert plan_run(files, manifest, root, force=True).retried == 3
    signed = [InputFile(f"{root}/same.txt", 1, "s", "1:2:3:4")]
    assert plan_run(signed, manifest, root).resign == {f"{root}/same.txt": "1:2:3:4"}


def test_changed_file_replaces_its_report_and_shared_reports_survive(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Loader(db, tmp_path / "parquet") as loader:
        loader.load(_batch(_report("/in/a.txt", "same"), _report("/in/b.txt", "same"),
                           _report("/in/c.txt", "c v1"), _reject("/in/bad.txt")))
        loader.finish(resolve_regions=False)
    first = _ids(db)
    assert len(first) == 2
    assert read_manifest(db)["/in/bad.txt"].status == "rejected"
    with Loader(db, tmp_path / "parquet") as loader:
        loader.load(_batch(_report("/in/c.txt", "c v2"), _report("/in/bad.txt", "now a report")))
        loader.prune(["/in/a.txt"])  # b.txt still holds the shared report
        assert loader.lost_reports(["/in/b.txt", "/in/c.txt"]) == []
        loader.resign({"/in/b.txt": "9:9:9:9"})
        loader.finish(resolve_regions=False)
    ids = _ids(db)
    assert _report("/in/c.txt", "c v1").report.report_id not in ids  # type: ignore[union-attr]
    assert _ids(db, "raw.staging_rows") == ids
    assert len(ids) == 3
    manifest = read_manifest(db)
    assert "/in/a.txt" not in manifest
    assert manifest["/in/bad.txt"].status == "loaded"
    assert manifest["/in/b.txt"].signature == "9:9:9:9"
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(*) from raw.rejects").fetchone() == (0,)
    con.close()


def test_lost_shared_report_is_detected(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with Loader(db, tmp_path / "parquet") as loader:
        loader.load(_batch(_report("/in/a.txt", "same")))
        loader.load(_batch(_report("/in/b.txt", "same")))  # raw.reports.source is now b.txt
        loader.load(_batch(_report("/in/b.txt", "b changed")))  # removes the shared report
        assert loader.lost_reports(["/in/a.txt", "/in/b.txt"]) == ["/in/a.txt"]


def test_publish_swaps_atomically_while_a_reader_reads(tmp_path: Path) -> None:
    ws = Workspace.for_warehouse(tmp_path / "wh" / "ogi.duckdb")
    ws.published.parent.mkdir()
    con = duckdb.connect(str(ws.published))
    con.execute("create schema raw; create table raw.reports(report_id varchar);"
                "create table raw.files(source varchar); insert into raw.reports values ('old')")
    con.close()
    reader = duckdb.connect(str(ws.published), read_only=True)
    assert prepare_work_copy(ws) > 0
    work = duckdb.connect(str(ws.work_db))
    work.execute("insert into raw.reports values ('new')")
    work.close()
    assert check_work_copy(ws) == 2
    publish(ws)
    assert reader.execute("select count(*) from raw.reports").fetchone() == (1,)  # old snapshot
    reader.close()
    fresh = duckdb.connect(str(ws.published), read_only=True)
    assert fresh.execute("select count(*) from raw.reports").fetchone() == (2,)
    fresh.close()
    assert not ws.work_db.exists()


def test_batches_keep_every_file_once_in_order_and_taper_off_at_the_end() -> None:
    files = list(range(10_000))
    batches = make_batches(files, workers=2)
    assert [f for batch in batches for f in batch] == files
    sizes = [len(batch) for batch in batches]
    # 10,000 / (2 workers x 8) = 625 while much is left; then what is left / 4, at least 16
    assert sizes[:3] == [625, 625, 625]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-4:] == [16, 16, 16, 10]
    assert [len(b) for b in make_batches(files[:100], workers=2, requested=30)] == [30, 30, 30, 10]


def _pid() -> int:
    return os.getpid()


def test_call_warm_runs_in_the_warm_process_of_the_functions_module() -> None:
    assert call_warm(_pid) == os.getpid()  # no warm process: runs here
    with warm_process(__name__):
        assert call_warm(_pid) != os.getpid()
    assert call_warm(_pid) == os.getpid()
