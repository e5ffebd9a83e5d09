"""Compare a parse result with a synthetic report's truth; a readable list of differences."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .generator import SyntheticReport

Key4 = tuple[Any, ...]


def _fmt_key(k: Key4) -> str:
    metric, app, value, qual = k
    return f"{metric}[{app}]={value}{'' if qual is None else ' (' + qual + ')'}"


def row_counter(rows: Any) -> Counter[Key4]:
    """Parsed staging rows as a multiset of (metric, applicant_type, value, qualifier)."""
    return Counter((r.metric, r.applicant_type, r.value, r.qualifier) for r in rows)


def differences(rep: SyntheticReport, result: Any, limit: int = 12) -> list[str]:
    """Everything in which `result` (a loaders.rows.ParseResult) departs from the truth."""
    if result.reject is not None:
        return [f"rejected: {result.reject.reason}"]
    out: list[str] = []
    report = result.report
    for field, want in (("format", rep.fmt), ("year", rep.year), ("agency", rep.agency)):
        got = getattr(report, field, None)
        if got != want:
            out.append(f"report.{field}: got {got!r}, want {want!r}")
    got_rows, want_rows = row_counter(result.rows), rep.truth_counter()
    missing = sorted(want_rows - got_rows, key=str)
    extra = sorted(got_rows - want_rows, key=str)
    if missing:
        shown = ", ".join(_fmt_key(k) for k in missing[:limit])
        out.append(f"missing {len(missing)}: {shown}")
    if extra:
        out.append(f"extra {len(extra)}: {', '.join(_fmt_key(k) for k in extra[:limit])}")
    out += _row_fields(rep, result)
    return out


def _row_fields(rep: SyntheticReport, result: Any) -> list[str]:
    """Unit and section per metric, and report-level fields repeated on every row."""
    want = {(r["metric"], r["applicant_type"]): (r["unit"], r["section"]) for r in rep.truth}
    bad: set[str] = set()
    for r in result.rows:
        us = want.get((r.metric, r.applicant_type))
        if us is not None and (r.unit, r.section) != us:
            bad.add(f"{r.metric}: unit/section {(r.unit, r.section)} != {us}")
        if (r.format, r.year, r.agency) != (rep.fmt, rep.year, rep.agency):
            bad.add(f"row of {r.metric} carries {(r.format, r.year, r.agency)}")
        if result.report is not None and r.report_id != result.report.report_id:
            bad.add(f"row of {r.metric} has report_id {r.report_id}")
    return sorted(bad)[:6]


def describe(rep: SyntheticReport) -> str:
    """The call that regenerates `rep`."""
    return (f"generate_report({rep.seed}, fmt={rep.fmt!r}, layout={rep.layout!r}, "
            f"encoding={rep.encoding!r}, html={rep.html}, break_identity={rep.broken!r})")
