"""Table 三 of the 2019/2021 template: 收到和处理政府信息公开申请情况 (rows x 7 applicant columns).

Rows are recognised by their label words (`新收`, `国家秘密`, `另行制作` ...) wherever the
label sits: on the row's line, on lines above it, broken across lines and pages, or glued
to the figures. Printed rows are aligned to the template's row order (a monotone match
that maximises label evidence), and rows without a readable label are placed only where
the count between two recognised rows leaves no choice. Figures glued together are split
by loaders.digit_split.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from loaders.catalog import APPLICANT_TYPES
from loaders.cells import Cell, joined_text, region_cells, values_or_zero
from loaders.digit_split import Balance, Cells, Group, resolve_columns, split_row
from loaders.readings import Reading, TruncatedTable
from loaders.sections import Span
from loaders.values import is_plain_digits

_OUTCOME = "requests.outcome."
_W = "requests.outcome.withheld."
_U = "requests.outcome.unable."
_N = "requests.outcome.not_processed."
_O = "requests.outcome.other"
# label words of each printed row, searched in the label with spaces removed
_ROW_WORDS: dict[str, str] = {
    "requests.new_received": r"新收",
    "requests.carried_over_in": r"上年(?:度)?结转",
    "requests.outcome.disclosed": r"予以公开",
    "requests.outcome.partially_disclosed": r"部分公开",
    _W + "state_secret": r"国家秘密",
    _W + "prohibited_by_law": r"法律行政法规|行政法规禁止|其他法律",
    _W + "security_stability": r"三安全一稳定|危及",
    _W + "third_party_rights": r"第三方",
    _W + "internal_affairs": r"内部事务",
    _W + "process_information": r"过程性",
    _W + "enforcement_file": r"执法案卷",
    _W + "administrative_query": r"行政查询",
    _U + "not_held": r"不掌握",
    _U + "needs_creation": r"另行制作|现成信息",
    _U + "unclear_after_correction": r"补正后|仍不明确",
    _N + "petition_complaint": r"信访|举报投诉",
    _N + "duplicate": r"重复申请",
    _N + "publication": r"出版物",
    _N + "excessive": r"大量反复",
    _N + "confirm_or_reissue": r"确认或重新出|重新出具",
    _O: r"其他处理$",
    _O + ".no_correction": r"逾期不补|不补正",
    _O + ".fee_unpaid": r"收费通知|缴纳费用|逾期未按",
    _O + ".other": r"(?:^|[.)])其他(?:原因|情形)?$",
    "requests.outcome.total": r"总计|合计",
    "requests.carried_over_out": r"结转下年|下年度继续",
}
_OWN_ONLY = frozenset({_O + ".other", _O})  # too common to trust outside the row's own label
_PATTERNS = {m: re.compile(p) for m, p in _ROW_WORDS.items()}
_OWN, _BEFORE, _AFTER = 4, 2, 1  # evidence weights: the row's own label, text above, below
_SPLIT_OTHER = re.compile(r"逾期不补|不补正|收费通知|缴纳费用|逾期未按")  # 2021 sub-rows of （六）
_MAX_ROW_NUMBER = 40  # a 序号 cell: table 三 has 26 rows
_SPLIT_WORDS = ("商业企业", "科研机构", "社会公益", "法律服务")  # header of the 7-column layout
# ... as a PDF's narrow header cells break them (商业 / 企业, 法律服 / 务机构): two suffice
_SPLIT_STEMS = ("商业", "科研", "公益", "法律服")
_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", *_SPLIT_WORDS)


@functools.lru_cache(maxsize=16)  # a few formats x 3 answers
def template(fmt: str, split_other: bool | None = None) -> tuple[str, ...]:
    """Printed rows of table 三 in order. （六）其他处理 is one row in v2019 and three in
    v2021 unless `split_other` says what the table itself prints."""
    subrows = ("no_correction", "fee_unpaid", "other")
    split = fmt != "v2019" if split_other is None else split_other
    other = tuple(f"{_O}.{s}" for s in subrows) if split else (_O,)
    outcomes = tuple(
        m for m in _ROW_WORDS if m.startswith((_W, _U, _N)) or m.endswith("disclosed")
    )
    return (
        "requests.new_received",
        "requests.carried_over_in",
        *outcomes,
        *other,
        "requests.outcome.total",
        "requests.carried_over_out",
    )


@dataclass(slots=True)
class _Row:
    """One printed row: its figure cells and the label text around them."""

    cells: list[Cell]
    own: str
    before: str
    after: str = ""
    metric: str | None = None
    candidates: list[Cells] = field(default_factory=list)


def parse_requests(lines: list[str], span: Span, fmt: str) -> list[Reading]:
    """Readings of table 三 found in lines[span.start:span.end]."""
    cells = region_cells(lines, span.start, span.end)
    rows = _printed_rows(cells)
    if not rows:
        if span.at_eof:
            raise TruncatedTable(
                "truncated: the file ends inside table 三 (收到和处理政府信息公开申请情况) "
                "before its first row of figures; re-download the complete report"
            )
        return []
    columns = _columns(rows, cells)
    rows = _without_padding(rows, columns, {c.line for c in cells if c.kind == "text"})
    rows = _first_table(_split_merged(rows, len(columns)))
    names = template(fmt, _prints_split_other(rows))
    _align(rows, names)
    _check_complete(rows, names, len(columns), span, lines)
    matched = {r.metric: r for r in rows if r.metric is not None}
    groups = _groups(columns)
    for row in matched.values():
        row.candidates = _row_candidates(row.cells, len(columns), groups)
    resolved = resolve_columns(
        {m: r.candidates for m, r in matched.items() if r.candidates},
        _balances(fmt, columns, names),
    )
    out: list[Reading] = []
    for name in names:
        row = matched.get(name)
        if row is not None:
            out.extend(_readings(name, row, columns, resolved.get(name, [])))
    return out


# ---------------------------------------------------------------- printed rows


def _printed_rows(cells: list[Cell]) -> list[_Row]:
    """Each run of figure cells is a row, labelled by the text cells just before it; blank
    cells printed in a header line (`<td></td>` under 自然人 or 总计) are no row."""
    rows: list[_Row] = []
    texts: list[Cell] = []
    figures: list[Cell] = []
    header_lines: set[int] | None = None
    for cell in _drop_label_columns(cells):
        if cell.kind != "text":
            figures.append(cell)
            continue
        if figures and all(f.kind == "blank" for f in figures):
            if header_lines is None:
                header_lines = _header_lines(cells)
            if all(f.line in header_lines for f in figures):
                figures = []
        if figures:
            rows.append(_row(figures, texts))
            texts, figures = [], []
        texts.append(cell)
    if figures:
        rows.append(_row(figures, texts))
        texts = []
    for prev, nxt in itertools.pairwise(rows):
        prev.after = nxt.before
    if rows and texts:
        rows[-1].after = _label(texts)
    return rows


def _header_lines(cells: list[Cell]) -> set[int]:
    """Lines that print an applicant column header (自然人, 商业企业 …)."""
    return {
        c.line for c in cells if c.kind == "text" and any(w in c.text for w in _HEADER_WORDS)
    }


def _row(figures: list[Cell], texts: list[Cell]) -> _Row:
    """A row: its label is the text on its first figure's line, else the last text above
    it; the other text above it is `before`."""
    line = figures[0].line
    own = [t for t in texts if t.line == line]
    if own:
        before = [t for t in texts if t.line != line]
    else:
        own = texts[-1:]
        before = [t for t in texts if t not in own]
    return _Row(figures, _label(own), _label(before))


def _label(texts: list[Cell]) -> str:
    """Text cells run together, spaces removed (cells.joined_text of text cells only)."""
    if len(texts) == 1:  # (the usual label: one cell)
        return texts[0].text.replace(" ", "")
    return "".join([t.text for t in texts]).replace(" ", "")


def _drop_label_columns(cells: list[Cell]) -> list[Cell]:
    """Drop what a line prints before its row label when figures follow the label: a 序号
    (`3 | （一）予以公开 | 5 | …`) or the empty cells of merged label columns
    (` | 2.其他法律行政法规禁止公开 | 0 | …`)."""
    if not _label_after_figures(cells):
        return cells
    out: list[Cell] = []
    for _line, group in itertools.groupby(cells, key=operator.attrgetter("line")):
        line = list(group)
        if line[0].kind != "text":  # (a line that starts with its label keeps it all)
            k = next((i for i, c in enumerate(line) if c.kind == "text"), 0)
            if k and _figures_after(line, k) >= 3 and all(_label_column(c) for c in line[:k]):
                line = line[k:]
        out.extend(line)
    return out


def _label_after_figures(cells: list[Cell]) -> bool:
    """Some line starts with a figure or blank cell and has a text cell after it (the only
    lines _drop_label_columns may change)."""
    line, starts_with_figure = -1, False
    for cell in cells:
        if cell.line != line:
            line, starts_with_figure = cell.line, cell.kind != "text"
        elif starts_with_figure and cell.kind == "text":
            return True
    return False


def _figures_after(line: list[Cell], k: int) -> int:
    return sum(c.kind != "text" for c in line[k + 1 :])


def _label_column(cell: Cell) -> bool:
    """A blank cell, or a small number (a 序号)."""
    if cell.kind == "blank":
        return True
    return cell.text.isdigit() and int(cell.text) <= _MAX_ROW_NUMBER


def _first_table(rows: list[_Row]) -> list[_Row]:
    """The rows of the first copy of the table: a page may print it twice (in the body and
    again in an annex, or scraped twice); a 本年新收 row after a 结转下年 row starts a copy."""
    closed = False
    for i, row in enumerate(rows):
        if closed and _PATTERNS["requests.new_received"].search(row.before + row.own):
            return rows[:i]
        closed = closed or bool(_PATTERNS["requests.carried_over_out"].search(row.own))
    return rows


def _prints_split_other(rows: list[_Row]) -> bool | None:
    """True when the table prints the three 2021 sub-rows of （六）其他处理, False when it
    prints the single 2019 row, None when its labels show neither."""
    labels = [r.before + r.own for r in rows]
    if any(_SPLIT_OTHER.search(label) for label in labels):
        return True
    if any(_PATTERNS[_O].search(label) for label in labels):
        return False
    return None


def _columns(rows: list[_Row], cells: list[Cell]) -> tuple[str | None, ...]:
    """Applicant column of each printed cell position, read from the header words: 7 with
    总计, 6 without it, or 3 (自然人, 法人或其他组织, 总计) where the legal persons are one
    column. An unreadable header leaves the template's 7."""
    first = rows[0].cells[0].line
    header = joined_text([c for c in cells if c.line < first]) + rows[0].before
    split = any(word in header for word in _SPLIT_WORDS) or (
        sum(stem in header for stem in _SPLIT_STEMS) >= 2
    )
    if split and "总计" not in header and sum(len(r.cells) == 6 for r in rows) > len(rows) // 2:
        return APPLICANT_TYPES[:6]
    if not split and "法人或其他组织" in header and "总计" in header:
        return ("natural_person", None, "total")
    return APPLICANT_TYPES


