"""Load parsed batches (Arrow tables) into the work copy of the warehouse.

Each batch goes in one transaction with its manifest rows, so the work copy never holds
rows without the manifest entry that explains them (nor the reverse). Loading a report
again replaces it, with the semantics of flows/load.py: old rows go by report_id and by
source (a changed file has a new report_id); a source's rejects go by source.
Schema (DDL), Arrow layouts, region matching and the Parquet copy come from flows/load.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import duckdb
import pyarrow as pa

from flows import load as warehouse_load
from flows.manifest import (
    ensure_manifest,
    missing_reports,
    prune_sources,
    update_signatures,
    upsert_entries,
)
from flows.parse_batch import ParsedBatch

_TARGETS: tuple[tuple[str, str], ...] = (
    ("reports", "raw.reports"),
    ("staging_rows", "raw.staging_rows"),
    ("discrepancies", "raw.discrepancies"),
    ("rejects", "raw.rejects"),
)


@dataclass(slots=True)
class IngestStats:
    """What the load step did to the work copy."""

    files: int = 0
    reports: int = 0
    rows: int = 0
    rejects: int = 0
    errors: int = 0
    replaced_reports: int = 0
    pruned_files: int = 0
    agencies_resolved: int = 0
    years: set[int | None] = field(default_factory=set)
    reject_reasons: list[tuple[str, str]] = field(default_factory=list)


def duckdb_config() -> dict[str, str]:
    """The connection settings of flows/load.py: bounded memory, row order not kept."""
    return {
        "memory_limit": os.environ.get(
            warehouse_load.MEMORY_LIMIT_ENV, warehouse_load.DEFAULT_MEMORY_LIMIT
        ),
        "preserve_insertion_order": "false",
    }


class Loader:
    """A read-write connection to the work copy that loads batches into it."""

    def __init__(
        self, warehouse: Path, parquet_dir: Path, signatures: Mapping[str, str] | None = None
    ) -> None:
        self.warehouse = warehouse
        self.parquet_dir = parquet_dir
        self.signatures = signatures or {}
        self.stats = IngestStats()
        self.con = duckdb.connect(str(warehouse), config=duckdb_config())
        warehouse_load.ensure_schema(self.con)
        ensure_manifest(self.con)

    def load(self, batch: ParsedBatch) -> None:
        """Replace, then insert, one batch and its manifest rows in a single transaction."""
        tables = batch.tables
        self.con.execute("begin transaction")
        try:
            self._delete_stale(tables["reports"], batch.manifest.column("source"))
            for name, target in _TARGETS:
                if tables[name].num_rows:
                    self._insert(target, tables[name])
            upsert_entries(self.con, self._signed(batch.manifest))
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        self._count(batch)

    def prune(self, sources: Iterable[str]) -> int:
        """Forget files removed from the input (`--prune`)."""
        sources = list(sources)
        if sources:
            self.con.execute("begin transaction")
            try:
                self.stats.years |= prune_sources(self.con, sources)
                self.con.execute("commit")
            except BaseException:
                self.con.execute("rollback")
                raise
        self.stats.pruned_files += len(sources)
        return len(sources)

    def resign(self, signatures: dict[str, str]) -> None:
        """Record the current stat signatures of unchanged files (see flows/discover.py)."""
        update_signatures(self.con, signatures)

    def lost_reports(self, sources: Iterable[str]) -> list[str]:
        """Present sources whose report a replacement removed (see manifest.missing_reports)."""
        return missing_reports(self.con, sources)

    def finish(self, resolve_regions: bool = True) -> IngestStats:
        """Match new agencies to regions and rewrite the Parquet years this load touched."""
        if resolve_regions and self.stats.reports:
            self.stats.agencies_resolved = warehouse_load.resolve_agency_regions(self.con)
        if self.stats.years:
            warehouse_load.write_parquet(self.con, self.parquet_dir, self.stats.years)
        self.con.execute("checkpoint")
        return self.stats

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Loader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _signed(self, manifest: pa.Table) -> pa.Table:
        """The manifest rows with the stat signature each file had when it was hashed."""
        sources = manifest.column("source").to_pylist()
        signed = pa.array([self.signatures.get(s) for s in sources], pa.string())
        index = manifest.schema.get_field_index("stat_signature")
        return manifest.set_column(index, "stat_signature", signed)

    def _insert(self, target: str, table: pa.Table) -> None:
        self.con.register("batch_table", table)
        try:
            self.con.execute(f"insert into {target} by name select * from batch_table")
        finally:
            self.con.unregister("batch_table")

    def _delete_stale(self, reports: pa.Table, sources: pa.ChunkedArray) -> None:
        """Remove what the batch replaces: the same report_ids, and reports of its sources."""
        self.con.register("batch_reports", reports.select(["report_id"]))
        self.con.register("batch_sources", pa.table({"source": sources}))
        try:
            self.con.execute(
                "delete from raw.rejects where source in (select source from batch_sources)"
            )
            stale = self.con.execute(
                """select report_id, year from raw.reports
                   where report_id in (select report_id from batch_reports)
                      or source in (select source from batch_sources)"""
            ).fetchall()
            if stale:
                self._delete_reports(stale)
        finally:
            self.con.unregister("batch_reports")
            self.con.unregister("batch_sources")

    def _delete_reports(self, stale: list[tuple[str, int | None]]) -> None:
        self.stats.replaced_reports += len(stale)
        self.stats.years.update(year for _, year in stale)
        self.con.register("stale_reports", pa.table({"report_id": [rid for rid, _ in stale]}))
        try:
            for _, target in _TARGETS[:3][::-1]:
                self.con.execute(
                    f"delete from {target} where report_id in "
                    "(select report_id from stale_reports)"
                )
        finally:
            self.con.unregister("stale_reports")

    def _count(self, batch: ParsedBatch) -> None:
        stats, tables = self.stats, batch.tables
        stats.files += batch.files
        stats.reports += tables["reports"].num_rows
        stats.rows += tables["staging_rows"].num_rows
        stats.rejects += tables["rejects"].num_rows
        stats.errors += batch.errors
        stats.reject_reasons.extend(batch.rejects)
        stats.years.update(tables["reports"].column("year").unique().to_pylist())
