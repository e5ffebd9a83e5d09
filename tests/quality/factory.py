"""Staging rows built directly, without parsing: consistent synthetic reports to break at will.

A `SynthReport` holds the cells of one report in printed order; the generators fill them so
that every identity of shared/spec/identities.csv holds, and the tests (or the benchmark)
then change single cells to break exactly one identity. `to_result()` turns a report into the
`ParseResult` that `flows/load.py` loads.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from loaders.catalog import APPLICANT_TYPES, metrics
from loaders.rows import Discrepancy, ParseResult, Report, StagingRow

Key = tuple[str, str | None]
COLUMNS: tuple[str, ...] = APPLICANT_TYPES[:-1]  # the six columns summed into `total`
RESULTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")


@cache
def request_rows(fmt: str) -> tuple[str, ...]:
    """The printed rows of table 三 for a format, in printed order."""
    return tuple(
        m.code for m in metrics().values() if m.by_applicant and fmt in m.formats
    )


@cache
def outcome_parts(fmt: str) -> tuple[str, ...]:
    """The outcome rows that add up to requests.outcome.total."""
    return tuple(m for m in request_rows(fmt) if m.startswith("requests.outcome.")
                 and m != "requests.outcome.total")


@dataclass(slots=True)
class SynthReport:
    """One report's cells: (metric, applicant_type) -> value (None = printed blank)."""

    report_id: str
    agency: str
    year: int
    format: str
    cells: dict[Key, float | None] = field(default_factory=dict)
    qualifiers: dict[Key, str] = field(default_factory=dict)
    discrepancies: list[Discrepancy] = field(default_factory=list)

    def key(self, metric: str, applicant_type: str | None = None) -> Key:
        """The cell key: request metrics carry an applicant type ('total' before 2019)."""
        if applicant_type is None and metric.startswith(("requests.", "legacy.requests.")):
            applicant_type = "total"
        return (metric, applicant_type)

    def get(self, metric: str, applicant_type: str | None = None) -> float | None:
        return self.cells[self.key(metric, applicant_type)]

    def set(self, metric: str, applicant_type: str | None, value: float | None) -> None:
        """Set (or print blank, with None) one cell."""
        self.cells[self.key(metric, applicant_type)] = value

    def drop(self, metric: str, applicant_type: str | None = None) -> None:
        """Remove a cell as if the row were not printed at all."""
        del self.cells[self.key(metric, applicant_type)]

    def qualify(self, metric: str, applicant_type: str | None, qualifier: str) -> None:
        """Mark a cell `more_than`, `about` or `ambiguous` (ambiguous cells lose their value)."""
        key = self.key(metric, applicant_type)
        self.qualifiers[key] = qualifier
        if qualifier == "ambiguous":
            self.cells[key] = None

    def shift(self, column: str, changes: dict[str, float]) -> None:
        """Add to cells of one applicant column and the same amounts to the total column."""
        for metric, delta in changes.items():
            for col in (column, "total"):
                self.set(metric, col, (self.get(metric, col) or 0) + delta)

    def state(self, metric: str, table_value: float | None, text_value: float | None,
              applicant_type: str | None = None) -> None:
        """Record a prose figure that disagrees with the table (identity text_vs_table)."""
        self.discrepancies.append(Discrepancy(
            self.report_id, "text_vs_table", metric, applicant_type, table_value, text_value,
            raw=f"{metric} {text_value:g}件" if text_value is not None else metric, line=1))

    def swap(self, a: Key, b: Key) -> None:
        """Exchange two cells (a classic shifted-column parse error)."""
        ka, kb = self.key(*a), self.key(*b)
        self.cells[ka], self.cells[kb] = self.cells[kb], self.cells[ka]

    def to_result(self) -> ParseResult:
        """The ParseResult a parser would have produced for these cells."""
        source = f"synthetic/{self.report_id}.txt"
        rows = [self._row(source, line, key, value)
                for line, (key, value) in enumerate(self.cells.items(), start=1)]
        report = Report(self.report_id, source, self.agency, self.year, self.format,
                        file_hash=self.report_id)
        return ParseResult(source=source, file_hash=self.report_id, report=report, rows=rows,
                           discrepancies=list(self.discrepancies))

    def _row(self, source: str, line: int, key: Key, value: float | None) -> StagingRow:
        metric, applicant_type = key
        section, unit = _section_unit(metric)
        raw = "" if value is None else f"{value:g}"
        return StagingRow(self.report_id, source, self.agency, self.year, self.format,
                          section, metric, applicant_type, value, unit,
                          self.qualifiers.get(key), raw, line)


@cache
def _section_unit(metric: str) -> tuple[str, str]:
    entry = metrics()[metric]
    return entry.section, entry.unit


def report_id(seed: str) -> str:
    """A 16-hex id like the parser's (sha256 prefix)."""
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def _count(rng: random.Random, zero_share: float, high: int) -> int:
    return 0 if rng.random() < zero_share else rng.randint(1, high)


def fill_requests(rep: SynthReport, rng: random.Random,
                  carried_in: dict[str, int] | None = None) -> dict[str, int]:
    """Table 三, consistent in rows and columns; returns carried_over_out per column."""
    parts = outcome_parts(rep.format)
    columns: dict[str, dict[str, int]] = {}
    for col in COLUMNS:
        zero, high = (0.6, 30) if col == "natural_person" else (0.9, 5)
        values = {m: _count(rng, zero, high) for m in parts}
        out = _count(rng, 0.7, 5)
        cin = (carried_in or {}).get(col, _count(rng, 0.8, 3))
        # what was carried in is handled this year or carried on: never more than that
        values["requests.outcome.disclosed"] += max(0, cin - sum(values.values()) - out)
        total = sum(values.values())
        values |= {"requests.outcome.total": total, "requests.carried_over_out": out,
                   "requests.carried_over_in": cin,
                   "requests.new_received": total + out - cin}
        columns[col] = values
    for metric in request_rows(rep.format):
        for col in COLUMNS:
            rep.set(metric, col, float(columns[col][metric]))
        rep.set(metric, "total", float(sum(columns[c][metric] for c in COLUMNS)))
    return {c: columns[c]["requests.carried_over_out"] for c in COLUMNS} | {
        "total": sum(columns[c]["requests.carried_over_out"] for c in COLUMNS)}


