"""Parse a batch of files where the work runs (a local process or a Dask worker).

The batch comes back as Arrow tables (raw.reports, raw.staging_rows, raw.discrepancies,
raw.rejects and the manifest rows), not as Python objects: Arrow crosses a process or
network boundary about 20 times faster than pickled dataclasses, and the conversion runs
in parallel on the workers instead of in the one process that loads the warehouse.

This module imports no Prefect: it is what the worker processes import.
"""

from __future__ import annotations

import hashlib
import signal
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from flows.load import batch_tables
from flows.manifest import MANIFEST_SCHEMA
from loaders.collection import fewer_collections
from loaders.rows import ParseResult, Reject

TABLES: tuple[str, ...] = ("reports", "staging_rows", "discrepancies", "rejects")
# Rejects that say nothing about the file's content: retried on the next run (status 'error').
RETRY_REASONS: tuple[str, ...] = ("parser error", "cannot read the file")


class FileTimeout(Exception):
    """The parser spent longer than the time limit on one file."""


@dataclass(slots=True)
class ParsedBatch:
    """What one batch of files yields, ready to load."""

    files: int
    tables: dict[str, pa.Table]
    manifest: pa.Table
    seconds: float
    rejects: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    errors: int = 0

    @property
    def reports(self) -> int:
        return self.tables["reports"].num_rows


def parse_paths(sources: Sequence[str], file_timeout: float = 0.0) -> ParsedBatch:
    """Parse `sources` one by one (a crash or a timeout becomes a reject) into Arrow tables."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    results: list[ParseResult] = []
    statuses: list[str] = []
    with fewer_collections():
        for source in sources:
            result, status = parse_one(Path(source), file_timeout)
            results.append(result)
            statuses.append(status)
    return ParsedBatch(
        files=len(sources),
        tables=batch_tables(results, now),
        manifest=manifest_table(sources, results, statuses, now),
        seconds=time.perf_counter() - started,
        rejects=[(r.source, r.reject.reason) for r in results if r.reject is not None],
        errors=statuses.count("error"),
    )


def parse_one(path: Path, file_timeout: float = 0.0) -> tuple[ParseResult, str]:
    """`parse_file(path)` and the manifest status; never raises."""
    from loaders.parse import parse_file

    try:
        with _time_limit(file_timeout):
            result = parse_file(path)
    except FileTimeout:
        return _error(path, f"parser gave up after {file_timeout:g} s (--file-timeout)"), "error"
    except Exception as exc:  # a parser bug must not sink the other files of the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        detail = f"{type(exc).__name__}: {exc} at {Path(where.filename).name}:{where.lineno}"
        return _error(path, f"parser error, please report this file ({detail})"), "error"
    if result.report is not None:
        return result, "loaded"
    if result.reject is not None and result.reject.reason.startswith(RETRY_REASONS):
        return result, "error"
    return result, "rejected"


def _error(path: Path, reason: str) -> ParseResult:
    try:
        file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        file_hash, reason = "", f"unreadable file: {exc.strerror or exc}"
    return ParseResult(
        source=str(path), file_hash=file_hash, reject=Reject(str(path), reason, file_hash)
    )


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout after `seconds` (main thread of a process only; else no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def manifest_table(
    sources: Sequence[str], results: list[ParseResult], statuses: list[str], now: datetime
) -> pa.Table:
    """One raw.files row per source of the batch."""
    return pa.table(
        {
            "source": list(sources),
            "file_hash": [r.file_hash or "" for r in results],
            "report_id": [r.report.report_id if r.report else None for r in results],
            "status": statuses,
            "reason": [r.reject.reason if r.reject else None for r in results],
            "seen_at": [now] * len(results),
            "stat_signature": [None] * len(results),  # filled in by the loader
        },
        schema=MANIFEST_SCHEMA,
    )
