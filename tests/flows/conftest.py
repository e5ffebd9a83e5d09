"""Fixtures of the flow tests: a private Prefect home and server, a dozen-file corpus."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

# Before anything imports Prefect: a throwaway home (its SQLite database), a generous start-up
# timeout for the temporary server on a busy machine, only warnings in the test output.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="ogi-prefect-home-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample"
# One of each format, text and HTML, UTF-8 and GB18030, one report that breaks an identity.
GENERATED: tuple[dict[str, object], ...] = (
    {"rng_seed": 11, "fmt": "v2021", "layout": "cells", "html": False},
    {"rng_seed": 12, "fmt": "v2021", "layout": "table", "html": True},
    {"rng_seed": 13, "fmt": "v2019", "layout": "spaces", "html": False, "encoding": "gb18030"},
    {"rng_seed": 14, "fmt": "pre2019", "layout": "pipes", "html": False},
    {"rng_seed": 15, "fmt": "v2021", "layout": "cells", "html": False,
     "break_identity": "applicant_sum"},
)


def _require_parser() -> None:
    try:
        import loaders.parse  # noqa: F401
    except ImportError:
        pytest.skip("loaders/parse.py is not there yet: the flow needs the parser")


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[str]:
    """One temporary Prefect server for the flows run in this test process."""
    from flows import prefect_env

    prefect_env.apply_defaults()
    with prefect_env.prefect_api() as url:
        yield url


def write_small_corpus(folder: Path) -> list[Path]:
    """5 seed reports, the PDF-text sample, 5 generated reports, 2 bad files: 13 files."""
    from tests.synthetic import generate_report

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in ("seeds", "samples"):
        for path in sorted((SAMPLE / name).glob("*.txt")):
            target = folder / name / path.name
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(path, target)
            written.append(target)
    for params in GENERATED:
        rep = generate_report(**params)  # type: ignore[arg-type]
        target = folder / "generated" / rep.filename
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(rep.data)
        written.append(target)
    bad = folder / "bad"
    bad.mkdir(exist_ok=True)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.html").write_bytes(bytes(range(256)) * 8)
    written += [bad / "empty.txt", bad / "binary.html"]
    return written


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _require_parser()
    folder = tmp_path_factory.mktemp("corpus")
    write_small_corpus(folder)
    return folder


def table_checksums(db: Path) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent checksum of every table of a DuckDB file."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute(
            """select table_schema, table_name from information_schema.tables
               where table_type = 'BASE TABLE' order by 1, 2"""
        ).fetchall()
        sums = {}
        for schema, table in tables:
            count, total = con.execute(
                f'select count(*), coalesce(sum(hash(t)::hugeint), 0) from "{schema}"."{table}" t'
            ).fetchone()
            sums[f"{schema}.{table}"] = (int(count), int(total))
        return sums
    finally:
        con.close()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()
