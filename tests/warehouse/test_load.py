"""flows/load.py: contract types, idempotent reloads, replacement, Parquet copy, regions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from flows.load import load_results
from loaders.rows import STAGING_FIELDS, Discrepancy, ParseResult, Reject
from tests.warehouse.handmade import seed_003, seed_004

TABLES = ("raw.reports", "raw.staging_rows", "raw.rejects", "raw.discrepancies")
VOLATILE = {"parsed_at", "rejected_at"}


def _with_discrepancy(result: ParseResult) -> ParseResult:
    assert result.report is not None
    result.discrepancies = [
        Discrepancy(result.report.report_id, "text_vs_table", "legacy.litigation.other", None,
                    3, 1, "其他情形1件", 60)
    ]
    return result


def _inputs() -> list[ParseResult]:
    reject = Reject(source="notes/minutes.txt", reason="not a report: no 年度报告 title",
                    file_hash="f" * 64)
    return [
        _with_discrepancy(seed_003()),
        seed_004(),
        ParseResult(source=reject.source, file_hash=reject.file_hash, reject=reject),
    ]


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        out = {}
        for table in TABLES:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema || '.' || table_name = ? order by ordinal_position", [table]
            ).fetchall() if c not in VOLATILE]
            out[table] = con.execute(
                f"select {', '.join(columns)} from {table} order by all"
            ).fetchall()
        return out


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wh" / "ogi.duckdb"
    load_results(_inputs(), path)
    return path


def test_tables_follow_the_contract(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        types = dict(con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'staging_rows' order by ordinal_position"
        ).fetchall())
        checks = con.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = 'quality' and table_name = 'identity_checks'"
        ).fetchone()
        n_checks = con.execute("select count(*) from quality.identity_checks").fetchone()
    assert tuple(types) == STAGING_FIELDS
    assert (types["value"], types["year"], types["line"]) == ("DOUBLE", "INTEGER", "INTEGER")
    assert checks == (10,) and n_checks == (0,)


def test_every_input_lands(warehouse: Path) -> None:
    snapshot = _snapshot(warehouse)
    assert len(snapshot["raw.reports"]) == 2
    assert len(snapshot["raw.staging_rows"]) == len(seed_003().rows) + len(seed_004().rows)
    assert [row[0] for row in snapshot["raw.rejects"]] == ["notes/minutes.txt"]
    assert len(snapshot["raw.discrepancies"]) == 1


def test_loading_twice_changes_nothing(warehouse: Path) -> None:
    before = _snapshot(warehouse)
    summary = load_results(_inputs(), warehouse)
    assert summary.replaced_reports == 2
    assert _snapshot(warehouse) == before


def test_a_changed_file_replaces_its_old_report(warehouse: Path) -> None:
    old = seed_004()
    assert old.report is not None
    rows = [
        r._replace(report_id="b" * 16, value=5 if r.value == 4 else r.value)
        for r in old.rows
    ]
    changed = ParseResult(
        source=old.source, file_hash="e" * 64,
        report=dataclasses.replace(old.report, report_id="b" * 16, file_hash="e" * 64),
        rows=rows,
    )
    load_results([changed], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        ids = con.execute("select report_id from raw.reports where source = ?",
                          [old.source]).fetchall()
        stale = con.execute("select count(*) from raw.staging_rows where report_id = ?",
                            [old.report.report_id]).fetchone()
        total = con.execute("select count(*) from raw.staging_rows").fetchone()
    assert ids == [("b" * 16,)] and stale == (0,)
    assert total == (len(seed_003().rows) + len(rows),)


def test_a_file_that_becomes_unreadable_leaves_a_reject_only(warehouse: Path) -> None:
    source = seed_004().source
    reject = Reject(source=source, reason="empty file", file_hash="0" * 64)
    load_results([ParseResult(source=source, file_hash="0" * 64, reject=reject)], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reports = con.execute("select count(*) from raw.reports where source = ?",
                              [source]).fetchone()
        rejects = con.execute("select reason from raw.rejects where source = ?",
                              [source]).fetchall()
    assert reports == (0,) and rejects == [("empty file",)]


def test_the_same_report_twice_in_one_load_is_kept_once(tmp_path: Path) -> None:
    warehouse = tmp_path / "ogi.duckdb"
    load_results([seed_004(), seed_004(source="mirror/004.txt")], warehouse)
    snapshot = _snapshot(warehouse)
    assert len(snapshot["raw.reports"]) == 1
    assert len(snapshot["raw.staging_rows"]) == len(seed_004().rows)


def test_parquet_copy_rewrites_only_the_years_touched(warehouse: Path) -> None:
    root = warehouse.parent / "parquet" / "staging_rows"
    files_2017 = sorted((root / "year=2017").glob("*.parquet"))
    assert files_2017 and sorted((root / "year=2020").glob("*.parquet"))
    load_results([seed_004()], warehouse)
    assert sorted((root / "year=2017").glob("*.parquet")) == files_2017
    with duckdb.connect() as con:
        counts = dict(con.execute(
            f"select year, count(*) from read_parquet('{root}/*/*.parquet', "
            "hive_partitioning = true) group by year"
        ).fetchall())
    assert counts == {2017: len(seed_003().rows), 2020: len(seed_004().rows)}


def test_agencies_get_their_administrative_division(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        regions = dict(con.execute(
            "select agency, adcode from raw.agency_regions"
        ).fetchall())
    assert regions == {"桂东县": "431027", "57365线路检测中心": None}
