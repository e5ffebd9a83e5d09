"""The pre-2019 《政府信息公开情况统计表》: 统计指标 / 单位 / 统计数 (maybe a 历年累计 column).

Rows are matched by label words, never by position: a label's core (no numbering, no
`其中：`, no trailing note, no punctuation or spaces) must equal a catalog label or a known
local variant, or contain one that makes most of it. Labels printed twice (被依法纠错数,
其他情形数) are told apart by the 行政复议 / 行政诉讼 heading above them. The annual column
is taken, not a 历年累计 one beside it.
"""

from __future__ import annotations

import re
from functools import cache

from loaders.catalog import metrics
from loaders.cells import Cell, region_cells
from loaders.labels import label_core, squash
from loaders.readings import Reading, TruncatedTable
from loaders.values import UNITS

_START = (re.compile(r"统计指标"), re.compile(r"情况统计表"))
_PROSE = re.compile(r"。")
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
}
_GROUPS = {"行政复议": "legacy.review.", "行政诉讼": "legacy.litigation."}
_MIN_SHARE = 0.7  # a contained catalog label must make this much of the printed one
_UNIT_WORDS = frozenset(UNITS)


@cache
def _labels() -> dict[str, tuple[str, ...]]:
    """Label core -> metric codes printing it (several for 被依法纠错数 / 其他情形数)."""
    out: dict[str, list[str]] = {}
    for code, m in metrics().items():
        if "pre2019" in m.formats:
            out.setdefault(label_core(m.label_zh), []).append(code)
    for core, code in _VARIANTS.items():
        out.setdefault(core, [])
        if code not in out[core]:
            out[core].append(code)
    return {k: tuple(v) for k, v in out.items()}


def find_table(lines: list[str]) -> tuple[int, int, bool] | None:
    """Lines [start, end) of the 统计表 and whether it runs to the end of the file."""
    start = None
    for pattern in _START:
        start = next((i for i, line in enumerate(lines) if pattern.search(line)), None)
        if start is not None:
            break
    if start is None:
        return None
    for i in range(start + 1, len(lines)):
        text = lines[i].strip()
        if len(text) >= _PROSE_LEN and _PROSE.search(text):
            return start, i, False
    return start, len(lines), True


def parse_pre2019(lines: list[str]) -> list[Reading]:
    """Readings of the 统计表, empty when the report has none."""
    found = find_table(lines)
    if found is None:
        return []
    start, end, at_eof = found
    cells = region_cells(lines, start, end)
    annual, value_columns = _value_columns(cells)
    out: list[Reading] = []
    seen: set[str] = set()
    group = ""
    last_row_cut = False
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.kind != "text":
            i += 1
            continue
        group = _group(cell.text) or group
        metric = _match(cell.text, group)
        j = i + 1
        while j < len(cells) and (cells[j].kind != "text" or _is_unit(cells[j]) and j == i + 1):
            j += 1
        if metric is not None:
            reading, has_figure = _row(metric, cells[i + 1 : j], annual, value_columns, cell.line)
            last_row_cut = not has_figure
            if metric not in seen:  # a repeated table: keep the first
                seen.add(metric)
                out.append(reading)
        i = j
    if at_eof and last_row_cut:
        raise TruncatedTable(
            "truncated: the file ends inside the 政府信息公开情况统计表 "
            f"(last row on line {cells[-1].line}); re-download the complete report"
        )
    return out


def _value_columns(cells: list[Cell]) -> tuple[int, int]:
    """(index of the annual column among value columns, number of value columns)."""
    head = [squash(c.text) for c in cells[:8] if c.kind == "text"]
    cumulative = next((k for k, t in enumerate(head) if "累计" in t), None)
    if cumulative is None:
        return 0, 1
    annual = next(
        (k for k, t in enumerate(head) if k != cumulative and re.search(r"统计数|本年|数量|数值", t)),
        None,
    )
    return (1 if annual is not None and cumulative < annual else 0), 2


def _group(text: str) -> str | None:
    core = squash(text)
    for word, prefix in _GROUPS.items():
        if word in core:
            return prefix
    return None


def _match(text: str, group: str) -> str | None:
    core = label_core(text)
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
    if not codes:
        return None
    if len(codes) > 1:
        return next((c for c in codes if c.startswith(group)), codes[0]) if group else codes[0]
    return codes[0]


def _is_unit(cell: Cell) -> bool:
    return cell.kind == "text" and cell.text in _UNIT_WORDS


def _row(
    metric: str, after: list[Cell], annual: int, columns: int, label_line: int
) -> tuple[Reading, bool]:
    """The annual figure of one row from the cells after its label, and whether the row
    has any figure cell (a row with none may have been cut off)."""
    applicant = "total" if metric.startswith("legacy.requests") else None
    unit = after[0].text if after and _is_unit(after[0]) else None
    figures = after[1:] if unit else after
    if unit is None and figures and figures[0].kind == "blank" and len(figures) > columns:
        figures = figures[1:]  # the empty 单位 cell
    unit = unit or metrics()[metric].unit
    if annual >= len(figures):  # printed blank, in a layout that drops blank cells
        line = after[0].line if after else label_line
        return Reading(metric, applicant, None, unit, None, "", line), bool(figures)
    cell = figures[annual]
    fig = cell.figure
    if fig is None:
        return Reading(metric, applicant, None, unit, None, cell.text, cell.line), True
    value_unit = fig.unit or unit
    return Reading(metric, applicant, fig.value, value_unit, fig.qualifier, cell.text, cell.line), True
