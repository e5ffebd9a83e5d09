"""Load ParseResults into the DuckDB warehouse (schema `raw`) through Arrow.

Rows arrive as an iterable of `loaders.rows.ParseResult`; they are gathered into batches,
turned into Arrow tables column by column and inserted set-wise (no row-by-row inserts).
Loading a report again replaces it: old rows go by report_id and by source (a source whose
content changed has a new report_id). A Parquet copy of `raw.staging_rows`, partitioned by
year, is rewritten for the years a load touched. Agencies are matched to administrative
divisions with `cpca` (`raw.agency_regions`, see `agency_regions`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from pathlib import Path

import duckdb
import pyarrow as pa

from loaders.rows import STAGING_FIELDS, ParseResult

DEFAULT_WAREHOUSE = Path("warehouse/ogi.duckdb")
DEFAULT_BATCH_ROWS = 250_000
MEMORY_LIMIT_ENV = "OGI_DUCKDB_MEMORY_LIMIT"  # also read by profiles/profiles.yml
DEFAULT_MEMORY_LIMIT = "50%"  # of the machine's RAM (DuckDB's own default: 80%)
_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"

STAGING_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("source", pa.string()),
        ("agency", pa.string()),
        ("year", pa.int32()),
        ("format", pa.string()),
        ("section", pa.string()),
        ("metric", pa.string()),
        ("applicant_type", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("qualifier", pa.string()),
        ("raw", pa.string()),
        ("line", pa.int32()),
    ]
)
assert tuple(STAGING_SCHEMA.names) == STAGING_FIELDS

REPORT_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("source", pa.string()),
        ("agency", pa.string()),
        ("year", pa.int32()),
        ("format", pa.string()),
        ("file_hash", pa.string()),
        ("parsed_at", pa.timestamp("us", tz="UTC")),
    ]
)
REJECT_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("reason", pa.string()),
        ("file_hash", pa.string()),
        ("rejected_at", pa.timestamp("us", tz="UTC")),
    ]
)
DISCREPANCY_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("identity", pa.string()),
        ("metric", pa.string()),
        ("applicant_type", pa.string()),
        ("table_value", pa.float64()),
        ("text_value", pa.float64()),
        ("raw", pa.string()),
        ("line", pa.int32()),
    ]
)

DDL: tuple[str, ...] = (
    "create schema if not exists raw",
    "create schema if not exists quality",
    """create table if not exists raw.reports (
        report_id varchar primary key, source varchar not null, agency varchar,
        year integer, format varchar not null, file_hash varchar not null,
        parsed_at timestamptz not null)""",
    """create table if not exists raw.staging_rows (
        report_id varchar not null, source varchar not null, agency varchar, year integer,
        format varchar not null, section varchar not null, metric varchar not null,
        applicant_type varchar, value double, unit varchar, qualifier varchar, raw varchar,
        line integer)""",
    """create table if not exists raw.rejects (
        source varchar not null, reason varchar not null, file_hash varchar,
        rejected_at timestamptz not null)""",
    """create table if not exists raw.discrepancies (
        report_id varchar not null, identity varchar not null, metric varchar,
        applicant_type varchar, table_value double, text_value double, raw varchar,
        line integer)""",
    """create table if not exists raw.agency_regions (
        agency varchar primary key, province varchar, city varchar, county varchar,
        adcode varchar, region_level varchar, region_match varchar not null,
        resolver varchar not null)""",
    """create table if not exists quality.identity_checks (
        report_id varchar, identity varchar, scope varchar, left_value double,
        right_value double, difference double, severity varchar, status varchar,
        passed boolean, detail varchar)""",
)


@dataclass(slots=True)
class LoadSummary:
    """What one call of `load_results` did."""

    reports: int = 0
    rows: int = 0
    rejects: int = 0
    discrepancies: int = 0
    replaced_reports: int = 0
    agencies_resolved: int = 0
    years: set[int | None] = field(default_factory=set)
    parquet_dir: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, step: str, started: float) -> None:
        """Add the time since `started` (perf_counter) to `step`."""
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables and an empty `quality.identity_checks` where absent."""
    for statement in DDL:
        con.execute(statement)


def load_results(
    results: Iterable[ParseResult],
    warehouse: str | Path = DEFAULT_WAREHOUSE,
    *,
    parquet_dir: str | Path | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    resolve_regions: bool = True,
) -> LoadSummary:
    """Load parse results into `warehouse`, replacing earlier loads of the same reports.

    `parquet_dir` defaults to `<warehouse dir>/parquet/staging_rows`. The DuckDB connection
    is closed on return, so dbt can open the file next.
    """
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    target = Path(parquet_dir) if parquet_dir else default_parquet_dir(warehouse)
    summary = LoadSummary(parquet_dir=target)
    with duckdb.connect(str(warehouse), config=_duckdb_config()) as con:
        ensure_schema(con)
        for batch in _batches(results, batch_rows):
            _load_batch(con, batch, summary)
        started = time.perf_counter()
        if resolve_regions:
            summary.agencies_resolved = resolve_agency_regions(con)
        summary.add_time("regions", started)
        started = time.perf_counter()
        if summary.years:
            write_parquet(con, target, summary.years)
        summary.add_time("parquet", started)
    return summary


