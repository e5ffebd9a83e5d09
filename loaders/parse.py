"""One report file -> ParseResult: staging rows, or a reject that says what is wrong.

read (bytes -> text) -> normalise (one line per source line) -> detect (report? format,
year, agency) -> table parsers for the format -> prose figures (extra rows for pre-2019
reports without a table row, text_vs_table discrepancies). Bad input never raises.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from loaders.catalog import metric as catalog_metric
from loaders.detect import detect, fold_lines
from loaders.normalize import normalize_text
from loaders.pre2019_table import parse_pre2019
from loaders.proactive_table import parse_proactive
from loaders.prose import extract_prose, reconcile
from loaders.read import ReadError, read_bytes
from loaders.readings import Reading, TruncatedTable
from loaders.requests_table import parse_requests
from loaders.review_table import parse_review
from loaders.rows import ParseResult, Reject, Report, ReportContext, StagingRow
from loaders.sections import locate

_V2021_WORDS = re.compile(r"本年制发件数|现行有效件数|逾期不补正")
_V2019_WORDS = re.compile(r"本年新收|第二十条第|本年新制作数量")


def parse_file(path: Path) -> ParseResult:
    """Parse one report file (.txt, .html, .htm)."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = f"cannot read the file ({exc.strerror or exc}); check the path and permissions"
        return ParseResult(source, "", reject=Reject(source, reason, ""))
    return parse_bytes(data, source)


def parse_bytes(data: bytes, source: str) -> ParseResult:
    """Parse the bytes of one report; `source` names it (its suffix tells HTML)."""
    file_hash = hashlib.sha256(data).hexdigest()
    try:
        return _parse(data, source, file_hash)
    except (ReadError, TruncatedTable) as exc:
        return _reject(source, file_hash, str(exc))
    except Exception as exc:  # a parser bug must not stop a batch: name it and go on
        reason = f"parser error ({type(exc).__name__}: {exc}); keep this file and report it"
        return _reject(source, file_hash, reason)


def _reject(source: str, file_hash: str, reason: str) -> ParseResult:
    return ParseResult(source, file_hash, reject=Reject(source, reason, file_hash))


def _parse(data: bytes, source: str, file_hash: str) -> ParseResult:
    decoded = read_bytes(data, source)
    lines = normalize_text(decoded.text)
    report_id = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
    folded = fold_lines(lines)
    found = detect(lines, folded)
    if not found.is_report:
        reason = found.reason or "not a government information disclosure annual report"
        return _reject(source, file_hash, reason)
    fmt = found.format or _guess_format(lines)
    ctx = ReportContext(report_id, source, found.agency, found.year, fmt)
    rows = _staging_rows(table_readings(lines, fmt), ctx)
    extra, discrepancies = reconcile(rows, extract_prose(lines, fmt, folded), ctx)
    report = Report(report_id, source, found.agency, found.year, fmt, file_hash)
    return ParseResult(source, file_hash, report, rows + extra, discrepancies)


def table_readings(lines: list[str], fmt: str) -> list[Reading]:
    """Every table cell of a normalised report of format `fmt`."""
    if fmt == "pre2019":
        return parse_pre2019(lines)
    sections = locate(lines)
    out: list[Reading] = []
    if sections.proactive is not None:
        if sections.proactive.at_eof and sections.requests is None:
            raise TruncatedTable(
                "truncated: the file ends inside table 二 (主动公开政府信息情况) at line "
                f"{len(lines)}; re-download the complete report"
            )
        out += parse_proactive(lines, sections.proactive, fmt)
    if sections.requests is not None:
        out += parse_requests(lines, sections.requests, fmt)
    if sections.review is not None:
        out += parse_review(lines, sections.review)
    return out


def _guess_format(lines: list[str]) -> str:
    text = "".join(lines)
    if _V2021_WORDS.search(text):
        return "v2021"
    if _V2019_WORDS.search(text):
        return "v2019"
    return "pre2019"


def _staging_rows(readings: list[Reading], ctx: ReportContext) -> list[StagingRow]:
    """One staging row per reading: the report's fields, the metric's section, then the
    reading's fields (its field order is the staging row's tail, _ROW_TAIL).

    Each metric is looked up once, in the order the readings first name them (so the
    first unknown one raises, as row by row); tuple.__new__ is StagingRow._make less its
    length check (a head of 6 fields and a Reading of 7 make 13)."""
    report = (ctx.report_id, ctx.source, ctx.agency, ctx.year, ctx.format)
    heads = {
        code: (*report, catalog_metric(code).section)
        for code in dict.fromkeys(r.metric for r in readings)
    }
    new_row = tuple.__new__
    return [new_row(StagingRow, heads[r.metric] + r) for r in readings]


_ROW_TAIL = ("section", *Reading._fields)
assert StagingRow._fields[-len(_ROW_TAIL) :] == _ROW_TAIL, "Reading and StagingRow disagree"
