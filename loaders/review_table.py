"""Table 四 of the 2019/2021 template: 行政复议 / 行政诉讼 in 15 columns.

Columns in printed order: 行政复议 结果维持/结果纠正/其他结果/尚未审结/总计, then the same
five for 行政诉讼 未经复议直接起诉 and for 复议后起诉. The header is text; the figures are
the first 15 cells after it (blank cells count), however they are laid out: one row, one
cell per line, or three rows of five. Glued digits are split by the three block totals.
"""

from __future__ import annotations

import itertools
import operator
import re

from loaders.cells import Cell, line_cells, region_cells, values_or_zero
from loaders.digit_split import Group, split_row
from loaders.readings import Reading, TruncatedTable
from loaders.sections import Span
from loaders.values import is_plain_digits

COLUMNS: tuple[str, ...] = tuple(
    f"{block}.{part}"
    for block in ("review", "litigation_direct", "litigation_after_review")
    for part in ("upheld", "corrected", "other", "pending", "total")
)
_GROUPS = [Group(4)] * 3
# the header's words (a sentence under the heading may name 行政复议、行政诉讼 too)
_HEADER = re.compile(r"结果维持|结果纠正|尚未审结|复议后起诉|直接起诉|^行政(?:复议|诉讼)$")


def parse_review(lines: list[str], span: Span) -> list[Reading]:
    """Readings of table 四 found in lines[span.start:span.end]."""
    cells = region_cells(lines, span.start + 1, span.end)
    figures = _figure_cells(cells)
    if not figures:
        if span.at_eof and any(c.kind == "text" and _HEADER.search(c.text) for c in cells):
            raise TruncatedTable(
                "truncated: the file ends inside the header of table 四 (行政复议、行政诉讼); "
                "re-download the complete report"
            )
        return []
    if len(figures) < len(COLUMNS) and not _glued(figures):
        figures = _blank_lines_as_cells(lines, span, figures) or figures
    if len(figures) >= len(COLUMNS):
        return [_printed(metric, cell) for metric, cell in zip(COLUMNS, figures, strict=False)]
    if span.at_eof and not _glued(figures):
        raise TruncatedTable(
            "truncated: the file ends inside table 四 (行政复议、行政诉讼), "
            f"{len(figures)} of 15 figures on lines {figures[0].line}-{figures[-1].line}; "
            "re-download the complete report"
        )
    return _split(figures)


def _figure_cells(cells: list[Cell]) -> list[Cell]:
    """The figure cells after the header, up to 15, across rows of figures. Blank cells
    just before the first figure belong to the table only when they complete the 15."""
    out: list[Cell] = []
    blanks: list[Cell] = []
    for cell in _without_padding(cells):
        if cell.kind == "text":
            if out and len(out) % 5 != 0:
                break  # text inside a block of five: the table is over
            blanks.clear()
            continue
        if cell.kind == "blank" and not out:
            blanks.append(cell)
            continue
        out.append(cell)
        if len(out) == len(COLUMNS):
            return out
    missing = len(COLUMNS) - len(out)
    if 0 < missing <= len(blanks):  # (all 15 blank: a table printed empty)
        return blanks[-missing:] + out
    return out


def _without_padding(cells: list[Cell]) -> list[Cell]:
    """`cells` less the blank cells that scraped tables pad rows with (`总计 | ||`,
    `… | 2 | 2 | |||`): blanks on a line of header text with no figure, and blanks after
    a line's 15th figure or blank cell."""
    lines = [list(g) for _, g in itertools.groupby(cells, key=operator.attrgetter("line"))]
    framed = _framed(lines)
    out: list[Cell] = []
    for line in lines:
        kinds = {c.kind for c in line}
        if len(line) == 1 or "blank" not in kinds:  # (most lines: nothing to drop)
            out += line
        elif "value" not in kinds and "text" in kinds:
            out += [c for c in line if c.kind == "text"]
        else:
            out += _first_columns(line[1:] if framed and line[0].kind == "blank" else line)
    return out


def _framed(lines: list[list[Cell]]) -> bool:
    """Rows printed with a bar before and after them (`| 结果维持 | … | 总计 |`): every line
    of header text in several cells starts and ends with a blank cell."""
    headers = [ln for ln in lines if len(ln) > 1 and any(c.kind == "text" for c in ln)]
    return bool(headers) and all(ln[0].kind == ln[-1].kind == "blank" for ln in headers)


def _first_columns(line: list[Cell]) -> list[Cell]:
    """The cells of a line up to its 15th figure or blank, when only blanks follow it; of a
    row of five or ten (the table printed in blocks), less the blank of a trailing bar."""
    seen = 0
    for i, cell in enumerate(line):
        seen += cell.kind != "text"
        rest = line[i + 1 :]
        if seen == len(COLUMNS):
            return line[: i + 1] if all(c.kind == "blank" for c in rest) else line
        if seen % 5 == 0 and len(rest) == 1 and rest[0].kind == "blank":
            return line[: i + 1]
    return line


def _blank_lines_as_cells(lines: list[str], span: Span, figures: list[Cell]) -> list[Cell] | None:
    """Figures one per line whose blank cells print as spaces-only or empty lines (a scraped
    `&nbsp;` cell): the 15 lines from the first figure on, when each is one figure or blank
    and every block of five adds up (blank as 0); else None."""
    out: list[Cell] = []
    for number in range(figures[0].line, span.end + 1):
        text = lines[number - 1].strip()
        if not text:
            out.append(Cell("", number, "blank"))
        else:
            cells = line_cells(text, number)
            if len(cells) != 1 or cells[0].kind != "value":
                break
            out.append(cells[0])
        if len(out) == len(COLUMNS):
            return out if _blocks_add_up(out) else None
    return None


def _blocks_add_up(cells: list[Cell]) -> bool:
    values = values_or_zero(cells)
    return all(sum(values[b : b + 4]) == values[b + 4] for b in range(0, len(values), 5))


def _printed(metric: str, cell: Cell) -> Reading:
    fig = cell.figure
    return Reading(
        metric,
        None,
        fig.value if fig else None,
        fig.unit if fig and fig.unit else "件",
        fig.qualifier if fig else None,
        cell.text,
        cell.line,
    )


def _glued(cells: list[Cell]) -> bool:
    return any(is_plain_digits(c.text) and len(c.text) > 1 for c in cells)


def _split(figures: list[Cell]) -> list[Reading]:
    printed = " ".join(c.text or "_" for c in figures)
    line = figures[0].line
    if not _glued(figures):
        note = f"{len(figures)} of 15 cells printed"
        raw = f"{printed} [{note}]"
        return [Reading(m, None, None, "件", "ambiguous", raw, line) for m in COLUMNS]
    atoms = [
        c.text if is_plain_digits(c.text) else (c.figure.value if c.figure else None)
        for c in figures
    ]
    solutions = split_row(atoms, _GROUPS)
    out: list[Reading] = []
    for col, metric in enumerate(COLUMNS):
        values = {s[col] for s in solutions}
        if len(values) == 1:
            (value,) = values
            raw = "" if value is None else str(value)
            out.append(Reading(metric, None, value, "件", None, raw, line))
            continue
        note = (
            "no split satisfies the block totals"
            if not values
            else "candidates: " + " | ".join(str(v) for v in sorted(values, key=lambda v: v or 0))
        )
        out.append(Reading(metric, None, None, "件", "ambiguous", f"{printed} [{note}]", line))
    return out