def _duckdb_config() -> dict[str, str]:
    """Bounded memory (DuckDB spills to disk beyond it); row order is not kept."""
    return {
        "memory_limit": os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT),
        "preserve_insertion_order": "false",
    }


def default_parquet_dir(warehouse: Path) -> Path:
    """Where the Parquet copy of the staging rows lives, beside the DuckDB file."""
    return warehouse.parent / "parquet" / "staging_rows"


def _batches(results: Iterable[ParseResult], batch_rows: int) -> Iterator[list[ParseResult]]:
    """Group results so each batch holds about `batch_rows` staging rows.

    Within a batch a later result for the same source, or for the same report_id, wins.
    """
    by_source: dict[str, ParseResult] = {}
    size = 0
    for result in results:
        by_source.pop(result.source, None)
        by_source[result.source] = result
        size += len(result.rows) + 1
        if size >= batch_rows:
            yield list(by_source.values())
            by_source, size = {}, 0
    if by_source:
        yield list(by_source.values())


# Arrow table of a batch -> the raw table it goes to, in insert order.
RAW_TABLES: tuple[tuple[str, str], ...] = (
    ("reports", "raw.reports"),
    ("staging_rows", "raw.staging_rows"),
    ("discrepancies", "raw.discrepancies"),
    ("rejects", "raw.rejects"),
)


def batch_tables(results: Iterable[ParseResult], now: datetime) -> dict[str, pa.Table]:
    """The raw.* rows of a batch as Arrow tables (keys of RAW_TABLES); within a batch the
    last result of a report_id wins (the same report scraped twice)."""
    kept: dict[str, ParseResult] = {}
    for result in results:
        key = result.report.report_id if result.report else f"reject:{result.source}"
        kept.pop(key, None)
        kept[key] = result
    batch = list(kept.values())
    return {
        "reports": reports_table(batch, now),
        "staging_rows": staging_table(batch),
        "discrepancies": discrepancies_table(batch),
        "rejects": rejects_table(batch, now),
    }


def replace_batch(
    con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table], sources: Iterable[str]
) -> list[tuple[str, int | None]]:
    """Insert a batch, deleting first what it replaces: reports with its report_ids, and
    the reports and rejects of its sources (a changed file has a new report_id). The
    caller holds the transaction. Returns the (report_id, year) of the reports deleted."""
    con.register("batch_reports", tables["reports"].select(["report_id"]))
    con.register("batch_sources", pa.table({"source": pa.array(sources, pa.string())}))
    try:
        con.execute("delete from raw.rejects where source in (select source from batch_sources)")
        stale = con.execute(
            """select report_id, year from raw.reports
               where report_id in (select report_id from batch_reports)
                  or source in (select source from batch_sources)"""
        ).fetchall()
        if stale:
            _delete_reports(con, [rid for rid, _ in stale])
    finally:
        con.unregister("batch_reports")
        con.unregister("batch_sources")
    for name, target in RAW_TABLES:
        if tables[name].num_rows:
            con.register("batch_table", tables[name])
            try:
                con.execute(f"insert into {target} by name select * from batch_table")
            finally:
                con.unregister("batch_table")
    return stale


def _delete_reports(con: duckdb.DuckDBPyConnection, report_ids: list[str]) -> None:
    con.register("stale_reports", pa.table({"report_id": pa.array(report_ids, pa.string())}))
    try:
        for table in ("raw.staging_rows", "raw.discrepancies", "raw.reports"):
            con.execute(
                f"delete from {table} where report_id in (select report_id from stale_reports)"
            )
    finally:
        con.unregister("stale_reports")


def _load_batch(
    con: duckdb.DuckDBPyConnection, batch: list[ParseResult], summary: LoadSummary
) -> None:
    """Replace, then insert, one batch in a single transaction."""
    started = time.perf_counter()
    tables = batch_tables(batch, datetime.now(UTC))
    summary.add_time("arrow", started)
    started = time.perf_counter()
    con.execute("begin transaction")
    try:
        stale = replace_batch(con, tables, [r.source for r in batch])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    summary.add_time("insert", started)
    summary.replaced_reports += len(stale)
    summary.years.update(year for _, year in stale)
    _count(summary, tables)


