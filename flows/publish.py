"""Build privately, check, then swap in: readers only ever see a complete warehouse.

Layout beside the published file `warehouse/ogi.duckdb`:

    warehouse/ogi.duckdb            published copy: what BI tools and analysts open read-only
    warehouse/ogi.duckdb.lock       the writers' lock (flows/lock.py)
    warehouse/parquet/staging_rows  published Parquet copy (year=YYYY partitions)
    warehouse/data_docs/            published GX Data Docs
    warehouse/.ogi.duckdb.work/     private work area of the run holding the lock:
        ogi.duckdb, parquet/staging_rows, data_docs, target/ and logs/ (dbt)

A run copies the published file into the work area, changes only the copy, and publishes
with `os.replace`, an atomic rename on one filesystem: a reader that opened the old file
keeps reading it, the next one opens the new file, nobody sees a half-built warehouse and
no reader ever makes a run wait. A run killed at any point leaves the published file as it
was; the next run throws the leftover work copy away and starts again from the published one.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb


class PublishCheckFailed(RuntimeError):
    """The work copy is not fit to publish; the published warehouse was left as it was."""


@dataclass(frozen=True, slots=True)
class Workspace:
    """Paths of a published warehouse and of its private work area."""

    published: Path

    @classmethod
    def for_warehouse(cls, warehouse: str | Path) -> Workspace:
        return cls(Path(warehouse).expanduser().resolve())

    @property
    def work_dir(self) -> Path:
        return self.published.parent / f".{self.published.name}.work"

    @property
    def work_db(self) -> Path:
        return self.work_dir / self.published.name

    @property
    def work_parquet(self) -> Path:
        return self.work_dir / "parquet" / "staging_rows"

    @property
    def published_parquet(self) -> Path:
        return self.published.parent / "parquet" / "staging_rows"

    @property
    def work_docs(self) -> Path:
        return self.work_dir / "data_docs"

    @property
    def published_docs(self) -> Path:
        return self.published.parent / "data_docs"


def wal_of(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def prepare_work_copy(ws: Workspace) -> int:
    """Drop leftovers of an earlier run, copy the published warehouse; returns bytes copied."""
    ws.work_dir.mkdir(parents=True, exist_ok=True)
    for leftover in (ws.work_db, wal_of(ws.work_db)):
        leftover.unlink(missing_ok=True)
    for folder in (ws.work_parquet, ws.work_docs):
        shutil.rmtree(folder, ignore_errors=True)
    if ws.published_parquet.is_dir():
        # Hard links: load.py replaces partition files, it never writes into one in place.
        shutil.copytree(ws.published_parquet, ws.work_parquet, copy_function=os.link)
    if not ws.published.exists():
        return 0
    shutil.copyfile(ws.published, ws.work_db)
    return ws.work_db.stat().st_size


def check_work_copy(ws: Workspace, required: tuple[str, ...] = ("raw.reports", "raw.files")) -> int:
    """Checkpoint the work copy and check it opens and holds the core tables; returns reports."""
    try:
        con = duckdb.connect(str(ws.work_db))
    except duckdb.Error as exc:
        raise PublishCheckFailed(f"the work copy {ws.work_db} does not open: {exc}") from exc
    try:
        con.execute("checkpoint")
        for table in required:
            try:
                con.execute(f"select count(*) from {table}").fetchone()
            except duckdb.Error as exc:
                raise PublishCheckFailed(f"the work copy lacks {table}: {exc}") from exc
        row = con.execute("select count(*) from raw.reports").fetchone()
    finally:
        con.close()
    if wal_of(ws.work_db).exists():
        raise PublishCheckFailed(f"{wal_of(ws.work_db)} remains after a checkpoint")
    return int(row[0]) if row else 0


def publish(ws: Workspace) -> None:
    """Swap the checked work copy in; the warehouse file is the last (atomic) step.

    Parquet and Data Docs go first, so a crash in between leaves a published warehouse
    whose manifest is older than its side files: the next run redoes that work and
    rewrites them.
    """
    swap_dir(ws.work_parquet, ws.published_parquet)
    swap_dir(ws.work_docs, ws.published_docs)
    stale_wal = wal_of(ws.published)
    if stale_wal.exists():
        # Only a process that opened the published file read-write leaves one; replaying it
        # onto the new file would corrupt it.
        stale_wal.unlink()
    _fsync(ws.work_db)
    os.replace(ws.work_db, ws.published)
    _fsync(ws.published.parent)


def swap_dir(new: Path, dest: Path) -> None:
    """Put folder `new` at `dest` (two renames; the old folder is removed after)."""
    if not new.is_dir():
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        os.replace(dest, old)
    os.replace(new, dest)
    shutil.rmtree(old, ignore_errors=True)


def discard_work_copy(ws: Workspace) -> None:
    """Remove the work copy of a run that will not publish (dbt's target and logs stay)."""
    for leftover in (ws.work_db, wal_of(ws.work_db)):
        leftover.unlink(missing_ok=True)
    for folder in (ws.work_dir / "parquet", ws.work_docs):
        shutil.rmtree(folder, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