def _without_padding(
    rows: list[_Row], columns: tuple[str | None, ...], text_lines: set[int]
) -> list[_Row]:
    """Rows whose blank cells after the last column are dropped when they stand on the last
    column's line (scraped tables pad every row to the widest one: `… | 3 | 4 | ||`), before
    the text of a later line (`| 表头 | …`: the bar framing the next row), or when the row
    adds up to its total without them (padding printed as a lone `|` line). Otherwise a
    blank on a line of its own (one cell per line) stays a cell."""
    width = len(columns)
    for row in rows:
        cells = row.cells
        if len(cells) <= width or any(c.kind != "blank" for c in cells[width:]):
            continue
        last = cells[width - 1].line
        if all(c.line == last or c.line in text_lines for c in cells[width:]) or (
            columns[-1] == "total" and _adds_up(cells[:width])
        ):
            row.cells = cells[:width]
    return rows


def _adds_up(cells: list[Cell]) -> bool:
    """The applicant cells sum to the total cell (blank as 0)."""
    values = values_or_zero(cells)
    return sum(values[:-1]) == values[-1]


def _split_merged(rows: list[_Row], width: int) -> list[_Row]:
    """A run of k*width figures is k rows whose labels were lost (k >= 2)."""
    out: list[_Row] = []
    for row in rows:
        k, rest = divmod(len(row.cells), width)
        if k < 2 or rest:
            out.append(row)
            continue
        out.append(_Row(row.cells[:width], row.own, row.before))
        out.extend(_Row(row.cells[i * width : (i + 1) * width], "", "") for i in range(1, k))
    return out


