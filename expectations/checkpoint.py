"""The quality gate: run the GX checkpoint on the identity terms, write quality.identity_checks.

Run order (docs/CONTRACTS.md): load -> dbt build -> `run_checkpoint` -> dbt build
--select tag:quality. dbt computes both sides of every identity in SQL
(`intermediate.int_identity_terms`); the compact frame (check_id, identity, difference) is read
into pandas and validated by the GX pandas data source (GX 1.24's SQL data source returns no
rows from DuckDB). The rows GX reports as unexpected are the failed checks; every check of
every report in the warehouse is then written to `quality.identity_checks`, replacing the rows
of the reports checked, and the Data Docs are rebuilt in `docs_dir`.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from expectations.suites import CHECKPOINT, PROJECT_DIR, SITE

TERMS_TABLE = "int_identity_terms"
KEEP_RESULTS = 10  # validation results kept under expectations/uncommitted, per suite
RESULTS_DDL = """create table if not exists quality.identity_checks (
    report_id varchar, identity varchar, scope varchar, left_value double,
    right_value double, difference double, severity varchar, status varchar,
    passed boolean, detail varchar)"""


@dataclass(frozen=True, slots=True)
class QualitySummary:
    """What one checkpoint run found (counts of checks, and of reports)."""

    reports: int
    checks: int
    passed: int
    warned: int  # failed checks of `warning` identities
    broken: int  # failed checks of `error` identities
    not_checkable: int
    reports_broken: int
    reports_warned: int
    data_docs_index: Path
    seconds: float

    @property
    def docs_index(self) -> Path:
        """Alias of data_docs_index (the name flows/flow.py looks for first)."""
        return self.data_docs_index

    @property
    def success(self) -> bool:
        """True when no report breaks an `error` identity."""
        return self.broken == 0

    def __str__(self) -> str:
        return (
            f"identity checks: {self.checks} on {self.reports} reports: {self.passed} passed, "
            f"{self.broken} broken ({self.reports_broken} reports), {self.warned} warnings "
            f"({self.reports_warned} reports), {self.not_checkable} not checkable; "
            f"data docs: {self.data_docs_index}"
        )


def run_checkpoint(warehouse_path: Path, docs_dir: Path) -> QualitySummary:
    """Validate every report's identities, write quality.identity_checks, build Data Docs."""
    started = time.perf_counter()
    warehouse_path, docs_dir = Path(warehouse_path), Path(docs_dir)
    table = terms_table(warehouse_path)
    frame = read_terms(warehouse_path, table)
    failed = validate(frame, docs_dir)
    del frame
    write_checks(warehouse_path, table, failed)
    counts = count_checks(warehouse_path)
    return QualitySummary(
        **counts, data_docs_index=docs_dir / "index.html",
        seconds=round(time.perf_counter() - started, 2),
    )