def _count(summary: LoadSummary, tables: dict[str, pa.Table]) -> None:
    summary.reports += tables["reports"].num_rows
    summary.rows += tables["staging_rows"].num_rows
    summary.discrepancies += tables["discrepancies"].num_rows
    summary.rejects += tables["rejects"].num_rows
    summary.years.update(tables["staging_rows"].column("year").unique().to_pylist())
    summary.years.update(tables["reports"].column("year").unique().to_pylist())


def reports_table(batch: list[ParseResult], now: datetime) -> pa.Table:
    """raw.reports rows of a batch as an Arrow table."""
    reports = [r.report for r in batch if r.report is not None]
    columns = {name: _column(reports, name) for name in REPORT_SCHEMA.names[:-1]}
    columns["parsed_at"] = [now] * len(reports)
    return pa.table(columns, schema=REPORT_SCHEMA)


def staging_table(batch: list[ParseResult]) -> pa.Table:
    """raw.staging_rows rows of a batch as an Arrow table, built column by column."""
    rows = [row for r in batch if r.report is not None for row in r.rows]
    # rows are tuples; column by column (zip(*rows) makes an iterator per row: slow, and a
    # burst of garbage collection over every row of the batch)
    columns = {name: list(map(itemgetter(i), rows)) for i, name in enumerate(STAGING_FIELDS)}
    return pa.table(columns, schema=STAGING_SCHEMA)


def discrepancies_table(batch: list[ParseResult]) -> pa.Table:
    """raw.discrepancies rows of a batch as an Arrow table."""
    items = [d for r in batch if r.report is not None for d in r.discrepancies]
    return pa.table(
        {name: _column(items, name) for name in DISCREPANCY_SCHEMA.names},
        schema=DISCREPANCY_SCHEMA,
    )


def rejects_table(batch: list[ParseResult], now: datetime) -> pa.Table:
    """raw.rejects rows of a batch as an Arrow table."""
    rejects = [r.reject for r in batch if r.report is None and r.reject is not None]
    columns = {name: _column(rejects, name) for name in REJECT_SCHEMA.names[:-1]}
    columns["rejected_at"] = [now] * len(rejects)
    return pa.table(columns, schema=REJECT_SCHEMA)


def _column(items: list[object], name: str) -> list[object]:
    return list(map(attrgetter(name), items))


def write_parquet(
    con: duckdb.DuckDBPyConnection, target: Path, years: Iterable[int | None]
) -> None:
    """Rewrite the `year=YYYY` partitions of the Parquet copy for `years`.

    The touched years are written to a scratch directory first, then swapped in; a year left
    without rows loses its partition. One COPY per year (the year is the folder's name, not
    a column of the file, as in hive partitioning): at 100k reports this took about half the
    time of one COPY with PARTITION_BY.
    """
    years = set(years)
    scratch = target.parent / f".{target.name}.writing"
    shutil.rmtree(scratch, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    for year in years:
        _copy_year(con, scratch, year)
    for year in years:
        name = _partition(year)
        shutil.rmtree(target / name, ignore_errors=True)
        if (scratch / name).exists():
            (scratch / name).rename(target / name)
    shutil.rmtree(scratch, ignore_errors=True)


def _partition(year: int | None) -> str:
    return f"year={_NULL_PARTITION if year is None else year}"


def _copy_year(con: duckdb.DuckDBPyConnection, scratch: Path, year: int | None) -> None:
    """Write the rows of one year to scratch/year=YYYY/rows_0.parquet, if it has any."""
    condition = "year is null" if year is None else f"year = {int(year)}"
    if not con.execute(f"select 1 from raw.staging_rows where {condition} limit 1").fetchone():
        return
    folder = scratch / _partition(year)
    folder.mkdir(parents=True)
    path = str(folder / "rows_0.parquet").replace("'", "''")
    con.execute(f"""copy (select * exclude (year) from raw.staging_rows where {condition})
                    to '{path}' (format parquet)""")


def resolve_agency_regions(con: duckdb.DuckDBPyConnection) -> int:
    """Match agencies not yet resolved (or resolved by another cpca version) to regions."""
    from flows.regions import RESOLVER, resolve_agencies

    con.execute("delete from raw.agency_regions where resolver <> ?", [RESOLVER])
    names = [
        name
        for (name,) in con.execute(
            """select distinct agency from raw.reports where agency is not null
               and agency not in (select agency from raw.agency_regions)"""
        ).fetchall()
    ]
    if not names:
        return 0
    con.register("new_regions", resolve_agencies(names))
    try:
        con.execute("insert into raw.agency_regions by name select * from new_regions")
    finally:
        con.unregister("new_regions")
    return len(names)
