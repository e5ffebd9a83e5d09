"""What a table parser reads from one cell, before it becomes a staging row."""

from __future__ import annotations

from typing import NamedTuple


class Reading(NamedTuple):
    """One cell of a report table: its metric, column, value as printed, unit, line."""

    metric: str
    applicant_type: str | None
    value: int | float | None
    unit: str
    qualifier: str | None
    raw: str
    line: int


class TruncatedTable(Exception):
    """The file ends inside a table; the message says where."""