# ---------------------------------------------------------------- alignment


def _scores(row: _Row, names: tuple[str, ...]) -> tuple[int, ...]:
    """Label evidence that `row` prints each template row: its own label, else the label
    with the text above it (a label broken across lines), else with the text below it."""
    return _label_scores(row.own, row.before + row.own, row.own + row.after, names)


@functools.lru_cache(maxsize=4096)  # labels repeat across the reports of one template
def _label_scores(own: str, above: str, below: str, names: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(_score(name, own, above, below) for name in names)


def _score(name: str, own: str, above: str, below: str) -> int:
    search = _PATTERNS[name].search
    if search(own):
        return _OWN
    if name in _OWN_ONLY:
        return 0
    if search(above):
        return _BEFORE
    if search(below):
        return _AFTER
    return 0


def _align(rows: list[_Row], names: tuple[str, ...]) -> None:
    """Monotone match of printed rows to template rows maximising label evidence, then
    unlabelled rows fill gaps whose sizes agree."""
    score = tuple(_scores(r, names) for r in rows)
    pairs = _best_pairs(score, len(names))
    for i, j in pairs:
        rows[i].metric = names[j]
    _fill_gaps(rows, names, pairs, score)


@functools.lru_cache(maxsize=1024)  # a template's tables score alike across reports
def _best_pairs(score: tuple[tuple[int, ...], ...], m: int) -> tuple[tuple[int, int], ...]:
    """(row, name) pairs of the monotone match with the most evidence (dynamic programming
    over `score[row][name]`; ties go to the earliest pairing)."""
    n = len(score)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        here, below, row_score = best[i], best[i + 1], score[i]
        for j in range(m - 1, -1, -1):  # max(take, skip the row, skip the name)
            value = below[j] if below[j] > here[j + 1] else here[j + 1]
            if row_score[j] and below[j + 1] + row_score[j] > value:
                value = below[j + 1] + row_score[j]
            here[j] = value
    i = j = 0
    pairs: list[tuple[int, int]] = []
    while i < n and j < m:
        if score[i][j] and best[i][j] == best[i + 1][j + 1] + score[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return tuple(pairs)


def _fill_gaps(
    rows: list[_Row],
    names: Sequence[str],
    pairs: Sequence[tuple[int, int]],
    score: Sequence[Sequence[int]],
) -> None:
    bounds = [(-1, -1), *pairs, (len(rows), len(names))]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        gap_rows, gap_names = range(i0 + 1, i1), range(j0 + 1, j1)
        if not gap_rows or len(gap_rows) != len(gap_names):
            continue
        if i0 < 0 and i1 >= len(rows):
            continue  # nothing recognised at all: no anchor to count from
        if any(max(score[i]) or _all_blank(rows[i]) for i in gap_rows):
            continue  # rows naming other metrics, or printing nothing: not placed by position
        for i, j in zip(gap_rows, gap_names, strict=False):
            rows[i].metric = names[j]


def _all_blank(row: _Row) -> bool:
    return all(c.kind == "blank" for c in row.cells)


def _check_complete(
    rows: list[_Row], names: Sequence[str], width: int, span: Span, lines: list[str]
) -> None:
    """A table that runs to the end of the file (no 四/五/六 after it) is a truncated
    download when it stops before its last row (四、结转下年度继续办理) or inside it; a
    complete table may end the file (a page that prints table 三 last)."""
    if not span.at_eof:
        return
    last = rows[-1]
    complete = len(last.cells) >= width or _glued(last.cells)
    if last.metric == names[-1] and complete:
        return
    raise TruncatedTable(
        "truncated: the file ends inside table 三 (收到和处理政府信息公开申请情况), "
        f"last figures on line {last.cells[-1].line} of {len(lines)}; "
        "re-download the complete report"
    )


def _glued(cells: list[Cell]) -> bool:
    return any(is_plain_digits(c.text) and len(c.text) > 1 for c in cells)


# ---------------------------------------------------------------- figures


def _groups(columns: tuple[str | None, ...]) -> list[Group]:
    has_total = columns[-1] == "total"
    return [Group(len(columns) - 1 if has_total else len(columns), has_total)]


def _row_candidates(cells: list[Cell], width: int, groups: list[Group]) -> list[Cells]:
    """The printed row as figures: as printed when every cell is there, else every split
    of its glued digits that satisfies the row total."""
    if len(cells) == width:
        return [tuple([c.figure.value if c.figure else None for c in cells])]
    if len(cells) > width or not _glued(cells):
        return []
    return split_row([_atom(c) for c in cells], groups)


def _atom(cell: Cell) -> str | int | float | None:
    """Plain digits may hold several cells; anything else is one cell as printed."""
    if is_plain_digits(cell.text):
        return cell.text
    return cell.figure.value if cell.figure else None


@functools.lru_cache(maxsize=64)  # a few formats x column layouts
def _balances(
    fmt: str, columns: tuple[str | None, ...], names: tuple[str, ...]
) -> tuple[Balance, ...]:
    outcomes = tuple(n for n in names if n.startswith(_OUTCOME) and not n.endswith("total"))
    out: list[Balance] = []
    for col in range(len(columns)):
        out.append(
            Balance(
                ("requests.new_received", "requests.carried_over_in"),
                ("requests.outcome.total", "requests.carried_over_out"),
                col,
            )
        )
        out.append(Balance(("requests.outcome.total",), outcomes, col))
    return tuple(out)


def _readings(
    metric: str, row: _Row, columns: tuple[str | None, ...], candidates: list[Cells]
) -> list[Reading]:
    if len(row.cells) == len(columns):
        return _printed_readings(metric, row.cells, columns)
    out: list[Reading] = []
    for col, applicant in enumerate(columns):
        if applicant is None:
            continue
        values = {c[col] for c in candidates}
        line = row.cells[0].line
        if len(values) == 1:
            (value,) = values
            out.append(Reading(metric, applicant, value, "件", None, _raw_digits(value), line))
        else:
            raw = _ambiguous_raw(row, values, len(columns))
            out.append(Reading(metric, applicant, None, "件", "ambiguous", raw, line))
    return out


# Reading((fields)) without NamedTuple.__new__'s Python-level call (a hundred per report)
_reading = functools.partial(tuple.__new__, Reading)


def _printed_readings(
    metric: str, cells: list[Cell], columns: tuple[str | None, ...]
) -> list[Reading]:
    """Each cell printed in its own column: its figure (unit 件 unless printed), or blank."""
    out: list[Reading] = []
    for applicant, (text, line, _kind, fig) in zip(columns, cells, strict=True):
        if applicant is None:
            continue
        if fig is None:
            out.append(_reading((metric, applicant, None, "件", None, text, line)))
        else:
            value, unit, qualifier, _raw = fig
            out.append(_reading((metric, applicant, value, unit or "件", qualifier, text, line)))
    return out


def _raw_digits(value: int | float | None) -> str:
    return "" if value is None else str(value)


def _ambiguous_raw(row: _Row, values: set, width: int) -> str:
    printed = " ".join(c.text or "_" for c in row.cells)
    if not values and not _glued(row.cells):
        return f"{printed} [{len(row.cells)} cells for {width} columns: cannot tell which]"
    if not values:
        return f"{printed} [no split satisfies the row total]"
    shown = " | ".join(str(v) for v in sorted(values, key=lambda v: (v is None, v or 0)))
    return f"{printed} [candidates: {shown}]"
