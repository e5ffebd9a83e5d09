"""The load manifest `raw.files`: which file, with which content hash, became which report.

One row per input file (`source`, its absolute path). A run parses only the files whose hash
differs from the manifest (new or changed) and files whose last parse crashed
(`status = 'error'`); everything else is skipped. Rows of unchanged files are never
rewritten, so an unchanged rerun leaves the table byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from flows.discover import InputFile

MANIFEST_DDL = """create table if not exists raw.files (
    source varchar primary key, file_hash varchar not null, report_id varchar,
    status varchar not null, reason varchar, seen_at timestamptz not null,
    stat_signature varchar)"""
# status: 'loaded' (a report), 'rejected' (not a report: see raw.rejects), 'error' (the
# parser crashed or the file was unreadable: retried on the next run).
# stat_signature: the file's stat when it was hashed (flows/discover.py).
MANIFEST_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("file_hash", pa.string()),
        ("report_id", pa.string()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("seen_at", pa.timestamp("us", tz="UTC")),
        ("stat_signature", pa.string()),
    ]
)


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """What the manifest knows of one source."""

    file_hash: str
    report_id: str | None
    status: str
    signature: str | None = None


@dataclass(slots=True)
class Plan:
    """What a run has to do, decided before any parsing."""

    seen: int = 0
    to_parse: list[InputFile] = field(default_factory=list)
    new: int = 0
    changed: int = 0
    retried: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    prune: bool = False
    # unchanged files whose recorded stat signature is missing or out of date
    resign: dict[str, str] = field(default_factory=dict)

    @property
    def has_work(self) -> bool:
        return bool(self.to_parse) or (self.prune and bool(self.missing))


def read_manifest(warehouse: Path) -> dict[str, ManifestRow]:
    """The manifest of a (published) warehouse, read-only; empty if there is none yet."""
    if not warehouse.exists():
        return {}
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        raise RuntimeError(
            f"cannot open {warehouse} read-only: {exc}. A process holds it open read-write; "
            "readers must connect with read_only=True (see docs/reading.md)."
        ) from exc
    try:
        if not _has_table(con, "raw", "files"):
            return {}
        signature = "stat_signature" if _has_column(con, "files", "stat_signature") else "null"
        rows = con.execute(
            f"select source, file_hash, report_id, status, {signature} from raw.files"
        )
        return {s: ManifestRow(h, r, st, sig) for s, h, r, st, sig in rows.fetchall()}
    finally:
        con.close()


def known_hashes(manifest: dict[str, ManifestRow]) -> dict[str, tuple[str, str]]:
    """source -> (stat signature, hash) for discover(); only files that need no retry."""
    return {
        source: (row.signature, row.file_hash)
        for source, row in manifest.items()
        if row.signature and row.status != "error"
    }


def plan_run(
    files: Sequence[InputFile],
    manifest: dict[str, ManifestRow],
    root: Path,
    *,
    prune: bool = False,
    force: bool = False,
) -> Plan:
    """Compare the files found with the manifest: new, changed, retried, unchanged, missing."""
    plan = Plan(seen=len(files), prune=prune)
    for item in files:
        known = manifest.get(item.source)
        if known is None:
            plan.new += 1
        elif force or not item.file_hash or known.status == "error":
            plan.retried += 1
        elif known.file_hash != item.file_hash:
            plan.changed += 1
        else:
            plan.unchanged += 1
            if item.signature and item.signature != known.signature:
                plan.resign[item.source] = item.signature
            continue
        plan.to_parse.append(item)
    present = {item.source for item in files}
    prefix = str(root).rstrip("/") + "/"
    plan.missing = sorted(s for s in manifest if s.startswith(prefix) and s not in present)
    return plan


def ensure_manifest(con: duckdb.DuckDBPyConnection) -> None:
    """Create `raw.files` if absent (and add columns a warehouse of an older version lacks)."""
    con.execute("create schema if not exists raw")
    con.execute(MANIFEST_DDL)
    con.execute("alter table raw.files add column if not exists stat_signature varchar")


def upsert_entries(con: duckdb.DuckDBPyConnection, entries: pa.Table) -> None:
    """Insert or replace manifest rows (one per source) from an Arrow table."""
    if entries.num_rows == 0:
        return
    con.register("manifest_batch", entries)
    try:
        con.execute(
            "insert or replace into raw.files by name select * from manifest_batch"
        )
    finally:
        con.unregister("manifest_batch")


def update_signatures(con: duckdb.DuckDBPyConnection, signatures: dict[str, str]) -> None:
    """Record the stat signatures of files whose content did not change."""
    if not signatures:
        return
    con.register("signatures", pa.table({
        "source": pa.array(list(signatures), pa.string()),
        "stat_signature": pa.array(list(signatures.values()), pa.string()),
    }))
    try:
        con.execute(
            """update raw.files set stat_signature = s.stat_signature
               from signatures s where raw.files.source = s.source"""
        )
    finally:
        con.unregister("signatures")


def prune_sources(con: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> set[int | None]:
    """Forget removed files: their manifest rows, rejects and reports no other file holds.

    Returns the years of the deleted reports (their Parquet partitions need rewriting).
    """
    gone = pa.table({"source": pa.array(sorted(set(sources)), pa.string())})
    if gone.num_rows == 0:
        return set()
    con.register("pruned_sources", gone)
    try:
        years = delete_orphan_reports(
            con,
            """select report_id from raw.files
               where source in (select source from pruned_sources) and report_id is not null
               except select report_id from raw.files
               where source not in (select source from pruned_sources)
                 and report_id is not null""",
        )
        con.execute("delete from raw.rejects where source in (select source from pruned_sources)")
        con.execute("delete from raw.files where source in (select source from pruned_sources)")
    finally:
        con.unregister("pruned_sources")
    return years


def delete_orphan_reports(con: duckdb.DuckDBPyConnection, id_query: str) -> set[int | None]:
    """Delete the reports whose ids `id_query` selects from every raw table keyed by report_id."""
    con.execute(f"create or replace temp table orphan_ids as {id_query}")
    try:
        years = {
            year
            for (year,) in con.execute(
                "select distinct year from raw.reports where report_id in "
                "(select report_id from orphan_ids)"
            ).fetchall()
        }
        for table in report_tables(con):
            con.execute(
                f"delete from {table} where report_id in (select report_id from orphan_ids)"
            )
    finally:
        con.execute("drop table if exists orphan_ids")
    return years


def report_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The raw tables that hold per-report rows (a `report_id` column), raw.files excepted."""
    rows = con.execute(
        """select table_name from information_schema.columns
           where table_schema = 'raw' and column_name = 'report_id' and table_name <> 'files'
           order by table_name = 'reports', table_name"""
    ).fetchall()
    return [f"raw.{name}" for (name,) in rows]


def missing_reports(con: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> list[str]:
    """Sources the manifest calls loaded whose report is no longer in raw.reports.

    This happens when two files held the same report and one of them changed: loading the
    change removed the report the other file still stands for. Those files are parsed again.
    """
    present = pa.table({"source": pa.array(list(sources), pa.string())})
    con.register("present_sources", present)
    try:
        rows = con.execute(
            """select f.source from raw.files f
               join present_sources p using (source)
               where f.status = 'loaded'
                 and f.report_id not in (select report_id from raw.reports)
               order by f.source"""
        ).fetchall()
    finally:
        con.unregister("present_sources")
    return [source for (source,) in rows]


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'raw' "
        "and table_name = ? and column_name = ?",
        [table, column],
    ).fetchone()
    return bool(found and found[0])


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(found and found[0])
