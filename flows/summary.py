"""The run summary: what a run saw and did, and what the published warehouse now holds."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

MAX_REASONS = 12


@dataclass(slots=True)
class QualityCounts:
    """Identity checks of quality.identity_checks, by outcome."""

    passed: int = 0
    warned: int = 0  # a warning identity failed
    broken: int = 0  # an error identity failed
    not_checkable: int = 0
    reports_broken: int = 0
    reports_warned: int = 0


@dataclass(slots=True)
class RunSummary:
    """Everything `ogi run` prints at the end (also written as JSON beside the warehouse)."""

    warehouse: str
    input_dir: str
    status: str = "published"  # published | unchanged | failed
    files_seen: int = 0
    files_parsed: int = 0
    files_new: int = 0
    files_changed: int = 0
    files_retried: int = 0
    files_unchanged: int = 0
    files_missing: int = 0
    files_pruned: int = 0
    reports_loaded: int = 0
    rejected: int = 0
    parser_errors: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    reject_examples: dict[str, str] = field(default_factory=dict)
    reports_total: int = 0
    reports_by_format_year: dict[str, dict[str, int]] = field(default_factory=dict)
    rejects_total: int = 0
    quality: QualityCounts | None = None
    data_docs: str | None = None
    parquet_dir: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    message: str = ""
    parser: str = ""  # loaders.compiled: compiled or pure Python, in the flow's process

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)


def add_rejects(summary: RunSummary, reasons: list[tuple[str, str]]) -> None:
    """Count this run's rejects by reason, keeping one example file per reason."""
    counts = Counter(reason for _, reason in reasons)
    summary.reject_reasons = dict(counts.most_common())
    for source, reason in reasons:
        summary.reject_examples.setdefault(reason, source)


def fill_from_warehouse(summary: RunSummary, warehouse: Path) -> None:
    """Reports by format and year, rejects and identity-check counts of a warehouse file."""
    if not warehouse.exists():
        return
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        summary.reports_total = _scalar(con, "select count(*) from raw.reports")
        summary.rejects_total = _scalar(con, "select count(*) from raw.rejects")
        summary.reports_by_format_year = _by_format_year(con)
        summary.quality = _quality(con)
    finally:
        con.close()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    try:
        row = con.execute(sql).fetchone()
    except duckdb.Error:
        return 0
    return int(row[0]) if row and row[0] is not None else 0


