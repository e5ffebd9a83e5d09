"""The records a parse produces: staging rows, the report they belong to, rejects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# Field order of one staging row, exactly as shared/spec/README.md lists it.
STAGING_FIELDS: tuple[str, ...] = (
    "report_id",
    "source",
    "agency",
    "year",
    "format",
    "section",
    "metric",
    "applicant_type",
    "value",
    "unit",
    "qualifier",
    "raw",
    "line",
)
QUALIFIERS: tuple[str, ...] = ("more_than", "about", "ambiguous")


class StagingRow(NamedTuple):
    """One cell or stated figure of one report (shared/spec/README.md, 'One staging row')."""

    report_id: str
    source: str
    agency: str | None
    year: int | None
    format: str
    section: str
    metric: str
    applicant_type: str | None
    value: float | int | None
    unit: str
    qualifier: str | None
    raw: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


@dataclass(frozen=True, slots=True)
class Report:
    """One parsed report: what raw.reports holds."""

    report_id: str
    source: str
    agency: str | None
    year: int | None
    format: str
    file_hash: str


@dataclass(frozen=True, slots=True)
class Reject:
    """A file that could not be read as a report, with a reason a person can act on."""

    source: str
    reason: str
    file_hash: str


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A figure stated twice in one report that disagrees (identity `text_vs_table`)."""

    report_id: str
    identity: str
    metric: str
    applicant_type: str | None
    table_value: float | int | None
    text_value: float | int | None
    raw: str
    line: int


@dataclass(slots=True)
class ParseResult:
    """Everything one input file yields: either a report with rows, or a reject."""

    source: str
    file_hash: str
    report: Report | None = None
    rows: list[StagingRow] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    reject: Reject | None = None


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What rows made outside the table parsers (prose figures) need to know of their report."""

    report_id: str
    source: str
    agency: str | None
    year: int | None
    format: str
