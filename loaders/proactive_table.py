"""Table 二 of the 2019/2021 template: 主动公开政府信息情况 (第二十条 items 一, 五, 六, 八, 九).

Each row is found by its label (规章, 规范性文件, 行政许可, ...), which also says which item
it belongs to. Its figures map to columns by the header words printed above it
(`本年新制作数量`, `2019年项目数量`, `本年增/减`, `采购总金额` ...), in the order printed;
where the header cannot be read the template's column order is used.
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.catalog import metrics
from loaders.cells import Cell, region_cells
from loaders.labels import squash
from loaders.readings import Reading
from loaders.sections import PROACTIVE_ITEM, Span
from loaders.values import is_plain_digits

# row key -> (label words, item of 第二十条)
_ROWS: dict[str, tuple[re.Pattern[str], str]] = {
    "rules": (re.compile(r"^规章|规章$"), "一"),
    "normative_docs": (re.compile(r"规范性文件"), "一"),
    "licensing": (re.compile(r"行政许可"), "五"),
    "other_services": (re.compile(r"对外管理服务"), "五"),
    "penalty": (re.compile(r"行政处罚"), "六"),
    "enforcement": (re.compile(r"行政强制"), "六"),
    "fees": (re.compile(r"事业性收费"), "八"),
    "procurement": (re.compile(r"集中采购"), "九"),
}
# template columns per (format, item)
_TEMPLATE: dict[tuple[str, str], tuple[str, ...]] = {
    ("v2019", "一"): ("new_made", "new_published", "total_published"),
    ("v2019", "五"): ("prev_year_items", "change", "decisions"),
    ("v2019", "六"): ("prev_year_items", "change", "decisions"),
    ("v2019", "八"): ("prev_year_items", "change"),
    ("v2019", "九"): ("items", "amount"),
    ("v2021", "一"): ("issued", "repealed", "in_force"),
    ("v2021", "五"): ("decisions",),
    ("v2021", "六"): ("decisions",),
    ("v2021", "八"): ("amount",),
}
_HEADER_WORDS: dict[str, re.Pattern[str]] = {
    role: re.compile(p)
    for role, p in {
        "new_made": r"新制作",
        "new_published": r"新公开",
        "total_published": r"公开总数|对外公开总",
        "issued": r"制发",
        "repealed": r"废止",
        "in_force": r"现行有效",
        "prev_year_items": r"(?:上一年|上年|\d{4}年)项目数",
        "change": r"增/?减",
        "decisions": r"处理决定",
        "items": r"采购项目数",
        "amount": r"总金额|收费金额",
    }.items()
}
_ROLES_OF_ITEM: dict[str, tuple[str, ...]] = {
    "一": ("new_made", "new_published", "total_published", "issued", "repealed", "in_force"),
    "五": ("prev_year_items", "change", "decisions"),
    "六": ("prev_year_items", "change", "decisions"),
    "八": ("prev_year_items", "change", "decisions", "amount"),
    "九": ("items", "amount"),
}


def parse_proactive(lines: list[str], span: Span, fmt: str) -> list[Reading]:
    """Readings of table 二 found in lines[span.start:span.end]."""
    cells = region_cells(lines, span.start, span.end)
    out: list[Reading] = []
    seen: set[str] = set()
    header: list[str] = []
    headers: dict[str, str] = {}  # the last header read for each item
    i = 0
    while i < len(cells):
        cell = cells[i]
        row = _row_key(cell.text) if cell.kind == "text" else None
        if row is None:
            if cell.kind == "text":
                if _names_item(cell.text):
                    header = []
                else:
                    header.append(cell.text)
            i += 1
            continue
        item = _ROWS[row][1]
        if header:
            headers[item] = squash("".join(header))
            header = []
        j = i + 1
        while j < len(cells) and cells[j].kind != "text":
            j += 1
        if row not in seen:  # a repeated table: keep the first
            seen.add(row)
            out.extend(_row_readings(row, item, cells[i + 1 : j], headers.get(item, ""), fmt))
        i = j
    return out


@lru_cache(maxsize=4096)  # row labels repeat across reports
def _row_key(label: str) -> str | None:
    """The row a label cell names (`规章`, `行政许可` …), if it names one."""
    text = squash(label)
    if len(text) > 16:
        return None
    for key, (pattern, _item) in _ROWS.items():
        if pattern.search(text):
            return key
    return None


@lru_cache(maxsize=4096)
def _names_item(text: str) -> bool:
    """A cell that names an item of 第二十条 (`第二十条第(一)项`): a new header starts."""
    return PROACTIVE_ITEM.search(squash(text)) is not None


@lru_cache(maxsize=1024)  # (headers repeat across the reports of one template)
def _columns(item: str, header: str, count: int, fmt: str) -> tuple[str, ...] | None:
    """Column roles of a row with `count` figure cells, or None if they cannot be told."""
    printed = _header_roles(item, header)
    template = _TEMPLATE.get((fmt, item), ())
    if len(printed) == count and (set(template) <= set(printed) or printed == _other(fmt, item)):
        return printed  # (or the other template's header, `本年处理决定数量` in a 2019 table)
    if count == len(template):
        if set(printed) == set(template):
            return printed
        return template
    return None


@lru_cache(maxsize=1024)
def _header_roles(item: str, header: str) -> tuple[str, ...]:
    """The column roles the header of `item` names, in printed order."""
    found = sorted(
        (m.start(), role)
        for role in _ROLES_OF_ITEM[item]
        if (m := _HEADER_WORDS[role].search(header)) is not None
    )
    return tuple(role for _pos, role in found)


def _other(fmt: str, item: str) -> tuple[str, ...]:
    """The columns the other template prints for an item (reports mix the two)."""
    return _TEMPLATE.get(("v2021" if fmt == "v2019" else "v2019", item), ())


def _drop_padding(figures: list[Cell], item: str, header: str, fmt: str) -> list[Cell]:
    """Blank cells that merged header cells or a scraper's padding leave after a row's figures
    (`行政许可 | 48 |  | `): dropped down to the columns the header names, else while the
    columns cannot be told with them."""
    named = _header_roles(item, header)
    if (
        0 < len(named) < len(figures)
        and all(c.kind == "blank" for c in figures[len(named) :])
        and _columns(item, header, len(named), fmt) == named
    ):
        return figures[: len(named)]
    while len(figures) > 1 and figures[-1].kind == "blank":
        if _columns(item, header, len(figures), fmt) is not None:
            break
        figures = figures[:-1]
    return figures


def _row_readings(row: str, item: str, figures: list[Cell], header: str, fmt: str) -> list[Reading]:
    figures = _drop_padding(figures, item, header, fmt)
    columns = _columns(item, header, len(figures), fmt)
    out: list[Reading] = []
    if columns is None:
        template = _TEMPLATE.get((fmt, item), ())
        printed = " ".join(c.text or "_" for c in figures)
        glued = any(is_plain_digits(c.text) and len(c.text) > 1 for c in figures)
        note = "glued figures" if glued else "cells missing"
        line = figures[0].line if figures else 0
        for role in template:
            metric = f"proactive.{row}.{role}"
            if _in_format(metric, fmt) and figures:
                raw = f"{printed} [{note}: {len(figures)} cells for {len(template)} columns]"
                out.append(Reading(metric, None, None, _unit(metric), "ambiguous", raw, line))
        return out
    for role, cell in zip(columns, figures, strict=False):
        metric = f"proactive.{row}.{role}"
        if _in_format(metric, fmt):
            out.append(_reading(metric, cell))
    foreign = [role for role in columns if not _in_format(f"proactive.{row}.{role}", fmt)]
    if foreign and figures:  # the other template's columns: their figures kept in `raw`
        read = {r.metric for r in out}
        printed = " ".join(c.text or "_" for c in figures)
        raw = f"{printed} [columns of the other template: {', '.join(columns)}]"
        for role in _TEMPLATE.get((fmt, item), ()):
            metric = f"proactive.{row}.{role}"
            if metric not in read and _in_format(metric, fmt):
                out.append(Reading(metric, None, None, _unit(metric), "ambiguous", raw,
                                   figures[0].line))
    return out


def _in_format(metric: str, fmt: str) -> bool:
    entry = metrics().get(metric)
    return entry is not None and fmt in entry.formats


def _unit(metric: str) -> str:
    return metrics()[metric].unit


def _reading(metric: str, cell: Cell) -> Reading:
    fig = cell.figure
    if fig is None:
        return Reading(metric, None, None, _unit(metric), None, cell.text, cell.line)
    value = fig.value
    unit = fig.unit or _unit(metric)
    if (unit, _unit(metric)) in _MONEY:  # stored in the metric's unit, the unit kept as written
        value = _MONEY[unit, _unit(metric)](value)
    return Reading(metric, None, value, unit, fig.qualifier, cell.text, cell.line)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# (printed unit, the metric's unit) -> the value in the metric's unit
_MONEY = {
    ("万元", "元"): lambda wan: _number(round(wan * 10_000, 4)),
    ("元", "万元"): lambda yuan: _number(round(yuan / 10_000, 8)),
}