def _by_format_year(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    try:
        rows = con.execute(
            """select format, coalesce(cast(year as varchar), 'unknown'), count(*)
               from raw.reports group by all order by 1, 2"""
        ).fetchall()
    except duckdb.Error:
        return {}
    table: dict[str, dict[str, int]] = {}
    for fmt, year, count in rows:
        table.setdefault(fmt, {})[year] = int(count)
    return table


def _quality(con: duckdb.DuckDBPyConnection) -> QualityCounts | None:
    try:
        row = con.execute(
            """select
                 count(*) filter (where status = 'passed'),
                 count(*) filter (where status = 'failed' and severity = 'warning'),
                 count(*) filter (where status = 'failed' and severity <> 'warning'),
                 count(*) filter (where status = 'not_checkable'),
                 count(distinct report_id) filter (
                     where status = 'failed' and severity <> 'warning'),
                 count(distinct report_id) filter (
                     where status = 'failed' and severity = 'warning')
               from quality.identity_checks"""
        ).fetchone()
    except duckdb.Error:
        return None
    if row is None:
        return None
    return QualityCounts(*(int(v or 0) for v in row))


def render(summary: RunSummary) -> str:
    """The summary as text for a terminal."""
    lines = [f"ogi run: {_headline(summary)}", ""]
    lines += _files_block(summary)
    lines += _rejects_block(summary)
    lines += _reports_block(summary)
    lines += _quality_block(summary)
    lines += _where_block(summary)
    return "\n".join(lines)


def _headline(s: RunSummary) -> str:
    total = s.seconds.get("total", sum(s.seconds.values()))
    text = {
        "published": "warehouse updated and published",
        "unchanged": "nothing changed in the input; the published warehouse was left as it was",
        "failed": "FAILED; the published warehouse was left as it was",
    }.get(s.status, s.status)
    return f"{text} ({total:.1f} s)" + (f"\n  {s.message}" if s.message else "")


def _files_block(s: RunSummary) -> list[str]:
    lines = [
        f"Files        seen {s.files_seen:,} in {s.input_dir}",
        f"             parsed {s.files_parsed:,} (new {s.files_new:,}, changed "
        f"{s.files_changed:,}, retried {s.files_retried:,}), "
        f"skipped as unchanged {s.files_unchanged:,}",
        f"             loaded {s.reports_loaded:,} reports, rejected {s.rejected:,}"
        + (f" (parser errors {s.parser_errors:,})" if s.parser_errors else ""),
    ]
    if s.files_missing or s.files_pruned:
        kept = s.files_missing - s.files_pruned
        lines.append(
            f"             gone from the input {s.files_missing:,}: pruned {s.files_pruned:,}"
            + (f", kept {kept:,} (pass --prune to remove them)" if kept else "")
        )
    if s.parser:
        lines.append(f"             {s.parser}")
    return [*lines, ""]


def _rejects_block(s: RunSummary) -> list[str]:
    if not s.reject_reasons:
        return []
    lines = ["Rejected     (this run, by reason)"]
    for reason, count in list(s.reject_reasons.items())[:MAX_REASONS]:
        example = s.reject_examples.get(reason, "")
        lines.append(f"  {count:>8,}  {reason}")
        lines.append(f"            e.g. {example}")
    hidden = len(s.reject_reasons) - MAX_REASONS
    if hidden > 0:
        lines.append(f"  ... {hidden} more reasons: see raw.rejects")
    return [*lines, ""]


def _reports_block(s: RunSummary) -> list[str]:
    table = s.reports_by_format_year
    formats = sorted(table)
    years = sorted({y for per_year in table.values() for y in per_year})
    lines = [f"Reports      {s.reports_total:,} in the warehouse, {s.rejects_total:,} rejects"]
    if not years:
        return [*lines, ""]
    lines.append("  year    " + "".join(f"{f:>9}" for f in formats) + f"{'total':>9}")
    for year in years:
        counts = [table[f].get(year, 0) for f in formats]
        cells = "".join(f"{c:>9,}" if c else f"{'.':>9}" for c in counts)
        lines.append(f"  {year:<8}{cells}{sum(counts):>9,}")
    totals = [sum(table[f].values()) for f in formats]
    lines.append("  total   " + "".join(f"{t:>9,}" for t in totals) + f"{sum(totals):>9,}")
    return [*lines, ""]


def _quality_block(s: RunSummary) -> list[str]:
    q = s.quality
    if q is None:
        return ["Identities   not checked (quality.identity_checks is absent)", ""]
    return [
        f"Identities   passed {q.passed:,}, warned {q.warned:,}, broken {q.broken:,}, "
        f"not checkable {q.not_checkable:,}",
        f"             reports with a broken identity {q.reports_broken:,}, "
        f"with a warning {q.reports_warned:,}",
        "",
    ]


def _where_block(s: RunSummary) -> list[str]:
    path = s.warehouse
    lines = [
        f"Warehouse    {path}",
        f"Data Docs    {s.data_docs or 'not built'}",
    ]
    if s.parquet_dir:
        lines.append(f"Parquet      {s.parquet_dir}")
    lines += [
        "Read-only    (see docs/reading.md)",
        f"  python     duckdb.connect({path!r}, read_only=True)",
        f"  duckdb SQL ATTACH '{path}' AS ogi (READ_ONLY);",
        f"  SQLAlchemy {read_only_url(path)}",
    ]
    if s.seconds:
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in s.seconds.items())
        lines += ["", f"Timings      {steps}"]
    return lines


def read_only_url(path: str | Path) -> str:
    """duckdb-engine (SQLAlchemy) URL opening `path` read-only, for Superset or Metabase."""
    return f"duckdb:///{Path(path).resolve()}?access_mode=read_only"


def as_markdown(summary: RunSummary) -> str:
    """The summary for a Prefect markdown artifact."""
    return "```\n" + render(summary) + "\n```"
