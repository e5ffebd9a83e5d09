"""The pre-2019 《政府信息公开情况统计表》: 统计指标 / 单位 / 统计数 (maybe a 历年累计 column).

Rows are matched by label words, never by position: a label's core (no numbering, no
`其中：`, no trailing note, no punctuation or spaces) must equal a catalog label or a known
local variant, or contain one that makes most of it. A row is its unit and figure cells;
its label is the text on their line, or the line above, joined with the line above or
below where the label wraps (PDF text). Labels printed twice (被依法纠错数,
其他情形数) are told apart by the 行政复议 / 行政诉讼 heading above them. The annual column
is taken, not a 历年累计 one beside it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from loaders.catalog import metrics
from loaders.cells import Cell, joined_text, region_cells
from loaders.labels import balanced, label_core, squash
from loaders.normalize import halfwidth
from loaders.readings import Reading, TruncatedTable
from loaders.values import UNITS

# words of the table's heading, tried in turn (指标名称: local 统计报表 of before 2014)
_START = ("统计指标", "情况统计表", "指标名称")
_PROSE = "。"  # (in a line this long: prose, which ends the table)
_PROSE_LEN = 40
_VARIANTS: dict[str, str] = {
    "网上申请数": "legacy.requests.received.online",
    "网络申请数": "legacy.requests.received.online",
    "其它形式申请数": "legacy.requests.received.other",
    "其他形式申请数": "legacy.requests.received.other",
    "电子邮件申请数": "legacy.requests.received.email",
    "电子邮箱申请数": "legacy.requests.received.email",
    "收到申请总数": "legacy.requests.received",
    "依申请公开信息收取的费用": "legacy.fees",
    # local 统计报表 of before 2014 (指标名称 / 计量单位 / 代码 / 本期实际 / 本年累计)
    "主动公开信息数": "legacy.proactive.items",
    "申请总数": "legacy.requests.received",
    "对申请的答复总数": "legacy.requests.answered",
    "否决公开答复总数": "legacy.requests.answered.refused",
    "行政复议数": "legacy.review.total",
    "行政诉讼数": "legacy.litigation.total",
}
_GROUPS = {"行政复议": "legacy.review.", "行政诉讼": "legacy.litigation."}
_ANNUAL_HEAD = re.compile(r"统计数|本年|数量|数值")
_CODE_HEAD = "代码"
_MIN_SHARE = 0.7  # a contained catalog label must make this much of the printed one
_UNIT_WORDS = frozenset(UNITS)


@cache
def _labels() -> dict[str, tuple[str, ...]]:
    """Label core -> metric codes printing it (several for 被依法纠错数 / 其他情形数)."""
    out: dict[str, list[str]] = {}
    for code, m in metrics().items():
        if "pre2019" in m.formats:
            out.setdefault(label_core(halfwidth(m.label_zh)), []).append(code)
    for core, code in _VARIANTS.items():
        out.setdefault(core, [])
        if code not in out[core]:
            out[core].append(code)
    return {k: tuple(v) for k, v in out.items()}


def find_table(lines: list[str]) -> tuple[int, int, bool] | None:
    """Lines [start, end) of the 统计表 and whether it runs to the end of the file."""
    start = None
    for word in _START:
        start = next((i for i, line in enumerate(lines) if word in line), None)
        if start is not None:
            break
    if start is None:
        return None
    for i in range(start + 1, len(lines)):
        if _PROSE in lines[i] and len(lines[i].strip()) >= _PROSE_LEN:
            return start, i, False
    return start, len(lines), True


@dataclass(slots=True)
class _Row:
    """A unit and/or figure cells, with the label text on their line and around them."""

    own: list[Cell]
    above: list[Cell]
    unit: Cell | None
    figures: list[Cell]
    below: list[Cell] = field(default_factory=list)

    def labels(self) -> Iterator[str]:
        """Label readings to try, most likely first (labels wrap onto lines around)."""
        own, up, down = self.own, self.above[-1:], self.below[:1]
        return (joined_text(parts) for parts in (own, own + down, up + own, up + own + down))


def parse_pre2019(lines: list[str]) -> list[Reading]:
    """Readings of the 统计表, empty when the report has none."""
    found = find_table(lines)
    if found is None:
        return []
    start, end, at_eof = found
    cells = region_cells(lines, start, end)
    annual, value_columns = _value_columns(cells)
    rows, tail = _rows(cells)
    out: list[Reading] = []
    seen: set[str] = set()
    group = ""
    for row in rows:
        for cell in row.above + row.own:
            group = _group(cell.text) or group
        metric = next((m for text in row.labels() if (m := _match(text, group))), None)
        if metric is None or metric in seen:
            continue  # a heading, or a repeated table: keep the first
        seen.add(metric)
        out.append(_reading(metric, row, annual, value_columns))
    out += _bare_labels(cells, seen)
    if at_eof and (_cut_label(tail, group) or (rows and not rows[-1].figures)):
        raise TruncatedTable(
            "truncated: the file ends inside the 政府信息公开情况统计表 "
            f"(last cell on line {cells[-1].line}); re-download the complete report"
        )
    return out


def _bare_labels(cells: list[Cell], seen: set[str]) -> list[Reading]:
    """Rows printed as a label alone (blank cells dropped, as in PDF text): null figures."""
    out: list[Reading] = []
    group = ""
    for cell in cells:
        if cell.kind != "text":
            continue
        group = _group(cell.text) or group
        codes = _label_codes(cell.text)
        if not codes:
            continue
        metric = _pick(codes, group)
        if metric not in seen:
            seen.add(metric)
            applicant = "total" if metric.startswith("legacy.requests") else None
            unit = metrics()[metric].unit
            out.append(Reading(metric, applicant, None, unit, None, "", cell.line))
    return out


@lru_cache(maxsize=4096)
def _label_codes(text: str) -> tuple[str, ...] | None:
    """The codes of the catalog label a whole (balanced) cell prints, if it prints one."""
    return _labels().get(label_core(text)) if balanced(text) else None


def _rows(cells: list[Cell]) -> tuple[list[_Row], list[Cell]]:
    """Rows of the table and the text cells after the last one."""
    rows: list[_Row] = []
    texts: list[Cell] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.kind == "text" and (cell.text not in _UNIT_WORDS or not _starts_figures(cells, i)):
            texts.append(cell)
            i += 1
            continue
        unit = cell if cell.kind == "text" else None
        j = i + 1 if unit else i
        k = j
        while k < len(cells) and cells[k].kind != "text":
            k += 1
        anchor = (unit or cells[j]).line
        own = [t for t in texts if t.line == anchor]
        if own:
            above = [t for t in texts if t.line != anchor]  # (= the cells not in own)
        else:
            own = texts[-1:]
            above = [t for t in texts if t not in own]
        rows.append(_Row(own, above, unit, cells[j:k]))
        texts = []
        i = k
    for prev, nxt in itertools.pairwise(rows):
        prev.below = nxt.above
    if rows:
        rows[-1].below = texts
    return rows, texts


def _starts_figures(cells: list[Cell], i: int) -> bool:
    """A unit word after a label (or before figures) opens the row's figure cells."""
    if not _is_unit(cells[i]):
        return False
    after = cells[i + 1] if i + 1 < len(cells) else None
    before = cells[i - 1] if i else None
    return (after is not None and after.kind != "text") or (
        before is not None and before.kind == "text" and not _is_unit(before)
    )


