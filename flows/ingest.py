"""Load parsed batches (Arrow tables) into the work copy of the warehouse.

Each batch goes in one transaction with its manifest rows, so the work copy never holds
rows without the manifest entry that explains them (nor the reverse). What a batch
replaces, the schema (DDL), Arrow layouts, region matching and the Parquet copy are
flows/load.py's (`replace_batch`, `batch_tables`): one set of rules for both ways in.
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
        self.con.execute("begin transaction")
        try:
            sources = batch.manifest.column("source").to_pylist()
            stale = warehouse_load.replace_batch(self.con, batch.tables, sources)
            upsert_entries(self.con, self._signed(batch.manifest))
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        self.stats.replaced_reports += len(stale)
        self.stats.years.update(year for _, year in stale)
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

    def _count(self, batch: ParsedBatch) -> None:
        stats, tables = self.stats, batch.tables
        stats.files += batch.files
        stats.reports += tables["reports"].num_rows
        stats.rows += tables["staging_rows"].num_rows
        stats.rejects += tables["rejects"].num_rows
        stats.errors += batch.errors
        stats.reject_reasons.extend(batch.rejects)
        stats.years.update(tables["reports"].column("year").unique().to_pylist())
