"""ParseResults of seeds 003 and 004 written by hand from the seed texts.

Used while `loaders.parse.parse_file` cannot parse the seeds yet; `seed_results` prefers the
parser and falls back to these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from loaders.catalog import APPLICANT_TYPES, metric
from loaders.rows import ParseResult, Report, StagingRow

SEEDS = Path("/work/shared/seeds")
SEED_003 = "003_d7e4656ea917418d.txt"
SEED_004 = "004_a26e816a49efbc48.txt"

# Seed 003: 57365线路检测中心, 2017, 政府信息公开情况统计表 (blank cells: None).
_LEGACY_003: dict[str, float | None] = {
    "legacy.proactive.items": 42658,
    "legacy.proactive.normative_docs_published": 3,
    "legacy.proactive.normative_docs_issued": 3,
    "legacy.proactive.proposal_replies_published": 10,
    "legacy.proactive.via_gazette": None,
    "legacy.proactive.via_website": 42092,
    "legacy.proactive.via_weibo": 202,
    "legacy.proactive.via_wechat": None,
    "legacy.proactive.via_other": 348,
    "legacy.requests.received": 233,
    "legacy.requests.received.in_person": 179,
    "legacy.requests.received.fax": 26,
    "legacy.requests.received.online": 2,
    "legacy.requests.received.letter": 26,
    "legacy.requests.closed": 233,
    "legacy.requests.closed.on_time": 228,
    "legacy.requests.closed.extended": 5,
    "legacy.requests.answered": 233,
    "legacy.requests.answered.already_public": None,
    "legacy.requests.answered.agreed": 122,
    "legacy.requests.answered.partially_agreed": None,
    "legacy.requests.answered.refused": 3,
    "legacy.requests.answered.refused.state_secret": None,
    "legacy.requests.answered.refused.commercial_secret": 1,
    "legacy.requests.answered.refused.privacy": None,
    "legacy.requests.answered.refused.security_stability": None,
    "legacy.requests.answered.refused.not_government_information": 1,
    "legacy.requests.answered.refused.other_legal": 1,
    "legacy.requests.answered.not_this_agency": 5,
    "legacy.requests.answered.not_exist": 90,
    "legacy.requests.answered.told_to_amend": 4,
    "legacy.requests.answered.told_other_channel": 9,
    "legacy.review.total": 10,
    "legacy.review.upheld": 10,
    "legacy.review.corrected": None,
    "legacy.review.other": None,
    "legacy.litigation.total": 20,
    "legacy.litigation.upheld": 14,
    "legacy.litigation.corrected": 3,
    "legacy.litigation.other": 3,
    "legacy.complaints": 671,
    "legacy.capacity.staff": 28,
    "legacy.capacity.staff_fulltime": 4,
    "legacy.capacity.staff_parttime": 24,
}

# Seed 004: 桂东县, 2020, v2019. Requests: (natural_person, total); other columns are 0.
_REQUESTS_004: dict[str, tuple[float, float]] = {
    "requests.new_received": (4, 4),
    "requests.outcome.disclosed": (3, 3),
    "requests.outcome.partially_disclosed": (1, 1),
    "requests.outcome.total": (4, 4),
}
_ZERO_REQUESTS_004 = (
    "requests.carried_over_in",
    *(f"requests.outcome.withheld.{p}" for p in (
        "state_secret", "prohibited_by_law", "security_stability", "third_party_rights",
        "internal_affairs", "process_information", "enforcement_file", "administrative_query")),
    *(f"requests.outcome.unable.{p}" for p in (
        "not_held", "needs_creation", "unclear_after_correction")),
    *(f"requests.outcome.not_processed.{p}" for p in (
        "petition_complaint", "duplicate", "publication", "excessive", "confirm_or_reissue")),
    "requests.outcome.other",
    "requests.carried_over_out",
)
_OTHERS_004: dict[str, float] = {
    "proactive.rules.new_made": 0,
    "proactive.rules.new_published": 0,
    "proactive.rules.total_published": 0,
    "proactive.normative_docs.new_made": 19,
    "proactive.normative_docs.new_published": 19,
    "proactive.normative_docs.total_published": 19,
    "proactive.licensing.prev_year_items": 443,
    "proactive.licensing.change": -57,
    "proactive.licensing.decisions": 56829,
    "proactive.procurement.items": 129,
    "proactive.procurement.amount": 172195991.7,
    "review.upheld": 1, "review.corrected": 0, "review.other": 0, "review.pending": 0,
    "review.total": 1,
    "litigation_direct.upheld": 3, "litigation_direct.corrected": 0,
    "litigation_direct.other": 0, "litigation_direct.pending": 0, "litigation_direct.total": 3,
    "litigation_after_review.upheld": 1, "litigation_after_review.corrected": 0,
    "litigation_after_review.other": 0, "litigation_after_review.pending": 0,
    "litigation_after_review.total": 1,
}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_result(
    *,
    report_id: str,
    source: str,
    agency: str | None,
    year: int | None,
    fmt: str,
    cells: Iterable[tuple[str, str | None, float | None]],
    digest: str = "0" * 64,
) -> ParseResult:
    """A ParseResult from (metric, applicant_type, value) cells."""
    rows = [
        StagingRow(
            report_id=report_id, source=source, agency=agency, year=year, format=fmt,
            section=metric(code).section, metric=code, applicant_type=applicant, value=value,
            unit=metric(code).unit, qualifier=None, raw="" if value is None else f"{value:g}",
            line=line,
        )
        for line, (code, applicant, value) in enumerate(cells, start=1)
    ]
    report = Report(report_id, source, agency, year, fmt, digest)
    return ParseResult(source=source, file_hash=digest, report=report, rows=rows)


def seed_003(source: str | None = None) -> ParseResult:
    path = SEEDS / SEED_003
    cells = [
        (code, "total" if code.startswith("legacy.requests.") else None, value)
        for code, value in _LEGACY_003.items()
    ]
    return make_result(
        report_id="d7e4656ea917418d", source=source or str(path), agency="57365线路检测中心",
        year=2017, fmt="pre2019", cells=cells, digest=file_hash(path),
    )


def seed_004(source: str | None = None) -> ParseResult:
    path = SEEDS / SEED_004
    cells: list[tuple[str, str | None, float | None]] = []
    for code in (*_REQUESTS_004, *_ZERO_REQUESTS_004):
        natural, total = _REQUESTS_004.get(code, (0, 0))
        for applicant in APPLICANT_TYPES:
            value = {"natural_person": natural, "total": total}.get(applicant, 0)
            cells.append((code, applicant, value))
    cells += [(code, None, value) for code, value in _OTHERS_004.items()]
    return make_result(
        report_id="a26e816a49efbc48", source=source or str(path), agency="桂东县",
        year=2020, fmt="v2019", cells=cells, digest=file_hash(path),
    )


def seed_results() -> list[ParseResult]:
    """Seeds 003 and 004 through the parser when it can read them, else by hand; the other
    seeds (prose-only 000 and 001, v2019 002) too when the parser reads them."""
    by_hand = {SEED_003: seed_003, SEED_004: seed_004}
    results = []
    for path in sorted(SEEDS.glob("*.txt")):
        parsed = _parsed(path)
        if parsed is None and path.name in by_hand:
            parsed = by_hand[path.name]()
        if parsed is not None:
            results.append(parsed)
    return results


def _parsed(path: Path) -> ParseResult | None:
    """The parser's result, or None while the parser cannot read the file."""
    try:
        from loaders.parse import parse_file
    except ImportError:
        return None
    try:
        result = parse_file(path)
    except NotImplementedError:
        return None
    return result if result.report is not None and result.rows else None