def _connect(warehouse_path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse, read-write: dbt, run in the same process just before,
    may still hold one, and DuckDB refuses a second one with another configuration."""
    return duckdb.connect(str(warehouse_path))


def terms_table(warehouse_path: Path) -> str:
    """The qualified name of the dbt model int_identity_terms (schema set by dbt_project)."""
    with _connect(warehouse_path) as con:
        schemas = [s for (s,) in con.execute(
            "select table_schema from information_schema.tables where table_name = ?",
            [TERMS_TABLE],
        ).fetchall()]
    if len(schemas) != 1:
        raise RuntimeError(
            f"{warehouse_path}: expected one {TERMS_TABLE} (run `dbt build` first), "
            f"found it in {schemas or 'no schema'}"
        )
    return f'"{schemas[0]}"."{TERMS_TABLE}"'


def read_terms(warehouse_path: Path, table: str) -> pd.DataFrame:
    """The compact frame GX validates: index check_id, columns identity and difference."""
    with _connect(warehouse_path) as con:
        frame = con.sql(f"select check_id, identity, difference from {table}").df()
    frame["identity"] = frame["identity"].astype("category")
    return frame.set_index("check_id")


def validate(frame: pd.DataFrame, docs_dir: Path) -> set[int]:
    """Run the checkpoint on `frame`; the check_ids GX found unexpected (the failed checks)."""
    context = gx_context(docs_dir)
    result = context.checkpoints.get(CHECKPOINT).run(batch_parameters={"dataframe": frame})
    prune_results(context.root_directory)
    failed: set[int] = set()
    for validation in result.run_results.values():
        for outcome in validation.results:
            if outcome.exception_info and outcome.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX could not evaluate {outcome.expectation_config}: "
                                   f"{outcome.exception_info.get('exception_message')}")
            if not outcome.success:
                failed.update(_failed_ids(outcome))
    return failed


def prune_results(root: str | Path, keep: int = KEEP_RESULTS) -> None:
    """Drop all but the newest `keep` stored validation results of each suite (git-ignored)."""
    for suite in (Path(root) / "uncommitted" / "validations").glob("*/*"):
        runs = sorted(p for p in suite.iterdir() if p.is_dir())
        for old in runs[:-keep]:
            shutil.rmtree(old, ignore_errors=True)


def _failed_ids(outcome: Any) -> list[int]:
    """The check_ids of the rows an expectation found unexpected, as many as GX counted."""
    unexpected = outcome.result.get("unexpected_index_list")
    if unexpected is None:
        raise RuntimeError(f"GX named no failing rows: {outcome.expectation_config}")
    ids = _check_ids(unexpected)
    count = outcome.result.get("unexpected_count")
    if count is not None and count != len(ids):
        raise RuntimeError(f"GX counted {count} failing rows but named {len(ids)}: "
                           f"{outcome.expectation_config}")
    return ids


def _check_ids(unexpected: list[Any]) -> list[int]:
    """check_ids from an unexpected_index_list: index values, {"check_id": id} rows, or
    (with exclude_unexpected_values) one {"check_id": [id, ...]} entry."""
    ids: list[int] = []
    for item in unexpected:
        value = item["check_id"] if isinstance(item, dict) else item
        if isinstance(value, list):
            ids.extend(int(v) for v in value)
        else:
            ids.append(int(value))
    return ids


def gx_context(docs_dir: Path) -> Any:
    """The file project under expectations/, its Data Docs site pointed at `docs_dir`.

    The site is changed in memory only: the committed great_expectations.yml stays as it is.
    Old validation pages are removed so the docs show the warehouse as it is now.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    context = gx.get_context(mode="file", context_root_dir=str(PROJECT_DIR))
    docs_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(docs_dir / "validations", ignore_errors=True)
    sites = context.variables.data_docs_sites or {}
    sites[SITE]["store_backend"]["base_directory"] = str(docs_dir.resolve())
    context.variables.data_docs_sites = sites  # in memory: not saved to the yml
    return context


def write_checks(warehouse_path: Path, table: str, failed: set[int]) -> None:
    """Replace the checks of every report checked (and of reports no longer loaded)."""
    failed_ids = pa.table({"check_id": pa.array(sorted(failed), pa.int64())})
    with _connect(warehouse_path) as con:
        con.execute("create schema if not exists quality")
        con.execute(RESULTS_DDL)
        con.register("failed_checks", failed_ids)
        con.execute("begin transaction")
        try:
            con.execute(f"""delete from quality.identity_checks
                where report_id in (select report_id from {table})
                   or report_id not in (select report_id from raw.reports)""")
            con.execute(f"""insert into quality.identity_checks by name
                select t.report_id, t.identity, t.scope, t.left_value, t.right_value,
                    t.difference, t.severity,
                    case when not t.checkable then 'not_checkable'
                        when f.check_id is not null then 'failed' else 'passed' end as status,
                    case when t.checkable then f.check_id is null end as passed,
                    t.detail
                from {table} as t left join failed_checks as f using (check_id)""")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        finally:
            con.unregister("failed_checks")


def count_checks(warehouse_path: Path) -> dict[str, int]:
    """Counts of the written checks, for the summary."""
    with _connect(warehouse_path) as con:
        row = con.execute("""select
            count(distinct report_id),
            count(*),
            count(*) filter (where status = 'passed'),
            count(*) filter (where status = 'failed' and severity = 'warning'),
            count(*) filter (where status = 'failed' and severity = 'error'),
            count(*) filter (where status = 'not_checkable'),
            count(distinct report_id) filter (where status = 'failed' and severity = 'error'),
            count(distinct report_id) filter (where status = 'failed' and severity = 'warning')
            from quality.identity_checks""").fetchone()
    names = ("reports", "checks", "passed", "warned", "broken", "not_checkable",
             "reports_broken", "reports_warned")
    return dict(zip(names, (int(v or 0) for v in row or ()), strict=True))