def _cut_label(tail: list[Cell], group: str) -> bool:
    """The file ends on a label with no figures after it."""
    return bool(tail) and _match(joined_text(tail[-2:]), group) is not None


def _value_columns(cells: list[Cell]) -> tuple[int, int]:
    """(index of the annual column among value columns, number of value columns), from
    the order of 累计 and 统计数/本年 in the header. A 代码 column (row codes 01, 02 …,
    printed after the unit) is a value column that is never the annual one."""
    head = squash("".join(c.text for c in cells[:8] if c.kind == "text"))
    codes = int(_CODE_HEAD in head)
    cumulative = head.find("累计")
    if cumulative < 0:
        return codes, 1 + codes
    annual = _ANNUAL_HEAD.search(head.replace("累计", "##"))
    return codes + (1 if annual is not None and cumulative < annual.start() else 0), 2 + codes


@lru_cache(maxsize=4096)
def _group(text: str) -> str | None:
    """The group prefix (行政复议 / 行政诉讼 …) a heading cell opens, if it opens one."""
    core = squash(text)
    for word, prefix in _GROUPS.items():
        if word in core:
            return prefix
    return None


@lru_cache(maxsize=4096)  # labels and groups repeat across rows and reports
def _match(text: str, group: str) -> str | None:
    codes = _codes(label_core(text))
    return _pick(codes, group) if codes else None


@lru_cache(maxsize=4096)  # labels repeat across the reports of one template
def _codes(core: str) -> tuple[str, ...] | None:
    """The codes of the catalog label `core` is, or of the one that makes most of it."""
    if not core:
        return None
    labels = _labels()
    codes = labels.get(core)
    if codes is None:
        best = max(
            (k for k in labels if k in core and len(k) >= _MIN_SHARE * len(core)),
            key=len,
            default=None,
        )
        codes = labels.get(best) if best else None
    return codes


def _pick(codes: tuple[str, ...], group: str) -> str:
    """The code of a label printed under 行政复议 and 行政诉讼 alike, by the heading above."""
    if len(codes) > 1 and group:
        return next((c for c in codes if c.startswith(group)), codes[0])
    return codes[0]


def _is_unit(cell: Cell) -> bool:
    return cell.kind == "text" and cell.text in _UNIT_WORDS


def _reading(metric: str, row: _Row, annual: int, columns: int) -> Reading:
    """The annual figure of one row (null where it is printed blank)."""
    applicant = "total" if metric.startswith("legacy.requests") else None
    figures = row.figures
    if row.unit is None and figures and figures[0].kind == "blank" and len(figures) > columns:
        figures = figures[1:]  # the empty 单位 cell
    unit = row.unit.text if row.unit else metrics()[metric].unit
    if annual >= len(figures):  # printed blank, in a layout that drops blank cells
        line = (row.unit or row.own[-1]).line if (row.unit or row.own) else 0
        return Reading(metric, applicant, None, unit, None, "", line)
    cell = figures[annual]
    fig = cell.figure
    if fig is None:
        return Reading(metric, applicant, None, unit, None, cell.text, cell.line)
    return Reading(
        metric, applicant, fig.value, fig.unit or unit, fig.qualifier, cell.text, cell.line
    )