def fill_review_litigation(rep: SynthReport, rng: random.Random) -> None:
    """The 15 cells of table 四: three blocks of four results and their total."""
    for block in ("review", "litigation_direct", "litigation_after_review"):
        values = [_count(rng, 0.7, 6) for _ in RESULTS]
        for part, value in zip(RESULTS, values, strict=True):
            rep.set(f"{block}.{part}", None, float(value))
        rep.set(f"{block}.total", None, float(sum(values)))


def fill_proactive(rep: SynthReport, rng: random.Random) -> None:
    """Table 二 of the format (no identities beyond non_negative; `change` may be negative)."""
    for code, entry in metrics().items():
        if entry.section != "proactive" or rep.format not in entry.formats:
            continue
        if code.endswith(".change"):
            value = float(rng.randint(-20, 20))
        elif code.endswith(".amount"):
            value = round(rng.uniform(0, 5e7), 1)
        else:
            value = float(_count(rng, 0.3, 500))
        rep.set(code, None, value)


def _parts(rng: random.Random, total_hint: int, n: int) -> list[int]:
    return [_count(rng, 0.4, max(1, total_hint // n)) for _ in range(n)]


def fill_legacy(rep: SynthReport, rng: random.Random) -> None:
    """The pre-2019 统计表 with every identity holding (four-channel national table)."""
    s = rep.set
    items = rng.randint(10, 5000)
    for code in ("via_gazette", "via_website", "via_weibo", "via_wechat", "via_other"):
        s(f"legacy.proactive.{code}", None, float(_count(rng, 0.3, items)))
    s("legacy.proactive.items", None, float(items))
    s("legacy.proactive.normative_docs_published", None, float(rng.randint(0, min(items, 50))))
    s("legacy.proactive.normative_docs_issued", None, float(rng.randint(0, 50)))
    for parent in ("press_conferences", "online_interviews"):
        n = rng.randint(0, 10)
        s(f"legacy.response.{parent}", None, float(n))
        s(f"legacy.response.{parent}_principal", None, float(rng.randint(0, n)))
    _sum_block(rep, rng, "legacy.requests.received",
               ["in_person", "fax", "online", "letter"], 200)
    received = int(rep.get("legacy.requests.received") or 0)
    on_time = rng.randint(0, received)
    s("legacy.requests.closed", None, float(received))
    s("legacy.requests.closed.on_time", None, float(on_time))
    s("legacy.requests.closed.extended", None, float(received - on_time))
    _sum_block(rep, rng, "legacy.requests.answered.refused",
               ["state_secret", "commercial_secret", "privacy", "security_stability",
                "not_government_information", "other_legal"], 6)
    refused = rep.get("legacy.requests.answered.refused") or 0
    others = ["already_public", "agreed", "partially_agreed", "not_this_agency", "not_exist",
              "told_to_amend", "told_other_channel"]
    values = _parts(rng, received, len(others))
    for code, value in zip(others, values, strict=True):
        s(f"legacy.requests.answered.{code}", None, float(value))
    s("legacy.requests.answered", None, float(sum(values) + refused))
    _sum_block(rep, rng, "legacy.review.total", ["upheld", "corrected", "other"], 9,
               prefix="legacy.review")
    _sum_block(rep, rng, "legacy.litigation.total", ["upheld", "corrected", "other"], 9,
               prefix="legacy.litigation")
    _sum_block(rep, rng, "legacy.capacity.staff", ["staff_fulltime", "staff_parttime"], 20,
               prefix="legacy.capacity")
    s("legacy.complaints", None, float(_count(rng, 0.5, 50)))


def _sum_block(rep: SynthReport, rng: random.Random, total: str, parts: list[str],
               hint: int, prefix: str | None = None) -> None:
    prefix = prefix or total
    values = _parts(rng, hint, len(parts))
    rep.set(total, None, float(sum(values)))
    for code, value in zip(parts, values, strict=True):
        rep.set(f"{prefix}.{code}", None, float(value))


def format_of(year: int) -> str:
    """The template a report of `year` uses."""
    return "pre2019" if year < 2019 else "v2019" if year < 2021 else "v2021"


def make_report(rng: random.Random, rid: str, agency: str, year: int,
                carried_in: dict[str, int] | None = None) -> tuple[SynthReport, dict[str, int]]:
    """A consistent report of `agency` for `year`; also returns its carried_over_out."""
    rep = SynthReport(rid, agency, year, format_of(year))
    if rep.format == "pre2019":
        fill_legacy(rep, rng)
        return rep, {}
    fill_proactive(rep, rng)
    out = fill_requests(rep, rng, carried_in)
    fill_review_litigation(rep, rng)
    return rep, out


def agency_series(rng: random.Random, agency: str, years: range,
                  seed: str = "") -> Iterator[SynthReport]:
    """Consecutive reports of one agency whose carry-over chain holds across years."""
    carried: dict[str, int] | None = None
    for year in years:
        rep, out = make_report(rng, report_id(f"{seed}{agency}{year}"), agency, year, carried)
        carried = out or None
        yield rep
